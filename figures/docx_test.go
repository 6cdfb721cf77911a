package figures

import (
	"archive/zip"
	"bytes"
	"testing"

	"qicao/docx"
)

// wordDocx builds a .docx the way Word saves one that a writer typed and corrected: the body XML
// given, inside a minimal package.
func wordDocx(t *testing.T, body string) []byte {
	t.Helper()
	parts := []struct{ name, data string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w:body>` + body + `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// run is one w:r with East Asian font properties, as Word writes every run.
func run(text string) string {
	return `<w:r w:rsidR="00A1B2C3"><w:rPr><w:rFonts w:hint="eastAsia"/><w:sz w:val="32"/></w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

// Word splits what a writer typed into runs wherever the editing session, the spelling checker
// or a bookmark touched it: the placeholders must still be found whole.
func TestFindInWordSplitRuns(t *testing.T) {
	body := `<w:p><w:pPr><w:jc w:val="center"/></w:pPr>` + run("政府工作报告") + `</w:p>` +
		`<w:p w14:paraId="1A2B3C4D">` + run("预计全年实现地区生产总值") +
		// the 【 in its own run, the name cut by a proofing mark and a bookmark
		run("X") + `<w:proofErr w:type="spellStart"/>` + run("X") + run("亿元【") + `<w:proofErr w:type="spellEnd"/>` +
		run("地区生产") + `<w:bookmarkStart w:id="0" w:name="_Hlk1"/>` + run("总值") + `<w:bookmarkEnd w:id="0"/>` +
		run("｜统计") + run("局】，增长") +
		`<w:proofErr w:type="gramStart"/>` + run("【待") + run("填：") + `<w:proofErr w:type="gramEnd"/>` +
		`<w:bookmarkStart w:id="1" w:name="gdp_rate"/>` + run("地区生产总值") + run("增速") + `<w:bookmarkEnd w:id="1"/>` + run("】。") +
		`</w:p>` +
		`<w:p>` + run("规模以上工业增加值增长") + `<w:r><w:rPr><w:highlight w:val="yellow"/></w:rPr><w:t>XX</w:t></w:r>` +
		`<w:r><w:t>%</w:t></w:r><w:r><w:rPr><w:color w:val="FF0000"/></w:rPr><w:t>【规上工业</w:t></w:r>` +
		`<w:proofErr w:type="spellStart"/><w:r><w:t>增加值增速</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:t>】。</w:t></w:r></w:p>`
	d, err := docx.Read(wordDocx(t, body))
	if err != nil {
		t.Fatal(err)
	}
	ps, probs := Find(d)
	if len(probs) != 0 {
		t.Errorf("problems: %+v", probs)
	}
	want := []Placeholder{
		{Text: "XX亿元【地区生产总值｜统计局】", Name: "地区生产总值", Owner: "统计局", Unit: "亿元"},
		{Text: "【待填：地区生产总值增速】", Name: "地区生产总值增速"},
		{Text: "XX%【规上工业增加值增速】", Name: "规上工业增加值增速", Unit: "%"},
	}
	if len(ps) != len(want) {
		t.Fatalf("found %+v, want %d placeholders (text %q)", ps, len(want), d.PlainText())
	}
	for i, w := range want {
		if p := ps[i]; p.Text != w.Text || p.Name != w.Name || p.Owner != w.Owner || p.Unit != w.Unit {
			t.Errorf("placeholder %d: %+v, want %+v", i, p, w)
		}
	}
}
