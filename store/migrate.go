package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"qicao/report"
)

// Migrations are numbered files per dialect, 0001_init.sql, 0002_….sql, applied in order, each in
// its own transaction together with its row in schema_migrations. A released migration is never
// edited; a change to the schema is a new file in both directories.
//
//go:embed migrations
var migrations embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations(dialect string) ([]migration, error) {
	dir := path.Join("migrations", dialect)
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(migrations, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := range ms {
		if ms[i].version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", ms[i].name, i+1)
		}
	}
	return ms, nil
}

// conn is what migrations run on: the SQLite writer, or the PostgreSQL connection that holds
// the migration lock.
type conn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// migrate applies the migrations not yet recorded. Each one checks again inside its transaction,
// so a second process migrating the same SQLite file at the same time skips what the first did.
func (db *DB) migrate(ctx context.Context, c conn) (applied []string, err error) {
	if c == nil {
		c = db.w
	}
	ms, err := loadMigrations(db.dialect.name)
	if err != nil {
		return nil, err
	}
	if _, err := c.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, m := range ms {
		done, err := db.apply(ctx, c, m)
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, m.name)
		}
	}
	return applied, db.checkNotNewer(ctx, c, len(ms))
}

// apply runs m unless it is recorded already, and reports whether it ran.
func (db *DB) apply(ctx context.Context, c conn, m migration) (bool, error) {
	sqltx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	defer sqltx.Rollback()
	var n int
	if err := sqltx.QueryRowContext(ctx, db.q("SELECT count(*) FROM schema_migrations WHERE version = ?"), m.version).Scan(&n); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if n > 0 {
		return false, nil
	}
	if _, err := sqltx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := sqltx.ExecContext(ctx, db.q("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
		m.version, m.name, now().Format("2006-01-02T15:04:05.000000Z")); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if err := sqltx.Commit(); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	return true, nil
}

// checkNotNewer refuses a database migrated by a newer qicao, whose schema this binary does not
// know.
func (db *DB) checkNotNewer(ctx context.Context, c conn, known int) error {
	var latest sql.NullInt64
	if err := c.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&latest); err != nil {
		return fmt.Errorf("schema_migrations: %w", err)
	}
	if int(latest.Int64) > known {
		return report.Errorf(report.EINVALID, "数据库结构版本为 %d，高于本程序支持的 %d，请升级 qicao", latest.Int64, known)
	}
	return nil
}
