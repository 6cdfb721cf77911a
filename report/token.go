package report

import (
	"context"
	"time"
)

// APIToken lets a script or the office's OA system call the JSON API as a user. Only the SHA-256
// of the token is stored; the token itself is shown once, when it is made.
type APIToken struct {
	ID        int64
	UserID    int64
	Hash      string // hex SHA-256 of the token
	Note      string // what it is for, e.g. "OA 系统"
	CreatedAt time.Time
	LastUsed  time.Time // zero when never used
	Revoked   bool
}

// TokenStore keeps API tokens.
type TokenStore interface {
	// CreateAPIToken stores t (its Hash set by the caller) and sets its ID and CreatedAt.
	CreateAPIToken(ctx context.Context, t *APIToken, audit AuditEntry) error
	// APITokenByHash returns the token with the given hash, ENOTFOUND when none or revoked.
	APITokenByHash(ctx context.Context, hash string) (*APIToken, error)
	// APITokens lists a user's tokens, revoked ones included, newest first.
	APITokens(ctx context.Context, userID int64) ([]APIToken, error)
	// RevokeAPIToken ends a token for good.
	RevokeAPIToken(ctx context.Context, id int64, audit AuditEntry) error
	// TouchAPIToken records that the token was used at t; it writes no audit entry.
	TouchAPIToken(ctx context.Context, id int64, t time.Time) error
}
