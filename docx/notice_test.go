package docx_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qicao/docx"
)

func sampleNotice() docx.Notice {
	return docx.Notice{
		Mark:   "示例市人民政府办公室",
		Number: "示政办函〔2026〕12号",
		Title:  "关于报送2027年政府工作报告起草材料的通知",
		To:     "各乡镇人民政府，市直各部门",
		Body: []docx.NoticeParagraph{
			{Text: "为做好2027年政府工作报告起草工作，请各单位按要求报送以下材料。"},
			{Text: "一、报送材料", Level: 1},
			{Text: "1. 工作总结：本年度工作总结，不超过3000字。"},
			{Text: "2. 民生实事建议：逐项填写项目名称、主要内容、投资/资金、责任单位、完成时限。"},
			{Text: "二、报送时间", Level: 1},
			{Text: "请于2026年10月31日18时前报送。"},
		},
		Attachments: []string{"民生实事建议表"},
		Signature:   "示例市人民政府办公室",
		Date:        time.Date(2026, 10, 19, 0, 0, 0, 0, time.UTC),
		Contact:     "联系人：李明，联系电话：0000-1234567",
	}
}

// TestWriteNotice reads a notice back: every part, in the order GB/T 9704 sets.
func TestWriteNotice(t *testing.T) {
	var buf bytes.Buffer
	if err := docx.WriteNotice(&buf, sampleNotice()); err != nil {
		t.Fatal(err)
	}
	doc, err := docx.Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	text := doc.PlainText()
	last := -1
	for _, want := range []string{"示例市人民政府办公室", "示政办函〔2026〕12号", "关于报送2027年政府工作报告起草材料的通知",
		"各乡镇人民政府，市直各部门：", "一、报送材料", "二、报送时间", "附件：民生实事建议表", "2026年10月19日", "（联系人：李明，联系电话：0000-1234567）"} {
		i := strings.Index(text, want)
		if i <= last {
			t.Fatalf("%q missing or out of order in:\n%s", want, text)
		}
		last = i
	}
}

// TestNoticeLibreOffice renders a notice through LibreOffice: the parts appear in order, the
// date right of the body. With $QICAO_SCREENSHOTS set, the pages are kept as notice-N.png for
// a person to look at.
func TestNoticeLibreOffice(t *testing.T) {
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("soffice is not installed")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "notice.docx")
	var buf bytes.Buffer
	if err := docx.WriteNotice(&buf, sampleNotice()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := soffice(t, file, "pdf", dir)
	all := strings.Join(pdfText(t, pdf), "\n")
	lines := strings.Split(all, "\n")
	find := func(s string) (int, string) {
		for i, l := range lines {
			if strings.Contains(strings.ReplaceAll(l, " ", ""), s) {
				return i, l
			}
		}
		t.Fatalf("%q not in the rendered notice:\n%s", s, all)
		return 0, ""
	}
	mark, _ := find("示例市人民政府办公室")
	number, _ := find("示政办函〔2026〕12号")
	title, _ := find("关于报送2027年政府工作报告起草材料的通") // the title may wrap before 知
	to, toLine := find("各乡镇人民政府，市直各部门：")
	date, dateLine := find("2026年10月19日")
	if !(mark < number && number < title && title < to && to < date) {
		t.Errorf("parts out of order: mark %d, number %d, title %d, 主送 %d, date %d", mark, number, title, to, date)
	}
	indent := func(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }
	if indent(dateLine) <= indent(toLine)+8 {
		t.Errorf("the date is not right-aligned: %q vs %q", dateLine, toLine)
	}
	if shots := os.Getenv("QICAO_SCREENSHOTS"); shots != "" {
		out, err := exec.Command("pdftoppm", "-png", "-r", "80", pdf, filepath.Join(shots, "notice")).CombinedOutput()
		if err != nil {
			t.Errorf("pdftoppm: %v %s", err, out)
		}
	}
}
