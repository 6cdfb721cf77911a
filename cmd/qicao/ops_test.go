package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qicao/report"
	"qicao/store"
)

func TestMigrateCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qicao.db")
	steps := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"migrate", "--db", db}, 0, "已升级数据库 " + db + "：0001_init.sql"},
		{[]string{"migrate", "--db", db}, 0, "已是最新结构"},
		{[]string{"migrate", "--db", filepath.Join(dir, "none", "x.db")}, 2, "无法打开数据库"},
		{[]string{"migrate", "--db", db, "extra"}, 2, "多余的参数"},
	}
	for _, st := range steps {
		var stdout, stderr bytes.Buffer
		code := run(st.args, &stdout, &stderr)
		if code != st.code || !strings.Contains(stdout.String()+stderr.String(), st.out) {
			t.Errorf("%v: exit %d, output %q %q; want exit %d and %q", st.args, code, stdout.String(), stderr.String(), st.code, st.out)
		}
	}
	// Without --db the command uses QICAO_DB.
	t.Setenv("QICAO_DB", filepath.Join(dir, "env.db"))
	var stdout, stderr bytes.Buffer
	if code := run([]string{"migrate"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "env.db") {
		t.Errorf("migrate with QICAO_DB: exit %d, %q %q", code, stdout.String(), stderr.String())
	}
}

func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qicao.db")
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	w := &report.Workspace{Name: "2026年政府工作报告", Year: 2026}
	if err := s.CreateWorkspace(context.Background(), w, report.AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	// The server keeps its handle open while the backup runs.
	defer s.Close()

	out := filepath.Join(dir, "备份.db")
	steps := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"backup", "--db", db, "-o", out}, 0, "完整性检查通过"},
		{[]string{"backup", "--db", db, "-o", out}, 2, "已存在"},
		{[]string{"backup", "--db", db}, 2, "请用 -o 指定备份文件"},
		{[]string{"backup", "--db", db, "-o", filepath.Join(dir, "no", "such", "b.db")}, 2, "文件夹"},
		{[]string{"backup", "--db", filepath.Join(dir, "missing.db"), "-o", filepath.Join(dir, "b.db")}, 2, "不存在"},
		{[]string{"backup", "--db", "postgres://qicao:secret@db.example/qicao", "-o", "q.dump"}, 2, "pg_dump --format=custom --file=q.dump 'postgres://qicao:xxxxx@db.example/qicao'"},
		// libpq refuses search_path in a URL: it becomes pg_dump's --schema, and the restore goes
		// to a database of its own.
		{[]string{"backup", "--db", "postgres://qicao@db.example/qicao?search_path=office&sslmode=require", "-o", "q.dump"}, 2, "pg_dump --format=custom --schema=office --file=q.dump 'postgres://qicao@db.example/qicao?sslmode=require'"},
		{[]string{"backup", "--db", "postgres://qicao@db.example/qicao", "-o", "q.dump"}, 2, "--dbname='postgres://qicao@db.example/qicao_restored'"},
	}
	// A name beginning "file:" is a file of that name, not an SQLite URI.
	t.Chdir(dir)
	steps = append(steps, struct {
		args []string
		code int
		out  string
	}{[]string{"backup", "--db", db, "-o", "file:b.db"}, 0, "完整性检查通过"})
	for _, st := range steps {
		var stdout, stderr bytes.Buffer
		code := run(st.args, &stdout, &stderr)
		if code != st.code || !strings.Contains(stdout.String()+stderr.String(), st.out) {
			t.Errorf("%v: exit %d, output %q %q; want exit %d and %q", st.args, code, stdout.String(), stderr.String(), st.code, st.out)
		}
		if strings.Contains(stdout.String()+stderr.String(), "secret") {
			t.Errorf("%v printed the password", st.args)
		}
	}
	copied, err := store.Open(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	if ws, err := copied.Workspaces(context.Background()); err != nil || len(ws) != 1 || ws[0].Name != w.Name {
		t.Errorf("the copy holds %v, %v", ws, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "b.db")); err == nil {
		t.Error("a failed backup left a file behind")
	}
	if _, err := os.Stat(filepath.Join(dir, "file:b.db")); err != nil {
		t.Errorf("the backup named file:b.db: %v", err)
	}
}
