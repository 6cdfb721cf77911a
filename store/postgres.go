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
	pool, err := sql.Open("postgres", connURL(dsn))
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
		var e *pq.Error
		if errors.As(err, &e) && e.Code == "3F000" { // invalid_schema_name: nothing to create in
			return nil, nil, report.Errorf(report.EINVALID, "PostgreSQL 数据库 %s 中没有可用的 schema：请先建立 URL 中 search_path 指定的 schema，或去掉 search_path", redact(dsn))
		}
		return nil, nil, err
	}
	return db, applied, nil
}

// connURL is the URL handed to lib/pq, with two defaults added where the URL does not set them:
//   - sslmode=prefer, unless $PGSSLMODE is set: libpq and psql default to prefer (PostgreSQL
//     manual, §32.19 "SSL Support"), lib/pq to require, and a URL that works with psql should work
//     here;
//   - binary_parameters=yes, so that a query with arguments is parsed, bound and executed in one
//     round trip to the server instead of two (lib/pq prepares it first otherwise); it also sends
//     []byte arguments as raw bytes, which is what the bytea columns hold.
func connURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	if !q.Has("sslmode") && os.Getenv("PGSSLMODE") == "" {
		q.Set("sslmode", "prefer")
	}
	if !q.Has("binary_parameters") {
		q.Set("binary_parameters", "yes")
	}
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
