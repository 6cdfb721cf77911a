package docx_test

import (
	"strings"
	"testing"

	"qicao/docx"
)

// tocEntry is a line of a table of contents as Word writes it: a hyperlink to the heading with
// a PAGEREF field for its page.
func tocEntry(style, text, page string) string {
	return `<w:p><w:pPr><w:pStyle w:val="` + style + `"/><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="8834"/></w:tabs></w:pPr>` +
		`<w:hyperlink w:anchor="_Toc1" w:history="1"><w:r><w:t>` + text + `</w:t></w:r><w:r><w:tab/></w:r>` +
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>` + page + `</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink></w:p>`
}

func TestTableOfContents(t *testing.T) {
	begin := `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`
	end := `<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`
	// The field starts inside the first entry's paragraph, as Word writes it.
	field := strings.Replace(tocEntry("Normal", "一、2026年工作回顾", "1"), `<w:hyperlink`, begin+`<w:hyperlink`, 1) +
		tocEntry("Normal", "二、2027年工作安排", "3") + end
	body := p("一、2026年工作回顾") + p("全年增长6%。") + p("二、2027年工作安排") + p("增长6%左右。")
	want := "示例市政府工作报告\n一、2026年工作回顾\n全年增长6%。\n二、2027年工作安排\n增长6%左右。\n"
	styles := `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="WPSOffice1"><w:name w:val="WPSOffice手动目录 1"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>`
	tests := []struct{ name, toc string }{
		{"TOC field", p("目　录") + field},
		{"TOC field in a content control", `<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>` +
			styled("TOCHeading", "目录") + field + `</w:sdtContent></w:sdt>`},
		{"content control without the field", `<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent>` +
			p("目录") + p("一、2026年工作回顾") + p("二、2027年工作安排") + `</w:sdtContent></w:sdt>`},
		{"WPS manual table of contents", p("目　录") + tocEntry("WPSOffice1", "一、2026年工作回顾", "1") + tocEntry("WPSOffice1", "二、2027年工作安排", "3")},
		{"simple TOC field", `<w:p><w:fldSimple w:instr=" TOC \o &quot;1-2&quot; "><w:r><w:t>一、2026年工作回顾</w:t></w:r></w:fldSimple></w:p>`},
		{"typed title and page", p("目录") + p("一、2026年工作回顾\t1") + `<w:p><w:r><w:t>二、2027年工作安排</w:t></w:r><w:r><w:tab/><w:t>3</w:t></w:r></w:p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := docx.Read(makeDocx(t, p("示例市政府工作报告")+tt.toc+body, styles, ""))
			if err != nil {
				t.Fatal(err)
			}
			if got := doc.PlainText(); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}

	// Must not break: fields other than TOC keep their results, and text after a TOC field
	// that ends mid-document is read.
	other := `<w:p><w:r><w:t>见第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Toc1 \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页。</w:t></w:r></w:p>`
	doc, err := docx.Read(makeDocx(t, p("示例市政府工作报告")+field+other+body, styles, ""))
	if err != nil {
		t.Fatal(err)
	}
	if got, w := doc.PlainText(), "示例市政府工作报告\n见第3页。\n"+strings.TrimPrefix(want, "示例市政府工作报告\n"); got != w {
		t.Errorf("got\n%s\nwant\n%s", got, w)
	}

	// A TOC field that never ends (a damaged file) does not swallow the report.
	doc, err = docx.Read(makeDocx(t, p("示例市政府工作报告")+`<w:p>`+begin+`<w:r><w:t>一、2026年工作回顾</w:t></w:r></w:p>`+body, styles, ""))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.PlainText(); !strings.Contains(got, "全年增长6%。") || !strings.Contains(got, "增长6%左右。") {
		t.Errorf("unclosed TOC field lost the text:\n%s", got)
	}
}
