package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/ncruces/go-sqlite3"
	_ "github.com/ncruces/go-sqlite3/driver" // registers the "sqlite3" database/sql driver
	"github.com/ncruces/go-sqlite3/ext/fts5"

	"qicao/report"
)

var sqliteDialect = dialect{
	name: "sqlite",
	// Fixed-width UTC text sorts in time order, so comparisons in SQL stay correct.
	timeArg:  func(t time.Time) any { return t.Format("2006-01-02T15:04:05.000000Z") },
	conflict: sqliteConstraint,
}

// withFTS5 adds the full-text search of material (migration 0005) to every SQLite connection
// opened from now on; it is done on the first open rather than at start, which every file
// command would pay.
var withFTS5 sync.Once

// openSQLite opens the file at path (or ":memory:"): one writer connection whose transactions
// begin IMMEDIATE (taking the write lock up front, so a read-then-write transaction never fails
// to upgrade its lock) and a pool of read-only connections, in WAL mode so that readers and the
// writer do not block each other. busy_timeout makes another process sharing the file wait for
// the lock instead of failing.
func openSQLite(ctx context.Context, path string) (*DB, []string, error) {
	withFTS5.Do(func() { sqlite3.AutoExtension(fts5.Register) })
	uri := "file:" + escapePath(path) + "?"
	common := "_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	w, err := sql.Open("sqlite3", uri+common+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	db := &DB{r: w, w: w, dialect: sqliteDialect, gate: make(chan struct{}, 1)}
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, nil, openError(path, err)
	}
	applied, err := db.migrate(ctx, nil)
	if err != nil {
		w.Close()
		return nil, applied, openError(path, err)
	}
	if path == ":memory:" {
		// Each connection would have a database of its own: the writer must serve reads too.
		return db, applied, nil
	}
	r, err := sql.Open("sqlite3", uri+common+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	r.SetConnMaxIdleTime(0)
	db.r = r
	return db, applied, nil
}

// escapePath makes a file name safe inside an SQLite URI, where ? and # would end it.
func escapePath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// openError explains a file that cannot be used: a missing directory, no permission, or a file
// that is not an SQLite database.
func openError(path string, err error) error {
	if errors.Is(err, sqlite3.CANTOPEN) || errors.Is(err, sqlite3.NOTADB) {
		return report.Errorf(report.EINVALID, "无法打开数据库 %s：文件不可访问或不是 SQLite 数据库", path)
	}
	if errors.Is(err, sqlite3.BUSY) || errors.Is(err, sqlite3.LOCKED) {
		return report.Errorf(report.EINVALID, "数据库 %s 正被另一个程序占用，等了 5 秒仍未释放：请稍后再试，或先停止正在写它的程序", path)
	}
	return fmt.Errorf("open %s: %w", path, err)
}

// sqliteConstraint reads the extended result code; the driver returns either an *sqlite3.Error
// or a bare code, and errors.Is understands both.
func sqliteConstraint(err error) constraint {
	switch {
	case !errors.Is(err, sqlite3.CONSTRAINT):
		return noConstraint
	case errors.Is(err, sqlite3.CONSTRAINT_UNIQUE), errors.Is(err, sqlite3.CONSTRAINT_PRIMARYKEY),
		strings.Contains(err.Error(), "UNIQUE constraint failed"):
		return uniqueViolated
	case errors.Is(err, sqlite3.CONSTRAINT_FOREIGNKEY), strings.Contains(err.Error(), "FOREIGN KEY constraint failed"):
		return foreignKeyViolated
	}
	return noConstraint
}
