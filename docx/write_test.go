package docx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"qicao/docx"
	"qicao/golden"
	"qicao/outline"
	"qicao/report"
	"qicao/sample"
)

// fromText builds a document the way the text reader does: one paragraph a line.
func fromText(text string) *report.Document {
	var paras []outline.Para
	for _, line := range strings.Split(text, "\n") {
		paras = append(paras, outline.Para{Text: line})
	}
	return outline.Build(paras)
}

// withTable is a document from text lines followed by a table.
func withTable(text string) *report.Document {
	var paras []outline.Para
	for _, line := range strings.Split(text, "\n") {
		paras = append(paras, outline.Para{Text: line})
	}
	paras = append(paras, outline.Para{Rows: [][]string{{"指标", "2026年"}, {"生产总值", "386.5亿元"}, {"", "空格"}}})
	return outline.Build(paras)
}

func writeDocx(t testing.TB, doc *report.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := docx.Write(&buf, doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sameDocument compares what a round trip must keep: text, title block and outline.
func sameDocument(t *testing.T, got, want *report.Document) {
	t.Helper()
	if g, w := got.PlainText(), want.PlainText(); g != w {
		gl, wl := strings.Split(g, "\n"), strings.Split(w, "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("text differs at line %d:\n got %q\nwant %q", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("text differs: %d lines, want %d", len(gl), len(wl))
	}
	if got.Title != want.Title || got.Subtitle != want.Subtitle || got.Speaker != want.Speaker {
		t.Errorf("title block %q %q %q, want %q %q %q", got.Title, got.Subtitle, got.Speaker, want.Title, want.Subtitle, want.Speaker)
	}
	if g, w := outlineString(got), outlineString(want); g != w {
		t.Errorf("outline:\n%s\nwant:\n%s", g, w)
	}
	for i := range want.Blocks {
		g, w := got.Blocks[i], want.Blocks[i]
		if g.ID != w.ID || g.Kind != w.Kind || g.LabelEnd != w.LabelEnd || g.HeadEnd != w.HeadEnd {
			t.Errorf("block %d: %+v, want %+v", i, g, w)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	wps, err := docx.Read(makeDocx(t, wpsBody, "", wpsNumbering))
	if err != nil {
		t.Fatal(err)
	}
	styled, err := docx.Read(makeDocx(t, p("各位代表：")+styled("1", "过去一年的工作")+styled("2", "经济运行")+p("增长5%。")+styled("1", "今年的安排"), wordStyles, ""))
	if err != nil {
		t.Fatal(err)
	}
	libre, err := os.ReadFile("testdata/libreoffice.docx")
	if err != nil {
		t.Fatal(err)
	}
	lo, err := docx.Read(libre)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		doc  *report.Document
	}{
		{"WPS automatic numbering", wps},
		{"style headings without labels", styled},
		{"LibreOffice", lo},
		{"sample report from text", fromText(string(sample.Report(1)))},
		{"table and odd characters", withTable("示例市统计表\n各位代表：\n一、数据\n正文里有 <尖括号> & “引号” 和\t制表符。\n控制\x01字符\x7f与无效\xff字节")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := tt.doc
			back, err := docx.Read(writeDocx(t, doc))
			if err != nil {
				t.Fatal(err)
			}
			if tt.name == "table and odd characters" {
				// Characters XML cannot carry are dropped on writing; what remains survives.
				doc = withTable("示例市统计表\n各位代表：\n一、数据\n正文里有 <尖括号> & “引号” 和\t制表符。\n控制字符\x7f与无效字节")
			}
			sameDocument(t, back, doc)
		})
	}
}

// parts unzips a package into its parts' text.
func parts(t testing.TB, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(b)
	}
	return out
}

// smallReport has every kind of block the writer treats differently.
func smallReport() *report.Document {
	doc := fromText(`政府工作报告
——2027年1月18日在示例市第三届人民代表大会第六次会议上
示例市市长　李明远
各位代表：
现在，我代表市人民政府，向大会报告工作。
第一部分　2026年工作回顾
一、经济运行
（一）聚力稳增长。全年增长6.2%。
1.全链招商。引进项目84个。
（1）落实惠企政策
第二部分　2027年工作安排`)
	doc.Blocks = append(doc.Blocks, report.Block{Kind: report.Table, Rows: [][]string{{"指标", "目标"}, {"生产总值增长", "6%左右"}}})
	doc.Finish()
	return doc
}

// TestWriteGolden pins the XML of a small report, so a change in the layout is seen in review.
func TestWriteGolden(t *testing.T) {
	ps := parts(t, writeDocx(t, smallReport()))
	golden.Check(t, "small.document.xml.golden", []byte(strings.ReplaceAll(ps["word/document.xml"], "<w:p>", "\n<w:p>")))
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/fontTable.xml", "word/footer1.xml", "word/footer2.xml", "docProps/core.xml", "docProps/app.xml"} {
		if ps[name] == "" {
			t.Errorf("part %s missing", name)
		}
	}
}

func TestWriteLayout(t *testing.T) {
	ps := parts(t, writeDocx(t, smallReport()))
	checks := []struct{ part, want string }{
		{"word/document.xml", `<w:pgSz w:w="11906" w:h="16838"/>`},
		{"word/document.xml", `<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"`},
		{"word/document.xml", `<w:docGrid w:type="lines" w:linePitch="579" w:charSpace="-849"/>`},
		{"word/styles.xml", `<w:spacing w:val="-5"/><w:sz w:val="32"/>`},
		{"word/document.xml", `<w:footerReference w:type="even"`},
		{"word/settings.xml", `<w:evenAndOddHeaders/>`},
		{"word/styles.xml", `<w:ind w:firstLineChars="200" w:firstLine="640"/>`},
		{"word/styles.xml", `w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:hint="eastAsia"`},
		{"word/styles.xml", `w:eastAsia="方正小标宋简体"`},
		{"word/styles.xml", `<w:sz w:val="44"/>`},
		{"word/footer1.xml", `<w:ind w:rightChars="100" w:right="280" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>`},
		{"word/footer2.xml", `<w:ind w:leftChars="100" w:left="280" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/>`},
		{"word/footer1.xml", `— </w:t>`},
		{"word/fontTable.xml", `<w:font w:name="方正小标宋简体"><w:altName w:val="小标宋"/>`},
	}
	for _, c := range checks {
		if !strings.Contains(ps[c.part], c.want) {
			t.Errorf("%s lacks %s", c.part, c.want)
		}
	}
	// Each part is well-formed: the reader's own decoder would refuse it otherwise, but check
	// the parts it does not read too.
	for name, text := range ps {
		if err := wellFormed(text); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func wellFormed(text string) error {
	d := xml.NewDecoder(strings.NewReader(text))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// TestWriteOddModel writes blocks whose offsets no reader would produce: the writer must not
// fail on them.
func TestWriteOddModel(t *testing.T) {
	doc := &report.Document{Blocks: []report.Block{
		{Kind: report.Heading, Text: "（一）标题。正文", HeadEnd: -3, LabelEnd: 99, Level: 9},
		{Kind: report.Heading, Text: "一、标题", HeadEnd: 1, Level: -1},
		{Kind: report.Heading, Text: "", HeadEnd: 5},
		{Kind: report.Table, Rows: [][]string{{}, {"甲"}, {"乙", "丙\n丁"}}},
		{Kind: report.Table},
	}}
	back, err := docx.Read(writeDocx(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := back.PlainText(), "（一）标题。正文\n一、标题\n甲\n乙\t丙 丁\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Every .docx qicao writes dates its entries no earlier than 1980-01-01, the first date a zip
// entry can hold; archive/zip would write a zero time as 1979-11-30.
func TestZipDates(t *testing.T) {
	var notice bytes.Buffer
	if err := docx.WriteNotice(&notice, sampleNotice()); err != nil {
		t.Fatal(err)
	}
	doc := fromText("示例市政府工作报告\n一、回顾\n全年增长6%。\n")
	doc.Blocks[1].Notes = []report.Note{{At: 3, Text: "按可比价格计算。"}}
	for name, data := range map[string][]byte{
		"report":  writeDocx(t, doc),
		"tracked": writeTracked(t),
		"notice":  notice.Bytes(),
	} {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			if f.Modified.Before(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) || f.ModifiedDate < 0x21 {
				t.Errorf("%s: %s dated %v (DOS date %#x)", name, f.Name, f.Modified, f.ModifiedDate)
			}
		}
	}
}
