package docx

import (
	"bytes"
	"html"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"qicao/outline"
	"qicao/report"
)

// An HTML chunk is read for its text only, so it is tokenized here rather than parsed into a
// tree with golang.org/x/net/html: that package builds its 2,231-entry entity map when the
// program starts, and every file command paid 0.6 ms and 58 page faults for a rare input.
// Entities are decoded by the standard library's html.UnescapeString, whose tables are built
// on first use. The rules follow the HTML Standard's tokenizer (§13.2.5) as far as text needs:
// comments, doctypes and processing instructions are skipped, quoted attribute values may hold
// '>', and the raw-text elements (§13.1.2: script, style…) end only at their own end tag.

// blockTags end a paragraph of HTML text.
var blockTags = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"li": true, "blockquote": true, "pre": true, "section": true, "article": true, "br": true,
	"dt": true, "dd": true, "address": true, "center": true, "ul": true, "ol": true,
	"dl": true, "hr": true, "body": true, "header": true, "footer": true, "main": true, "nav": true,
	"aside": true, "figure": true, "figcaption": true, "caption": true,
}

// rawTags hold raw text, never markup, and are not text of the report (a title is the
// browser's, not the document's).
var rawTags = map[string]bool{
	"script": true, "style": true, "xmp": true, "iframe": true, "noembed": true, "noframes": true,
	"noscript": true, "template": true, "textarea": true, "title": true,
}

// readHTML turns HTML into paragraphs: text between block elements is a paragraph, a table a
// table. Scripts, styles and the head are not text. contentType may name the charset; else
// a byte order mark or a <meta> charset in the first 1,024 bytes does (§13.2.3.2), else the
// text is UTF-8 when it decodes as such and GB18030 otherwise.
func readHTML(data []byte, contentType string) ([]outline.Para, error) {
	text, err := decodeHTML(data, contentType)
	if err != nil {
		return nil, err
	}
	h := &htmlReader{}
	h.read(text)
	if h.overflow {
		return nil, report.Errorf(report.ETOOLARGE, "嵌入的网页内容过长，拒绝处理")
	}
	return h.out, nil
}

// decodeHTML finds the chunk's character encoding and decodes it.
func decodeHTML(data []byte, contentType string) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return strings.ToValidUTF8(string(data[3:]), "\uFFFD"), nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().String(string(data))
	}
	label := charsetParam(contentType)
	if label == "" {
		label = metaCharset(data[:min(len(data), 1024)])
	}
	switch label {
	case "gbk", "gb2312", "gb18030", "x-gbk", "cp936", "windows-936", "euc-cn", "csgb2312", "chinese", "iso-ir-58":
		return simplifiedchinese.GB18030.NewDecoder().String(string(data))
	case "utf-16", "utf-16le":
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder().String(string(data))
	case "utf-16be":
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder().String(string(data))
	case "iso-8859-1", "latin1", "windows-1252", "cp1252", "us-ascii", "ascii":
		if !utf8.Valid(data) {
			return windows1252(data), nil
		}
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	if label == "" || label == "utf-8" || label == "utf8" {
		// Mislabelled Chinese pages are GBK far more often than anything else.
		return simplifiedchinese.GB18030.NewDecoder().String(string(data))
	}
	return "", report.Errorf(report.EINVALID, "嵌入的网页内容使用 %s 编码，无法读取：请在 Word 或 WPS 中打开此文件，另存为 .docx 后再上传", label)
}

// charsetParam is the charset parameter of a Content-Type, lower-cased, or "".
func charsetParam(contentType string) string {
	i := strings.Index(strings.ToLower(contentType), "charset=")
	if i < 0 {
		return ""
	}
	return charsetValue(contentType[i+len("charset="):])
}

// metaCharset finds charset= in the first bytes, as <meta charset="…"> and <meta
// http-equiv="Content-Type" content="text/html; charset=…"> both carry it.
func metaCharset(head []byte) string {
	lower := strings.ToLower(string(head))
	for off := 0; ; {
		i := strings.Index(lower[off:], "charset")
		if i < 0 {
			return ""
		}
		rest := strings.TrimLeft(lower[off+i+len("charset"):], " \t\r\n")
		if strings.HasPrefix(rest, "=") {
			if v := charsetValue(strings.TrimLeft(rest[1:], " \t\r\n")); v != "" {
				return v
			}
		}
		off += i + len("charset")
	}
}

func charsetValue(s string) string {
	s = strings.TrimLeft(s, `"' `)
	end := strings.IndexAny(s, "\"'; \t\r\n>/")
	if end >= 0 {
		s = s[:end]
	}
	return strings.ToLower(s)
}

// windows1252 decodes Windows-1252, which browsers read for ISO-8859-1 too: the bytes
// 0x80–0x9F are its punctuation (curly quotes, dashes), the rest are Latin-1.
func windows1252(data []byte) string {
	const high = "€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ"
	table := []rune(high)
	var sb strings.Builder
	sb.Grow(len(data) + len(data)/4)
	for _, b := range data {
		switch {
		case b >= 0x80 && b < 0xA0:
			sb.WriteRune(table[b-0x80])
		default:
			sb.WriteRune(rune(b))
		}
	}
	return sb.String()
}

type htmlReader struct {
	out      []outline.Para
	text     strings.Builder
	tables   []*htmlTable
	skipHead bool
	overflow bool
}

// htmlTable is a table being read: its rows, and the row and cell open.
type htmlTable struct {
	rows   [][]string
	cells  []string // the row open
	parts  []string // the cell open: its pieces of text, joined with spaces when it ends
	inRow  bool
	inCell bool
}

// read tokenizes s and builds the paragraphs.
func (h *htmlReader) read(s string) {
	from := 0 // where the text not yet added starts
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		next, name, end, ok := tag(s, i)
		if !ok { // a '<' that starts no markup is text
			i++
			continue
		}
		h.addText(s[from:i])
		i, from = next, next
		switch {
		case name == "": // a comment, doctype or processing instruction
		case end:
			h.endTag(name)
		case rawTags[name]:
			i = skipRaw(s, i, name)
			from = i
		default:
			h.startTag(name)
		}
	}
	h.addText(s[from:])
	h.flush()
	for len(h.tables) > 0 {
		h.endTable()
	}
}

// tag reads the markup starting at s[i] == '<': it returns the index after it, the element's
// name (lower-cased; "" for a comment, doctype or processing instruction) and whether it is an
// end tag. ok is false when the '<' starts no markup.
func tag(s string, i int) (next int, name string, end, ok bool) {
	rest := s[i+1:]
	switch {
	case strings.HasPrefix(rest, "!--"):
		return commentEnd(s, i+4), "", false, true
	case strings.HasPrefix(rest, "!"), strings.HasPrefix(rest, "?"):
		if j := strings.IndexByte(rest, '>'); j >= 0 {
			return i + 1 + j + 1, "", false, true
		}
		return len(s), "", false, true
	case strings.HasPrefix(rest, "/"):
		end = true
		rest = rest[1:]
	}
	if rest == "" || !isLetter(rest[0]) {
		return 0, "", false, false
	}
	n := 1
	for n < len(rest) && !isTagEnd(rest[n]) {
		n++
	}
	name = strings.ToLower(rest[:n])
	// Attributes: a quoted value may hold '>'.
	j := n
	var quote byte
	for ; j < len(rest); j++ {
		c := rest[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			if j > 0 && rest[j-1] == '=' || j > 1 && rest[j-1] == ' ' && rest[j-2] == '=' {
				quote = c
			}
		case c == '>':
			return len(s) - len(rest) + j + 1, name, end, true
		}
	}
	return len(s), name, end, true
}

// commentEnd is the index after the comment whose text starts at s[i]: "<!-->" and "<!--->"
// are empty comments, and "--!>" ends one as "-->" does (§13.2.5.43–52).
func commentEnd(s string, i int) int {
	switch rest := s[i:]; {
	case strings.HasPrefix(rest, ">"):
		return i + 1
	case strings.HasPrefix(rest, "->"):
		return i + 2
	}
	end := len(s)
	if j := strings.Index(s[i:], "-->"); j >= 0 {
		end = i + j + 3
	}
	if j := strings.Index(s[i:], "--!>"); j >= 0 && i+j+4 < end {
		end = i + j + 4
	}
	return end
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isTagEnd(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>'
}

// skipRaw returns the index after the end tag of the raw-text element name opened before s[i].
func skipRaw(s string, i int, name string) int {
	lower := strings.ToLower(s[i:])
	for off := 0; ; {
		j := strings.Index(lower[off:], "</"+name)
		if j < 0 {
			return len(s)
		}
		k := off + j + 2 + len(name)
		if k == len(lower) || isTagEnd(lower[k]) {
			if e := strings.IndexByte(lower[k:], '>'); e >= 0 {
				return i + k + e + 1
			}
			return len(s)
		}
		off = k
	}
}

func (h *htmlReader) startTag(name string) {
	switch name {
	case "head":
		h.skipHead = true
		return
	case "body":
		h.skipHead = false
	}
	if h.skipHead {
		// The head ends at its end tag, or where body content starts without one.
		if !blockTags[name] && name != "table" {
			return
		}
		h.skipHead = false
	}
	switch name {
	case "table":
		h.flush()
		if len(h.tables) < maxDepth {
			h.tables = append(h.tables, &htmlTable{})
		}
	case "tr":
		if t := h.table(); t != nil {
			h.endCell(t)
			h.endRow(t)
			t.inRow = true
		}
	case "td", "th":
		if t := h.table(); t != nil {
			h.endCell(t)
			if !t.inRow {
				t.inRow = true
			}
			h.flush()
			t.inCell = true
		}
	default:
		if blockTags[name] {
			h.flush()
		}
	}
}

func (h *htmlReader) endTag(name string) {
	if h.skipHead {
		if name == "head" {
			h.skipHead = false
		}
		return
	}
	switch name {
	case "table":
		if len(h.tables) > 0 {
			h.endTable()
		}
	case "tr":
		if t := h.table(); t != nil {
			h.endCell(t)
			h.endRow(t)
		}
	case "td", "th":
		if t := h.table(); t != nil {
			h.endCell(t)
		}
	default:
		if blockTags[name] {
			h.flush()
		}
	}
}

func (h *htmlReader) table() *htmlTable {
	if len(h.tables) == 0 {
		return nil
	}
	return h.tables[len(h.tables)-1]
}

func (h *htmlReader) endCell(t *htmlTable) {
	if !t.inCell {
		return
	}
	h.flush()
	t.cells = append(t.cells, strings.Join(t.parts, " "))
	t.parts, t.inCell = nil, false
}

func (h *htmlReader) endRow(t *htmlTable) {
	if t.inRow && len(t.cells) > 0 {
		t.rows = append(t.rows, t.cells)
	}
	t.cells, t.inRow = nil, false
}

// endTable closes the innermost table: a table inside a cell is text of that cell.
func (h *htmlReader) endTable() {
	t := h.table()
	h.endCell(t)
	h.endRow(t)
	h.tables = h.tables[:len(h.tables)-1]
	switch {
	case len(h.tables) > 0:
		for _, r := range t.rows {
			h.text.WriteString(strings.Join(r, " "))
		}
	case len(t.rows) > 0:
		h.emit(outline.Para{Rows: t.rows})
	}
}

// addText adds the text between two tags, its entities decoded and its white space collapsed
// as HTML does; Chinese text has none between characters.
func (h *htmlReader) addText(raw string) {
	if h.skipHead {
		return
	}
	if strings.IndexByte(raw, '&') >= 0 {
		raw = html.UnescapeString(raw)
	}
	h.text.WriteString(strings.Join(strings.Fields(raw), " "))
}

// flush ends the text gathered so far: a paragraph, or a piece of the open cell.
func (h *htmlReader) flush() {
	t := strings.TrimSpace(h.text.String())
	h.text.Reset()
	if t == "" {
		return
	}
	if tb := h.table(); tb != nil && tb.inCell {
		tb.parts = append(tb.parts, t)
		return
	}
	h.emit(outline.Para{Text: t})
}

func (h *htmlReader) emit(p outline.Para) {
	if len(h.out) < maxChunkParas {
		h.out = append(h.out, p)
	} else {
		h.overflow = true
	}
}
