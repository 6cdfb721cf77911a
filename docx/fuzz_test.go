package docx_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"qicao/docx"
	"qicao/golden"
	"qicao/report"
)

// seeds are real-shaped documents: WPS numbering, Word styles and tracked changes, LibreOffice's
// own output and ours.
func seeds(t testing.TB) map[string][]byte {
	libre, err := os.ReadFile("testdata/libreoffice.docx")
	if err != nil {
		t.Fatal(err)
	}
	merged, spans, _ := trackedCase()
	var tracked, small bytes.Buffer
	if err := docx.WriteTracked(&tracked, merged, spans, revision); err != nil {
		t.Fatal(err)
	}
	if err := docx.Write(&small, smallReport()); err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{
		"wps":         makeDocx(t, wpsBody, "", wpsNumbering),
		"styles":      makeDocx(t, p("各位代表：")+styled("1", "过去一年的工作")+styled("NumHeading", "样式带编号")+styled("TOC1", "目录"), wordStyles, wpsNumbering),
		"libreoffice": libre,
		"tracked":     tracked.Bytes(),
		"small":       small.Bytes(),
		"notes":       notesDocx(t, p("示例市政府工作报告")+`<w:p><w:r><w:t>深入推进“三个示范”</w:t></w:r>`+noteRef("footnote", "1")+`<w:r><w:t>。</w:t></w:r>`+noteRef("endnote", "1")+`</w:p>`),
		"chunk":       chunkDocx(t, "afchunk.mht", "message/rfc822", "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"+qp(chunkHTML)+"\r\n--b--\r\n", true),
		"toc": makeDocx(t, p("目　录")+`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \o "1-3" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>一、回顾</w:t></w:r><w:r><w:tab/><w:t>1</w:t></w:r></w:p><w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`+
			`<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent>`+p("二、安排\t3")+`</w:sdtContent></w:sdt>`+p("一、回顾"), "", ""),
		"moved": makeDocx(t, numbered(1, 1, "甲")+`<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:rPr><w:moveFrom w:id="1" w:author="甲"/></w:rPr></w:pPr><w:moveFrom w:id="2" w:author="甲"><w:r><w:t>乙</w:t></w:r></w:moveFrom></w:p>`+
			`<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>丙</w:t></w:r></w:p>`+numbered(1, 1, "丁"), "", wpsNumbering),
		"fields": makeDocx(t, `<w:p><w:r><w:t>截至</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2025年</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:fldSimple w:instr="PAGE"><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>`, "", ""),
	}
}

// TestFuzzSeeds keeps testdata/fuzz/FuzzRead in step with the seeds (go test -run TestFuzzSeeds
// -update rewrites it) and checks that every committed seed still reads.
func TestFuzzSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzRead")
	if golden.Update() {
		os.MkdirAll(dir, 0o755)
		for name, data := range seeds(t) {
			body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	xmlDir := filepath.Join("testdata", "fuzz", "FuzzReadXML")
	if golden.Update() {
		os.MkdirAll(xmlDir, 0o755)
		for name, data := range seeds(t) {
			body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", parts(t, data)["word/document.xml"])
			if err := os.WriteFile(filepath.Join(xmlDir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, d := range []string{dir, xmlDir} {
		entries, err := os.ReadDir(d)
		if err != nil || len(entries) < len(seeds(t)) {
			t.Fatalf("seed corpus %s missing: %v", d, err)
		}
	}
}

// FuzzRead mutates whole files, which mostly exercises the zip layer: a changed byte in
// compressed data fails its checksum.
func FuzzRead(f *testing.F) {
	for _, data := range seeds(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data) })
}

// FuzzReadXML mutates document.xml itself and packs it into a valid zip, which exercises the
// XML tokenizer and the reading of paragraphs, numbering and tracked changes.
func FuzzReadXML(f *testing.F) {
	for _, data := range seeds(f) {
		f.Add([]byte(parts(f, data)["word/document.xml"]))
	}
	f.Fuzz(func(t *testing.T, document []byte) {
		if len(document) > 64<<10 {
			// The mutator grows inputs to megabytes, spending its time compressing them; the
			// large-input cases have their own tests.
			t.Skip()
		}
		checkRead(t, docParts(t, "word/document.xml", string(document), "word/numbering.xml", "<w:numbering "+wNS+">"+wpsNumbering+"</w:numbering>",
			"word/_rels/document.xml.rels", relsFor(officeRel+"numbering", "numbering.xml", officeRel+"footnotes", "footnotes.xml", officeRel+"endnotes", "endnotes.xml", officeRel+"aFChunk", "afchunk.mht"),
			"word/footnotes.xml", footnotesPart, "word/endnotes.xml", endnotesPart,
			"word/afchunk.mht", "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"+chunkHTML))
	})
}

// checkRead reads data: a bad file gets an error for the user, never a panic or an internal
// error, and what reads writes and reads back to the same text.
func checkRead(t *testing.T, data []byte) {
	doc, err := docx.Read(data)
	if err != nil {
		if code := report.ErrorCode(err); code != report.EINVALID && code != report.ETOOLARGE {
			t.Fatalf("error with code %q: %v", code, err)
		}
		return
	}
	if !utf8.ValidString(doc.PlainText()) {
		t.Fatalf("invalid UTF-8 in the text")
	}
	var buf bytes.Buffer
	if err := docx.Write(&buf, doc); err != nil {
		t.Fatal(err)
	}
	back, err := docx.Read(buf.Bytes())
	if err != nil {
		t.Fatalf("reading our own output: %v", err)
	}
	if back.PlainText() != doc.PlainText() {
		t.Fatalf("round trip changed the text:\n%q\n%q", doc.PlainText(), back.PlainText())
	}
	for i := range doc.Blocks {
		b, bb := &doc.Blocks[i], &back.Blocks[i]
		if len(b.Notes) != len(bb.Notes) {
			t.Fatalf("block %d: %d notes, %d after the round trip", i, len(b.Notes), len(bb.Notes))
		}
		for k, n := range b.Notes {
			if n.At < 0 || n.At > len(b.Text) || !utf8.ValidString(n.Text) || n.Text != bb.Notes[k].Text {
				t.Fatalf("block %d note %d: %+v, back %+v", i, k, n, bb.Notes[k])
			}
		}
	}
}
