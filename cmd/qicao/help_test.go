package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestHelp lists every command of the one binary.
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
