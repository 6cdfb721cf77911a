package main

import (
	"bytes"
	"os"
	"path/filepath"
	"qicao/golden"
	"strings"
	"testing"
)

func TestStatsGolden(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
	}{
		{"stats.golden", []string{"stats", "testdata/shili.txt"}},
		{"stats-json.golden", []string{"stats", "testdata/shili.txt", "--json"}},
		{"stats-depth.golden", []string{"stats", "--depth", "1", "testdata/shili.txt"}},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, &stdout, &stderr); code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, stderr.String())
		}
		golden.Check(t, tt.golden, stdout.Bytes())
	}
}

func TestStatsBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"no file", []string{"stats"}, "需要一个报告文件"},
		{"two files", []string{"stats", "a.txt", "b.txt"}, "需要一个报告文件"},
		{"unknown flag", []string{"stats", "--xml", "testdata/shili.txt"}, "参数有误"},
		{"missing", []string{"stats", filepath.Join(dir, "none.txt")}, "找不到文件"},
		{"empty", []string{"stats", write("empty.txt", nil)}, "文件为空"},
		{"legacy doc", []string{"stats", write("old.doc", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"))}, "不支持旧版 .doc 格式"},
		{"binary", []string{"stats", write("junk.txt", []byte("\x00\x01\x02\x03\xff\xfe\x80\x81\x00"))}, "qicao: "},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(tt.args, &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), tt.msg) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", tt.name, code, stderr.String(), tt.msg)
		}
	}
}

// A GBK report with a 造字 is read, and stats names the character and where it is.
func TestStatsUserDefined(t *testing.T) {
	gbk := []byte("\xca\xbe\xc0\xfd\xca\xd0\xd5\xfe\xb8\xae\xb9\xa4\xd7\xf7\xb1\xa8\xb8\xe6\n" + // 示例市政府工作报告
		"\xd2\xbb\xa1\xa2\xbb\xd8\xb9\xcb\n" + // 一、回顾
		"\xc7\xe0\xca\xaf\xd5\xf2\xaa\xa1\xcf\xaa\xb4\xe5\xa1\xa3\n") // 青石镇\uE000溪村。
	path := filepath.Join(t.TempDir(), "gbk.txt")
	if err := os.WriteFile(path, gbk, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"stats", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if out := stdout.String(); !strings.Contains(out, "造字：文中有 1 个") || !strings.Contains(out, "\ue000（U+E000）共 1 处，首次出现在“青石镇\ue000溪村。”") {
		t.Errorf("stats output:\n%s", out)
	}
	stdout.Reset()
	run([]string{"stats", "--json", path}, &stdout, &stderr)
	if !strings.Contains(stdout.String(), `"code": "U+E000"`) {
		t.Errorf("stats --json:\n%s", stdout.String())
	}
}
