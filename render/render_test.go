package render_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"qicao/golden"
	"qicao/outline"
	"qicao/render"
	"qicao/report"
	"qicao/textfile"
)

func shili(t *testing.T) *report.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "shili.txt"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := textfile.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// tricky holds text that Markdown would take for markup if written as is.
func tricky() *report.Document {
	return outline.Build([]outline.Para{
		{Text: "政府工作报告"},
		{Text: "一、2026年工作回顾 #"},
		{Text: "1. 这不是列表，是编号段落。后文。"},
		{Text: "- 这也不是列表"},
		{Text: "# 井号开头"},
		{Text: "> 引用符号、*星号*、_下划线_、`反引号`、[方括号](链接)、<b>标签</b>、&amp;实体、反斜杠\\、竖线|、~波浪~"},
		{Text: "---"},
		{Text: "===="},
		{Text: "（一）段内换行。第一行\n第二行"},
		{Text: "2) 括号编号"},
		{Text: "1.5万亿元"},
		{Rows: [][]string{{"指标", "数值|单位"}, {"地区生产总值", "368.5"}, {"*注*", ""}}},
		{Text: "二、2027年工作安排"},
	})
}

// shape shows everything the round trip must keep.
func shape(doc *report.Document) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%q %q %q\n", doc.Title, doc.Subtitle, doc.Speaker)
	for _, b := range doc.Blocks {
		fmt.Fprintf(&sb, "%s %s %v %d %d %d %d %q %q\n", b.ID, b.Kind, b.Numbering, b.Ordinal, b.Level, b.LabelEnd, b.HeadEnd, b.Text, b.Rows)
	}
	return sb.String()
}

func TestMarkdownRoundTrip(t *testing.T) {
	for name, doc := range map[string]*report.Document{"shili": shili(t), "tricky": tricky()} {
		var buf bytes.Buffer
		if err := render.Markdown(&buf, doc); err != nil {
			t.Fatal(err)
		}
		back, err := textfile.ReadMarkdown(buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got, want := back.PlainText(), doc.PlainText(); got != want {
			t.Errorf("%s: text differs after the round trip:\n%s\nwant:\n%s\nMarkdown:\n%s", name, got, want, buf.String())
		}
		if got, want := shape(back), shape(doc); got != want {
			t.Errorf("%s: outline differs after the round trip:\n%s\nwant:\n%s", name, got, want)
		}
	}
}

func TestMarkdownGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := render.Markdown(&buf, shili(t)); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "shili.md.golden", buf.Bytes())
}

func TestTextRoundTrip(t *testing.T) {
	doc := shili(t)
	var buf bytes.Buffer
	if err := render.Text(&buf, doc); err != nil {
		t.Fatal(err)
	}
	back, err := textfile.Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := shape(back), shape(doc); got != want {
		t.Errorf("text round trip:\n%s\nwant:\n%s", got, want)
	}
}

func TestHTML(t *testing.T) {
	doc := shili(t)
	var buf bytes.Buffer
	if err := render.HTML(&buf, doc); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "shili.html.golden", buf.Bytes())

	buf.Reset()
	doc = tricky()
	if err := render.HTML(&buf, doc); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if !strings.Contains(page, `<h2 id="`+doc.Blocks[0].ID+`" class="level1">一、2026年工作回顾 #</h2>`) {
		t.Error("the part heading is not an h2 element")
	}
	if !strings.Contains(page, `<html lang="zh-CN">`) || !strings.Contains(page, "仿宋") {
		t.Error("page lacks lang or the 仿宋 font")
	}
	if strings.Contains(page, "<b>") || !strings.Contains(page, "&lt;b&gt;") || !strings.Contains(page, "&amp;amp;") {
		t.Error("text is not escaped")
	}
	ids := regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(ids) != len(doc.Blocks) {
		t.Fatalf("page has %d ids, want one per block (%d)", len(ids), len(doc.Blocks))
	}
	for i, m := range ids {
		if m[1] != doc.Blocks[i].ID {
			t.Errorf("id %d = %q, want the block ID %q", i, m[1], doc.Blocks[i].ID)
		}
	}
}

func TestNotesNumbered(t *testing.T) {
	doc := &report.Document{Title: "示例市政府工作报告", Blocks: []report.Block{
		{Kind: report.Paragraph, Text: "深入推进“三个示范”，增长6.2%。", Notes: []report.Note{{At: len("深入推进“三个示范”"), Text: "示范镇、示范村、示范户。"}, {At: len("深入推进“三个示范”，增长6.2%"), Text: "按可比价格计算。", Endnote: true}}},
		{Kind: report.Paragraph, Text: "没有注释的段落。"},
	}}
	var txt, md bytes.Buffer
	if err := render.Text(&txt, doc); err != nil {
		t.Fatal(err)
	}
	if want := "示例市政府工作报告\n深入推进“三个示范”[1]，增长6.2%[2]。\n没有注释的段落。\n\n注释\n[1] 示范镇、示范村、示范户。\n[2] 按可比价格计算。\n"; txt.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", txt.String(), want)
	}
	if err := render.Markdown(&md, doc); err != nil {
		t.Fatal(err)
	}
	if want := "# 示例市政府工作报告\n\n深入推进“三个示范”[^1]，增长6.2%[^2]。\n\n没有注释的段落。\n\n[^1]: 示范镇、示范村、示范户。\n\n[^2]: 按可比价格计算。\n\n"; md.String() != want {
		t.Errorf("markdown:\n%s\nwant:\n%s", md.String(), want)
	}
	// Must not break: a document without notes is written as before.
	txt.Reset()
	doc.Blocks = doc.Blocks[1:]
	render.Text(&txt, doc)
	if txt.String() != doc.PlainText() {
		t.Errorf("text without notes %q", txt.String())
	}
}

func TestHTMLNotes(t *testing.T) {
	doc := &report.Document{Title: "示例市政府工作报告", Blocks: []report.Block{
		{ID: "p1", Kind: report.Paragraph, Text: "深入推进“三个示范”。", Notes: []report.Note{{At: len("深入推进“三个示范”"), Text: "示范镇、示范村、示范户。"}}},
	}}
	var buf bytes.Buffer
	if err := render.HTML(&buf, doc); err != nil {
		t.Fatal(err)
	}
	if page := buf.String(); !strings.Contains(page, "三个示范”[1]。") || !strings.Contains(page, "<li>示范镇、示范村、示范户。</li>") {
		t.Errorf("page:\n%s", page)
	}
}
