package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"qicao/report"
)

// WorkspaceGroup lists a workspace's leadership group: 组长, 副组长, 成员, each in set order.
func (db *DB) WorkspaceGroup(ctx context.Context, workspaceID int64) ([]report.GroupSeat, error) {
	rows, err := db.query(ctx, `SELECT user_id, role FROM workspace_group WHERE workspace_id = ? ORDER BY
		CASE role WHEN 'head' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, position`, workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var seats []report.GroupSeat
	for rows.Next() {
		var s report.GroupSeat
		if err := rows.Scan(&s.UserID, &s.Role); err != nil {
			return nil, err
		}
		seats = append(seats, s)
	}
	return seats, rows.Err()
}

// SetWorkspaceGroup replaces a workspace's leadership group, checked against the users and
// units as they are within the same transaction.
func (db *DB) SetWorkspaceGroup(ctx context.Context, workspaceID int64, seats []report.GroupSeat, audit report.AuditEntry) error {
	return db.tx(ctx, func(t *tx) error {
		var id int64
		err := t.queryRow("SELECT id FROM workspaces WHERE id = ?", workspaceID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "工作区不存在")
		}
		if err != nil {
			return err
		}
		users, units, err := t.usersAndUnits()
		if err != nil {
			return err
		}
		if err := report.CheckGroup(seats, users, units); err != nil {
			return err
		}
		if _, err := t.exec("DELETE FROM workspace_group WHERE workspace_id = ?", workspaceID); err != nil {
			return err
		}
		var names []string
		for i, s := range seats {
			if _, err := t.exec("INSERT INTO workspace_group (workspace_id, user_id, role, position) VALUES (?, ?, ?, ?)",
				workspaceID, s.UserID, string(s.Role), i); err != nil {
				return err
			}
			names = append(names, report.GroupRoleName(s.Role)+users[s.UserID].Name)
		}
		defaultAudit(&audit, "group.set", fmt.Sprintf("workspace:%d", workspaceID), workspaceID)
		if audit.Detail == "" {
			audit.Detail = strings.Join(names, "、")
		}
		return t.audit(&audit)
	})
}

// usersAndUnits reads every user (without password) and unit by ID.
func (t *tx) usersAndUnits() (map[int64]report.User, map[int64]report.Unit, error) {
	users, units := map[int64]report.User{}, map[int64]report.Unit{}
	rows, err := t.query("SELECT id, name, unit_id, role, disabled FROM users")
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var u report.User
		var unit sql.NullInt64
		if err := rows.Scan(&u.ID, &u.Name, &unit, &u.Role, &u.Disabled); err != nil {
			return nil, nil, err
		}
		u.UnitID = unit.Int64
		users[u.ID] = u
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	urows, err := t.query("SELECT id, name, kind FROM units")
	if err != nil {
		return nil, nil, err
	}
	defer urows.Close()
	for urows.Next() {
		var u report.Unit
		if err := urows.Scan(&u.ID, &u.Name, &u.Kind); err != nil {
			return nil, nil, err
		}
		units[u.ID] = u
	}
	return users, units, urows.Err()
}
