package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"qicao/report"
)

// Write writes doc as a .docx in the GB/T 9704-2012 layout: A4 with the standard margins, a
// 22-line × 28-character grid, 3号仿宋 body indented two characters, 2号小标宋 title, headings
// in 黑体, 楷体, bold 仿宋 by level, and "— N —" page numbers on alternating sides.
func Write(w io.Writer, doc *report.Document) error {
	return write(w, doc, nil, nil)
}

// segment is a piece of a paragraph's text with its revision state and whether it is set in the
// heading font (a run-in heading's label and title).
type segment struct {
	text   string
	change Change
	head   bool
	note   int // a footnote reference to note number note (from 1) instead of text
}

// docWriter builds document.xml in one buffer.
type docWriter struct {
	buf   bytes.Buffer
	rev   *Revision
	date  string
	revID int
	notes []report.Note // footnotes written so far; footnote n is notes[n-1]
}

func write(w io.Writer, doc *report.Document, spans [][]Span, rev *Revision) error {
	dw := &docWriter{rev: rev}
	if rev != nil {
		dw.date = rev.Date.UTC().Format(time.RFC3339)
	}
	size := 4096
	for i := range doc.Blocks {
		size += len(doc.Blocks[i].Text) + 200
	}
	dw.buf.Grow(size)
	dw.buf.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	dw.titleBlock(doc)
	for i := range doc.Blocks {
		var sp []Span
		if i < len(spans) {
			sp = spans[i]
		}
		dw.block(i, &doc.Blocks[i], sp)
	}
	if n := len(doc.Blocks); n > 0 && doc.Blocks[n-1].Kind == report.Table {
		dw.buf.WriteString("<w:p/>") // Word wants a paragraph between a table and the section end
	}
	dw.buf.WriteString(sectPr())
	dw.buf.WriteString(`</w:body></w:document>`)
	return writePackage(w, doc, dw.buf.Bytes(), dw.notes)
}

// withNotes splits segments at the block's note offsets (counted in the text the segments
// make) and puts a footnote reference there. Notes past the end go at the end.
func (dw *docWriter) withNotes(segs []segment, notes []report.Note) []segment {
	if len(notes) == 0 {
		return segs
	}
	out := make([]segment, 0, len(segs)+len(notes))
	k, pos := 0, 0
	ref := func() {
		dw.notes = append(dw.notes, notes[k])
		out = append(out, segment{note: len(dw.notes)})
		k++
	}
	for _, s := range segs {
		for k < len(notes) && notes[k].At <= pos+len(s.text) && notes[k].At >= pos {
			cut := notes[k].At - pos
			for cut < len(s.text) && !utf8.RuneStart(s.text[cut]) {
				cut++
			}
			if cut > 0 {
				head := s
				head.text = s.text[:cut]
				out = append(out, head)
			}
			s.text = s.text[cut:]
			pos += cut
			ref()
		}
		out = append(out, s)
		pos += len(s.text)
	}
	for k < len(notes) {
		ref()
	}
	return out
}

func (dw *docWriter) titleBlock(doc *report.Document) {
	for _, line := range []struct{ style, text string }{{"Title", doc.Title}, {"Subtitle", doc.Subtitle}, {"Speaker", doc.Speaker}} {
		if line.text != "" {
			dw.paragraph(line.style, "", []segment{{text: line.text}})
		}
	}
}

func (dw *docWriter) block(i int, b *report.Block, spans []Span) {
	if b.Kind == report.Table {
		dw.table(b, spans)
		return
	}
	style, headStyle := "", ""
	runIn := b.Kind == report.Heading && b.HeadEnd > 0 && b.HeadEnd < len(b.Text) && utf8.RuneStart(b.Text[b.HeadEnd])
	switch {
	case runIn:
		headStyle = "Heading" + strconv.Itoa(headingLevel(b)) + "Char"
	case b.Kind == report.Heading:
		style = "Heading" + strconv.Itoa(headingLevel(b))
	case i == 0 && isSalutation(b.Text):
		style = "NoIndent"
	}
	var segs []segment
	if spans == nil {
		if headStyle != "" {
			segs = []segment{{text: b.Text[:b.HeadEnd], head: true}, {text: b.Text[b.HeadEnd:]}}
		} else {
			segs = []segment{{text: b.Text}}
		}
	} else {
		headEnd := -1
		if headStyle != "" {
			headEnd = b.HeadEnd
		}
		segs = spanSegments(spans, headEnd)
	}
	if spans != nil {
		// Offsets count in the new text; in a tracked paragraph the marks go at its end.
		segs = dw.withNotes(segs, notesAtEnd(b.Notes))
	} else {
		segs = dw.withNotes(segs, b.Notes)
	}
	dw.paragraph(style, headStyle, segs)
}

// headingLevel is the style level of a heading: its rank in the document, at most five.
func headingLevel(b *report.Block) int {
	return min(max(b.Level, 1), 5)
}

// isSalutation tells "各位代表：", which starts at the margin like a 主送机关 line.
func isSalutation(s string) bool {
	return strings.HasSuffix(s, "：") && utf8.RuneCountInString(s) <= 12
}

// paragraph writes one w:p. A paragraph whose segments are all deleted or all inserted has its
// paragraph mark tracked too, so accepting the change removes or keeps the whole paragraph.
func (dw *docWriter) paragraph(style, headStyle string, segs []segment) {
	b := &dw.buf
	b.WriteString("<w:p>")
	mark := markChange(segs)
	if style != "" || mark != Same {
		b.WriteString("<w:pPr>")
		if style != "" {
			b.WriteString(`<w:pStyle w:val="`)
			b.WriteString(style)
			b.WriteString(`"/>`)
		}
		if mark != Same {
			b.WriteString("<w:rPr>")
			dw.revisionMark(mark)
			b.WriteString("</w:rPr>")
		}
		b.WriteString("</w:pPr>")
	}
	for _, s := range segs {
		if s.note > 0 {
			b.WriteString(`<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="`)
			b.WriteString(strconv.Itoa(s.note))
			b.WriteString(`"/></w:r>`)
			continue
		}
		if s.text == "" {
			continue
		}
		rStyle := ""
		if s.head {
			rStyle = headStyle
		}
		dw.run(s.text, rStyle, s.change)
	}
	b.WriteString("</w:p>")
}

func markChange(segs []segment) Change {
	c, first := Same, true
	for _, s := range segs {
		if s.note > 0 {
			continue
		}
		if first {
			c, first = s.change, false
		} else if s.change != c {
			return Same
		}
	}
	return c
}

func notesAtEnd(notes []report.Note) []report.Note {
	out := make([]report.Note, len(notes))
	for i, n := range notes {
		n.At = 1 << 30
		out[i] = n
	}
	return out
}

// revisionMark writes an empty w:ins or w:del, for a paragraph mark or a table row.
func (dw *docWriter) revisionMark(c Change) {
	tag := "w:ins"
	if c == Deleted {
		tag = "w:del"
	}
	dw.buf.WriteString("<" + tag)
	dw.revisionAttrs()
	dw.buf.WriteString("/>")
}

func (dw *docWriter) revisionAttrs() {
	dw.revID++
	b := &dw.buf
	b.WriteString(` w:id="`)
	b.WriteString(strconv.Itoa(dw.revID))
	b.WriteString(`" w:author="`)
	if dw.rev != nil {
		escape(b, dw.rev.Author)
	}
	b.WriteString(`" w:date="`)
	b.WriteString(dw.date)
	b.WriteString(`"`)
}

// run writes text as runs, tabs as w:tab, wrapped in w:ins or w:del when tracked.
func (dw *docWriter) run(text, rStyle string, c Change) {
	b := &dw.buf
	textTag := "w:t"
	switch c {
	case Inserted:
		b.WriteString("<w:ins")
		dw.revisionAttrs()
		b.WriteString(">")
	case Deleted:
		b.WriteString("<w:del")
		dw.revisionAttrs()
		b.WriteString(">")
		textTag = "w:delText"
	}
	b.WriteString("<w:r><w:rPr>")
	if rStyle != "" {
		b.WriteString(`<w:rStyle w:val="`)
		b.WriteString(rStyle)
		b.WriteString(`"/>`)
	}
	b.WriteString(`<w:rFonts w:hint="eastAsia"/></w:rPr>`)
	for text != "" {
		i := strings.IndexAny(text, "\t\n")
		piece := text
		if i >= 0 {
			piece = text[:i]
		}
		if piece != "" {
			b.WriteString("<" + textTag + ` xml:space="preserve">`)
			escape(b, piece)
			b.WriteString("</" + textTag + ">")
		}
		if i < 0 {
			break
		}
		if text[i] == '\t' {
			b.WriteString("<w:tab/>")
		} else {
			b.WriteString("<w:br/>")
		}
		text = text[i+1:]
	}
	b.WriteString("</w:r>")
	switch c {
	case Inserted:
		b.WriteString("</w:ins>")
	case Deleted:
		b.WriteString("</w:del>")
	}
}

// table writes a real w:tbl with one paragraph per line of each cell.
func (dw *docWriter) table(tb *report.Block, spans []Span) {
	change := Same
	if spans != nil {
		segs := make([]segment, len(spans))
		for i, s := range spans {
			segs[i] = segment{text: s.Text, change: s.Change}
		}
		change = markChange(segs)
	}
	cols := 0
	for _, row := range tb.Rows {
		cols = max(cols, len(row))
	}
	if cols == 0 {
		return
	}
	b := &dw.buf
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>`)
	width := strconv.Itoa((pageWidth - marginLeft - marginRight) / cols)
	for range cols {
		b.WriteString(`<w:gridCol w:w="` + width + `"/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	last := len(tb.Rows) - 1
	for last > 0 && len(tb.Rows[last]) == 0 {
		last--
	}
	for r, row := range tb.Rows {
		if len(row) == 0 {
			continue
		}
		b.WriteString("<w:tr>")
		if change != Same {
			b.WriteString("<w:trPr>")
			dw.revisionMark(change)
			b.WriteString("</w:trPr>")
		}
		for j, cell := range row {
			b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + width + `" w:type="dxa"/>`)
			if j == len(row)-1 && len(row) < cols {
				// A short row's last cell spans the rest, so reading gives back the same cells.
				b.WriteString(`<w:gridSpan w:val="` + strconv.Itoa(cols-j) + `"/>`)
			}
			b.WriteString(`</w:tcPr>`)
			lines := strings.Split(cell, "\n")
			for k, line := range lines {
				segs := []segment{{text: line, change: change}}
				if r == last && j == len(row)-1 && k == len(lines)-1 {
					// The table's notes are referenced at the end of its last cell.
					segs = dw.withNotes(segs, notesAtEnd(tb.Notes))
				}
				dw.paragraph("TableText", "", segs)
			}
			b.WriteString("</w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
}

// escape writes s as XML character data, dropping what XML 1.0 cannot carry: control
// characters, invalid UTF-8 and the non-characters U+FFFE and U+FFFF.
func escape(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var repl string
		size := 1
		switch {
		case c == '&':
			repl = "&amp;"
		case c == '<':
			repl = "&lt;"
		case c == '>':
			repl = "&gt;"
		case c == '"':
			repl = "&quot;"
		case c >= 0x20 && c < utf8.RuneSelf, c == '\t', c == '\n', c == '\r':
			i++
			continue
		case c >= utf8.RuneSelf:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			if !(r == utf8.RuneError && size == 1) && r != 0xFFFE && r != 0xFFFF {
				i += size
				continue
			}
		}
		b.WriteString(s[last:i])
		b.WriteString(repl)
		i += size
		last = i
	}
	b.WriteString(s[last:])
}

// writePackage zips the parts. Only document.xml is worth compressing; the fixed parts are
// stored. Compressors are pooled: a new one costs more than compressing a whole report.
func writePackage(w io.Writer, doc *report.Document, document []byte, notes []report.Note) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		fw := flatePool.Get().(*flate.Writer)
		fw.Reset(out)
		return pooledFlate{fw}, nil
	})
	var core bytes.Buffer
	core.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>`)
	escape(&core, doc.Title)
	core.WriteString(`</dc:title><dc:creator>qicao</dc:creator></cp:coreProperties>`)
	parts := []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(contentTypesXML)},
		{"_rels/.rels", []byte(packageRelsXML)},
		{"word/document.xml", document},
		{"word/_rels/document.xml.rels", []byte(documentRelsXML)},
		{"word/styles.xml", []byte(stylesXML())},
		{"word/settings.xml", []byte(settingsXML)},
		{"word/fontTable.xml", []byte(fontTableXML)},
		{"word/footer1.xml", []byte(footers()[0])},
		{"word/footer2.xml", []byte(footers()[1])},
		{"docProps/core.xml", core.Bytes()},
		{"docProps/app.xml", []byte(appXML)},
	}
	if len(notes) > 0 {
		parts[0].data = []byte(strings.Replace(contentTypesXML, "</Types>", footnotesType+"</Types>", 1))
		parts[3].data = []byte(strings.Replace(documentRelsXML, "</Relationships>", footnotesRel+"</Relationships>", 1))
		parts = append(parts, struct {
			name string
			data []byte
		}{"word/footnotes.xml", footnotesXML(notes)})
	}
	for _, p := range parts {
		method := zip.Store
		if p.name == "word/document.xml" || p.name == "word/styles.xml" || p.name == "word/footnotes.xml" {
			method = zip.Deflate
		}
		// The date is fixed, so the same report gives the same bytes, and no earlier than
		// 1980-01-01, the first date a zip entry can hold: archive/zip writes a zero time as
		// 1979-11-30, which some unzip tools and validators reject.
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: method, Modified: zipEpoch})
		if err != nil {
			return err
		}
		if _, err := fw.Write(p.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

const (
	footnotesType = `<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>`
	footnotesRel  = `<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>`
)

// footnotesXML is the footnotes part: Word's two separators, then the notes numbered from 1,
// set in 4号仿宋 (14 pt) single-spaced, below the body's 3号.
func footnotesXML(notes []report.Note) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>` +
		`<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>`)
	for i, n := range notes {
		b.WriteString(`<w:footnote w:id="`)
		b.WriteString(strconv.Itoa(i + 1))
		b.WriteString(`"><w:p><w:pPr><w:pStyle w:val="NoIndent"/><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr>` +
			`<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>` +
			`<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> `)
		escape(&b, n.Text)
		b.WriteString(`</w:t></w:r></w:p></w:footnote>`)
	}
	b.WriteString(`</w:footnotes>`)
	return b.Bytes()
}

var flatePool = sync.Pool{New: func() any {
	fw, _ := flate.NewWriter(io.Discard, flate.BestSpeed)
	return fw
}}

// pooledFlate returns its compressor to the pool once zip has closed it.
type pooledFlate struct{ *flate.Writer }

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	flatePool.Put(p.Writer)
	return err
}

// footers are built on the first .docx written, not at start-up.
var footers = sync.OnceValue(func() [2]string { return [2]string{footer(true), footer(false)} })
