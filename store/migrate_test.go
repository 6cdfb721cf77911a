package store_test

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"qicao/report"
	"qicao/store"
	"qicao/store/storetest"
)

func TestMigrate(t *testing.T) {
	for _, db := range []struct {
		name   string
		newDSN func(testing.TB) string
		driver string
	}{
		{"sqlite", storetest.SQLiteDSN, "sqlite3"},
		{"postgres", storetest.PostgresDSN, "postgres"},
	} {
		t.Run(db.name, func(t *testing.T) {
			ctx := context.Background()
			dsn := db.newDSN(t)
			applied, err := store.Migrate(ctx, dsn)
			if err != nil || !reflect.DeepEqual(applied, migrationFiles(t, db.name)) {
				t.Fatalf("first Migrate: %v, %v", applied, err)
			}
			applied, err = store.Migrate(ctx, dsn)
			if err != nil || len(applied) != 0 {
				t.Fatalf("second Migrate: %v, %v", applied, err)
			}

			// A database migrated by a newer qicao is refused, not damaged.
			raw, err := sql.Open(db.driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future.sql', 'x')"); err != nil {
				t.Fatal(err)
			}
			_, err = store.Open(ctx, dsn)
			if report.ErrorCode(err) != report.EINVALID {
				t.Fatalf("Open of a newer schema: %v", err)
			}
		})
	}
}

// TestMigrateConcurrently starts several instances at once on an empty PostgreSQL schema: the
// advisory lock lets one migrate while the others wait.
func TestMigrateConcurrently(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := store.Open(context.Background(), dsn)
			if err == nil {
				err = s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("instance %d: %v", i, err)
		}
	}
	raw, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	want := len(migrationFiles(t, "postgres"))
	if err := raw.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&n); err != nil || n != want {
		t.Errorf("schema_migrations has %d rows (%v), want %d", n, err, want)
	}
}

func TestOpenSQLiteFiles(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "report.docx")
	if err := os.WriteFile(notDB, []byte("PK\x03\x04 this is not a database, it is a long enough header to be read"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, code string
	}{
		{"not a database", notDB, report.EINVALID},
		{"missing directory", filepath.Join(dir, "no", "such", "qicao.db"), report.EINVALID},
		{"empty", "", report.EINVALID},
		{"odd characters", filepath.Join(dir, "报告 #1?%.db"), ""},
		{"in memory", ":memory:", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := store.Open(context.Background(), tt.path)
			if got := report.ErrorCode(err); got != tt.code {
				t.Fatalf("Open(%q): %v (code %q), want code %q", tt.path, err, got, tt.code)
			}
			if err != nil {
				return
			}
			defer s.Close()
			ctx := context.Background()
			w := &report.Workspace{Name: "2026年政府工作报告", Year: 2026}
			if err := s.CreateWorkspace(ctx, w, report.AuditEntry{}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Workspace(ctx, w.ID); err != nil {
				t.Errorf("read after write: %v", err)
			}
			if tt.path == ":memory:" {
				return
			}
			if _, err := os.Stat(tt.path); err != nil {
				t.Errorf("the database is not at the path given: %v", err)
			}
		})
	}
}

func TestOpenPostgresUnreachable(t *testing.T) {
	// Port 1 on the loopback refuses at once; the password must not appear in the message.
	_, err := store.Open(context.Background(), "postgres://qicao:secret@127.0.0.1:1/qicao?connect_timeout=2")
	if report.ErrorCode(err) != report.EINVALID || strings.Contains(err.Error(), "secret") {
		t.Errorf("Open of an unreachable server: %v", err)
	}
}

func TestDefaultDSN(t *testing.T) {
	t.Setenv("QICAO_DB", "")
	if got := store.DefaultDSN(); got != "qicao.db" {
		t.Errorf("DefaultDSN() = %q without QICAO_DB", got)
	}
	t.Setenv("QICAO_DB", "postgres://db/qicao")
	if got := store.DefaultDSN(); got != "postgres://db/qicao" {
		t.Errorf("DefaultDSN() = %q with QICAO_DB set", got)
	}
}

// migrationFiles lists a dialect's migration files in order, as a new database applies them.
func migrationFiles(t *testing.T, dialect string) []string {
	t.Helper()
	es, err := os.ReadDir(filepath.Join("migrations", dialect))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	if len(names) == 0 || names[0] != "0001_init.sql" {
		t.Fatalf("migrations of %s: %v", dialect, names)
	}
	return names
}

// TestMigrateWorkspaceGroup: migration 0012 copies the users' global leadership group into
// every workspace that exists, so an upgrade loses no group. The database is brought back to
// just before 0012 (its table dropped, its row forgotten) with users carrying the old field.
func TestMigrateWorkspaceGroup(t *testing.T) {
	for _, db := range []struct {
		name   string
		newDSN func(testing.TB) string
		driver string
	}{
		{"sqlite", storetest.SQLiteDSN, "sqlite3"},
		{"postgres", storetest.PostgresDSN, "postgres"},
	} {
		t.Run(db.name, func(t *testing.T) {
			ctx := context.Background()
			dsn := db.newDSN(t)
			st, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			none := report.AuditEntry{}
			w1, w2 := &report.Workspace{Name: "2026年政府工作报告", Year: 2026}, &report.Workspace{Name: "2027年政府工作报告", Year: 2027}
			lead := &report.Unit{Name: "市政府领导", Kind: report.UnitLeadership}
			for _, err := range []error{st.CreateWorkspace(ctx, w1, none), st.CreateWorkspace(ctx, w2, none), st.CreateUnit(ctx, lead, none)} {
				if err != nil {
					t.Fatal(err)
				}
			}
			var ids []int64
			for _, u := range []report.User{
				{Username: "mayor", Name: "李明", Role: report.RoleLeader, UnitID: lead.ID, Group: report.GroupHead},
				{Username: "deputy", Name: "王强", Role: report.RoleLeader, UnitID: lead.ID, Group: report.GroupDeputy},
				{Username: "none", Name: "周静", Role: report.RoleLeader, UnitID: lead.ID},
			} {
				u.PasswordHash = "x"
				if err := st.CreateUser(ctx, &u, none); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, u.ID)
			}
			st.Close()
			raw, err := sql.Open(db.driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			for _, q := range []string{"DROP TABLE workspace_group", "DELETE FROM schema_migrations WHERE version = 12"} {
				if _, err := raw.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			if applied, err := store.Migrate(ctx, dsn); err != nil || len(applied) != 1 || applied[0] != "0012_workspace_group.sql" {
				t.Fatalf("Migrate: %v, %v", applied, err)
			}
			st, err = store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			want := []report.GroupSeat{{UserID: ids[0], Role: report.GroupHead}, {UserID: ids[1], Role: report.GroupDeputy}}
			for _, w := range []*report.Workspace{w1, w2} {
				got, err := st.WorkspaceGroup(ctx, w.ID)
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("%s: group %+v, %v; want %+v", w.Name, got, err, want)
				}
			}
		})
	}
}

// A database another program holds locked past the busy timeout is explained, not reported as
// an internal error.
func TestOpenLockedSQLite(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "qicao.db")
	holder, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE; CREATE TABLE held (x)"); err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(context.Background(), path)
	if report.ErrorCode(err) != report.EINVALID || !strings.Contains(report.ErrorMessage(err), "正被另一个程序占用") {
		t.Errorf("Open of a locked database: %v (%s)", err, report.ErrorCode(err))
	}
}

// A search_path naming no schema that exists leaves nothing to create the tables in: said so.
func TestOpenPostgresWithoutSchema(t *testing.T) {
	base := os.Getenv(storetest.PostgresEnv)
	if base == "" {
		t.Skipf("%s not set", storetest.PostgresEnv)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", "qicao_no_such_schema")
	u.RawQuery = q.Encode()
	_, err = store.Open(context.Background(), u.String())
	if report.ErrorCode(err) != report.EINVALID || !strings.Contains(report.ErrorMessage(err), "schema") {
		t.Errorf("Open with a missing schema: %v (%s)", err, report.ErrorCode(err))
	}
}
