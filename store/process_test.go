package store_test

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"qicao/report"
	"qicao/store"
	"qicao/store/storetest"
)

// TestTwoProcesses has two separate processes add versions to one SQLite file at the same time,
// as two servers on one machine would: SQLite's file locks, not anything in our process, must
// keep the numbers unique and contiguous.
func TestTwoProcesses(t *testing.T) {
	if os.Getenv("QICAO_STORE_CHILD") != "" {
		t.Skip("in a child process")
	}
	ctx := context.Background()
	path := storetest.SQLiteDSN(t)
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w := &report.Workspace{Name: "2026年政府工作报告", Year: 2026}
	if err := s.CreateWorkspace(ctx, w, report.AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	var children []*exec.Cmd
	for i := 0; i < 2; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChildAddVersions$", "-test.count=1")
		cmd.Env = append(os.Environ(), "QICAO_STORE_CHILD="+path)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		children = append(children, cmd)
	}
	for _, c := range children {
		if err := c.Wait(); err != nil {
			t.Fatalf("child: %v", err)
		}
	}
	vs, err := s.Versions(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2*childVersions {
		t.Fatalf("%d versions stored, want %d", len(vs), 2*childVersions)
	}
	for i, v := range vs {
		if v.Number != i+1 {
			t.Errorf("version %d has number %d", i+1, v.Number)
		}
	}
}

const childVersions = 15

// TestChildAddVersions is the child's work in TestTwoProcesses; alone it does nothing.
func TestChildAddVersions(t *testing.T) {
	path := os.Getenv("QICAO_STORE_CHILD")
	if path == "" {
		t.Skip("only run as a child of TestTwoProcesses")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ws, err := s.Workspaces(ctx)
	if err != nil || len(ws) != 1 {
		t.Fatalf("workspaces: %v, %v", ws, err)
	}
	doc := storetest.Document(2000)
	for i := 0; i < childVersions; i++ {
		v := &report.Version{WorkspaceID: ws[0].ID, Label: "稿", Doc: doc}
		if err := s.AddVersion(ctx, v, nil, report.AuditEntry{Action: "version.add"}); err != nil {
			t.Fatal(err)
		}
	}
}
