package docx_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"qicao/docx"
	"qicao/report"
)

// trackedCase is a 修改对照 of a short report: the merged document (deleted paragraphs kept
// where they stood), the spans of each block, and the new text that accepting gives.
func trackedCase() (*report.Document, [][]docx.Span, *report.Document) {
	merged := fromText(`政府工作报告
各位代表：
现在，我代表市人民政府作报告。
全年增长5.2%。
删去的段落。
新增的段落。
（一）聚力促发展。全年增长。
一、今年安排`)
	merged.Blocks = append(merged.Blocks, report.Block{Kind: report.Table, Text: "指标\t目标", Rows: [][]string{{"指标", "目标"}}})
	S, I, D := docx.Same, docx.Inserted, docx.Deleted
	spans := [][]docx.Span{
		nil,
		nil,
		{{"全年增长", S}, {"5%", D}, {"5.2%", I}, {"。", S}},
		{{"删去的段落。", D}},
		{{"新增的段落。", I}},
		{{"（一）聚力", S}, {"稳增长", D}, {"促发展", I}, {"。全年增长。", S}},
		{{"一、", S}, {"明年", D}, {"今年", I}, {"安排", S}},
		{{"指标\t目标", I}},
	}
	want := fromText(`政府工作报告
各位代表：
现在，我代表市人民政府作报告。
全年增长5.2%。
新增的段落。
（一）聚力促发展。全年增长。
一、今年安排`)
	want.Blocks = append(want.Blocks, report.Block{Kind: report.Table, Text: "指标\t目标", Rows: [][]string{{"指标", "目标"}}})
	want.Finish()
	return merged, spans, want
}

var revision = docx.Revision{Author: "写作组 & 张三", Date: time.Date(2027, 1, 5, 10, 30, 0, 0, time.UTC)}

func writeTracked(t *testing.T) []byte {
	t.Helper()
	merged, spans, _ := trackedCase()
	var buf bytes.Buffer
	if err := docx.WriteTracked(&buf, merged, spans, revision); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteTrackedReadsAccepted(t *testing.T) {
	data := writeTracked(t)
	got, err := docx.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	_, _, want := trackedCase()
	sameDocument(t, got, want)
}

func TestWriteTrackedMarkup(t *testing.T) {
	doc := parts(t, writeTracked(t))["word/document.xml"]
	rev := `w:author="写作组 &amp; 张三" w:date="2027-01-05T10:30:00Z"`
	for _, want := range []string{
		`<w:del w:id="1" ` + rev + `><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:delText xml:space="preserve">5%</w:delText></w:r></w:del>`,
		`<w:ins w:id="2" ` + rev + `><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">5.2%</w:t></w:r></w:ins>`,
		// A paragraph deleted whole has its mark deleted, one inserted whole its mark inserted.
		`<w:p><w:pPr><w:rPr><w:del w:id="3" ` + rev + `/></w:rPr></w:pPr><w:del w:id="4" `,
		`<w:p><w:pPr><w:rPr><w:ins w:id="5" ` + rev + `/></w:rPr></w:pPr><w:ins w:id="6" `,
		// The run-in heading's label and title are in the heading font, deleted words included,
		// and its body in the body font.
		`<w:r><w:rPr><w:rStyle w:val="Heading2Char"/><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">（一）聚力</w:t></w:r>`,
		`<w:r><w:rPr><w:rStyle w:val="Heading2Char"/><w:rFonts w:hint="eastAsia"/></w:rPr><w:delText xml:space="preserve">稳增长</w:delText></w:r>`,
		`<w:r><w:rPr><w:rStyle w:val="Heading2Char"/><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">促发展</w:t></w:r>`,
		`<w:r><w:rPr><w:rStyle w:val="Heading2Char"/><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">。</w:t></w:r><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">全年增长。</w:t></w:r>`,
		// A heading on its own keeps its paragraph style.
		`<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r>`,
		// An inserted table has its rows marked.
		`<w:tr><w:trPr><w:ins w:id=`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	// Revision IDs are unique.
	ids := regexp.MustCompile(`<w:(?:ins|del) w:id="(\d+)"`).FindAllStringSubmatch(doc, -1)
	seen := map[string]bool{}
	for _, m := range ids {
		if seen[m[1]] {
			t.Errorf("revision id %s used twice", m[1])
		}
		seen[m[1]] = true
	}
}

// TestWriteTrackedLibreOffice has LibreOffice open the tracked file and save it again as .docx
// and as .odt: the revisions must survive as revisions, not as plain text.
func TestWriteTrackedLibreOffice(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "tracked.docx")
	os.MkdirAll(filepath.Dir(in), 0o755)
	if err := os.WriteFile(in, writeTracked(t), 0o644); err != nil {
		t.Fatal(err)
	}
	out := soffice(t, in, "docx:MS Word 2007 XML", dir)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	doc := parts(t, data)["word/document.xml"]
	for _, want := range []string{"<w:ins ", "<w:del ", "<w:delText", "稳增长", "写作组 &amp; 张三"} {
		if !strings.Contains(doc, want) {
			t.Errorf("LibreOffice's .docx lacks %s", want)
		}
	}
	got, err := docx.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	_, _, want := trackedCase()
	if got.PlainText() != want.PlainText() {
		t.Errorf("LibreOffice's .docx reads as\n%s\nwant\n%s", got.PlainText(), want.PlainText())
	}

	odt := soffice(t, in, "odt", dir)
	data, err = os.ReadFile(odt)
	if err != nil {
		t.Fatal(err)
	}
	content := parts(t, data)["content.xml"]
	if !strings.Contains(content, "<text:tracked-changes") || !strings.Contains(content, "<text:deletion>") || !strings.Contains(content, "<text:insertion>") {
		t.Errorf(".odt has no tracked changes")
	}
}
