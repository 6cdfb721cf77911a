package store

import (
	"context"
	"database/sql"
	"strings"

	"qicao/report"
)

// Audit records an event that changes nothing stored, such as a login or a failed attempt.
func (db *DB) Audit(ctx context.Context, e report.AuditEntry) error {
	if e.Action == "" {
		return report.Errorf(report.EINVALID, "审计记录缺少操作")
	}
	return db.tx(ctx, func(t *tx) error { return t.audit(&e) })
}

// AuditLog returns entries newest first; limit is capped at 1000 and defaults to 100.
func (db *DB) AuditLog(ctx context.Context, limit, offset int) ([]report.AuditEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	return db.AuditSearch(ctx, report.AuditFilter{Limit: min(limit, 1000), Offset: offset})
}

// AuditSearch returns the entries f selects, newest first.
func (db *DB) AuditSearch(ctx context.Context, f report.AuditFilter) ([]report.AuditEntry, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	f.Limit = min(f.Limit, 10000)
	f.Offset = max(f.Offset, 0)
	var where []string
	var args []any
	if f.ByUser {
		where, args = append(where, "user_id = ?"), append(args, f.UserID)
	}
	if f.Action != "" {
		if err := checkText(f.Action); err != nil {
			return nil, nil
		}
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if !f.Since.IsZero() {
		where, args = append(where, "at >= ?"), append(args, db.t(f.Since))
	}
	if !f.Until.IsZero() {
		where, args = append(where, "at < ?"), append(args, db.t(f.Until))
	}
	q := "SELECT id, at, user_id, action, target, detail, remote_addr, workspace_id FROM audit_log"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := db.query(ctx, q+" ORDER BY id DESC LIMIT ? OFFSET ?", append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var es []report.AuditEntry
	for rows.Next() {
		var e report.AuditEntry
		if err := rows.Scan(&e.ID, timeCol{&e.At}, &e.UserID, &e.Action, &e.Target, &e.Detail, &e.RemoteAddr, &e.WorkspaceID); err != nil {
			return nil, err
		}
		es = append(es, e)
	}
	return es, rows.Err()
}

// ChangeMark is the ID of the latest audit entry of the workspace or of no workspace (units,
// users, logins): every change is audited in its transaction, so the mark moves with each.
func (db *DB) ChangeMark(ctx context.Context, workspaceID int64) (int64, error) {
	var ws, global sql.NullInt64
	err := db.queryRow(ctx, `SELECT (SELECT max(id) FROM audit_log WHERE workspace_id = ?),
		(SELECT max(id) FROM audit_log WHERE workspace_id = 0)`, workspaceID).Scan(&ws, &global)
	return max(ws.Int64, global.Int64), err
}

// ChangedActions lists, each once, the actions of the audit entries of the workspace or of no
// workspace with after < ID <= upTo.
func (db *DB) ChangedActions(ctx context.Context, workspaceID, after, upTo int64) ([]string, error) {
	rows, err := db.query(ctx, `SELECT DISTINCT action FROM audit_log WHERE workspace_id IN (?, 0) AND id > ? AND id <= ? ORDER BY action`,
		workspaceID, after, upTo)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
