package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestServerCommands: serve, migrate, user and backup run qicao-server with the same
// arguments and pass its exit code on; without it, a clear message and exit code 2.
func TestServerCommands(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a shell script stands in for qicao-server")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"migrate", "--db", "x.db"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "找不到 qicao-server") {
		t.Fatalf("without qicao-server: exit %d, %q", code, stderr.String())
	}
	script := "#!" + sh + "\necho \"args: $*\"\necho oops >&2\nexit 3\n"
	if err := os.WriteFile(filepath.Join(dir, "qicao-server"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	code := run([]string{"migrate", "--db", "x.db"}, &stdout, &stderr)
	if code != 3 || stdout.String() != "args: migrate --db x.db\n" || stderr.String() != "oops\n" {
		t.Errorf("through qicao-server: exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}

// TestHelp lists every command, those qicao-server runs included.
func TestHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"help"}, &stdout, &stderr); code != 0 {
		t.Fatalf("help: exit %d", code)
	}
	for _, c := range []string{"serve", "migrate", "user", "backup", "stats", "check", "diff", "explain", "export", "help"} {
		if !strings.Contains(stdout.String(), "  "+c+" ") {
			t.Errorf("help lacks %s:\n%s", c, stdout.String())
		}
	}
}

// TestLightDependencies keeps the file commands' binary free of the packages whose
// initialisation made every file command start slowly (see server.go).
func TestLightDependencies(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool")
	}
	out, err := exec.Command(goTool, "list", "-deps", "qicao/cmd/qicao").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, heavy := range []string{"qicao/store", "qicao/web", "github.com/xuri/excelize/v2", "github.com/jackc/pgx/v5", "modernc.org/sqlite", "net/http"} {
		for _, dep := range strings.Fields(string(out)) {
			if dep == heavy {
				t.Errorf("qicao imports %s", heavy)
			}
		}
	}
}
