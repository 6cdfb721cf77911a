package outline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"qicao/report"
)

// Para is a paragraph as a reader found it. Style carries what the file itself says about a
// heading (a Word outline level or heading style); zero means the file says nothing.
type Para struct {
	Text       string
	Rows       [][]string // for a table
	StyleLevel int        // 1-9 when the file marks the paragraph as a heading
	TOC        bool       // the file marks it as an entry of a table of contents
	// Notes referenced from the paragraph, in order; each reference stands in Text as a
	// NoteMark, which Build removes. A table's notes have no marks and go after its text.
	Notes []report.Note
}

// NoteMark stands in a Para's Text where a note is referenced.
const NoteMark = '\uFFFC'

// hasNoteMark is strings.ContainsRune(s, NoteMark), found by the mark's middle byte 0xBF: its
// first byte 0xEF also begins every fullwidth comma and full stop, so a search by it stops at
// each sentence of a Chinese paragraph.
func hasNoteMark(s string) bool {
	for i := 1; i+1 < len(s); {
		k := strings.IndexByte(s[i:len(s)-1], 0xBF)
		if k < 0 {
			return false
		}
		i += k
		if s[i-1] == 0xEF && s[i+1] == 0xBC {
			return true
		}
		i++
	}
	return false
}

// placeNotes removes the note marks from text and sets each note's offset; notes without
// text are dropped.
func placeNotes(text string, notes []report.Note) (string, []report.Note) {
	var sb strings.Builder
	k := 0
	for _, r := range text {
		if r == NoteMark {
			if k < len(notes) {
				notes[k].At = sb.Len()
				k++
			}
			continue
		}
		sb.WriteRune(r)
	}
	text = sb.String()
	out := notes[:0]
	for i, n := range notes {
		if i >= k {
			n.At = len(text)
		}
		if n.Text = Trim(n.Text); n.Text != "" {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		out = nil
	}
	return text, out
}

// Build turns paragraphs, in order, into a finished document: title block, headings, body. It
// uses paras as its scratch space, so the caller must not use them afterwards.
func Build(paras []Para) *report.Document {
	doc := &report.Document{}
	// The kept paragraphs are written over paras itself, which readers build for Build alone.
	clean := paras[:0]
	for _, p := range paras {
		if p.Rows == nil {
			p.Text = Trim(p.Text)
			if p.Notes != nil || hasNoteMark(p.Text) {
				p.Text, p.Notes = placeNotes(p.Text, p.Notes)
			}
			if p.Text == "" || IsPageNumber(p.Text) {
				continue
			}
		}
		clean = append(clean, p)
	}
	clean = dropTOC(clean)
	i := titleBlock(doc, clean)
	doc.Blocks = make([]report.Block, 0, len(clean)-i)
	var ordinals [report.ArabicParen + 1]int
	for _, p := range clean[i:] {
		if p.Rows != nil {
			b := tableBlock(p.Rows)
			_, b.Notes = placeNotes("", p.Notes)
			for k := range b.Notes {
				b.Notes[k].At = len(b.Text)
			}
			doc.Blocks = append(doc.Blocks, b)
			continue
		}
		b := report.Block{Kind: report.Paragraph, Text: p.Text, Notes: p.Notes}
		if h, ok := Classify(p.Text); ok {
			b.Kind, b.Numbering, b.Ordinal, b.LabelEnd, b.HeadEnd = report.Heading, h.Numbering, h.Ordinal, h.LabelEnd, h.HeadEnd
			count(&ordinals, h.Numbering, h.Ordinal)
		} else if n := styleNumbering(p.StyleLevel); n != report.NoNumbering {
			// A heading style without a typed label: the file's own outline level says what it
			// is, and its ordinal is its place among its siblings.
			count(&ordinals, n, ordinals[n]+1)
			b.Kind, b.Numbering, b.Ordinal, b.HeadEnd = report.Heading, n, ordinals[n], len(p.Text)
		}
		doc.Blocks = append(doc.Blocks, b)
	}
	doc.Finish()
	return doc
}

// styleNumbering maps a Word outline level to the numbering style of that level in the official
// hierarchy; levels below the fourth are body text in a report.
func styleNumbering(level int) report.Numbering {
	if level >= 1 && level <= 4 {
		return report.ChineseComma + report.Numbering(level-1)
	}
	return report.NoNumbering
}

// count records the ordinal of a heading and restarts the styles inside it.
func count(ordinals *[report.ArabicParen + 1]int, n report.Numbering, ord int) {
	ordinals[n] = ord
	for m := n + 1; m <= report.ArabicParen; m++ {
		ordinals[m] = 0
	}
}

func tableBlock(rows [][]string) report.Block {
	lines := make([]string, len(rows))
	for i, row := range rows {
		cells := make([]string, len(row))
		for j, c := range row {
			cells[j] = Trim(c)
		}
		rows[i] = cells
		lines[i] = strings.Join(cells, "\t")
	}
	return report.Block{Kind: report.Table, Text: strings.Join(lines, "\n"), Rows: rows}
}

// titleBlock takes the title, the 时间/会议 line and the speaker from the first paragraphs, when
// they look like them, and returns how many paragraphs it used.
func titleBlock(doc *report.Document, paras []Para) int {
	i := 0
	if i < len(paras) && paras[i].Rows == nil && looksLikeTitle(paras[i].Text) {
		doc.Title = paras[i].Text
		i++
	} else {
		return 0
	}
	// A 公文 title "关于…的说明" is often broken over two lines; the first alone names no kind of
	// document, the second ends with one.
	if i < len(paras) && paras[i].Rows == nil && strings.HasPrefix(doc.Title, "关于") && !endsWithDocKind(doc.Title) &&
		looksLikeTitle(paras[i].Text) && endsWithDocKind(paras[i].Text) {
		doc.Title += paras[i].Text
		i++
	}
	if i < len(paras) && paras[i].Rows == nil && isSubtitle(paras[i].Text) {
		doc.Subtitle = paras[i].Text
		i++
	}
	if i < len(paras) && paras[i].Rows == nil && isSpeaker(paras[i].Text) {
		doc.Speaker = paras[i].Text
		i++
	}
	return i
}

func looksLikeTitle(s string) bool {
	if _, ok := Classify(s); ok {
		return false
	}
	return utf8.RuneCountInString(s) <= 40 && !endsSentence(s) && !strings.HasSuffix(s, "：")
}

// endsWithDocKind reports whether a title ends with the kind of document it is.
func endsWithDocKind(s string) bool {
	for _, k := range []string{"说明", "报告", "通知", "意见", "决定", "方案", "办法", "纪要", "请示", "函", "总结", "计划"} {
		if strings.HasSuffix(s, k) {
			return true
		}
	}
	return false
}

func isSubtitle(s string) bool {
	n := utf8.RuneCountInString(s)
	return n <= 80 && (strings.HasPrefix(s, "—") || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "（") && strings.Contains(s, "会议"))
}

func isSpeaker(s string) bool {
	n := utf8.RuneCountInString(s)
	if n > 30 || endsSentence(s) || strings.HasSuffix(s, "：") {
		return false
	}
	for _, w := range []string{"长", "主任", "书记", "代表", "主席"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。！？；，", r)
}

// Trim removes indentation and trailing blanks: ASCII and full-width spaces, tabs, no-break
// spaces and the zero-width marks editors leave behind.
func Trim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u3000' || r == '\u00a0' || r == '\ufeff' || r == '\u200b'
	})
}

// IsPageNumber recognises a page-number line left in text copied from a PDF or a printout:
// "—1—", "- 3 -", or a bare "3"; no paragraph of a report is a lone number.
func IsPageNumber(s string) bool {
	s = strings.TrimSpace(s)
	if n := len(s); n > 0 && n <= 3 && strings.Trim(s, "0123456789") == "" {
		return true
	}
	digits, dashes := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '—' || r == '-' || r == '－' || r == '–':
			dashes++
		case r == ' ' || r == '\u3000':
		default:
			return false
		}
	}
	return digits > 0 && digits <= 4 && dashes >= 2
}
