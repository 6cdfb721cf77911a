package docx

import (
	"fmt"
	"io"
	"strings"
	"time"

	"qicao/report"
)

// Notice is a 通知 in the GB/T 9704-2012 layout: the 版头 (the issuing office's mark in red, the
// document number and a red line), the title, the 主送 line, the body, the attachments, the
// issuing office's name and date, and the contact line. Every process that sends a notice (the
// 材料征集通知, the 征求意见通知) writes it through WriteNotice.
type Notice struct {
	Mark        string            // 发文机关标志: "示例市人民政府办公室文件" or the office's name; empty: none
	Number      string            // 发文字号: "示政办函〔2026〕12号"; empty: none
	Title       string            // 关于…的通知
	To          string            // 主送机关: "各乡镇人民政府，市直各部门"; a full-width colon is added
	Body        []NoticeParagraph // the text
	Attachments []string          // 附件说明, numbered when more than one
	Signature   string            // 发文机关署名
	Date        time.Time         // 成文日期, written in Arabic numerals
	Contact     string            // "联系人：李明，电话：0000-1234567", set in parentheses
}

// NoticeParagraph is one paragraph of a notice's body: Level 0 is body text, 1 a 一、 heading
// (黑体), 2 a （一） heading (楷体).
type NoticeParagraph struct {
	Text  string
	Level int
}

// red is the colour of the 版头: GB/T 9704 asks for red; this is Word's standard red.
const red = "FF0000"

// WriteNotice writes n as a .docx with the page, fonts and page numbers of Write.
func WriteNotice(w io.Writer, n Notice) error {
	dw := &docWriter{}
	b := &dw.buf
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	if n.Mark != "" {
		// The mark in red 小标宋, as large as fits one line: 30 pt for up to 14 characters.
		size := 60
		if l := len([]rune(n.Mark)); l > 14 {
			size = max(36, 60*14/l)
		}
		dw.rawParagraph(`<w:jc w:val="center"/><w:spacing w:before="579" w:after="0"/><w:ind w:firstLineChars="0" w:firstLine="0"/>`,
			fonts(titleFnt)+`<w:color w:val="`+red+`"/><w:sz w:val="`+fmt.Sprint(size)+`"/><w:szCs w:val="`+fmt.Sprint(size)+`"/>`, n.Mark)
		dw.blank()
	}
	if n.Number != "" {
		dw.rawParagraph(`<w:jc w:val="center"/><w:ind w:firstLineChars="0" w:firstLine="0"/>`, "", n.Number)
	}
	if n.Mark != "" || n.Number != "" {
		// the red separator line, 4 mm below the number
		dw.rawParagraph(`<w:pBdr><w:bottom w:val="single" w:sz="18" w:space="1" w:color="`+red+`"/></w:pBdr><w:spacing w:line="240" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/>`, "", "")
		dw.blank()
	}
	if n.Title != "" {
		dw.paragraph("Title", "", []segment{{text: n.Title}})
		dw.blank()
	}
	if to := strings.TrimRight(strings.TrimSpace(n.To), ":："); to != "" {
		dw.paragraph("NoIndent", "", []segment{{text: to + "："}})
	}
	for _, p := range n.Body {
		style := ""
		switch p.Level {
		case 1:
			style = "Heading1"
		case 2:
			style = "Heading2"
		case 3:
			style = "Heading3"
		}
		dw.paragraph(style, "", []segment{{text: p.Text}})
	}
	if len(n.Attachments) > 0 {
		dw.blank()
		for i, a := range n.Attachments {
			label := "附件："
			if i > 0 {
				label = "　　　"
			}
			if len(n.Attachments) > 1 {
				a = fmt.Sprintf("%d. %s", i+1, a)
			}
			dw.paragraph("", "", []segment{{text: label + a}})
		}
	}
	if n.Signature != "" || !n.Date.IsZero() {
		dw.blank()
		dw.blank()
		// 署名 and 成文日期 right-aligned, four characters in from the right margin
		right := `<w:jc w:val="right"/><w:ind w:rightChars="400" w:right="1280" w:firstLineChars="0" w:firstLine="0"/>`
		if n.Signature != "" {
			dw.rawParagraph(right, "", n.Signature)
		}
		if !n.Date.IsZero() {
			dw.rawParagraph(right, "", fmt.Sprintf("%d年%d月%d日", n.Date.Year(), int(n.Date.Month()), n.Date.Day()))
		}
	}
	if c := strings.TrimSpace(n.Contact); c != "" {
		if !strings.HasPrefix(c, "（") {
			c = "（" + c + "）"
		}
		dw.paragraph("", "", []segment{{text: c}})
	}
	b.WriteString(sectPr())
	b.WriteString(`</w:body></w:document>`)
	return writePackage(w, &report.Document{Title: n.Title}, b.Bytes(), nil)
}

// rawParagraph writes a paragraph with its own properties and one run.
func (dw *docWriter) rawParagraph(pPr, rPr, text string) {
	b := &dw.buf
	b.WriteString("<w:p><w:pPr>")
	b.WriteString(pPr)
	b.WriteString("</w:pPr>")
	if text != "" {
		b.WriteString(`<w:r><w:rPr><w:rFonts w:hint="eastAsia"/>`)
		b.WriteString(rPr)
		b.WriteString(`</w:rPr><w:t xml:space="preserve">`)
		escape(b, text)
		b.WriteString("</w:t></w:r>")
	}
	b.WriteString("</w:p>")
}

// blank writes an empty line.
func (dw *docWriter) blank() {
	dw.buf.WriteString(`<w:p><w:pPr><w:pStyle w:val="NoIndent"/></w:pPr></w:p>`)
}
