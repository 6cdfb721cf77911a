package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"qicao/report"
)

// Backup writes a consistent copy of the SQLite database at path to out while the server goes on
// reading and writing: VACUUM INTO reads one snapshot of the database, so the copy holds every
// transaction committed before it began and none after, and is compacted as a bonus. PostgreSQL
// is backed up with pg_dump instead.
func Backup(ctx context.Context, path, out string) error {
	if IsPostgres(path) {
		return report.Errorf(report.EINVALID, "PostgreSQL 数据库请用 pg_dump 备份")
	}
	if _, err := os.Stat(path); err != nil {
		return report.Errorf(report.EINVALID, "数据库文件 %s 不存在", path)
	}
	if _, err := os.Lstat(out); err == nil {
		return report.Errorf(report.EINVALID, "备份文件 %s 已存在，请另选文件名", out)
	}
	// An absolute path: SQLite would read "file:…" as a URI and write somewhere else.
	abs, err := filepath.Abs(out)
	if err != nil {
		return report.Errorf(report.EINVALID, "备份文件名无效：%s", out)
	}
	if info, err := os.Stat(filepath.Dir(abs)); err != nil || !info.IsDir() {
		return report.Errorf(report.EINVALID, "备份文件所在的文件夹 %s 不存在", filepath.Dir(abs))
	}
	db, err := sql.Open("sqlite3", "file:"+escapePath(path)+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		return openError(path, err)
	}
	var migrated int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'").Scan(&migrated); err != nil {
		return openError(path, err)
	}
	if migrated == 0 {
		return report.Errorf(report.EINVALID, "%s 不是 qicao 的数据库", path)
	}
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", abs); err != nil {
		return report.Errorf(report.EINVALID, "无法写入备份文件 %s：%v", out, err)
	}
	return checkCopy(ctx, abs)
}

// checkCopy opens the copy and has SQLite verify it page by page.
func checkCopy(ctx context.Context, out string) error {
	db, err := sql.Open("sqlite3", "file:"+escapePath(out)+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil {
		return fmt.Errorf("check %s: %w", out, err)
	}
	if result != "ok" {
		return errors.New("backup copy failed its integrity check: " + result)
	}
	return nil
}
