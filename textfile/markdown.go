package textfile

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"qicao/outline"
	"qicao/report"
)

// HasMarkdownHeadings reports whether text has ATX headings ("# 一、…"), which is how a loader
// tells a Markdown report from a plain-text one: plain reports never start a line with "# ".
func HasMarkdownHeadings(text string) bool {
	// A scan over line starts rather than a multi-line regexp: a plain report has no such line,
	// so the whole text is always read, and the regexp engine took a third of loading it.
	for start := 0; start < len(text); {
		line := text[start:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
			start += i + 1
		} else {
			start = len(text)
		}
		if isATXHeading(line) {
			return true
		}
	}
	return false
}

// isATXHeading matches ` {0,3}#{1,6}[ \t]+\S` at the start of line.
func isATXHeading(line string) bool {
	i := 0
	for i < 3 && i < len(line) && line[i] == ' ' {
		i++
	}
	hashes := 0
	for i < len(line) && line[i] == '#' {
		hashes++
		i++
	}
	if hashes == 0 || hashes > 6 || i >= len(line) || (line[i] != ' ' && line[i] != '\t') {
		return false
	}
	rest := strings.TrimLeft(line[i:], " \t")
	r, _ := utf8.DecodeRuneInString(rest)
	return rest != "" && !unicode.IsSpace(r)
}

// ReadMarkdown reads a report written in Markdown: the subset a report uses, read line by line
// so that time and memory stay linear in the input whatever it holds. (CommonMark parsers,
// goldmark included, take quadratic time on inputs such as deeply nested lists or thousands of
// unclosed "[a](", and a server must not hand them an upload.)
//
// Headings are told by their numbering text like any paragraph; the # level matters only for a
// heading without numbering. Paragraphs are separated by blank lines and their lines joined,
// list items and quotes become paragraphs (an ordered item keeps its number, which in a report
// is a heading label), code is kept as text, inline markup is dropped, and pipe tables become
// table blocks.
func ReadMarkdown(data []byte) (*report.Document, error) {
	s, err := Decode(data)
	if err != nil {
		return nil, err
	}
	return ReadMarkdownString(s)
}

// ReadMarkdownString reads a Markdown report already decoded by Decode.
func ReadMarkdownString(s string) (*report.Document, error) {
	var r mdReader
	c := cursor{s: s}
	for l, ok := c.next(); ok; l, ok = c.next() {
		r.line(&c, l)
		if len(r.paras)+r.rows > maxParas {
			return nil, tooManyParas()
		}
	}
	r.flush()
	r.styleLevels()
	return build(r.paras)
}

// cursor walks the lines of a text without splitting it up front.
type cursor struct {
	s   string
	pos int
}

func (c *cursor) next() (string, bool) {
	l, ok := c.peek()
	if ok {
		c.pos += len(l) + 1
	}
	return l, ok
}

func (c *cursor) peek() (string, bool) {
	if c.pos > len(c.s) {
		return "", false
	}
	rest := c.s[c.pos:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		return rest[:i], true
	}
	return rest, true
}

type mdReader struct {
	rows  int // table rows read, counted against maxParas with the paragraphs
	paras []outline.Para
	heads []mdHead
	para  []string // lines of the paragraph being read
	fence string   // the open code fence, if any
}

type mdHead struct {
	para  int // index in paras
	level int // number of #
}

// mdLines are the patterns of Markdown's block syntax, compiled on the first Markdown file
// read rather than at start-up, which every command pays.
type mdLines struct {
	atxHeading, thematic, setextLine, bullet, ordered, fenceLine, delimiterRow *regexp.Regexp
}

var mdPatterns = sync.OnceValue(func() *mdLines {
	return &mdLines{
		atxHeading:   regexp.MustCompile(`^#{1,6}([ \t]|$)`),
		thematic:     regexp.MustCompile(`^([-*_])[ \t]*(?:[-*_][ \t]*){2,}$`),
		setextLine:   regexp.MustCompile(`^(=+|-+)[ \t]*$`),
		bullet:       regexp.MustCompile(`^[-*+]([ \t]+|$)`),
		ordered:      regexp.MustCompile(`^([0-9]{1,9})[.)]([ \t]+|$)`),
		fenceLine:    regexp.MustCompile("^(```+|~~~+)"),
		delimiterRow: regexp.MustCompile(`^\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$`),
	}
})

// line reads one line, and for a table the lines after it.
func (r *mdReader) line(c *cursor, raw string) {
	if r.fence != "" {
		if strings.HasPrefix(strings.TrimLeft(raw, " "), r.fence) {
			r.fence = ""
		} else {
			r.paras = append(r.paras, outline.Para{Text: raw})
		}
		return
	}
	l := strings.TrimLeft(raw, " \t")
	// Quote markers only wrap what follows.
	for strings.HasPrefix(l, ">") {
		l = strings.TrimLeft(l[1:], " \t")
	}
	switch {
	case strings.TrimSpace(l) == "":
		r.flush()
	case len(r.para) > 0 && mdPatterns().setextLine.MatchString(l):
		// "标题\n===" is a heading, as is "标题\n---".
		level := 1
		if l[0] == '-' {
			level = 2
		}
		text := r.joined()
		r.para = r.para[:0]
		r.heading(text, level)
	case mdPatterns().thematic.MatchString(l):
		r.flush()
	case mdPatterns().atxHeading.MatchString(l):
		r.flush()
		n := strings.IndexFunc(l, func(c rune) bool { return c != '#' })
		if n < 0 {
			n = len(l)
		}
		r.heading(inline(trimClosingHashes(l[n:])), n)
	case mdPatterns().fenceLine.MatchString(l):
		r.flush()
		r.fence = mdPatterns().fenceLine.FindString(l)[:3]
	case strings.Contains(l, "|") && isDelimiterRow(c):
		r.flush()
		r.table(c, l)
	case mdPatterns().bullet.MatchString(l):
		r.flush()
		r.para = append(r.para, mdPatterns().bullet.ReplaceAllString(l, ""))
	case mdPatterns().ordered.MatchString(l):
		r.flush()
		m := mdPatterns().ordered.FindStringSubmatch(l)
		r.para = append(r.para, m[1]+"."+l[len(m[0]):])
	default:
		r.para = append(r.para, l)
	}
}

func isDelimiterRow(c *cursor) bool {
	next, ok := c.peek()
	return ok && strings.Contains(next, "-") && mdPatterns().delimiterRow.MatchString(strings.TrimSpace(next))
}

func (r *mdReader) heading(text string, level int) {
	r.heads = append(r.heads, mdHead{para: len(r.paras), level: level})
	r.paras = append(r.paras, outline.Para{Text: text})
}

// trimClosingHashes drops the optional closing sequence of an ATX heading: "## 标题 ##".
func trimClosingHashes(s string) string {
	t := strings.TrimRight(s, " \t")
	u := strings.TrimRight(t, "#")
	if u == "" || u != t && (strings.HasSuffix(u, " ") || strings.HasSuffix(u, "\t")) && !strings.HasSuffix(u, "\\ ") {
		return u
	}
	return t
}

// flush ends the paragraph being read.
func (r *mdReader) flush() {
	if len(r.para) > 0 {
		r.paras = append(r.paras, outline.Para{Text: r.joined()})
		r.para = r.para[:0]
	}
}

// joined is the paragraph's text: lines joined with nothing between Chinese characters, as
// Chinese text wraps, and a space between Latin words; a hard break (a trailing backslash or
// two spaces) stays a line break.
func (r *mdReader) joined() string {
	var sb strings.Builder
	for k, l := range r.para {
		hard := false
		switch {
		case strings.HasSuffix(l, "  ") && k < len(r.para)-1:
			hard = true
		case strings.HasSuffix(l, "\\") && !strings.HasSuffix(l, "\\\\") && k < len(r.para)-1:
			l, hard = l[:len(l)-1], true
		}
		t := inline(strings.TrimRight(l, " \t"))
		if k > 0 && !strings.HasSuffix(sb.String(), "\n") {
			last, _ := utf8.DecodeLastRuneInString(sb.String())
			first, _ := utf8.DecodeRuneInString(t)
			if last < utf8.RuneSelf && first < utf8.RuneSelf && last != ' ' && first != ' ' && t != "" {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(t)
		if hard {
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

// table reads a pipe table whose header row is header and whose delimiter row comes next.
func (r *mdReader) table(c *cursor, header string) {
	rows := [][]string{cells(header)}
	c.next()
	for next, ok := c.peek(); ok; next, ok = c.peek() {
		l := strings.TrimSpace(next)
		if l == "" || !strings.Contains(l, "|") || r.rows > maxParas {
			break
		}
		rows = append(rows, cells(l))
		r.rows++
		c.next()
	}
	r.paras = append(r.paras, outline.Para{Rows: rows})
}

// cells splits a table row at the pipes that are not escaped.
func cells(line string) []string {
	l := strings.TrimSpace(line)
	l = strings.TrimPrefix(l, "|")
	if strings.HasSuffix(l, "|") && !strings.HasSuffix(l, "\\|") {
		l = l[:len(l)-1]
	}
	var out []string
	start := 0
	for k := 0; k < len(l); k++ {
		switch l[k] {
		case '\\':
			k++
		case '|':
			out = append(out, inline(strings.TrimSpace(l[start:k])))
			start = k + 1
		}
	}
	return append(out, inline(strings.TrimSpace(l[start:])))
}

// styleLevels gives headings without numbering text their level in the report's hierarchy. In
// Markdown the top # is usually the report's title, so the # level is shifted by what the
// numbered headings show: if "## 一、" is a part, "## 附录" is one too.
func (r *mdReader) styleLevels() {
	offset := -1
	for _, h := range r.heads {
		if c, ok := outline.Classify(outline.Trim(r.paras[h.para].Text)); ok && c.Numbering >= report.ChineseComma {
			offset = h.level - int(c.Numbering-report.ChineseComma) - 1
			break
		}
	}
	if offset < 0 {
		offset = 0
		if len(r.heads) > 0 && r.heads[0].para == 0 && r.heads[0].level == 1 {
			offset = 1 // "# 政府工作报告" on top
		}
	}
	for _, h := range r.heads {
		p := &r.paras[h.para]
		if _, ok := outline.Classify(outline.Trim(p.Text)); !ok && h.level > offset {
			p.StyleLevel = h.level - offset
		}
	}
}
