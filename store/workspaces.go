package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"qicao/report"
)

// CreateWorkspace stores w and sets its ID and creation time.
func (db *DB) CreateWorkspace(ctx context.Context, w *report.Workspace, audit report.AuditEntry) error {
	if blank(w.Name) {
		return report.Errorf(report.EINVALID, "工作区名称不能为空")
	}
	if w.Year < 1949 || w.Year > 2200 {
		return report.Errorf(report.EINVALID, "年份 %d 无效", w.Year)
	}
	if err := checkName("工作区名称", w.Name); err != nil {
		return err
	}
	created := now()
	return db.tx(ctx, func(t *tx) error {
		id, err := t.insert("INSERT INTO workspaces (name, year, created_at) VALUES (?, ?, ?)", w.Name, w.Year, db.t(created))
		if err != nil {
			return db.classify(err, "工作区名称已存在", "")
		}
		w.ID, w.CreatedAt = id, created
		defaultAudit(&audit, "workspace.create", fmt.Sprintf("workspace:%d", id), id)
		return t.audit(&audit)
	})
}

// Workspaces lists the workspaces, the latest year first.
func (db *DB) Workspaces(ctx context.Context) ([]report.Workspace, error) {
	rows, err := db.query(ctx, "SELECT id, name, year, created_at FROM workspaces ORDER BY year DESC, id DESC")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ws []report.Workspace
	for rows.Next() {
		var w report.Workspace
		if err := rows.Scan(&w.ID, &w.Name, &w.Year, timeCol{&w.CreatedAt}); err != nil {
			return nil, err
		}
		ws = append(ws, w)
	}
	return ws, rows.Err()
}

// Workspace returns the workspace with the given ID.
func (db *DB) Workspace(ctx context.Context, id int64) (*report.Workspace, error) {
	var w report.Workspace
	err := db.queryRow(ctx, "SELECT id, name, year, created_at FROM workspaces WHERE id = ?", id).
		Scan(&w.ID, &w.Name, &w.Year, timeCol{&w.CreatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.ENOTFOUND, "工作区不存在")
	}
	if err != nil {
		return nil, err
	}
	return &w, nil
}

func checkUnit(u *report.Unit) error {
	if blank(u.Name) {
		return report.Errorf(report.EINVALID, "单位名称不能为空")
	}
	if !validUnitKind(u.Kind) {
		return report.Errorf(report.EINVALID, "单位类型无效")
	}
	return checkName("单位名称", u.Name)
}

// CreateUnit stores u and sets its ID.
func (db *DB) CreateUnit(ctx context.Context, u *report.Unit, audit report.AuditEntry) error {
	if err := checkUnit(u); err != nil {
		return err
	}
	return db.tx(ctx, func(t *tx) error {
		id, err := t.insert("INSERT INTO units (name, kind) VALUES (?, ?)", u.Name, string(u.Kind))
		if err != nil {
			return db.classify(err, "单位名称已存在", "")
		}
		u.ID = id
		defaultAudit(&audit, "unit.create", fmt.Sprintf("unit:%d", id), 0)
		return t.audit(&audit)
	})
}

// UpdateUnit renames u or changes its kind.
func (db *DB) UpdateUnit(ctx context.Context, u *report.Unit, audit report.AuditEntry) error {
	if err := checkUnit(u); err != nil {
		return err
	}
	return db.tx(ctx, func(t *tx) error {
		res, err := t.exec("UPDATE units SET name = ?, kind = ? WHERE id = ?", u.Name, string(u.Kind), u.ID)
		if err != nil {
			return db.classify(err, "单位名称已存在", "")
		}
		if err := affected(res, "单位不存在"); err != nil {
			return err
		}
		defaultAudit(&audit, "unit.update", fmt.Sprintf("unit:%d", u.ID), 0)
		return t.audit(&audit)
	})
}

// Units lists the units by kind (leadership, writing team, townships, departments), each kind in
// the order its units were created.
func (db *DB) Units(ctx context.Context) ([]report.Unit, error) {
	rows, err := db.query(ctx, `SELECT id, name, kind FROM units ORDER BY
		CASE kind WHEN 'leadership' THEN 0 WHEN 'writing' THEN 1 WHEN 'township' THEN 2 ELSE 3 END, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var us []report.Unit
	for rows.Next() {
		var u report.Unit
		if err := rows.Scan(&u.ID, &u.Name, &u.Kind); err != nil {
			return nil, err
		}
		us = append(us, u)
	}
	return us, rows.Err()
}

// Unit returns the unit with the given ID.
func (db *DB) Unit(ctx context.Context, id int64) (*report.Unit, error) {
	var u report.Unit
	err := db.queryRow(ctx, "SELECT id, name, kind FROM units WHERE id = ?", id).Scan(&u.ID, &u.Name, &u.Kind)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.ENOTFOUND, "单位不存在")
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// affected turns an UPDATE that matched no row into a not-found error.
func affected(res sql.Result, notFound string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return report.Errorf(report.ENOTFOUND, "%s", notFound)
	}
	return nil
}

// defaultAudit fills in what the caller could not know before the change, such as a new ID.
func defaultAudit(e *report.AuditEntry, action, target string, workspaceID int64) {
	if e.Action == "" {
		e.Action = action
	}
	if e.Target == "" {
		e.Target = target
	}
	if e.WorkspaceID == 0 {
		e.WorkspaceID = workspaceID
	}
}
