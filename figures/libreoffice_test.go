package figures

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qicao/docx"
	"qicao/load"
	"qicao/report"
)

// The 填充稿 .docx opens in LibreOffice: rendered to PDF, its text has the values in place of
// the placeholders.
func TestFilledDocxInLibreOffice(t *testing.T) {
	bin, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice is not installed")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	d, err := load.Bytes([]byte("政府工作报告\n一、2026年工作回顾\n预计全年实现地区生产总值××亿元【地区生产总值｜统计局】，增长XX%【地区生产总值增速｜统计局】，一般公共预算收入完成【待填：一般公共预算收入｜财政局】。\n二、2027年工作安排\n主要预期目标是：地区生产总值增长【地区生产总值增长目标｜统计局】左右。\n"))
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]*report.Indicator{
		"地区生产总值":     {Name: "地区生产总值", Unit: "亿元", Value: "386.5"},
		"地区生产总值增速":   {Name: "地区生产总值增速", Unit: "%", Value: "6.2"},
		"一般公共预算收入":   {Name: "一般公共预算收入", Unit: "亿元", Value: "21.8"},
		"地区生产总值增长目标": {Name: "地区生产总值增长目标", Unit: "%", Value: "6%左右", AllowText: true},
	}
	ps, _ := Find(d)
	var uses []Use
	for _, p := range ps {
		uses = append(uses, Use{Indicator: values[p.Name], Block: p.Block, Start: p.Start, End: p.End, Quote: p.Text})
	}
	filled := Fill(d, uses)
	dir := t.TempDir()
	file := filepath.Join(dir, "填充稿.docx")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := docx.Write(f, filled); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "pdf", "--outdir", dir, file).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	text, err := exec.Command("pdftotext", filepath.Join(dir, "填充稿.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// the PDF's text wraps at the grid's 28 characters a line
	got := strings.Join(strings.Fields(string(text)), "")
	for _, want := range []string{"地区生产总值386.5亿元，增长6.2%，一般公共预算收入完成21.8亿元。", "地区生产总值增长6%左右。"} {
		if !strings.Contains(got, want) {
			t.Errorf("LibreOffice renders the 填充稿 without %q:\n%s", want, got)
		}
	}
	if strings.ContainsAny(got, "【】") || strings.Contains(got, "XX") {
		t.Errorf("a placeholder is left in the 填充稿:\n%s", got)
	}
}
