package check

import (
	"strings"
	"unicode/utf8"

	"qicao/report"
)

// ordinal is an in-paragraph sequence marker: 一是 or 第一，
type ordinal struct {
	n          int
	start, end int // byte span of the marker
	style      int // 0: 一是, 1: 第一
}

// ordinals finds the markers in t that stand at the start of a clause.
func (c *checker) ordinals(t string) []ordinal {
	rt := c.decoded(t)
	rs, off := rt.r, rt.off
	var out []ordinal
	for k := 0; k < len(rs); k++ {
		if k > 0 && !isClauseBreak(rs[k-1]) {
			continue
		}
		style, s := 0, k
		if rs[k] == '第' {
			style, s = 1, k+1
		}
		n, l := parseChinese(rs, s)
		if n == 0 || rs[s] == '两' || s+l >= len(rs) {
			continue
		}
		e := s + l
		switch {
		case style == 0 && rs[e] == '是' && e+1 < len(rs) && rs[e+1] != '是':
			out = append(out, ordinal{n, off[k], off[e+1], 0})
		case style == 1 && (rs[e] == '，' || rs[e] == '、' || rs[e] == '是'):
			out = append(out, ordinal{n, off[k], off[e], 1})
		}
	}
	return out
}

func isClauseBreak(r rune) bool {
	switch r {
	case '。', '；', '：', '，', '！', '？', '\n', '）', '”':
		return true
	}
	return false
}

// checkInlineSequences follows 一是、二是… through a paragraph and the paragraphs after it, since
// a list often puts each item in a paragraph of its own. A heading ends every list.
func (c *checker) checkInlineSequences() {
	var last [2]int
	for i := range c.doc.Blocks {
		b := &c.doc.Blocks[i]
		if b.Kind == report.Table {
			continue
		}
		if b.Kind == report.Heading || c.divider(i) {
			last = [2]int{}
		}
		for _, o := range c.ordinals(b.Text) {
			want := last[o.style] + 1
			switch {
			case o.n == want, o.n == 1:
			default:
				sug := report.Numeral(want) + "是"
				if o.style == 1 {
					sug = "第" + report.Numeral(want)
				}
				c.add("seq-inline", i, o.start, o.end, "序号不连续：此处应为“"+sug+"”", sug)
			}
			last[o.style] = o.n
		}
	}
}

// checkHeadings walks the outline: under each heading, sub-headings of one style count 1, 2, 3…
// and sit one level below it.
func (c *checker) checkHeadings() {
	var walk func(n *report.Node, level int)
	walk = func(n *report.Node, level int) {
		next := map[report.Numbering]int{}
		prev := -1
		for _, ch := range n.Children {
			b := ch.Block
			i := ch.Start
			// An appendix, a glossary or a list appended after the report numbers afresh.
			if prev >= 0 && c.dividers(prev, i) {
				next = map[report.Numbering]int{}
			}
			prev = i
			want := next[b.Numbering] + 1
			if b.Ordinal != want {
				c.add("seq-heading", i, 0, b.LabelEnd, "标题序号不连续：此处应为“"+labelFor(b.Numbering, want)+"”", labelFor(b.Numbering, want))
			}
			next[b.Numbering] = b.Ordinal
			if b.Level > level+1 {
				c.add("seq-level", i, 0, b.LabelEnd, "标题层级跳级：“"+b.Label()+"”上面缺少一级标题", "")
			}
			walk(ch, b.Level)
		}
	}
	walk(c.doc.Outline(), 0)
}

func labelFor(n report.Numbering, ord int) string {
	switch n {
	case report.PartNumber:
		return "第" + report.Numeral(ord) + "部分"
	case report.ChineseComma:
		return report.Numeral(ord) + "、"
	case report.ChineseParen:
		return "（" + report.Numeral(ord) + "）"
	case report.ArabicDot:
		return itoa(ord) + "."
	case report.ArabicParen:
		return "（" + itoa(ord) + "）"
	}
	return ""
}

// divider tells whether block i opens a block of its own whose numbering starts afresh: a short
// line that is no heading and no sentence, such as 附件, 名词解释 or 2027年民生实事项目.
func (c *checker) divider(i int) bool {
	b := &c.doc.Blocks[i]
	if b.Kind != report.Paragraph {
		return false
	}
	t := strings.TrimSpace(b.Text)
	n := runeLen(t)
	if n == 0 || n > 25 {
		return false
	}
	if strings.HasPrefix(t, "附") || strings.HasPrefix(t, "名词解释") {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	return isHan(last) && !strings.ContainsAny(t, "，。；：！？、")
}

// dividers tells whether a divider lies in blocks (a, b).
func (c *checker) dividers(a, b int) bool {
	for i := a + 1; i < b; i++ {
		if c.divider(i) {
			return true
		}
	}
	return false
}
