package wordcount

import (
	"strings"

	"qicao/report"
)

// Section is a heading with the counts of everything under it, the heading itself included.
type Section struct {
	Block    *report.Block // nil for the whole document
	Stats    Stats
	Children []*Section
}

// Outline counts a document heading by heading, mirroring doc.Outline(). The root counts the
// whole document, title block included, because that is the number Word shows for the file and
// the one a writing team quotes as the report's length.
func Outline(doc *report.Document) *Section {
	// Prefix sums make every heading's count a subtraction, however deep the tree.
	sums := make([]Stats, len(doc.Blocks)+1)
	for i := range doc.Blocks {
		sums[i+1] = sums[i].Add(blockStats(&doc.Blocks[i]))
	}
	root := section(doc.Outline(), sums)
	for _, s := range []string{doc.Title, doc.Subtitle, doc.Speaker} {
		root.Stats = root.Stats.Add(Count(s))
	}
	return root
}

func section(n *report.Node, sums []Stats) *Section {
	s := &Section{Block: n.Block, Stats: sums[n.End].sub(sums[n.Start])}
	for _, c := range n.Children {
		s.Children = append(s.Children, section(c, sums))
	}
	return s
}

func (s Stats) sub(o Stats) Stats {
	return Stats{s.Words - o.Words, s.CharsNoSpaces - o.CharsNoSpaces, s.Chars - o.Chars}
}

// blockStats counts a table by its cells, as Word does, not by the tabs that join them.
// blockStats counts a block with its footnotes and endnotes, as Word's 字数 does by default
// ("包括文本框、脚注和尾注").
func blockStats(b *report.Block) Stats {
	var st Stats
	for _, n := range b.Notes {
		st = st.Add(Count(n.Text))
	}
	if b.Kind != report.Table {
		return st.Add(Count(b.Text))
	}
	for _, row := range b.Rows {
		for _, c := range row {
			st = st.Add(Count(c))
		}
	}
	return st
}

// Summary describes the report by its parts in the words of a 起草说明: "《报告》共分两大部分，
// 约13900余字。第一部分为：2023年工作回顾，约5400余字。…". The parts are the outermost headings;
// the total is the whole document's 字数, title block included.
func Summary(doc *report.Document) string {
	return summary(Outline(doc))
}

func summary(root *Section) string {
	var sb strings.Builder
	parts := root.Children
	switch len(parts) {
	case 0:
		sb.WriteString("《报告》全文" + About(root.Stats.Words) + "，未分部分。")
		return sb.String()
	case 1:
		sb.WriteString("《报告》只有一个部分，" + About(root.Stats.Words) + "。")
	default:
		sb.WriteString("《报告》共分" + countWord(len(parts)) + "大部分，" + About(root.Stats.Words) + "。")
	}
	for i, p := range parts {
		sb.WriteString("第" + report.Numeral(i+1) + "部分为：" + partTitle(p.Block) + "，" + About(p.Stats.Words) + "。")
	}
	return sb.String()
}

// partTitle is the heading without its label and without the full stop of a run-in heading.
func partTitle(b *report.Block) string {
	t := strings.TrimRight(b.Title(), "。！？；：，　 ")
	if t == "" {
		return b.Label()
	}
	return t
}

// countWord is a number as counted in Chinese: 两 for two, as in 两大部分.
func countWord(n int) string {
	if n == 2 {
		return "两"
	}
	return report.Numeral(n)
}
