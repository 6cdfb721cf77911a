package docx_test

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"qicao/docx"
	"qicao/report"
	"qicao/wordcount"
)

// chunkDocx is a package whose body holds an altChunk (between two ordinary paragraphs when
// around is true) pointing at part name of the given content type.
func chunkDocx(t testing.TB, name, contentType, content string, around bool) []byte {
	body := `<w:altChunk r:id="rIdChunk"/>`
	if around {
		body = p("示例市政府工作报告") + body + p("以上报告，请予审议。")
	}
	return docParts(t,
		"word/_rels/document.xml.rels", relsFor(officeRel+"aFChunk", name),
		"word/document.xml", `<w:document `+wNS+`><w:body>`+strings.Replace(body, `rIdChunk`, `rId0`, 1)+`</w:body></w:document>`,
		"[Content_Types].xml", typesFor("/word/"+name, contentType),
		"word/"+name, content)
}

const chunkHTML = `<html><head><title>不是正文</title><style>p{}</style></head><body><p style="text-align:center">示例市政府工作报告</p>` +
	`<h2>一、2026年工作回顾</h2><p>全年实现地区生产总值<b>386.5亿元</b>，增长6.2%。</p>` +
	`<table><tr><td>指标</td><td>2026年</td></tr><tr><td>生产总值</td><td>386.5</td></tr></table>` +
	`<div>二、2027年工作安排<br>地区生产总值增长6%左右。</div><script>var x = "不是正文";</script></body></html>`

const chunkText = "示例市政府工作报告\n一、2026年工作回顾\n全年实现地区生产总值386.5亿元，增长6.2%。\n指标\t2026年\n生产总值\t386.5\n二、2027年工作安排\n地区生产总值增长6%左右。\n"

func TestAltChunk(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(strings.Replace(chunkHTML, "<head>", `<head><meta charset="gb2312">`, 1))
	if err != nil {
		t.Fatal(err)
	}
	mhtQP := "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"--b--\"; type=\"text/html\"\r\n\r\n----b--\r\nContent-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
		qp(chunkHTML) + "\r\n----b----\r\n"
	mhtB64 := "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--XX\r\nContent-Type: text/html; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		wrap76(base64.StdEncoding.EncodeToString([]byte(gbk))) + "\r\n--XX--\r\n"
	tests := []struct {
		name, part, ctype, content string
	}{
		{"HTML", "chunk.htm", "text/html", chunkHTML},
		{"MHT, quoted-printable", "afchunk.mht", "message/rfc822", mhtQP},
		{"MHT, base64 in GB2312 after an image", "chunk1.mht", "application/x-mimearchive", mhtB64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := docx.Read(chunkDocx(t, tt.part, tt.ctype, tt.content, false))
			if err != nil {
				t.Fatal(err)
			}
			if got := doc.PlainText(); got != chunkText {
				t.Errorf("got\n%s\nwant\n%s", got, chunkText)
			}
		})
	}
	// Must not break: the paragraphs around a chunk stay in their places.
	doc, err := docx.Read(chunkDocx(t, "c.html", "text/html", `<p>一、回顾</p><p>经济平稳。</p>`, true))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doc.PlainText(), "示例市政府工作报告\n一、回顾\n经济平稳。\n以上报告，请予审议。\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// A chunk qicao cannot convert is refused with what to do, never read as nothing.
	for name, data := range map[string][]byte{
		"RTF chunk":    chunkDocx(t, "chunk.rtf", "application/rtf", `{\rtf1 示例}`, false),
		"broken MHT":   chunkDocx(t, "chunk.mht", "message/rfc822", "not a message", false),
		"missing part": docParts(t, "word/_rels/document.xml.rels", relsFor(officeRel+"aFChunk", "gone.htm"), "word/document.xml", `<w:document `+wNS+`><w:body><w:altChunk r:id="rId0"/></w:body></w:document>`),
	} {
		_, err := docx.Read(data)
		if report.ErrorCode(err) != report.EINVALID || !strings.ContainsAny(report.ErrorMessage(err), "嵌入另存") {
			t.Errorf("%s: error %v", name, err)
		}
	}
}

func qp(s string) string {
	var sb strings.Builder
	n := 0
	for _, c := range []byte(s) {
		enc := string(c)
		if c >= 0x80 || c == '=' {
			enc = "=" + strings.ToUpper(hex2(c))
		}
		if n+len(enc) > 72 {
			sb.WriteString("=\r\n")
			n = 0
		}
		sb.WriteString(enc)
		n += len(enc)
	}
	return sb.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

func wrap76(s string) string {
	var sb strings.Builder
	for len(s) > 76 {
		sb.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	sb.WriteString(s)
	return sb.String()
}

// A document of pictures only (a scanned report) is refused; an empty one is empty; text with
// a picture is its text.
func TestNoTextRead(t *testing.T) {
	pic := `<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"/></w:drawing></w:r></w:p>`
	_, err := docx.Read(makeDocx(t, pic+pic, "", ""))
	if report.ErrorCode(err) != report.EINVALID || !strings.Contains(report.ErrorMessage(err), "未能从文件中读出文字") {
		t.Errorf("pictures only: %v", err)
	}
	doc, err := docx.Read(makeDocx(t, p("示例市政府工作报告")+pic, "", ""))
	if err != nil || doc.Title != "示例市政府工作报告" {
		t.Errorf("text and picture: %v, %v", doc, err)
	}
}

const footnotesPart = `<w:footnotes ` + wNS + `><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>` +
	`<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>` +
	`<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> “三个示范”：示范镇、示范村、示范户。</w:t></w:r></w:p></w:footnote>` +
	`<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>数据来源：示例市统计局。</w:t></w:r></w:p></w:footnote></w:footnotes>`

const endnotesPart = `<w:endnotes ` + wNS + `><w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t>尾注：按可比价格计算。</w:t></w:r></w:p></w:endnote></w:endnotes>`

func noteRef(kind, id string) string {
	return `<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:` + kind + `Reference w:id="` + id + `"/></w:r>`
}

func notesDocx(t testing.TB, body string) []byte {
	return docParts(t,
		"word/_rels/document.xml.rels", relsFor(officeRel+"footnotes", "footnotes.xml", officeRel+"endnotes", "endnotes.xml"),
		"word/document.xml", `<w:document `+wNS+`><w:body>`+body+`</w:body></w:document>`,
		"word/footnotes.xml", footnotesPart,
		"word/endnotes.xml", endnotesPart)
}

func TestNotes(t *testing.T) {
	body := p("示例市政府工作报告") + p("一、2026年工作回顾") +
		`<w:p><w:r><w:t>深入推进“三个示范”</w:t></w:r>` + noteRef("footnote", "1") + `<w:r><w:t>，地区生产总值增长6.2%</w:t></w:r>` + noteRef("endnote", "1") + `<w:r><w:t>。</w:t></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>生产总值</w:t></w:r>` + noteRef("footnote", "2") + `</w:p></w:tc></w:tr></w:tbl>`
	doc, err := docx.Read(notesDocx(t, body))
	if err != nil {
		t.Fatal(err)
	}
	b := doc.Blocks[1]
	want := []report.Note{
		{At: len("深入推进“三个示范”"), Text: "“三个示范”：示范镇、示范村、示范户。"},
		{At: len("深入推进“三个示范”，地区生产总值增长6.2%"), Text: "尾注：按可比价格计算。", Endnote: true},
	}
	if b.Text != "深入推进“三个示范”，地区生产总值增长6.2%。" || len(b.Notes) != 2 || b.Notes[0] != want[0] || b.Notes[1] != want[1] {
		t.Fatalf("block %q notes %+v, want %+v", b.Text, b.Notes, want)
	}
	if tb := doc.Blocks[2]; tb.Kind != report.Table || len(tb.Notes) != 1 || tb.Notes[0].Text != "数据来源：示例市统计局。" {
		t.Errorf("table %+v", tb)
	}
	// Word counts notes by default.
	total := wordcount.Outline(doc).Stats.Words
	without := wordcount.Count(doc.PlainText()).Words
	if notes := wordcount.Count("“三个示范”：示范镇、示范村、示范户。尾注：按可比价格计算。数据来源：示例市统计局。").Words; total != without+notes {
		t.Errorf("words %d, want %d + %d", total, without, notes)
	}

	// Written back as real footnotes, read back the same.
	var buf bytes.Buffer
	if err := docx.Write(&buf, doc); err != nil {
		t.Fatal(err)
	}
	ps := parts(t, buf.Bytes())
	if !strings.Contains(ps["word/document.xml"], `<w:footnoteReference w:id="1"/>`) || !strings.Contains(ps["word/footnotes.xml"], "示范镇") ||
		!strings.Contains(ps["[Content_Types].xml"], "footnotes+xml") || !strings.Contains(ps["word/_rels/document.xml.rels"], "footnotes.xml") {
		t.Fatalf("written package lacks its footnotes")
	}
	back, err := docx.Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for i := range doc.Blocks {
		got, want := back.Blocks[i], doc.Blocks[i]
		if got.Text != want.Text || len(got.Notes) != len(want.Notes) {
			t.Fatalf("block %d back %+v, want %+v", i, got, want)
		}
		for k := range want.Notes {
			if got.Notes[k].Text != want.Notes[k].Text || got.Notes[k].At != want.Notes[k].At && want.Kind != report.Table {
				t.Errorf("block %d note %d back %+v, want %+v", i, k, got.Notes[k], want.Notes[k])
			}
		}
	}

	// Must not break: a reference to a note the package lacks leaves the text as it was.
	doc, err = docx.Read(makeDocx(t, `<w:p><w:r><w:t>新质生产力</w:t></w:r>`+noteRef("footnote", "9")+`<w:r><w:t>加快发展。</w:t></w:r></w:p>`, "", ""))
	if err != nil || doc.PlainText() != "新质生产力加快发展。\n" || doc.Blocks[0].Notes != nil {
		t.Errorf("missing note: %+v, %v", doc, err)
	}
}
