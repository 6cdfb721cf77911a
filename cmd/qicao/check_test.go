package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"qicao/golden"
	"strings"
	"testing"
)

func TestCheckGolden(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
		code   int
	}{
		{"check.golden", []string{"check", "testdata/check-errors.txt"}, 1},
		{"check-json.golden", []string{"check", "--format", "json", "testdata/check-errors.txt"}, 1},
		{"check-config.golden", []string{"check", "testdata/check-errors.txt", "--config", "testdata/check-config.toml"}, 1},
		{"check-rules.golden", []string{"check", "--rules"}, 0},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, &stdout, &stderr); code != tt.code {
			t.Fatalf("%v: exit %d, want %d: %s", tt.args, code, tt.code, stderr.String())
		}
		golden.Check(t, tt.golden, stdout.Bytes())
	}
}

// TestCheckLineColumn: positions point at the finding in the file as an editor shows it, past
// blank lines and indentation.
func TestCheckLineColumn(t *testing.T) {
	var stdout, stderr bytes.Buffer
	run([]string{"check", "--format", "json", "testdata/check-errors.txt"}, &stdout, &stderr)
	var out struct {
		Files []struct {
			Findings []struct {
				Rule         string
				Line, Column int
			}
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile("testdata/check-errors.txt")
	lines := strings.Split(string(src), "\n")
	want := map[string]string{"punct-ascii": ";", "repeat-char": "从从", "count-list": "4个方面", "seq-heading": "（三）", "seq-inline": "四是", "num-range-unit": "5～6%", "word-misused": "再接再励", "placeholder": "XX"}
	seen := 0
	for _, f := range out.Files[0].Findings {
		w, ok := want[f.Rule]
		if !ok {
			continue
		}
		seen++
		rs := []rune(lines[f.Line-1])
		if got := string(rs[f.Column-1:]); !strings.HasPrefix(got, w) {
			t.Errorf("%s at %d:%d reads %q, want %q", f.Rule, f.Line, f.Column, got, w)
		}
	}
	if seen < len(want) {
		t.Errorf("only %d of %d expected findings", seen, len(want))
	}
}

func TestCheckExitCodes(t *testing.T) {
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.txt")
	os.WriteFile(clean, []byte("政府工作报告\n一、2026年工作回顾\n全年地区生产总值增长5.6%。\n"), 0o644)
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("off = [\"nope\"]"), 0o644)
	tests := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"check", clean}, 0, ""},
		{[]string{"check", filepath.Join(dir, "missing.txt")}, 2, "找不到文件"},
		{[]string{"check", clean, "--config", bad}, 2, "不存在"},
		{[]string{"check", clean, "--format", "xml"}, 2, "text 或 json"},
		{[]string{"check"}, 2, "需要至少一个报告文件"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, &stdout, &stderr); code != tt.code || !strings.Contains(stderr.String(), tt.err) {
			t.Errorf("%v: exit %d, stderr %q", tt.args, code, stderr.String())
		}
	}
}
