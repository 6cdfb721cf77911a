package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiffAndExplain runs the two commands as a user would, on the sample drafts.
func TestDiffAndExplain(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, nil, 0o644)
	badTimeline := filepath.Join(dir, "bad.txt")
	os.WriteFile(badTimeline, []byte("2026-10-19 开会 x\n"), 0o644)
	v1, v2 := "../../sample/shili-2027-v1.txt", "../../sample/shili-2027-v2.txt"
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string // a piece the output must contain
		stderr string
		file   string // output file to check, with the piece it must contain
		inFile string
	}{
		{"text", []string{"diff", v1, v2}, 0, "摘要：修改", "", "", ""},
		{"flags after files", []string{"diff", v1, v2, "--to", "html", "-o", filepath.Join(dir, "d.html")}, 0, "", "", "d.html", "<del>"},
		{"docx", []string{"diff", "--to", "docx", "-o", filepath.Join(dir, "d.docx"), v1, v2}, 0, "", "", "d.docx", "<w:ins "},
		{"identical", []string{"diff", v1, v1}, 0, "两稿相同", "", "", ""},
		{"from an empty draft", []string{"diff", empty, v1}, 0, "新增", "", "", ""},
		{"one file", []string{"diff", v1}, 2, "", "需要两个文件", "", ""},
		{"missing file", []string{"diff", v1, filepath.Join(dir, "none.txt")}, 2, "", "找不到文件", "", ""},
		{"bad format", []string{"diff", v1, v2, "--to", "pdf"}, 2, "", "不支持的输出格式", "", ""},
		{"unknown flag", []string{"diff", "--color", v1, v2}, 2, "", "参数有误", "", ""},
		{"explain", []string{"explain", v1, "--timeline", "../../sample/timeline-2027.txt"}, 0, "一是坚持项目为王", "", "", ""},
		// "-o -" is the screen, as for export, not a file named "-".
		{"explain to -", []string{"explain", v1, "-o", "-"}, 0, "起草有关情况的说明", "", "", ""},
		{"diff to -", []string{"diff", v1, v2, "-o", "-"}, 0, "摘要：修改", "", "", ""},
		{"explain docx", []string{"explain", v1, "--to", "docx", "-o", filepath.Join(dir, "e.docx")}, 0, "", "", "e.docx", "【待填"},
		{"explain bad timeline", []string{"explain", v1, "--timeline", badTimeline}, 2, "", "时间线第1行：未知事项", "", ""},
		{"explain empty report", []string{"explain", empty}, 2, "", "文件为空", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(c.args, &stdout, &stderr); code != c.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, c.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), c.stdout) || !strings.Contains(stderr.String(), c.stderr) {
				t.Errorf("stdout %.200q\nstderr %q", stdout.String(), stderr.String())
			}
			if c.file == "" {
				return
			}
			data, err := os.ReadFile(filepath.Join(dir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(c.file, ".docx") {
				data = docxBody(t, data)
			}
			if !bytes.Contains(data, []byte(c.inFile)) {
				t.Errorf("%s lacks %q", c.file, c.inFile)
			}
		})
	}
}

func docxBody(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			return b.Bytes()
		}
	}
	t.Fatal("no word/document.xml")
	return nil
}
