package compare

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"qicao/report"
)

// ANSI colours for a terminal; plain output marks edits as [-删除-]{+新增+} like git's
// word diff, so that it survives being pasted anywhere.
const (
	ansiDel   = "\x1b[31;9m"
	ansiIns   = "\x1b[32;4m"
	ansiNote  = "\x1b[36m"
	ansiReset = "\x1b[0m"
)

// WriteText writes the changed paragraphs, each under its section and with its position,
// unchanged ones collapsed to a count, then the summary.
func WriteText(w io.Writer, r *Result, old, new *report.Document, color bool) error {
	bw := bufio.NewWriter(w)
	p := textPrinter{w: bw, color: color}
	p.note(fmt.Sprintf("修改对照：原稿 %d 段，修改稿 %d 段", len(old.Blocks), len(new.Blocks)))
	bw.WriteString("\n")
	for _, f := range titleFields(old, new) {
		if f.old != f.new {
			p.note("【" + f.name + "】")
			bw.WriteString("\n")
			p.spans(charDiff(f.old, f.new))
			bw.WriteString("\n")
		}
	}
	keys := opSections(r.Ops, old, new, 2)
	section, same := "\x00", 0 // no section printed yet
	for n, op := range r.Ops {
		if op.Kind == Same {
			same++
			continue
		}
		if same > 0 {
			p.note(fmt.Sprintf("……（%d 段未改动）", same))
			bw.WriteString("\n")
			same = 0
		}
		if keys[n] != section {
			section = keys[n]
			name := section
			if name == "" {
				name = "（正文开头）"
			}
			bw.WriteString("\n")
			p.note("── " + name)
			bw.WriteString("\n")
		}
		p.note(opLabel(op))
		bw.WriteString("\n")
		switch {
		case op.Kind == Inserted:
			p.span(Span{new.Blocks[op.New].Text, Insert})
		case op.Kind == Deleted:
			p.span(Span{old.Blocks[op.Old].Text, Delete})
		case op.Spans == nil:
			bw.WriteString(new.Blocks[op.New].Text)
		default:
			p.spans(op.Spans)
		}
		bw.WriteString("\n")
	}
	if same > 0 {
		p.note(fmt.Sprintf("……（%d 段未改动）", same))
		bw.WriteString("\n")
	}
	bw.WriteString("\n")
	writeSummary(bw, r.Summary)
	return bw.Flush()
}

type textPrinter struct {
	w     *bufio.Writer
	color bool
}

func (p textPrinter) note(s string) {
	if p.color {
		p.w.WriteString(ansiNote + s + ansiReset)
		return
	}
	p.w.WriteString(s)
}

func (p textPrinter) spans(spans []Span) {
	for _, s := range spans {
		p.span(s)
	}
}

func (p textPrinter) span(s Span) {
	switch {
	case s.Kind == Equal:
		p.w.WriteString(s.Text)
	case p.color && s.Kind == Delete:
		p.w.WriteString(ansiDel + s.Text + ansiReset)
	case p.color:
		p.w.WriteString(ansiIns + s.Text + ansiReset)
	case s.Kind == Delete:
		p.w.WriteString("[-" + s.Text + "-]")
	default:
		p.w.WriteString("{+" + s.Text + "+}")
	}
}

// opLabel says what happened to a paragraph and where, counting paragraphs from 1 as a
// reader does.
func opLabel(op Op) string {
	switch op.Kind {
	case Changed:
		return fmt.Sprintf("【修改】第%d段", op.New+1)
	case Inserted:
		return fmt.Sprintf("【新增】第%d段", op.New+1)
	case Deleted:
		return fmt.Sprintf("【删除】原第%d段", op.Old+1)
	case Moved:
		if op.Spans != nil {
			return fmt.Sprintf("【移动并修改】第%d段（原第%d段）", op.New+1, op.Old+1)
		}
		return fmt.Sprintf("【移动】第%d段（原第%d段）", op.New+1, op.Old+1)
	}
	return fmt.Sprintf("第%d段", op.New+1)
}

type titleField struct{ name, old, new string }

func titleFields(old, new *report.Document) []titleField {
	return []titleField{{"标题", old.Title, new.Title}, {"副标题", old.Subtitle, new.Subtitle}, {"署名", old.Speaker, new.Speaker}}
}

func writeSummary(w *bufio.Writer, s Summary) {
	w.WriteString("摘要：" + describe(s.Total, true) + "\n")
	for _, group := range []struct {
		name string
		list []SectionCounts
	}{{"分部分", s.Parts}, {"分节", s.Sections}} {
		writeSections(w, group.name, group.list)
	}
}

func writeSections(w *bufio.Writer, name string, list []SectionCounts) {
	var lines []string
	for _, sec := range list {
		if sec.Paragraphs() == 0 {
			continue
		}
		heading := sec.Heading
		if heading == "" {
			heading = "（正文开头）"
		}
		lines = append(lines, "  "+heading+"："+describe(sec.Counts, false))
	}
	if len(lines) > 0 {
		w.WriteString(name + "：\n" + strings.Join(lines, "\n") + "\n")
	}
}

// describe puts counts into a sentence, leaving out what is zero.
func describe(c Counts, withSame bool) string {
	if c.Paragraphs() == 0 {
		return fmt.Sprintf("两稿相同，共 %d 段。", c.Same)
	}
	var ps []string
	for _, x := range []struct {
		n    int
		name string
	}{{c.Changed, "修改"}, {c.Inserted, "新增"}, {c.Deleted, "删除"}, {c.Moved, "移动"}} {
		if x.n > 0 {
			ps = append(ps, fmt.Sprintf("%s %d 段", x.name, x.n))
		}
	}
	if withSame {
		ps = append(ps, fmt.Sprintf("未改动 %d 段", c.Same))
	}
	out := strings.Join(ps, "，") + fmt.Sprintf("；增加 %d 字，删除 %d 字", c.CharsAdded, c.CharsRemoved)
	if withSame {
		out += "。"
	}
	return out
}
