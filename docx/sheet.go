package docx

import (
	"io"
	"strconv"
	"strings"

	"qicao/report"
)

// Sheet is a table an office prints on its own (a 情况表 such as the 意见采纳情况表): a title,
// lines above the table, the table with a header row repeated on every page and columns in
// proportion to Widths, lines below. It is set on landscape A4 with the GB/T 9704 margins
// turned, the cells in 小四仿宋, so that eight columns of Chinese text stay readable.
type Sheet struct {
	Title  string
	Intro  []string
	Header []string
	Widths []int // relative widths of the columns; nil: equal
	Rows   [][]string
	Foot   []string
}

// The landscape page: A4 turned, the portrait margins turned with it (the binding side on top).
const (
	sheetWidth  = pageHeight
	sheetHeight = pageWidth
	sheetTop    = marginLeft
	sheetBottom = marginRight
	sheetLeft   = marginTop
	sheetRight  = marginBottom
	sheetText   = sheetWidth - sheetLeft - sheetRight
)

var sheetSectPr = `<w:sectPr><w:footerReference w:type="even" r:id="rIdFooterEven"/>` +
	`<w:footerReference w:type="default" r:id="rIdFooterOdd"/>` +
	`<w:pgSz w:w="` + strconv.Itoa(sheetWidth) + `" w:h="` + strconv.Itoa(sheetHeight) + `" w:orient="landscape"/>` +
	`<w:pgMar w:top="` + strconv.Itoa(sheetTop) + `" w:right="` + strconv.Itoa(sheetRight) +
	`" w:bottom="` + strconv.Itoa(sheetBottom) + `" w:left="` + strconv.Itoa(sheetLeft) +
	`" w:header="851" w:footer="992" w:gutter="0"/><w:pgNumType w:start="1"/><w:cols w:space="425"/></w:sectPr>`

// cellRPr is 小四 (12 pt) 仿宋 without the body's narrowed spacing, off the line grid.
const cellPPr = `<w:pStyle w:val="TableText"/><w:snapToGrid w:val="0"/><w:spacing w:line="300" w:lineRule="auto"/>`
const cellRPr = `<w:spacing w:val="0"/><w:sz w:val="24"/><w:szCs w:val="24"/>`

// WriteSheet writes s as a .docx with the fonts, page numbers and package of Write.
func WriteSheet(w io.Writer, s Sheet) error {
	dw := &docWriter{}
	b := &dw.buf
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	if s.Title != "" {
		dw.paragraph("Title", "", []segment{{text: s.Title}})
		dw.blank()
	}
	for _, line := range s.Intro {
		dw.paragraph("", "", []segment{{text: line}})
	}
	cols := len(s.Header)
	for _, r := range s.Rows {
		cols = max(cols, len(r))
	}
	if cols > 0 {
		widths := sheetWidths(s.Widths, cols)
		b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="` + strconv.Itoa(sheetText) + `" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>`)
		for _, wd := range widths {
			b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(wd) + `"/>`)
		}
		b.WriteString(`</w:tblGrid>`)
		if len(s.Header) > 0 {
			dw.sheetRow(s.Header, widths, true)
		}
		for _, r := range s.Rows {
			dw.sheetRow(r, widths, false)
		}
		b.WriteString(`</w:tbl>`)
	}
	for _, line := range s.Foot {
		dw.paragraph("", "", []segment{{text: line}})
	}
	if len(s.Foot) == 0 {
		b.WriteString("<w:p/>")
	}
	b.WriteString(sheetSectPr)
	b.WriteString(`</w:body></w:document>`)
	return writePackage(w, &report.Document{Title: s.Title}, b.Bytes(), nil)
}

// sheetWidths spreads the text width over the columns in proportion to rel.
func sheetWidths(rel []int, cols int) []int {
	total := 0
	for i := 0; i < cols; i++ {
		if i < len(rel) && rel[i] > 0 {
			total += rel[i]
		} else {
			total++
		}
	}
	out := make([]int, cols)
	for i := range out {
		r := 1
		if i < len(rel) && rel[i] > 0 {
			r = rel[i]
		}
		out[i] = sheetText * r / total
	}
	return out
}

func (dw *docWriter) sheetRow(cells []string, widths []int, header bool) {
	b := &dw.buf
	b.WriteString("<w:tr>")
	if header {
		b.WriteString(`<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
	}
	for j, wd := range widths {
		cell := ""
		if j < len(cells) {
			cell = cells[j]
		}
		b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(wd) + `" w:type="dxa"/></w:tcPr>`)
		rPr := cellRPr
		pPr := cellPPr
		if header {
			rPr = fonts(heiti) + cellRPr
			pPr += `<w:jc w:val="center"/>`
		}
		for _, line := range strings.Split(cell, "\n") {
			dw.rawParagraph(pPr, rPr, line)
		}
		b.WriteString("</w:tc>")
	}
	b.WriteString("</w:tr>")
}
