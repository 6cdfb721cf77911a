package docx_test

import (
	"archive/zip"
	"bytes"
	"strconv"
	"strings"
	"testing"
)

// The fixtures are written here by hand, in the shapes Word, WPS and LibreOffice produce, with
// the fictional 示例市 as their subject.

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
	`xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ` +
	`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
	`xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"`

// zipParts builds a zip archive from named parts, in the given order.
func zipParts(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(parts[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

const docRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>`

// makeDocx wraps body XML (the content of w:body) into a package with the given styles and
// numbering parts, either of which may be empty.
func makeDocx(t testing.TB, body, styles, numbering string) []byte {
	t.Helper()
	parts := []string{
		"[Content_Types].xml", contentTypes,
		"_rels/.rels", rootRels,
		"word/_rels/document.xml.rels", docRels,
		"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<w:document ` + wNS + `><w:body>` + body + `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
	}
	if styles != "" {
		parts = append(parts, "word/styles.xml", `<?xml version="1.0" encoding="UTF-8"?><w:styles `+wNS+`>`+styles+`</w:styles>`)
	}
	if numbering != "" {
		parts = append(parts, "word/numbering.xml", `<?xml version="1.0" encoding="UTF-8"?><w:numbering `+wNS+`>`+numbering+`</w:numbering>`)
	}
	return zipParts(t, parts...)
}

// p is a paragraph of plain runs.
func p(texts ...string) string {
	var sb strings.Builder
	sb.WriteString("<w:p>")
	for _, s := range texts {
		sb.WriteString(`<w:r><w:t xml:space="preserve">` + s + `</w:t></w:r>`)
	}
	sb.WriteString("</w:p>")
	return sb.String()
}

// numbered is a paragraph in list numID at level ilvl, the way WPS writes automatic headings.
func numbered(numID, ilvl int, text string) string {
	return `<w:p><w:pPr><w:numPr><w:ilvl w:val="` + itoa(ilvl) + `"/><w:numId w:val="` + itoa(numID) +
		`"/></w:numPr><w:ind w:firstLine="640"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>` + text + `</w:t></w:r></w:p>`
}

func itoa(n int) string {
	return strconv.Itoa(n)
}

// wpsNumbering is the list WPS makes for a report's heading levels: 一、（一）1.（1）.
const wpsNumbering = `<w:abstractNum w:abstractNumId="0"><w:nsid w:val="5A1B2C3D"/><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="nothing"/><w:lvlText w:val="%3."/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="nothing"/><w:lvlText w:val="（%4）"/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="ideographTraditional"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>
<w:num w:numId="6"><w:abstractNumId w:val="1"/></w:num>`

// wpsBody is a short report typed in WPS with automatic heading numbers.
var wpsBody = p("政府工作报告") +
	p("——2026年1月20日在示例市第五届人民代表大会第六次会议上") +
	p("示例市市长　王明") +
	p("各位代表：") +
	p("　　现在，我代表市人民政府，向大会报告工作，请予审议。") +
	numbered(1, 0, "2025年工作回顾") +
	numbered(1, 1, "经济运行稳中有进。全年地区生产总值增长5.2%。") +
	numbered(1, 1, "项目建设全面发力。新开工项目120个。") +
	numbered(1, 2, "全链招商。围绕主导产业开展招商。") +
	numbered(1, 3, "引进企业45家。") +
	numbered(1, 3, "") + // an empty numbered paragraph still counts
	numbered(1, 3, "落地项目30个。") +
	numbered(1, 2, "专班服务。") +
	numbered(1, 0, "2026年工作安排") +
	numbered(1, 1, "扩大有效投资。") +
	numbered(4, 0, "列表中的要点") +
	numbered(2, 0, "另一个列表的第一项") +
	numbered(6, 0, "同一定义的另一个实例接着编号") +
	numbered(3, 0, "重新编号从一开始") +
	numbered(5, 0, "天干编号")

const wpsText = `政府工作报告
——2026年1月20日在示例市第五届人民代表大会第六次会议上
示例市市长　王明
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2025年工作回顾
（一）经济运行稳中有进。全年地区生产总值增长5.2%。
（二）项目建设全面发力。新开工项目120个。
1.全链招商。围绕主导产业开展招商。
（1）引进企业45家。
（3）落地项目30个。
2.专班服务。
二、2026年工作安排
（一）扩大有效投资。
列表中的要点
（一）另一个列表的第一项
（二）同一定义的另一个实例接着编号
（一）重新编号从一开始
甲.天干编号
`

// docParts builds a package from the given parts after the content types and the package
// relationship naming word/document.xml as the main part.
func docParts(t testing.TB, parts ...string) []byte {
	t.Helper()
	return zipParts(t, append([]string{"[Content_Types].xml", contentTypes, "_rels/.rels", rootRels}, parts...)...)
}
