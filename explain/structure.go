package explain

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"qicao/report"
	"qicao/wordcount"
)

// Structure is what the explanation's second section says about the report: its parts, their
// lengths and what each covers, read from the outline.
type Structure struct {
	Words int // the whole report's 字数
	Parts []Part
}

// Part is one outermost division of the report, such as "2026年工作回顾".
type Part struct {
	Title string
	Year  int // the year named in the title, 0 if none
	Words int
	// Highlights are the 一是…二是… points of the part's opening ("经济运行稳中有进"), which a
	// review part uses to sum up the year's results.
	Highlights []string
	// Sections are the part's direct subheadings, for a part without key areas.
	Sections []string
	// Overview names what the opening of a plan part covers before its key areas: 总体要求,
	// 预期目标, 工作重点.
	Overview []string
	// Areas are the key areas of a plan part, each with its sub-areas.
	Areas []Area
	// Problems tells that the part also names the difficulties and problems ahead.
	Problems bool
}

// Area is one key area of work and the sub-areas it is arranged in.
type Area struct {
	Title    string
	SubAreas []string
}

// Analyze reads the structure of a report from its outline.
func Analyze(doc *report.Document) *Structure {
	s := &Structure{Words: wordcount.Count(doc.PlainText()).Words}
	root := doc.Outline()
	for _, n := range root.Children {
		s.Parts = append(s.Parts, analyzePart(doc, n))
	}
	return s
}

func analyzePart(doc *report.Document, n *report.Node) Part {
	p := Part{Title: title(n.Block), Words: words(doc, n.Start, n.End)}
	p.Year = yearIn(p.Title)
	opening := n.End
	if len(n.Children) > 0 {
		opening = n.Children[0].Start
	}
	var intro []string
	for i := n.Start; i < opening; i++ {
		intro = append(intro, doc.Blocks[i].Body())
	}
	p.Highlights = highlights(strings.Join(intro, "\n"))
	for i := n.Start; i < n.End; i++ {
		if strings.Contains(doc.Blocks[i].Text, "困难和问题") || strings.Contains(doc.Blocks[i].Text, "问题和不足") {
			p.Problems = true
		}
	}

	// Key areas are the headings that have subheadings of their own, either right under the
	// part or under one container heading such as "（三）工作重点".
	container := n
	for _, c := range n.Children {
		if countWithChildren(c) > countWithChildren(container) {
			container = c
		}
	}
	if countWithChildren(container) < 2 {
		for _, c := range n.Children {
			p.Sections = append(p.Sections, title(c.Block))
		}
		return p
	}
	for _, c := range container.Children {
		if len(c.Children) == 0 {
			if container == n {
				p.Overview = append(p.Overview, title(c.Block))
			}
			continue
		}
		a := Area{Title: title(c.Block)}
		for _, sub := range c.Children {
			a.SubAreas = append(a.SubAreas, title(sub.Block))
		}
		p.Areas = append(p.Areas, a)
	}
	if container != n {
		for _, c := range n.Children {
			p.Overview = append(p.Overview, title(c.Block))
		}
		return p
	}
	// The areas sit right under the part: the overview is then the opening's paragraphs,
	// recognised by what they are about.
	if len(p.Overview) == 0 {
		joined := strings.Join(intro, "\n")
		if strings.Contains(joined, "总体要求") || strings.Contains(joined, "做好今年政府工作") || strings.Contains(joined, "指导思想") {
			p.Overview = append(p.Overview, "总体要求")
		}
		if strings.Contains(joined, "预期目标") || strings.Contains(joined, "主要目标") {
			p.Overview = append(p.Overview, "预期目标")
		}
	}
	if len(p.Overview) > 0 {
		p.Overview = append(p.Overview, "工作重点")
	}
	return p
}

func countWithChildren(n *report.Node) int {
	k := 0
	for _, c := range n.Children {
		if len(c.Children) > 0 {
			k++
		}
	}
	return k
}

// title is a heading's text without its label, run-in body or closing mark.
func title(b *report.Block) string {
	return strings.TrimRight(strings.TrimSpace(b.Title()), "。；：:;，,")
}

func words(doc *report.Document, start, end int) int {
	n := 0
	for i := start; i < end; i++ {
		n += wordcount.Count(doc.Blocks[i].Text).Words
	}
	return n
}

var yearRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(19|20|21)\d\d年`) })

func yearIn(s string) int {
	m := yearRe().FindString(s)
	if m == "" {
		return 0
	}
	y, _ := strconv.Atoi(strings.TrimSuffix(m, "年"))
	return y
}

// highlights finds a run of 一是…二是… points in text and returns each point's first phrase.
func highlights(text string) []string {
	var out []string
	pos := 0
	for k := 1; k < 100; k++ {
		marker := report.Numeral(k) + "是"
		i := pointAt(text, pos, marker)
		if i < 0 {
			break
		}
		start := i + len(marker)
		end := strings.IndexAny(text[start:], "。；，：！\n")
		if end < 0 {
			end = len(text) - start
		}
		out = append(out, text[start:start+end])
		pos = start + end
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// pointAt finds marker at or after pos where it opens a point: at the start of the text or
// after a mark, so that "统一是" is not taken for "一是".
func pointAt(text string, pos int, marker string) int {
	for pos <= len(text) {
		i := strings.Index(text[pos:], marker)
		if i < 0 {
			return -1
		}
		at := pos + i
		if r, _ := utf8.DecodeLastRuneInString(text[:at]); at == 0 || strings.ContainsRune("。；：，！\n", r) {
			return at
		}
		pos = at + len(marker)
	}
	return -1
}
