package docx_test

import (
	"strings"
	"testing"

	"qicao/docx"
	"qicao/report"
)

const (
	strictW    = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	strictRels = "http://purl.oclc.org/ooxml/officeDocument/relationships"
	mainType   = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)

func typesFor(overrides ...string) string {
	var sb strings.Builder
	sb.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`)
	for i := 0; i+1 < len(overrides); i += 2 {
		sb.WriteString(`<Override PartName="` + overrides[i] + `" ContentType="` + overrides[i+1] + `"/>`)
	}
	sb.WriteString(`</Types>`)
	return sb.String()
}

func relsFor(pairs ...string) string {
	var sb strings.Builder
	sb.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := 0; i+1 < len(pairs); i += 2 {
		sb.WriteString(`<Relationship Id="rId` + itoa(i) + `" Type="` + pairs[i] + `" Target="` + pairs[i+1] + `"/>`)
	}
	sb.WriteString(`</Relationships>`)
	return sb.String()
}

const officeRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

func TestMainPartByRelationship(t *testing.T) {
	body := `<w:document ` + wNS + `><w:body>` + p("示例市政府工作报告") + numbered(7, 0, "工作回顾") + p("经济平稳运行。") + numbered(7, 0, "工作安排") + `</w:body></w:document>`
	numbering := `<w:numbering ` + wNS + `><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="0"/></w:num></w:numbering>`
	want := "示例市政府工作报告\n一、工作回顾\n经济平稳运行。\n二、工作安排\n"
	tests := []struct {
		name string
		data []byte
	}{
		{"Office 365 document22.xml with its own numbering part", zipParts(t,
			"[Content_Types].xml", typesFor("/word/document22.xml", mainType),
			"_rels/.rels", relsFor(officeRel+"officeDocument", "word/document22.xml"),
			"word/_rels/document22.xml.rels", relsFor(officeRel+"numbering", "numbering5.xml"),
			"word/document22.xml", body,
			"word/numbering5.xml", numbering)},
		{"absolute and escaped targets", zipParts(t,
			"[Content_Types].xml", typesFor("/doc body/main.xml", mainType),
			"_rels/.rels", relsFor(officeRel+"officeDocument", "/doc%20body/main.xml"),
			"doc body/_rels/main.xml.rels", relsFor(officeRel+"numbering", "/lists/n.xml"),
			"doc body/main.xml", body,
			"lists/n.xml", numbering)},
		{"Strict OOXML", zipParts(t,
			"[Content_Types].xml", typesFor("/word/document.xml", mainType),
			"_rels/.rels", relsFor(strictRels+"/officeDocument", "word/document.xml"),
			"word/_rels/document.xml.rels", relsFor(strictRels+"/numbering", "numbering.xml"),
			"word/document.xml", strings.ReplaceAll(body, "http://schemas.openxmlformats.org/wordprocessingml/2006/main", strictW),
			"word/numbering.xml", strings.ReplaceAll(numbering, "http://schemas.openxmlformats.org/wordprocessingml/2006/main", strictW))},
		{"no package relationship, one main part in the content types", zipParts(t,
			"[Content_Types].xml", typesFor("/word/document2.xml", mainType),
			"word/_rels/document2.xml.rels", relsFor(officeRel+"numbering", "numbering.xml"),
			"word/document2.xml", body,
			"word/numbering.xml", numbering)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !docx.IsWord(tt.data) {
				t.Error("IsWord = false")
			}
			doc, err := docx.Read(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if got := doc.PlainText(); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// A part is not the main part for its name: a numbering.xml beside the main part that no
// relationship names is not applied, and a document.xml no relationship names is not read.
func TestMainPartNotByName(t *testing.T) {
	body := `<w:document ` + wNS + `><w:body>` + numbered(1, 0, "工作回顾") + `</w:body></w:document>`
	data := zipParts(t,
		"[Content_Types].xml", typesFor("/word/main.xml", mainType),
		"_rels/.rels", relsFor(officeRel+"officeDocument", "word/main.xml"),
		"word/main.xml", body,
		"word/document.xml", `<w:document `+wNS+`><w:body>`+p("旧稿")+`</w:body></w:document>`,
		"word/numbering.xml", `<w:numbering `+wNS+`>`+wpsNumbering+`</w:numbering>`)
	doc, err := docx.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.PlainText(); got != "工作回顾\n" {
		t.Errorf("got %q", got)
	}

	for name, bad := range map[string][]byte{
		"a workbook named by the relationship": zipParts(t,
			"[Content_Types].xml", typesFor("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
			"_rels/.rels", relsFor(officeRel+"officeDocument", "xl/workbook.xml"),
			"xl/workbook.xml", body),
		"a bare document.xml": zipParts(t, "word/document.xml", body),
		"two main parts, no relationship": zipParts(t,
			"[Content_Types].xml", typesFor("/a.xml", mainType, "/b.xml", mainType),
			"a.xml", body, "b.xml", body),
	} {
		if docx.IsWord(bad) {
			t.Errorf("%s: IsWord = true", name)
		}
		if _, err := docx.Read(bad); report.ErrorCode(err) != report.EINVALID {
			t.Errorf("%s: Read error %v, want EINVALID", name, err)
		}
	}
}

// TestFinalView: what Word's final view hides is not text and takes no list number.
func TestFinalView(t *testing.T) {
	mark := func(prop, text string) string {
		return `<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:rPr>` + prop + `</w:rPr></w:pPr>` + text + `</w:p>`
	}
	run := func(s string) string { return `<w:r><w:t>` + s + `</w:t></w:r>` }
	tests := []struct {
		name, body, want string
	}{
		{"moved away paragraph",
			numbered(1, 1, "项目为王") +
				mark(`<w:moveFrom w:id="1" w:author="起草组"/>`, `<w:moveFromRangeStart w:id="2" w:name="m1"/><w:moveFrom w:id="3" w:author="起草组">`+run("工业强市")+`</w:moveFrom><w:moveFromRangeEnd w:id="2"/>`) +
				numbered(1, 1, "农业农村") +
				mark(`<w:moveTo w:id="4" w:author="起草组"/>`, `<w:moveTo w:id="5" w:author="起草组">`+run("工业强市")+`</w:moveTo>`) +
				numbered(1, 1, "扩大内需"),
			"（一）项目为王\n（二）农业农村\n（三）工业强市\n（四）扩大内需"},
		{"deleted numbered paragraph",
			numbered(1, 1, "甲") + mark(`<w:del w:id="1" w:author="起草组"/>`, `<w:del w:id="2" w:author="起草组"><w:r><w:delText>乙</w:delText></w:r></w:del>`) + numbered(1, 1, "丙"),
			"（一）甲\n（二）丙"},
		{"hidden numbered paragraph",
			numbered(1, 1, "甲") + mark(`<w:vanish/>`, `<w:r><w:rPr><w:vanish/></w:rPr><w:t>批注说明</w:t></w:r>`) + numbered(1, 1, "丙"),
			"（一）甲\n（二）丙"},
		{"hidden mark joins the visible text to the next paragraph",
			`<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr>` + run("前半句，") + `</w:p>` + p("后半句。"),
			"前半句，后半句。"},
		// Must not break: a mark explicitly shown, a moved-in mark, a numbered empty paragraph.
		{"mark with vanish off stays",
			numbered(1, 1, "甲") + mark(`<w:vanish w:val="0"/>`, run("乙")) + numbered(1, 1, "丙"),
			"（一）甲\n（二）乙\n（三）丙"},
		{"empty numbered paragraph still counts",
			numbered(1, 1, "甲") + numbered(1, 1, "") + numbered(1, 1, "丙"),
			"（一）甲\n（三）丙"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := docx.Read(makeDocx(t, p("各位代表：")+tt.body, "", wpsNumbering))
			if err != nil {
				t.Fatal(err)
			}
			got := strings.TrimSuffix(strings.TrimPrefix(doc.PlainText(), "各位代表：\n"), "\n")
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
