package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/lib/pq" // registers the "postgres" database/sql driver

	"qicao/report"
)

var postgresDialect = dialect{
	name:     "postgres",
	dollar:   true,
	timeArg:  func(t time.Time) any { return t },
	conflict: postgresConstraint,
}

// openPostgres opens a pool on the database at dsn. Tables go into the first schema of the
// connection's search_path, which tests set to a fresh schema each.
func openPostgres(ctx context.Context, dsn string) (*DB, []string, error) {
	pool, err := sql.Open("postgres", preferTLS(dsn))
	if err != nil {
		return nil, nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(32)
	pool.SetMaxIdleConns(32)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, nil, report.Errorf(report.EINVALID, "无法连接 PostgreSQL 数据库 %s：%v", redact(dsn), err)
	}
	db := &DB{r: pool, w: pool, dialect: postgresDialect}
	conn, err := pool.Conn(ctx)
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	defer conn.Close()
	// Several instances may start at once against one database: the first to take the lock
	// migrates, the others wait and then find nothing left to do. The lock is per schema.
	const lockClass = 0x71c0
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1, hashtext(current_schema()))", lockClass); err != nil {
		pool.Close()
		return nil, nil, fmt.Errorf("migration lock: %w", err)
	}
	applied, err := db.migrate(ctx, conn)
	// Unlock on a fresh context so a cancelled start does not leave the lock held by a pooled
	// connection.
	if _, uerr := conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1, hashtext(current_schema()))", lockClass); uerr != nil && err == nil {
		err = fmt.Errorf("migration unlock: %w", uerr)
	}
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	return db, applied, nil
}

// preferTLS adds sslmode=prefer to a URL that names no sslmode, unless $PGSSLMODE does: libpq and
// psql default to prefer (PostgreSQL manual, §32.19 "SSL Support"), lib/pq to require, and a
// URL that works with psql should work here.
func preferTLS(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Query().Has("sslmode") || os.Getenv("PGSSLMODE") != "" {
		return dsn
	}
	q := u.Query()
	q.Set("sslmode", "prefer")
	u.RawQuery = q.Encode()
	return u.String()
}

// redact hides the password of a PostgreSQL URL.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

func postgresConstraint(err error) constraint {
	var e *pq.Error
	if !errors.As(err, &e) {
		return noConstraint
	}
	switch e.Code {
	case "23505":
		return uniqueViolated
	case "23503":
		return foreignKeyViolated
	}
	return noConstraint
}
