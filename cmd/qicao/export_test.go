package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qicao/load"
)

func TestExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "shili.txt")
	data, err := os.ReadFile("testdata/shili.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := load.File(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range exportFormats() {
		out := filepath.Join(dir, "export."+format)
		var stdout, stderr bytes.Buffer
		if code := run([]string{"export", src, "--to", format, "-o", out}, &stdout, &stderr); code != 0 {
			t.Fatalf("--to %s: exit %d: %s", format, code, stderr.String())
		}
		if format == "html" {
			page, err := os.ReadFile(out)
			if err != nil || !strings.Contains(string(page), want.Blocks[len(want.Blocks)-1].Text) {
				t.Errorf("--to html: %v, page lacks the last paragraph", err)
			}
			continue
		}
		got, err := load.File(out)
		if err != nil {
			t.Fatalf("--to %s: reading the export: %v", format, err)
		}
		if got.PlainText() != want.PlainText() {
			t.Errorf("--to %s: text differs after export:\n%s", format, got.PlainText())
		}
	}
}

func TestExportDefaultName(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "初稿.txt")
	data, err := os.ReadFile("testdata/shili.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"export", "--to", "md", src}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "初稿.md")); err != nil {
		t.Errorf("no 初稿.md beside the input: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("export left %d files in the folder, want the input and the output", len(entries))
	}
}

func TestExportStdoutAndErrors(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"export", "--to", "txt", "-o", "-", "testdata/shili.txt"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if want, _ := os.ReadFile("testdata/shili.txt"); !strings.HasPrefix(stdout.String(), "政府工作报告\n") || len(stdout.String()) > len(want) {
		t.Errorf("stdout = %q", stdout.String())
	}
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"unknown format", []string{"export", "testdata/shili.txt", "--to", "pdf"}, "不支持的输出格式"},
		{"over its input", []string{"export", "testdata/shili.txt", "--to", "txt"}, "输出文件与输入文件相同"},
		{"no file", []string{"export", "--to", "md"}, "需要一个报告文件"},
		{"missing input", []string{"export", "testdata/none.txt", "-o", "-"}, "找不到文件"},
		{"unwritable output", []string{"export", "testdata/shili.txt", "--to", "md", "-o", filepath.Join(t.TempDir(), "no", "such", "dir.md")}, "无法写入文件"},
	}
	for _, tt := range tests {
		stdout.Reset()
		stderr.Reset()
		if code := run(tt.args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), tt.msg) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", tt.name, code, stderr.String(), tt.msg)
		}
	}
}
