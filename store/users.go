package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"qicao/report"
)

const userColumns = "id, username, name, title, unit_id, role, group_role, password_hash, disabled, must_change_password, created_at"

func scanUser(row interface{ Scan(...any) error }) (*report.User, error) {
	var u report.User
	var unit sql.NullInt64
	err := row.Scan(&u.ID, &u.Username, &u.Name, &u.Title, &unit, &u.Role, &u.Group, &u.PasswordHash, &u.Disabled, &u.MustChangePassword, timeCol{&u.CreatedAt})
	u.UnitID = unit.Int64
	return &u, err
}

func checkUser(u *report.User) error {
	switch {
	case blank(u.Username):
		return report.Errorf(report.EINVALID, "用户名不能为空")
	case blank(u.Name):
		return report.Errorf(report.EINVALID, "姓名不能为空")
	case !validRole(u.Role):
		return report.Errorf(report.EINVALID, "角色无效")
	case !validGroup(u.Group):
		return report.Errorf(report.EINVALID, "起草小组职务无效")
	case u.PasswordHash == "":
		return report.Errorf(report.EINVALID, "密码不能为空")
	}
	for _, f := range []struct{ what, s string }{{"用户名", u.Username}, {"姓名", u.Name}, {"职务", u.Title}} {
		if err := checkName(f.what, f.s); err != nil {
			return err
		}
	}
	return checkText(u.PasswordHash)
}

// CreateUser stores u and sets its ID and creation time. UnitID 0 means no unit.
func (db *DB) CreateUser(ctx context.Context, u *report.User, audit report.AuditEntry) error {
	if err := checkUser(u); err != nil {
		return err
	}
	created := now()
	return db.tx(ctx, func(t *tx) error {
		id, err := t.insert(`INSERT INTO users (username, name, title, unit_id, role, group_role, password_hash, disabled, must_change_password, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			u.Username, u.Name, u.Title, nullID(u.UnitID), string(u.Role), string(u.Group), u.PasswordHash, u.Disabled, u.MustChangePassword, db.t(created))
		if err != nil {
			return db.classify(err, "用户名已存在", "所属单位不存在")
		}
		u.ID, u.CreatedAt = id, created
		defaultAudit(&audit, "user.create", fmt.Sprintf("user:%d", id), 0)
		return t.audit(&audit)
	})
}

// UpdateUser writes every field of u but its creation time, the password hash included.
func (db *DB) UpdateUser(ctx context.Context, u *report.User, audit report.AuditEntry) error {
	if err := checkUser(u); err != nil {
		return err
	}
	return db.tx(ctx, func(t *tx) error {
		res, err := t.exec(`UPDATE users SET username = ?, name = ?, title = ?, unit_id = ?, role = ?, group_role = ?,
			password_hash = ?, disabled = ?, must_change_password = ? WHERE id = ?`,
			u.Username, u.Name, u.Title, nullID(u.UnitID), string(u.Role), string(u.Group), u.PasswordHash, u.Disabled, u.MustChangePassword, u.ID)
		if err != nil {
			return db.classify(err, "用户名已存在", "所属单位不存在")
		}
		if err := affected(res, "用户不存在"); err != nil {
			return err
		}
		defaultAudit(&audit, "user.update", fmt.Sprintf("user:%d", u.ID), 0)
		return t.audit(&audit)
	})
}

// Users lists every user, disabled ones included, in the order they were created.
func (db *DB) Users(ctx context.Context) ([]report.User, error) {
	rows, err := db.query(ctx, "SELECT "+userColumns+" FROM users ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var us []report.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		us = append(us, *u)
	}
	return us, rows.Err()
}

// User returns the user with the given ID.
func (db *DB) User(ctx context.Context, id int64) (*report.User, error) {
	return db.oneUser(ctx, "id = ?", id)
}

// UserByName returns the user with the given username, compared exactly.
func (db *DB) UserByName(ctx context.Context, username string) (*report.User, error) {
	if checkText(username) != nil {
		return nil, report.Errorf(report.ENOTFOUND, "用户不存在")
	}
	return db.oneUser(ctx, "username = ?", username)
}

func (db *DB) oneUser(ctx context.Context, where string, arg any) (*report.User, error) {
	u, err := scanUser(db.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE "+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.ENOTFOUND, "用户不存在")
	}
	if err != nil {
		return nil, err
	}
	return u, nil
}
