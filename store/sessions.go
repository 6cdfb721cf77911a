package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"qicao/report"
)

// CreateSession stores s; its CreatedAt is set now when zero.
func (db *DB) CreateSession(ctx context.Context, s *report.Session) error {
	if s.TokenHash == "" || s.CSRFToken == "" {
		return report.Errorf(report.EINVALID, "会话缺少令牌")
	}
	if err := checkText(s.TokenHash, s.CSRFToken); err != nil {
		return err
	}
	if s.CreatedAt.IsZero() {
		s.CreatedAt = now()
	}
	s.CreatedAt = s.CreatedAt.UTC().Truncate(time.Microsecond)
	s.ExpiresAt = s.ExpiresAt.UTC().Truncate(time.Microsecond)
	return db.tx(ctx, func(t *tx) error {
		_, err := t.exec("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
			s.TokenHash, s.UserID, s.CSRFToken, db.t(s.CreatedAt), db.t(s.ExpiresAt))
		return db.classify(err, "会话已存在", "用户不存在")
	})
}

// Session returns the session with the given token hash if it has not expired: an expired
// session is as good as none, whether or not it has been swept yet.
func (db *DB) Session(ctx context.Context, tokenHash string) (*report.Session, error) {
	notFound := report.Errorf(report.ENOTFOUND, "会话不存在或已过期")
	if checkText(tokenHash) != nil {
		return nil, notFound
	}
	var s report.Session
	err := db.queryRow(ctx, "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?",
		tokenHash, db.t(time.Now())).
		Scan(&s.TokenHash, &s.UserID, &s.CSRFToken, timeCol{&s.CreatedAt}, timeCol{&s.ExpiresAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// DeleteSession forgets a session. Forgetting one already gone is not an error: logging out
// twice is harmless.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if checkText(tokenHash) != nil {
		return nil // no such session can exist
	}
	return db.tx(ctx, func(t *tx) error {
		_, err := t.exec("DELETE FROM sessions WHERE token_hash = ?", tokenHash)
		return err
	})
}

// DeleteUserSessions removes every session of userID except keep.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64, keep string) error {
	return db.tx(ctx, func(t *tx) error {
		_, err := t.exec("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", userID, keep)
		return err
	})
}

// DeleteExpiredSessions removes the sessions that expired at or before now.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	return db.tx(ctx, func(t *tx) error {
		_, err := t.exec("DELETE FROM sessions WHERE expires_at <= ?", db.t(now))
		return err
	})
}

// RecordLoginFailure counts a failure for key at now and returns how many failures for key fall
// within the window ending at now. Failures older than the window are swept for every key.
func (db *DB) RecordLoginFailure(ctx context.Context, key string, now time.Time, window time.Duration) (int, error) {
	key = storableKey(key)
	if window <= 0 {
		return 0, report.Errorf(report.EINVALID, "登录失败统计时间窗口无效")
	}
	since := db.t(now.Add(-window))
	var n int
	err := db.tx(ctx, func(t *tx) error {
		if _, err := t.exec("DELETE FROM login_failures WHERE at <= ?", since); err != nil {
			return err
		}
		if _, err := t.exec("INSERT INTO login_failures (login_key, at) VALUES (?, ?)", key, db.t(now)); err != nil {
			return err
		}
		return t.queryRow("SELECT count(*) FROM login_failures WHERE login_key = ? AND at > ?", key, since).Scan(&n)
	})
	return n, err
}

// LoginFailures returns how many failures for key fall within the window ending at now, and
// when the latest of them happened (zero when none did). It changes nothing.
func (db *DB) LoginFailures(ctx context.Context, key string, now time.Time, window time.Duration) (int, time.Time, error) {
	var n int
	var last time.Time
	err := db.queryRow(ctx, "SELECT count(*), max(at) FROM login_failures WHERE login_key = ? AND at > ?",
		storableKey(key), db.t(now.Add(-window))).Scan(&n, nullTimeCol{&last})
	if err != nil {
		return 0, time.Time{}, err
	}
	return n, last, nil
}

// ClearLoginFailures forgets the failures counted for key and for every key under it
// ("key|…"), so that one call lifts an account's lock from every address.
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	key = storableKey(key)
	under := key + "|"
	return db.tx(ctx, func(t *tx) error {
		_, err := t.exec("DELETE FROM login_failures WHERE login_key = ? OR substr(login_key, 1, ?) = ?",
			key, utf8.RuneCountInString(under), under)
		return err
	})
}

// ServerKey returns the secret stored under name, storing candidate first when there is none,
// so that every instance on one database ends up with the same secret.
func (db *DB) ServerKey(ctx context.Context, name, candidate string) (string, error) {
	if err := checkText(name, candidate); err != nil || name == "" || candidate == "" {
		return "", report.Errorf(report.EINVALID, "密钥无效")
	}
	var v string
	err := db.tx(ctx, func(t *tx) error {
		if _, err := t.exec("INSERT INTO server_keys (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", name, candidate); err != nil {
			return err
		}
		return t.queryRow("SELECT value FROM server_keys WHERE name = ?", name).Scan(&v)
	})
	return v, err
}

// storableKey makes any key countable: a login attempt with a malformed username must still count
// against that name rather than slip past the throttle with an error.
func storableKey(key string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(key, "\uFFFD"), "\x00", "\uFFFD")
}
