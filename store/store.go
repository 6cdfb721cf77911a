// Package store keeps qicao's workspaces, people, report versions, sessions and audit log in an
// SQL database behind report.Store. The queries are written once; SQLite (a file beside the
// binary, the default) and PostgreSQL (several server instances sharing one database) differ only
// in how they are opened, in their migrations and in how their errors are recognised.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"qicao/report"
)

// DefaultDSN is the database the commands use without --db: $QICAO_DB, else qicao.db in the
// working directory.
func DefaultDSN() string {
	if dsn := os.Getenv("QICAO_DB"); dsn != "" {
		return dsn
	}
	return "qicao.db"
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than an SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn and brings its schema up to date.
func Open(ctx context.Context, dsn string) (report.Store, error) {
	db, _, err := open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	return db, nil
}

// Migrate brings the schema of the database named by dsn up to date, closes it, and returns the
// names of the migrations it applied, none when the schema was current.
func Migrate(ctx context.Context, dsn string) ([]string, error) {
	db, applied, err := open(ctx, dsn)
	if err != nil {
		return applied, err
	}
	return applied, db.Close()
}

func open(ctx context.Context, dsn string) (*DB, []string, error) {
	if strings.TrimSpace(dsn) == "" {
		return nil, nil, report.Errorf(report.EINVALID, "未指定数据库")
	}
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

// DB implements report.Store. Writes go through w, reads through r: for SQLite these are a single
// connection that takes the write lock when a transaction begins and a pool of read-only
// connections, so writers queue in Go instead of failing with SQLITE_BUSY and readers never wait;
// for PostgreSQL both are the same pool.
type DB struct {
	r, w    *sql.DB
	dialect dialect
	docs    docCache
	// gate, on SQLite, admits write transactions one at a time in arrival order. database/sql
	// hands its single writer connection to a random waiter, so under 200 concurrent writers
	// some waited many times the average; a channel's waiters queue first come, first served.
	gate chan struct{}
}

// dialect holds what differs between the databases.
type dialect struct {
	name     string // "sqlite" or "postgres"
	dollar   bool   // placeholders are $1, $2… instead of ?
	timeArg  func(time.Time) any
	conflict func(error) constraint
}

// constraint is the kind of integrity rule an error reports as broken.
type constraint int

const (
	noConstraint constraint = iota
	uniqueViolated
	foreignKeyViolated
)

// Close closes the database.
func (db *DB) Close() error {
	err := db.w.Close()
	if db.r != db.w {
		if rerr := db.r.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// q rewrites a query written with ? placeholders for the dialect.
func (db *DB) q(query string) string {
	if !db.dialect.dollar {
		return query
	}
	var sb strings.Builder
	sb.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			sb.WriteByte('$')
			sb.WriteString(strconv.Itoa(n))
			continue
		}
		sb.WriteByte(query[i])
	}
	return sb.String()
}

// t converts a time into the value the dialect stores: UTC, to the microsecond.
func (db *DB) t(t time.Time) any { return db.dialect.timeArg(t.UTC().Truncate(time.Microsecond)) }

// now is the time a new row records, as it will read back.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// tx runs fn in a write transaction and commits when it returns nil.
func (db *DB) tx(ctx context.Context, fn func(*tx) error) error {
	release, err := db.enter(ctx)
	if err != nil {
		return err
	}
	defer release()
	sqltx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(&tx{ctx: ctx, tx: sqltx, db: db}); err != nil {
		sqltx.Rollback()
		return err
	}
	if err := sqltx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// enter waits for the writer's turn (on SQLite) and returns the function that ends it; it fails
// only when ctx ends first.
func (db *DB) enter(ctx context.Context) (release func(), err error) {
	if db.gate == nil {
		return func() {}, nil
	}
	select {
	case db.gate <- struct{}{}:
		return func() { <-db.gate }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// tx is a write transaction with the dialect's rebinding applied.
type tx struct {
	ctx context.Context
	tx  *sql.Tx
	db  *DB
}

func (t *tx) exec(query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(t.ctx, t.db.q(query), args...)
}

func (t *tx) queryRow(query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(t.ctx, t.db.q(query), args...)
}

func (t *tx) query(query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(t.ctx, t.db.q(query), args...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (t *tx) insert(query string, args ...any) (int64, error) {
	var id int64
	err := t.queryRow(query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// audit records e within the transaction, so the change and its record commit together.
func (t *tx) audit(e *report.AuditEntry) error {
	if e.At.IsZero() {
		e.At = now()
	}
	if err := checkText(e.Action, e.Target, e.Detail, e.RemoteAddr); err != nil {
		return err
	}
	id, err := t.insert(`INSERT INTO audit_log (at, user_id, action, target, detail, remote_addr, workspace_id)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		t.db.t(e.At), e.UserID, e.Action, e.Target, e.Detail, e.RemoteAddr, e.WorkspaceID)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	e.ID = id
	return nil
}

func (db *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return db.r.QueryRowContext(ctx, db.q(query), args...)
}

func (db *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.r.QueryContext(ctx, db.q(query), args...)
}

// classify turns a broken unique or foreign-key rule into the user-facing error for it, and
// leaves other errors as they are.
func (db *DB) classify(err error, unique, foreignKey string) error {
	switch db.dialect.conflict(err) {
	case uniqueViolated:
		if unique != "" {
			return report.Errorf(report.ECONFLICT, "%s", unique)
		}
	case foreignKeyViolated:
		if foreignKey != "" {
			return report.Errorf(report.EINVALID, "%s", foreignKey)
		}
	}
	return err
}

// timeCol scans a timestamp however the driver returns it: time.Time from PostgreSQL, the text
// we wrote from SQLite.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*c.t = v.UTC()
		return nil
	case string:
		return c.parse(v)
	case []byte:
		return c.parse(string(v))
	}
	return fmt.Errorf("store: cannot scan %T into a time", src)
}

func (c timeCol) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("store: bad time %q: %w", s, err)
	}
	*c.t = t.UTC()
	return nil
}

// nullID stores 0 as NULL, for optional references.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }
