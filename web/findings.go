package web

import (
	"sort"
	"strconv"

	"qicao/check"
	"qicao/report"
)

// finding is one of the checker's findings, placed in its paragraph: Start and End are byte
// offsets into the block's text.
type finding struct {
	Block      int
	Start, End int
	Severity   string // error, warning or hint, for the style
	Level      string // 错误, 警告 or 提示
	Message    string
	Suggestion string
}

// bodyBlock is a paragraph as the version page shows it: its text cut into segments so that the
// checker's findings are marked where they apply, and the findings listed under it.
type bodyBlock struct {
	*report.Block
	Tag      string // h2…h5 for headings, p for paragraphs
	Segments []segment
	Findings []finding
}

type segment struct {
	Text     string
	Marked   bool
	Note     string
	Severity string
	Fig      string // a bound figure's class: fig-unfilled, fig-filled, fig-confirmed, fig-differs
}

// findingsFor runs the checker over doc with its default rules.
func findingsFor(doc *report.Document) []finding {
	found := check.Check(doc, check.DefaultConfig())
	fs := make([]finding, 0, len(found))
	for _, f := range found {
		sev, _ := f.Severity.MarshalText()
		fd := finding{Block: f.Block, Start: f.Start, End: f.End, Severity: string(sev), Level: f.Severity.String(), Message: f.Message, Suggestion: f.Suggestion}
		if f.Note > 0 {
			// Offsets count in the note, not in the text shown: listed under the paragraph,
			// not marked in it.
			fd.Start, fd.End = -1, -1
			fd.Message = "注释" + strconv.Itoa(f.Note) + "：" + f.Message + "（" + f.Excerpt + "）"
		}
		fs = append(fs, fd)
	}
	return fs
}

// annotate prepares the blocks of doc for the version page and counts the findings; findings
// on the title block (Block -1) come back apart.
func annotate(doc *report.Document) ([]bodyBlock, []finding, int) {
	fs := findingsFor(doc)
	byBlock := make(map[int][]finding)
	var title []finding
	for _, f := range fs {
		switch {
		case f.Block == -1:
			title = append(title, f)
		case f.Block >= 0 && f.Block < len(doc.Blocks):
			byBlock[f.Block] = append(byBlock[f.Block], f)
		}
	}
	out := make([]bodyBlock, len(doc.Blocks))
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		bb := bodyBlock{Block: b, Tag: "p", Findings: byBlock[i]}
		if b.Kind == report.Heading && !b.RunIn() {
			bb.Tag = [...]string{"h2", "h2", "h3", "h4", "h5", "h5", "h5"}[min(b.Level, 6)]
		}
		bb.Segments = segments(b.Text, bb.Findings)
		out[i] = bb
	}
	return out, title, len(fs)
}

// segments cuts text at the findings' spans; overlapping spans are merged into the first.
func segments(text string, fs []finding) []segment {
	sorted := append([]finding(nil), fs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	var segs []segment
	pos := 0
	for _, f := range sorted {
		if f.Start < pos || f.End <= f.Start || f.End > len(text) {
			continue
		}
		if f.Start > pos {
			segs = append(segs, segment{Text: text[pos:f.Start]})
		}
		segs = append(segs, segment{Text: text[f.Start:f.End], Marked: true, Note: f.Message, Severity: f.Severity})
		pos = f.End
	}
	if pos < len(text) {
		segs = append(segs, segment{Text: text[pos:]})
	}
	return segs
}
