package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"qicao/report"
)

// CreateAPIToken stores a token's hash for its user and sets its ID and CreatedAt.
func (db *DB) CreateAPIToken(ctx context.Context, tok *report.APIToken, audit report.AuditEntry) error {
	if len(tok.Hash) != 64 {
		return report.Errorf(report.EINVALID, "令牌格式无效")
	}
	if err := checkText(tok.Note); err != nil {
		return err
	}
	created := now()
	return db.tx(ctx, func(t *tx) error {
		id, err := t.insert(`INSERT INTO api_tokens (user_id, hash, note, created_at, revoked) VALUES (?, ?, ?, ?, ?)`,
			tok.UserID, tok.Hash, tok.Note, db.t(created), false)
		if err != nil {
			return db.classify(err, "令牌已存在", "用户不存在")
		}
		tok.ID, tok.CreatedAt = id, created
		defaultAudit(&audit, "token.create", fmt.Sprintf("user:%d", tok.UserID), 0)
		return t.audit(&audit)
	})
}

const tokenColumns = "id, user_id, hash, note, created_at, last_used, revoked"

func scanToken(row interface{ Scan(...any) error }) (*report.APIToken, error) {
	var tok report.APIToken
	var used any
	if err := row.Scan(&tok.ID, &tok.UserID, &tok.Hash, &tok.Note, timeCol{&tok.CreatedAt}, &used, &tok.Revoked); err != nil {
		return nil, err
	}
	if used != nil {
		if err := (timeCol{&tok.LastUsed}).Scan(used); err != nil {
			return nil, err
		}
	}
	return &tok, nil
}

// APITokenByHash returns the live token with the given hash.
func (db *DB) APITokenByHash(ctx context.Context, hash string) (*report.APIToken, error) {
	tok, err := scanToken(db.queryRow(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE hash = ?", hash))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && tok.Revoked) {
		return nil, report.Errorf(report.ENOTFOUND, "令牌无效或已撤销")
	}
	return tok, err
}

// APITokens lists a user's tokens, newest first.
func (db *DB) APITokens(ctx context.Context, userID int64) ([]report.APIToken, error) {
	rows, err := db.query(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE user_id = ? ORDER BY id DESC", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ts []report.APIToken
	for rows.Next() {
		tok, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		ts = append(ts, *tok)
	}
	return ts, rows.Err()
}

// RevokeAPIToken ends a token; revoking a revoked token is a no-op that still reports success.
func (db *DB) RevokeAPIToken(ctx context.Context, id int64, audit report.AuditEntry) error {
	return db.tx(ctx, func(t *tx) error {
		var user int64
		err := t.queryRow("SELECT user_id FROM api_tokens WHERE id = ?", id).Scan(&user)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "令牌不存在")
		}
		if err != nil {
			return err
		}
		if _, err := t.exec("UPDATE api_tokens SET revoked = ? WHERE id = ?", true, id); err != nil {
			return err
		}
		defaultAudit(&audit, "token.revoke", fmt.Sprintf("user:%d", user), 0)
		if audit.Detail == "" {
			audit.Detail = fmt.Sprintf("令牌 %d", id)
		}
		return t.audit(&audit)
	})
}

// TouchAPIToken records a token's last use.
func (db *DB) TouchAPIToken(ctx context.Context, id int64, at time.Time) error {
	release, err := db.enter(ctx)
	if err != nil {
		return err
	}
	defer release()
	_, err = db.w.ExecContext(ctx, db.q("UPDATE api_tokens SET last_used = ? WHERE id = ?"), db.t(at), id)
	return err
}
