// Package storetest is the one test suite every report.Store implementation passes, and the
// databases to run it on: a fresh SQLite file, or a fresh schema in the PostgreSQL named by
// $QICAO_TEST_POSTGRES. Other packages' tests use the same helpers for their own databases.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/lib/pq" // the "postgres" driver, to create and drop schemas
)

// PostgresEnv names the variable holding the PostgreSQL URL tests use; without it they skip.
const PostgresEnv = "QICAO_TEST_POSTGRES"

// SQLiteDSN returns the path of a new SQLite database in a temporary directory.
func SQLiteDSN(t testing.TB) string {
	return filepath.Join(t.TempDir(), "qicao.db")
}

// PostgresDSN creates a schema of its own in the database named by $QICAO_TEST_POSTGRES, drops
// it when the test ends, and returns a URL whose connections use it. It skips the test when the
// variable is not set.
func PostgresDSN(t testing.TB) string {
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("%s not set: PostgreSQL tests skipped", PostgresEnv)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "qicao_test_" + hex.EncodeToString(b[:])

	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
