package docx_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"qicao/docx"
	"qicao/report"
)

// outlineString renders the headings of a document, one a line: level, numbering, ordinal,
// label, title and whether body text follows in the same paragraph.
func outlineString(doc *report.Document) string {
	var sb strings.Builder
	for _, b := range doc.Blocks {
		switch b.Kind {
		case report.Heading:
			fmt.Fprintf(&sb, "%d %s %d [%s][%s]", b.Level, b.Numbering, b.Ordinal, b.Label(), b.Title())
			if b.RunIn() {
				sb.WriteString(" +")
			}
			sb.WriteByte('\n')
		case report.Table:
			fmt.Fprintf(&sb, "table %d rows\n", len(b.Rows))
		}
	}
	return sb.String()
}

func TestReadWPSNumbering(t *testing.T) {
	doc, err := docx.Read(makeDocx(t, wpsBody, "", wpsNumbering))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.PlainText(); got != wpsText {
		t.Errorf("text:\n%s\nwant:\n%s", got, wpsText)
	}
	want := `1 一、 1 [一、][2025年工作回顾]
2 （一） 1 [（一）][经济运行稳中有进。] +
2 （一） 2 [（二）][项目建设全面发力。] +
3 1. 1 [1.][全链招商。] +
4 （1） 1 [（1）][引进企业45家。]
4 （1） 3 [（3）][落地项目30个。]
3 1. 2 [2.][专班服务。]
1 一、 2 [二、][2026年工作安排]
2 （一） 1 [（一）][扩大有效投资。]
2 （一） 1 [（一）][另一个列表的第一项]
2 （一） 2 [（二）][同一定义的另一个实例接着编号]
2 （一） 1 [（一）][重新编号从一开始]
`
	if got := outlineString(doc); got != want {
		t.Errorf("outline:\n%s\nwant:\n%s", got, want)
	}
	if doc.Title != "政府工作报告" || doc.Speaker != "示例市市长　王明" {
		t.Errorf("title block %q %q", doc.Title, doc.Speaker)
	}
}

func TestReadText(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{"runs join", p("示例市", "坚持", "稳中求进"), "示例市坚持稳中求进"},
		{"full-width indent trimmed", p("　　各项工作取得新成效。　"), "各项工作取得新成效。"},
		{"tab", `<w:p><w:r><w:t>一、</w:t></w:r><w:r><w:tab/><w:t>回顾</w:t></w:r></w:p>`, "一、\t回顾"},
		{"tab stops are not text", `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>`, "正文"},
		{"soft break joins", `<w:p><w:r><w:t>2026年</w:t><w:br/><w:t>政府工作报告</w:t></w:r></w:p>`, "2026年政府工作报告"},
		{"page break joins", `<w:p><w:r><w:t>前</w:t><w:br w:type="page"/><w:t>后</w:t></w:r></w:p>`, "前后"},
		{"tracked insert kept, delete dropped",
			`<w:p><w:r><w:t>全年增长</w:t></w:r><w:del w:id="1" w:author="甲" w:date="2026-01-05T10:00:00Z"><w:r><w:delText>5%</w:delText></w:r></w:del><w:ins w:id="2" w:author="甲" w:date="2026-01-05T10:00:00Z"><w:r><w:t>5.2%</w:t></w:r></w:ins><w:r><w:t>。</w:t></w:r></w:p>`,
			"全年增长5.2%。"},
		{"move from dropped, move to kept",
			`<w:p><w:moveFrom w:id="3" w:author="甲"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom><w:r><w:t>中间</w:t></w:r><w:moveTo w:id="4" w:author="甲"><w:r><w:t>新位置</w:t></w:r></w:moveTo></w:p>`,
			"中间新位置"},
		{"deleted paragraph mark joins paragraphs",
			`<w:p><w:pPr><w:rPr><w:del w:id="5" w:author="甲" w:date="2026-01-05T10:00:00Z"/></w:rPr></w:pPr><w:r><w:t>前半句，</w:t></w:r></w:p>` + p("后半句。"),
			"前半句，后半句。"},
		{"deleted paragraph vanishes",
			`<w:p><w:pPr><w:rPr><w:del w:id="6" w:author="甲"/></w:rPr></w:pPr><w:del w:id="7" w:author="甲"><w:r><w:delText>整段删除。</w:delText></w:r></w:del></w:p>` + p("保留的段落。"),
			"保留的段落。"},
		{"property changes ignored",
			`<w:p><w:pPr><w:pPrChange w:id="8" w:author="甲"><w:pPr><w:pStyle w:val="Heading1"/></w:pPr></w:pPrChange></w:pPr><w:r><w:rPr><w:b/><w:rPrChange w:id="9" w:author="甲"><w:rPr/></w:rPrChange></w:rPr><w:t>正文不是标题</w:t></w:r></w:p>`,
			"正文不是标题"},
		{"simple field keeps result", `<w:p><w:r><w:t>见第</w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple><w:r><w:t>页</w:t></w:r></w:p>`, "见第3页"},
		{"complex field keeps result",
			`<w:p><w:r><w:t>截至</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DATE \@ "yyyy年M月" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2025年12月</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>底</w:t></w:r></w:p>`,
			"截至2025年12月底"},
		{"footnote reference", `<w:p><w:r><w:t>新质生产力</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r><w:r><w:t>加快发展。</w:t></w:r></w:p>`, "新质生产力加快发展。"},
		{"hyperlink smartTag sdt",
			`<w:p><w:hyperlink r:id="rId9"><w:r><w:t>示例市</w:t></w:r></w:hyperlink><w:smartTag w:element="place"><w:r><w:t>人民政府</w:t></w:r></w:smartTag><w:sdt><w:sdtPr><w:alias w:val="占位"/><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>网站</w:t></w:r></w:sdtContent></w:sdt></w:p>`,
			"示例市人民政府网站"},
		{"block sdt", `<w:sdt><w:sdtPr/><w:sdtContent>` + p("控件中的段落") + `</w:sdtContent></w:sdt>`, "控件中的段落"},
		{"symbols", `<w:p><w:r><w:t>温度</w:t><w:sym w:font="Symbol" w:char="F0B1"/><w:t>2</w:t><w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:font="宋体" w:char="2103"/></w:r></w:p>`, "温度±2℃"},
		{"hidden text", `<w:p><w:r><w:t>看得见</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>的</w:t></w:r></w:p>`, "看得见的"},
		{"drawing text and maths", `<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>` + p("文本框") + `</w:txbxContent></wps:txbx><a:p><a:r><a:t>形状文字</a:t></a:r></a:p></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>` + p("文本框") + `</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><m:oMath><m:r><m:t>x</m:t></m:r></m:oMath></w:p>`,
			"文本框\n正文"},
		{"table", `<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:trPr/><w:tc><w:tcPr/>` + p("指标") + `</w:tc><w:tc>` + p("2025年") + `</w:tc></w:tr><w:tr><w:tc>` + p("生产总值") + p("（亿元）") + `</w:tc><w:tc>` + p("1200") + `</w:tc></w:tr><w:tr><w:trPr><w:del w:id="1" w:author="甲"/></w:trPr><w:tc>` + p("删去的行") + `</w:tc></w:tr></w:tbl>`,
			"指标\t2025年\n生产总值 （亿元）\t1200"},
		{"nested table", `<w:tbl><w:tr><w:tc>` + p("外") + `<w:tbl><w:tr><w:tc>` + p("内1") + `</w:tc><w:tc>` + p("内2") + `</w:tc></w:tr></w:tbl></w:tc><w:tc>` + p("右") + `</w:tc></w:tr></w:tbl>`,
			"外 内1 内2\t右"},
		{"ruby", `<w:p><w:r><w:t>建设</w:t></w:r><w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="center"/></w:rubyPr><w:rt><w:r><w:t>xióng ān</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>雄安</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>`, "建设雄安"},
		{"strict namespace elsewhere ignored", `<w:p><w:r><w:t>甲</w:t></w:r><x:t xmlns:x="urn:other">乙</x:t></w:p>`, "甲"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := docx.Read(makeDocx(t, p("各位代表：")+tt.body, "", ""))
			if err != nil {
				t.Fatal(err)
			}
			got := strings.TrimSuffix(strings.TrimPrefix(doc.PlainText(), "各位代表：\n"), "\n")
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// wordStyles is a styles part as Word writes it, with built-in heading styles and a table of
// contents style; LibreOffice and WPS name theirs "标题 1".
const wordStyles = `<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:pPr><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="我的标题"/><w:basedOn w:val="2"/></w:style>
<w:style w:type="paragraph" w:styleId="WPS3"><w:name w:val="标题 3"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="正文不分级"/><w:basedOn w:val="1"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="循环甲"/><w:basedOn w:val="Loop2"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="循环乙"/><w:basedOn w:val="Loop1"/></w:style>
<w:style w:type="paragraph" w:styleId="NumHeading"><w:name w:val="编号标题"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/></w:style>`

func styled(style, text string) string {
	return `<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

func TestReadStyleHeadings(t *testing.T) {
	body := p("政府工作报告") + p("各位代表：") +
		styled("TOC1", "一、过去一年的工作\t1") +
		styled("1", "过去一年的工作") +
		styled("2", "经济运行") + p("全年增长5%。") +
		styled("MyHeading", "项目建设") +
		styled("WPS3", "招商引资") +
		styled("Body", "不分级的段落") +
		`<w:p><w:pPr><w:pStyle w:val="a"/><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>直接设置大纲级别</w:t></w:r></w:p>` +
		styled("Loop1", "循环继承不出错") +
		styled("NumHeading", "样式带编号") +
		styled("NumHeading", "第二个") +
		styled("1", "二、已有编号文字的标题")
	doc, err := docx.Read(makeDocx(t, body, wordStyles, wpsNumbering))
	if err != nil {
		t.Fatal(err)
	}
	want := `1 一、 1 [][过去一年的工作]
2 （一） 1 [][经济运行]
2 （一） 2 [][项目建设]
3 1. 1 [][招商引资]
2 （一） 3 [][直接设置大纲级别]
1 一、 1 [一、][样式带编号]
1 一、 2 [二、][第二个]
1 一、 2 [二、][已有编号文字的标题]
`
	if got := outlineString(doc); got != want {
		t.Errorf("outline:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(doc.PlainText(), "\t1") {
		t.Errorf("table of contents kept:\n%s", doc.PlainText())
	}
}

// TestReadLibreOffice reads testdata/libreoffice.docx, made once from libreoffice.html with
// soffice --headless --infilter="HTML (StarWriter)" --convert-to docx: LibreOffice's own
// heading styles, a list, a table, a hyperlink, runs split at every digit.
func TestReadLibreOffice(t *testing.T) {
	data, err := os.ReadFile("testdata/libreoffice.docx")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := docx.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	wantText := `政府工作报告
——2026年1月20日在示例市第五届人民代表大会第六次会议上
示例市市长　王明
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2025年工作回顾
过去一年，全市地区生产总值增长5.2%，一般公共预算收入增长3.1%。
（一）经济运行稳中有进
规模以上工业增加值增长8.5%，示例产业园完成投资18.2亿元。
（二）项目建设全面发力。新开工项目120个，竣工投产45个。
指标	2025年
地区生产总值	386.5亿元
二、2026年工作安排
深化改革
主要任务是：
1.加快项目建设。
2.优化营商环境。
各位代表，新的一年，让我们团结一心、真抓实干！
`
	if got := doc.PlainText(); got != wantText {
		t.Errorf("text:\n%s\nwant:\n%s", got, wantText)
	}
	wantOutline := `1 一、 1 [一、][2025年工作回顾]
2 （一） 1 [（一）][经济运行稳中有进]
2 （一） 2 [（二）][项目建设全面发力。] +
table 2 rows
1 一、 2 [二、][2026年工作安排]
2 （一） 1 [][深化改革]
3 1. 1 [1.][加快项目建设。]
3 1. 2 [2.][优化营商环境。]
`
	if got := outlineString(doc); got != wantOutline {
		t.Errorf("outline:\n%s\nwant:\n%s", got, wantOutline)
	}
	if doc.Title != "政府工作报告" || doc.Speaker != "示例市市长　王明" {
		t.Errorf("title block %q %q", doc.Title, doc.Speaker)
	}
}

// TestReadXMLForms covers the XML the tokenizer must understand however a producer spells it.
func TestReadXMLForms(t *testing.T) {
	const main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	tests := []struct {
		name, xml, want string
	}{
		{"entities", `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>A&amp;B&lt;&gt;&quot;&apos;&#x4E00;&#20108;</w:t></w:r></w:p></w:body></w:document>`, `A&B<>"'一二`},
		{"CDATA", `<w:document ` + wNS + `><w:body><w:p><w:r><w:t><![CDATA[<原文>&amp;]]></w:t></w:r></w:p></w:body></w:document>`, "<原文>&amp;"},
		{"comments and instructions", "\ufeff<?xml version=\"1.0\"?><!-- 注释 --><w:document " + wNS + `><w:body><?pi x?><w:p><!-- <w:t>不是文字</w:t> --><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>`, "正文"},
		{"other prefix", `<ns0:document xmlns:ns0="` + main + `"><ns0:body><ns0:p><ns0:r><ns0:t>甲</ns0:t></ns0:r></ns0:p></ns0:body></ns0:document>`, "甲"},
		{"default namespace", `<document xmlns="` + main + `"><body><p><r><t>乙</t></r></p></body></document>`, "乙"},
		{"prefix rebound inside", `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>丙</w:t></w:r><x xmlns:w="urn:other"><w:t>不算</w:t></x><w:r><w:t xml:space='preserve'>丁</w:t></w:r></w:p></w:body></w:document>`, "丙丁"},
		{"spaces in tags", "<w:document " + wNS + " ><w:body ><w:p\n><w:r><w:t >戊</w:t ></w:r></w:p></w:body></w:document >", "戊"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := docx.Read(docParts(t, "word/document.xml", tt.xml))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSuffix(doc.PlainText(), "\n"); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	bad := []struct{ name, xml string }{
		{"DOCTYPE", `<!DOCTYPE w:document [<!ENTITY a "aaaa">]><w:document ` + wNS + `><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>`},
		{"mismatched tag", `<w:document ` + wNS + `><w:body><w:p></w:r></w:body></w:document>`},
		{"undeclared entity", `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>&nbsp;</w:t></w:r></w:p></w:body></w:document>`},
		{"character reference to NUL", `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>&#0;</w:t></w:r></w:p></w:body></w:document>`},
		{"< in attribute", `<w:document ` + wNS + `><w:body><w:p w:x="<"/></w:body></w:document>`},
		{"unquoted attribute", `<w:document ` + wNS + `><w:body><w:p w:x=1/></w:body></w:document>`},
		{"second root", `<w:document ` + wNS + `><w:body/></w:document><w:document ` + wNS + `/>`},
		{"text after root", `<w:document ` + wNS + `><w:body/></w:document>尾巴`},
		{"control character", "<w:document " + wNS + "><w:body><w:p><w:r><w:t>\x07</w:t></w:r></w:p></w:body></w:document>"},
		{"unclosed", `<w:document ` + wNS + `><w:body><w:p>`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, docParts(t, "word/document.xml", tt.xml), report.EINVALID, "文件已损坏")
		})
	}
}

// TestReadNumberFormats covers the number formats and restart rules of Word's list levels.
func TestReadNumberFormats(t *testing.T) {
	abstract := func(id int, levels string) string {
		return `<w:abstractNum w:abstractNumId="` + fmt.Sprint(id) + `">` + levels + `</w:abstractNum>`
	}
	lvl := func(ilvl, start int, format, text, extra string) string {
		return fmt.Sprintf(`<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="%s"/><w:lvlText w:val="%s"/>%s</w:lvl>`, ilvl, start, format, text, extra)
	}
	formats := []struct{ format, text string }{
		{"chineseCounting", "%1、"}, {"chineseCountingThousand", "（%1）"}, {"decimal", "%1."},
		{"decimalFullWidth", "%1．"}, {"decimalEnclosedCircle", "%1"}, {"decimalEnclosedParen", "%1"},
		{"upperLetter", "%1."}, {"lowerRoman", "(%1)"}, {"ideographTraditional", "%1、"},
		{"chineseLegalSimplified", "%1、"}, {"decimalZero", "%1"}, {"ideographDigital", "%1"},
		{"ordinalText", "%1"}, {"none", "%1"},
	}
	var numbering, body strings.Builder
	for i, f := range formats {
		numbering.WriteString(abstract(i, lvl(0, 9, f.format, f.text, "")))
		fmt.Fprintf(&numbering, `<w:num w:numId="%d"><w:abstractNumId w:val="%d"/></w:num>`, i+1, i)
	}
	// Two levels shown together, the inner one never restarting and shown legally in decimal.
	numbering.WriteString(abstract(20, lvl(0, 1, "chineseCounting", "%1、", "")+lvl(1, 1, "chineseCounting", "%1.%2", `<w:lvlRestart w:val="0"/><w:isLgl/>`)))
	numbering.WriteString(`<w:num w:numId="21"><w:abstractNumId w:val="20"/></w:num>`)
	// An instance that replaces a level outright.
	numbering.WriteString(`<w:num w:numId="22"><w:abstractNumId w:val="20"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="第%1条"/></w:lvl></w:lvlOverride></w:num>`)
	for i := range formats {
		body.WriteString(numbered(i+1, 0, "甲") + numbered(i+1, 0, "乙"))
	}
	body.WriteString(numbered(21, 0, "部分") + numbered(21, 1, "条目") + numbered(21, 0, "部分") + numbered(21, 1, "条目"))
	body.WriteString(`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="22"/></w:numPr></w:pPr><w:r><w:t>替换</w:t></w:r></w:p>`)
	doc, err := docx.Read(makeDocx(t, p("各位代表：")+body.String(), "", numbering.String()))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks[1:] {
		got = append(got, b.Text)
	}
	wantText := "九、甲 十、乙 （九）甲 （十）乙 9.甲 10.乙 ９．甲 １０．乙 ⑨甲 ⑩乙 ⑼甲 ⑽乙 I.甲 J.乙 (ix)甲 (x)乙 壬、甲 癸、乙 玖、甲 拾、乙 09甲 10乙 九甲 一〇乙 9甲 10乙 甲 乙 一、部分 1.1条目 二、部分 2.2条目 第3条替换"
	if g := strings.Join(got, " "); g != wantText {
		t.Errorf("got\n%s\nwant\n%s", g, wantText)
	}
}
