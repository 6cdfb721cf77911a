package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"qicao/report"
)

// Remind stores a reminder (催办) to a unit and sets its ID and At.
func (db *DB) Remind(ctx context.Context, r *report.Reminder, audit report.AuditEntry) error {
	return db.RemindAll(ctx, []*report.Reminder{r}, audit)
}

// RemindAll stores reminders together, all or none, each with its audit entry, and sets their
// IDs and At.
func (db *DB) RemindAll(ctx context.Context, rs []*report.Reminder, audit report.AuditEntry) error {
	for _, r := range rs {
		if err := checkText(r.Subject, r.Note); err != nil {
			return err
		}
		if kind, id, ok := strings.Cut(r.Subject, ":"); !ok || kind == "" || id == "" || len(r.Subject) > 100 {
			return report.Errorf(report.EINVALID, "催办事项无效")
		}
		if utf8.RuneCountInString(r.Note) > 500 {
			return report.Errorf(report.EINVALID, "催办说明不能超过 500 个字")
		}
	}
	at := now()
	return db.tx(ctx, func(t *tx) error {
		for _, r := range rs {
			id, err := t.insert(`INSERT INTO reminders (workspace_id, unit_id, subject, note, by_user, at) VALUES (?, ?, ?, ?, ?, ?)`,
				r.WorkspaceID, r.UnitID, r.Subject, r.Note, nullID(r.By), db.t(at))
			if err != nil {
				return db.classify(err, "", "工作区、单位或催办人不存在")
			}
			r.ID, r.At = id, at
			a := audit
			defaultAudit(&a, "remind", fmt.Sprintf("unit:%d", r.UnitID), r.WorkspaceID)
			if a.Detail == "" {
				a.Detail = r.Subject
			}
			if err := t.audit(&a); err != nil {
				return err
			}
		}
		return nil
	})
}

// Reminders lists the reminders sent to a unit in a workspace, newest first.
func (db *DB) Reminders(ctx context.Context, workspaceID, unitID int64) ([]report.Reminder, error) {
	rows, err := db.query(ctx, `SELECT id, workspace_id, unit_id, subject, note, by_user, at FROM reminders
		WHERE workspace_id = ? AND unit_id = ? ORDER BY at DESC, id DESC`, workspaceID, unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var rs []report.Reminder
	for rows.Next() {
		var r report.Reminder
		var by sql.NullInt64
		if err := rows.Scan(&r.ID, &r.WorkspaceID, &r.UnitID, &r.Subject, &r.Note, &by, timeCol{&r.At}); err != nil {
			return nil, err
		}
		r.By = by.Int64
		rs = append(rs, r)
	}
	return rs, rows.Err()
}
