package textfile

import (
	"bufio"
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	goldhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"qicao/outline"
	"qicao/report"
)

// The GFM table extension only: strikethrough, task lists and linkify would turn ordinary
// report text ("~", "[ ]", a bare web address) into markup.
var md = goldmark.New(goldmark.WithExtensions(extension.Table))

var headingLine = regexp.MustCompile(`(?m)^ {0,3}#{1,6}[ \t]+\S`)

// HasMarkdownHeadings reports whether text has ATX headings ("# 一、…"), which is how a loader
// tells a Markdown report from a plain-text one: plain reports never start a line with "# ".
func HasMarkdownHeadings(text string) bool {
	return headingLine.MatchString(text)
}

// ReadMarkdown reads a report written in Markdown. Headings are told by their numbering text
// like any paragraph; the # level matters only for a heading without numbering. Markup is
// dropped, lines of a paragraph are joined, and pipe tables become table blocks.
func ReadMarkdown(data []byte) (*report.Document, error) {
	s, err := Decode(data)
	if err != nil {
		return nil, err
	}
	src := []byte(s)
	root := md.Parser().Parse(text.NewReader(src))
	r := mdReader{src: src}
	r.blocks(root)
	r.styleLevels()
	return build(r.paras)
}

type mdHead struct {
	para  int // index in paras
	level int // number of #
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

type mdReader struct {
	src   []byte
	paras []outline.Para
	heads []mdHead
	buf   bytes.Buffer
	w     *bufio.Writer
}

func (r *mdReader) blocks(parent ast.Node) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			r.heads = append(r.heads, mdHead{para: len(r.paras), level: n.Level})
			r.paras = append(r.paras, outline.Para{Text: r.inline(n)})
		case *ast.Paragraph, *ast.TextBlock:
			r.paras = append(r.paras, outline.Para{Text: r.inline(n)})
		case *extast.Table:
			r.table(n)
		case *ast.List:
			r.list(n)
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			// Text indented by four spaces is a code block to Markdown but a paragraph to
			// whoever typed it; keep its lines as paragraphs.
			r.rawLines(n)
		case *ast.ThematicBreak:
		default:
			r.blocks(n)
		}
	}
}

// list keeps an ordered list's numbers, which in a report are heading labels ("1. 全链招商").
func (r *mdReader) list(l *ast.List) {
	num := l.Start
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		first := len(r.paras)
		r.blocks(item)
		if l.IsOrdered() && len(r.paras) > first && r.paras[first].Rows == nil {
			r.paras[first].Text = strconv.Itoa(num) + "." + r.paras[first].Text
			num++
		}
	}
}

func (r *mdReader) table(t *extast.Table) {
	var rows [][]string
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, r.inline(c))
		}
		rows = append(rows, cells)
	}
	if len(rows) > 0 {
		r.paras = append(r.paras, outline.Para{Rows: rows})
	}
}

func (r *mdReader) rawLines(n ast.Node) {
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		r.paras = append(r.paras, outline.Para{Text: string(seg.Value(r.src))})
	}
}

// inline returns the visible text of n: markup dropped, escapes and entities resolved, and the
// lines of a paragraph joined with nothing between Chinese characters, as Chinese text wraps;
// only a hard break (a trailing backslash or two spaces) stays a line break.
func (r *mdReader) inline(n ast.Node) string {
	var sb strings.Builder
	r.inlineTo(&sb, n)
	return sb.String()
}

func (r *mdReader) inlineTo(sb *strings.Builder, parent ast.Node) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Text:
			r.write(sb, n.Value(r.src), n.IsRaw())
			if n.HardLineBreak() {
				sb.WriteByte('\n') // a line break inside the paragraph, as Word's Shift+Enter
			} else if n.SoftLineBreak() {
				joinLines(sb, n, r.src)
			}
		case *ast.String:
			r.write(sb, n.Value, n.IsRaw() || n.IsCode())
		case *ast.AutoLink:
			sb.Write(n.URL(r.src))
		case *ast.RawHTML:
			// Inline tags such as <br> carry no report text.
		default:
			r.inlineTo(sb, n)
		}
	}
}

// write resolves backslash escapes and entities exactly as goldmark's own HTML renderer does,
// then turns the HTML back into text.
func (r *mdReader) write(sb *strings.Builder, v []byte, raw bool) {
	if bytes.IndexAny(v, `\&`) < 0 {
		sb.Write(v)
		return
	}
	r.buf.Reset()
	if r.w == nil {
		r.w = bufio.NewWriter(&r.buf)
	}
	if raw {
		goldhtml.DefaultWriter.RawWrite(r.w, v)
	} else {
		goldhtml.DefaultWriter.Write(r.w, v)
	}
	r.w.Flush()
	sb.WriteString(html.UnescapeString(r.buf.String()))
}

// joinLines puts a space between two lines only where both sides are Latin text.
func joinLines(sb *strings.Builder, t *ast.Text, src []byte) {
	next, ok := t.NextSibling().(*ast.Text)
	if !ok {
		return
	}
	last, _ := utf8.DecodeLastRuneInString(sb.String())
	first, _ := utf8.DecodeRune(next.Value(src))
	if last < utf8.RuneSelf && first < utf8.RuneSelf && last != ' ' && first != ' ' {
		sb.WriteByte(' ')
	}
}
