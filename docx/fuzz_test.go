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
		"fields":      makeDocx(t, `<w:p><w:r><w:t>截至</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2025年</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:fldSimple w:instr="PAGE"><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>`, "", ""),
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
		checkRead(t, docParts(t, "word/document.xml", string(document), "word/numbering.xml", "<w:numbering "+wNS+">"+wpsNumbering+"</w:numbering>"))
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
}
