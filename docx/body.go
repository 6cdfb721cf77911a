package docx

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"qicao/outline"
	"qicao/report"
)

// para is a paragraph being read.
type para struct {
	text       strings.Builder
	style      string
	numID      int // -1 unset
	ilvl       int // -1 unset
	outlineLvl int // -1 unset
	markDel    bool
	toc        bool // an entry of a table of contents
	notes      []report.Note
}

// table is a table being read; tables nest inside cells.
type table struct {
	rows    [][]string
	row     []string
	cell    []string // the cell's paragraphs
	inCell  bool
	rowDel  bool
	notes   []report.Note // notes referenced in the table's cells
	inTrPr  bool
	started bool // a row is open
}

// bodyReader walks document.xml in one pass and produces the paragraphs in order.
type bodyReader struct {
	sc    *scanner
	st    *styles
	nb    *numbering
	out   []outline.Para
	paras []*para
	tabs  []*table

	inPPr, inRPr, inT, hidden bool
	// carry holds a paragraph whose mark was deleted as a tracked change: accepted, it runs
	// into the next paragraph.
	carry *para

	// chunk reads the alternative-format chunk with the given relationship ID; unread counts
	// content that has no text for us (pictures, embedded objects), so that a document made only
	// of it is refused rather than read as empty.
	chunk  func(id string) ([]outline.Para, error)
	unread int

	// notes are the texts of the package's footnotes and endnotes by ID, read before the body;
	// noteKind is "footnote" or "endnote" while a notes part is read, and noteStart where the
	// note being read began in out.
	notes     map[noteKey]string
	noteKind  string
	noteID    string
	noteStart int

	// Open complex fields, innermost last, with whether each is a TOC field, and open content
	// controls with whether each holds a table of contents. Fields nest past the cap only in
	// hostile files; those levels are counted, not kept.
	fields     []field
	fieldsLost int
	sdts       []bool
}

type noteKey struct {
	id      string
	endnote bool
}

type field struct {
	instr string
	toc   bool
	start int // len(out) when the field began
}

// maxFields bounds the open fields kept; Word nests a few (TOC, HYPERLINK, PAGEREF).
const maxFields = 64

// inTOC reports whether the position being read is inside a table of contents: a TOC field or
// a content control Word made for one.
func (br *bodyReader) inTOC() bool {
	for _, f := range br.fields {
		if f.toc {
			return true
		}
	}
	for _, t := range br.sdts {
		if t {
			return true
		}
	}
	return false
}

// unclosedTOC gives back the text after a TOC field that never ends: a damaged file's body
// is text, not a table of contents to drop.
func (br *bodyReader) unclosedTOC() {
	for _, f := range br.fields {
		if f.toc {
			for i := min(f.start, len(br.out)); i < len(br.out); i++ {
				br.out[i].TOC = false
			}
			return
		}
	}
}

// isTOCInstr reports whether a field instruction makes a table of contents.
func isTOCInstr(instr string) bool {
	f := strings.Fields(instr)
	return len(f) > 0 && strings.EqualFold(f[0], "TOC")
}

// fieldChar follows a w:fldChar: begin opens a field, end closes the innermost.
func (br *bodyReader) fieldChar(typ string) {
	switch typ {
	case "begin":
		if len(br.fields) >= maxFields {
			br.fieldsLost++
			return
		}
		br.fields = append(br.fields, field{start: len(br.out)})
	case "end":
		if br.fieldsLost > 0 {
			br.fieldsLost--
			return
		}
		if n := len(br.fields); n > 0 {
			if br.fields[n-1].toc {
				if p := br.cur(); p != nil {
					p.toc = true
				}
			}
			br.fields = br.fields[:n-1]
		}
	}
}

// instrText reads a field instruction into the innermost open field.
func (br *bodyReader) instrText() error {
	sc := br.sc
	var sb strings.Builder
	for depth := 1; depth > 0; {
		k, err := sc.next()
		if err != nil {
			return err
		}
		switch k {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		case tokText:
			if sb.Len() < 256 {
				if err := sc.appendText(&sb); err != nil {
					return err
				}
			}
		}
	}
	if n := len(br.fields); n > 0 && br.fieldsLost == 0 {
		f := &br.fields[n-1]
		if len(f.instr) < 256 {
			f.instr += sb.String()
		}
		if isTOCInstr(f.instr) {
			f.toc = true
			if p := br.cur(); p != nil {
				p.toc = true
			}
		}
	}
	return nil
}

// sdtProperties reads a content control's properties for the gallery Word names a table of
// contents control by, and marks the innermost open control.
func (br *bodyReader) sdtProperties() error {
	sc := br.sc
	for depth := 1; depth > 0; {
		k, err := sc.next()
		if err != nil {
			return err
		}
		switch k {
		case tokStart:
			depth++
			if string(sc.local) == "docPartGallery" && strings.Contains(strings.ToLower(sc.attr("val")), "table of contents") {
				if n := len(br.sdts); n > 0 {
					br.sdts[n-1] = true
				}
			}
		case tokEnd:
			depth--
		}
	}
	return nil
}

// Elements whose content is not part of the accepted, visible text.
var skipped = map[string]bool{
	"del": true, "moveFrom": true, "delText": true, "delInstrText": true, "instrText": true,
	"pPrChange": true, "rPrChange": true, "sectPrChange": true, "tblPrChange": true,
	"tcPrChange": true, "trPrChange": true, "tblGridChange": true, "numberingChange": true,
	"sdtPr": true, "sdtEndPr": true, "sectPr": true, "tblPr": true, "tblGrid": true, "tcPr": true,
	"footnotePr": true, "endnotePr": true, "tabs": true,
	"rt": true, // ruby text: the pinyin a 拼音指南 sets above its base characters
}

func readBody(p *pkg, name string, st *styles, nb *numbering, notes map[noteKey]string, chunk func(string) ([]outline.Para, error)) ([]outline.Para, error) {
	f := p.find(name)
	if f == nil {
		return nil, errNotDocx
	}
	data, err := p.read(f)
	if err != nil {
		return nil, err
	}
	br := &bodyReader{sc: newScanner(data), st: st, nb: nb, notes: notes, chunk: chunk}
	if err := br.run(); err != nil {
		return nil, partError(name, err)
	}
	if br.unread > 0 && !hasText(br.out) {
		return nil, errNoText
	}
	return br.out, nil
}

// errNoText refuses a document whose content is all pictures or embedded objects: reading it as
// an empty report would report "0字" and "未发现问题" for a file nobody read.
var errNoText = report.Errorf(report.EINVALID, "未能从文件中读出文字：正文只有图片、嵌入对象或其他无法读取的内容（如扫描件）；请上传可以选中和复制文字的 .docx，或在 Word/WPS 中打开后另存为 .docx 再上传")

func hasText(paras []outline.Para) bool {
	for _, p := range paras {
		if p.Rows != nil || strings.TrimSpace(p.Text) != "" {
			return true
		}
	}
	return false
}

// readNotes reads a footnotes or endnotes part (kind "footnote" or "endnote") into notes. The
// notes get a numbering of their own, so that a list in a note does not advance the body's.
func readNotes(p *pkg, name, kind string, st *styles, notes map[noteKey]string) error {
	f := p.find(name)
	if f == nil {
		return nil
	}
	data, err := p.read(f)
	if err != nil {
		return err
	}
	nb, _ := readNumbering(p, "")
	br := &bodyReader{sc: newScanner(data), st: st, nb: nb, notes: notes, noteKind: kind}
	if err := br.run(); err != nil {
		if err == errNotDocx {
			return report.Errorf(report.EINVALID, "文件已损坏：%s 不是脚注或尾注部件", name)
		}
		return partError(name, err)
	}
	return nil
}

func (br *bodyReader) run() error {
	sc := br.sc
	root := true
	for {
		k, err := sc.next()
		if err != nil {
			if xe, ok := err.(*xmlError); root && ok && xe.msg == "unexpected EOF" {
				return errNotDocx // not even a root element: an empty part
			}
			return err
		}
		switch k {
		case tokEOF:
			if br.carry != nil {
				br.emit(br.carry)
			}
			br.unclosedTOC()
			return nil
		case tokStart:
			if root {
				want := "document"
				if br.noteKind != "" {
					want = br.noteKind + "s"
				}
				if string(sc.local) != want || sc.ns != nsWord {
					return errNotDocx
				}
				root = false
				continue
			}
			if err := br.start(); err != nil {
				return err
			}
		case tokEnd:
			br.end()
		case tokText:
			if br.inT && !br.hidden && len(br.paras) > 0 {
				if err := sc.appendText(&br.paras[len(br.paras)-1].text); err != nil {
					return err
				}
			}
		}
	}
}

func (br *bodyReader) cur() *para {
	if len(br.paras) == 0 {
		return nil
	}
	return br.paras[len(br.paras)-1]
}

const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// start handles an element's start. Only WordprocessingML elements count: DrawingML and maths
// reuse names like t and p.
func (br *bodyReader) start() error {
	sc := br.sc
	local := string(sc.local)
	if sc.ns == nsCompat && local == "Fallback" {
		return sc.skip() // mc:Fallback repeats mc:Choice in an older form
	}
	if sc.ns != nsWord {
		return nil
	}
	if br.inPPr && br.inRPr && markGone(local, sc) {
		// The paragraph mark itself is gone from Word's final view: deleted, moved away or
		// hidden. What text the paragraph keeps runs into the next one, and an emptied
		// paragraph takes no number.
		if p := br.cur(); p != nil {
			p.markDel = true
		}
		return sc.skip()
	}
	switch local {
	case "instrText":
		return br.instrText()
	case "sdtPr":
		return br.sdtProperties()
	case "fldChar":
		br.fieldChar(sc.attr("fldCharType"))
		return nil
	case "fldSimple":
		if isTOCInstr(sc.attr("instr")) {
			if p := br.cur(); p != nil {
				p.toc = true
			}
			return sc.skip()
		}
	case "sdt":
		br.sdts = append(br.sdts, false)
	case "altChunk":
		if br.chunk == nil || len(br.paras) > 0 {
			br.unread++
			return sc.skip()
		}
		br.flushCarry()
		paras, err := br.chunk(sc.attr("id"))
		if err != nil {
			return err
		}
		br.out = append(br.out, paras...)
		return sc.skip()
	case "drawing", "pict", "object":
		br.unread++
	case "footnoteReference", "endnoteReference":
		if p := br.cur(); p != nil && !br.inPPr && !br.hidden {
			k := noteKey{sc.attr("id"), local == "endnoteReference"}
			p.notes = append(p.notes, report.Note{Text: br.notes[k], Endnote: k.endnote})
			p.text.WriteRune(outline.NoteMark)
		}
		return nil
	case "footnote", "endnote":
		if br.noteKind == local {
			br.noteID, br.noteStart = sc.attr("id"), len(br.out)
			switch sc.attr("type") {
			case "separator", "continuationSeparator", "continuationNotice":
				return sc.skip()
			}
		}
		return nil
	}
	if skipped[local] || (local == "vanish" && br.inPPr) {
		if local == "del" && len(br.tabs) > 0 && br.tabs[len(br.tabs)-1].inTrPr {
			br.tabs[len(br.tabs)-1].rowDel = true
		}
		return sc.skip()
	}
	p := br.cur()
	switch local {
	case "p":
		br.paras = append(br.paras, &para{numID: -1, ilvl: -1, outlineLvl: -1, toc: br.inTOC()})
	case "pPr":
		br.inPPr = true
	case "rPr":
		br.inRPr = true
	case "r":
		br.hidden = false
	case "vanish", "specVanish":
		if br.inRPr {
			br.hidden = sc.on()
		}
	case "pStyle":
		if p != nil && br.inPPr {
			p.style = sc.attr("val")
		}
	case "numId":
		if p != nil && br.inPPr {
			p.numID = atoi(sc.attr("val"), -1)
		}
	case "ilvl":
		if p != nil && br.inPPr {
			p.ilvl = atoi(sc.attr("val"), -1)
		}
	case "outlineLvl":
		if p != nil && br.inPPr {
			p.outlineLvl = atoi(sc.attr("val"), -1)
		}
	case "t":
		br.inT = !br.inPPr
	case "tab", "ptab":
		br.write("\t")
	case "br", "cr":
		// A soft line break only lays out the line; Chinese has no spaces between words, so
		// the two lines join with nothing, keeping one paragraph on one line of plain text.
	case "noBreakHyphen":
		br.write("-")
	case "sym":
		br.write(symbol(sc.attr("font"), sc.attr("char")))
	case "tbl":
		if len(br.tabs) == 0 {
			br.flushCarry()
		}
		br.tabs = append(br.tabs, &table{})
	case "tr":
		if t := br.table(); t != nil {
			t.row, t.rowDel, t.started = nil, false, true
		}
	case "trPr":
		if t := br.table(); t != nil {
			t.inTrPr = true
		}
	case "tc":
		if t := br.table(); t != nil {
			t.cell, t.inCell = nil, true
		}
	}
	return nil
}

// markGone reports whether an element of a paragraph mark's run properties takes the mark out
// of the final view.
func markGone(local string, sc *scanner) bool {
	switch local {
	case "del", "moveFrom":
		return true
	case "vanish":
		return sc.on()
	}
	return false
}

func (br *bodyReader) end() {
	if br.sc.ns != nsWord {
		return
	}
	switch string(br.sc.local) {
	case "footnote", "endnote":
		if br.noteKind == string(br.sc.local) && br.noteStart <= len(br.out) {
			var sb strings.Builder
			for _, p := range br.out[br.noteStart:] {
				sb.WriteString(p.Text)
			}
			br.out = br.out[:br.noteStart]
			br.notes[noteKey{br.noteID, br.noteKind == "endnote"}] = strings.TrimSpace(sb.String())
		}
	case "pPr":
		br.inPPr = false
	case "rPr":
		br.inRPr = false
	case "sdt":
		if n := len(br.sdts); n > 0 {
			br.sdts = br.sdts[:n-1]
		}
	case "t":
		br.inT = false
	case "r":
		br.hidden = false
	case "p":
		if n := len(br.paras); n > 0 {
			p := br.paras[n-1]
			br.paras = br.paras[:n-1]
			br.finish(p)
		}
	case "trPr":
		if t := br.table(); t != nil {
			t.inTrPr = false
		}
	case "tc":
		br.flushCarry()
		if t := br.table(); t != nil && t.inCell {
			t.row = append(t.row, strings.Join(t.cell, " "))
			t.inCell = false
		}
	case "tr":
		if t := br.table(); t != nil && t.started {
			if !t.rowDel && len(t.row) > 0 {
				t.rows = append(t.rows, t.row)
			}
			t.started = false
		}
	case "tbl":
		if n := len(br.tabs); n > 0 {
			t := br.tabs[n-1]
			br.tabs = br.tabs[:n-1]
			if len(t.rows) == 0 {
				return
			}
			if outer := br.table(); outer != nil && outer.inCell {
				// A table inside a cell becomes text of that cell.
				for _, row := range t.rows {
					outer.cell = append(outer.cell, strings.Join(row, " "))
				}
				outer.notes = append(outer.notes, t.notes...)
				return
			}
			br.flushCarry()
			br.out = append(br.out, outline.Para{Rows: t.rows, Notes: t.notes})
		}
	}
}

func (br *bodyReader) table() *table {
	if len(br.tabs) == 0 {
		return nil
	}
	return br.tabs[len(br.tabs)-1]
}

func (br *bodyReader) write(s string) {
	if p := br.cur(); p != nil && !br.hidden && !br.inPPr {
		p.text.WriteString(s)
	}
}

// finish completes a paragraph: a deleted mark joins it to the next one, numbering becomes
// visible text, and it goes to the open table cell or to the output.
func (br *bodyReader) finish(p *para) {
	if br.inTOC() {
		p.toc = true
	}
	if c := br.carry; c != nil {
		br.carry = nil
		if strings.TrimSpace(c.text.String()) != "" {
			// The joined paragraph keeps the first one's properties, so a numbering label
			// stays at its start.
			c.text.WriteString(p.text.String())
			c.notes = append(c.notes, p.notes...)
			c.markDel = p.markDel
			p = c
		}
		// A blank paragraph deleted whole leaves nothing to join.
	}
	if p.markDel {
		br.carry = p
		return
	}
	br.emit(p)
}

// flushCarry emits a paragraph whose deleted mark has nothing after it to join.
func (br *bodyReader) flushCarry() {
	if br.carry != nil {
		c := br.carry
		br.carry = nil
		br.emit(c)
	}
}

func (br *bodyReader) emit(p *para) {
	s := br.st.get(p.style)
	level := 0
	if s != nil {
		level = s.level
	}
	if p.toc || s != nil && s.toc {
		// A table of contents repeats the headings; the outline drops it with its title.
		if text := p.text.String(); strings.TrimSpace(text) != "" {
			br.out = append(br.out, outline.Para{Text: text, TOC: true})
		}
		return
	}
	if p.outlineLvl >= 0 {
		level = 0
		if p.outlineLvl < 9 {
			level = p.outlineLvl + 1
		}
	}
	text := p.text.String()
	numID, ilvl := p.numID, p.ilvl
	if numID < 0 && s != nil {
		numID = s.numID
		if ilvl < 0 {
			ilvl = s.ilvl
			if ilvl < 0 {
				ilvl = br.nb.styleLevel(numID, p.style)
			}
		}
	}
	if ilvl < 0 {
		ilvl = 0
	}
	if numID > 0 {
		// The counter advances even for an empty paragraph, whose lone label is not text.
		if label := br.nb.label(numID, ilvl); label != "" && strings.TrimSpace(text) != "" {
			text = joinLabel(label, text)
		}
	}
	if strings.TrimSpace(text) == "" {
		return // blank paragraphs carry no text, and a file of them must not cost memory
	}
	if t := br.table(); t != nil && t.inCell {
		// A table keeps its notes after its text.
		t.cell = append(t.cell, strings.ReplaceAll(text, string(outline.NoteMark), ""))
		t.notes = append(t.notes, p.notes...)
		return
	}
	br.out = append(br.out, outline.Para{Text: text, StyleLevel: level, Notes: p.notes})
}

// joinLabel puts a list label before its text. Word separates them with a tab or a space that
// Chinese reports do not type; only "1." before a digit needs a space to stay a label.
func joinLabel(label, text string) string {
	body := strings.TrimLeft(text, " \t\u3000")
	r, _ := utf8.DecodeRuneInString(body)
	if strings.HasSuffix(label, ".") && r >= '0' && r <= '9' {
		return label + " " + body
	}
	return label + body
}

// symbol turns a w:sym into text. Symbol-font characters sit in the private use area at
// F000+code; the common ones are mapped, decorative ones (Wingdings bullets) dropped.
func symbol(font, char string) string {
	code, err := strconv.ParseUint(char, 16, 32)
	if err != nil || code > utf8.MaxRune {
		return ""
	}
	r := rune(code)
	if r >= 0xF000 && r <= 0xF0FF {
		if !strings.EqualFold(font, "Symbol") {
			return ""
		}
		r -= 0xF000
		if m, ok := symbolFont[r]; ok {
			return string(m)
		}
		if r >= 0x20 && r < 0x40 { // digits and punctuation; letters are Greek in this font
			return string(r)
		}
		return ""
	}
	if r < 0x20 || r >= 0xE000 && r <= 0xF8FF || !utf8.ValidRune(r) {
		return ""
	}
	return string(r)
}

var symbolFont = map[rune]rune{
	0xB7: '•', 0xB4: '×', 0xB8: '÷', 0xB1: '±', 0xA3: '≤', 0xB3: '≥', 0xAE: '→', 0xAC: '←',
	0xB0: '°', 0xD6: '√', 0xA5: '∞', 0xB9: '≠', 0xBB: '≈', 0xB2: '″', 0xA2: '′',
}
