package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"qicao/report"
	"qicao/store"
	"qicao/store/storetest"
)

// TestBackupWhileWriting copies the database while another handle keeps adding versions: each
// copy must hold whole transactions only, a version always with its paragraphs and audit entry.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "qicao.db")
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w := &report.Workspace{Name: "2026年政府工作报告", Year: 2026}
	if err := s.CreateWorkspace(ctx, w, report.AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	doc := storetest.Document(3000)

	var added atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	writerDone := make(chan struct{})
	go func() {
		defer wg.Done()
		defer close(writerDone)
		for {
			select {
			case <-stop:
				return
			default:
			}
			v := &report.Version{WorkspaceID: w.ID, Label: "稿", Doc: doc}
			if err := s.AddVersion(ctx, v, nil, report.AuditEntry{Action: "version.add"}); err != nil {
				t.Error(err)
				return
			}
			added.Add(1)
		}
	}()
	var copies []string
	for i := 0; i < 3; i++ {
		// Let the writer get ahead, so that each copy is taken mid-stream.
		for added.Load() < int64(5*(i+1)) {
			select {
			case <-writerDone:
				t.Fatal("the writer stopped")
			case <-time.After(time.Millisecond):
			}
		}
		out := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		if err := store.Backup(ctx, path, out); err != nil {
			t.Fatalf("Backup: %v", err)
		}
		copies = append(copies, out)
	}
	close(stop)
	wg.Wait()

	prev := 0
	for _, out := range copies {
		n := checkBackup(t, out, len(doc.Blocks))
		t.Logf("%s: %d versions", filepath.Base(out), n)
		if n < prev {
			t.Errorf("%s holds %d versions, fewer than the copy before", out, n)
		}
		prev = n
	}
	if prev == 0 {
		t.Error("the copies hold no versions")
	}

	err = store.Backup(ctx, path, copies[0])
	if report.ErrorCode(err) != report.EINVALID {
		t.Errorf("Backup onto an existing file: %v", err)
	}
	for _, bad := range []string{filepath.Join(dir, "missing.db"), "postgres://localhost/qicao"} {
		if err := store.Backup(ctx, bad, filepath.Join(dir, "x.db")); report.ErrorCode(err) != report.EINVALID {
			t.Errorf("Backup(%s): %v", bad, err)
		}
	}
	if err := store.Backup(ctx, path, filepath.Join(dir, "no", "dir", "x.db")); report.ErrorCode(err) != report.EINVALID {
		t.Errorf("Backup into a missing directory: %v", err)
	}
}

// checkBackup opens a copy as qicao would and checks that its versions are whole, returning how
// many it holds.
func checkBackup(t *testing.T, path string, blocks int) int {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer s.Close()
	ws, err := s.Workspaces(ctx)
	if err != nil || len(ws) != 1 {
		t.Fatalf("%s: workspaces %v, %v", path, ws, err)
	}
	vs, err := s.Versions(ctx, ws[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vs {
		if v.Number != i+1 {
			t.Errorf("%s: version %d numbered %d", path, i+1, v.Number)
		}
		full, err := s.Version(ctx, v.ID)
		if err != nil || len(full.Doc.Blocks) != blocks {
			t.Errorf("%s: version %d unreadable: %v", path, v.ID, err)
		}
	}
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var paragraphs, audits int
	raw.QueryRow("SELECT count(*) FROM paragraphs").Scan(&paragraphs)
	raw.QueryRow("SELECT count(*) FROM audit_log WHERE action = 'version.add'").Scan(&audits)
	if paragraphs != blocks*len(vs) || audits != len(vs) {
		t.Errorf("%s: %d versions but %d paragraphs and %d audit entries", path, len(vs), paragraphs, audits)
	}
	return len(vs)
}
