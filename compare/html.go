package compare

import (
	_ "embed"
	"html/template"
	"io"
	"strings"
	"sync"

	"qicao/report"
)

//go:embed page.html
var pageSource string

// page is parsed on first use, not at start-up, which every command pays.
var page = sync.OnceValue(func() *template.Template { return template.Must(template.New("page").Parse(pageSource)) })

type htmlRow struct {
	Kind     string // css class: same, changed, inserted, deleted, moved
	Heading  bool
	Label    string
	Old, New []htmlSpan
}

type htmlSpan struct {
	Text string
	Tag  string // "", "del" or "ins"
}

type htmlPage struct {
	Title      string
	OldN, NewN int
	Header     []htmlRow
	Rows       []htmlRow
	Total      string
	Parts      []htmlLine
	Sections   []htmlLine
}

type htmlLine struct{ Heading, Counts string }

// WriteHTML writes a printable side-by-side page: the old version on the left, the new one on
// the right, one row per paragraph. html/template escapes all text.
func WriteHTML(w io.Writer, r *Result, old, new *report.Document) error {
	p := htmlPage{Title: new.Title, OldN: len(old.Blocks), NewN: len(new.Blocks), Total: describe(r.Summary.Total, true)}
	if p.Title == "" {
		p.Title = old.Title
	}
	for _, f := range titleFields(old, new) {
		if f.old == "" && f.new == "" {
			continue
		}
		row := htmlRow{Kind: "same", Label: f.name, Heading: true}
		if f.old == f.new {
			row.Old, row.New = plain(f.old), plain(f.new)
		} else {
			row.Kind = "changed"
			row.Old, row.New = sides(charDiff(f.old, f.new))
		}
		p.Header = append(p.Header, row)
	}
	for _, op := range r.Ops {
		row := htmlRow{Kind: op.Kind.String(), Label: opLabel(op)}
		switch op.Kind {
		case Same:
			row.Label = ""
			row.Old, row.New = plain(old.Blocks[op.Old].Text), plain(new.Blocks[op.New].Text)
		case Inserted:
			row.New = []htmlSpan{{new.Blocks[op.New].Text, "ins"}}
		case Deleted:
			row.Old = []htmlSpan{{old.Blocks[op.Old].Text, "del"}}
		default:
			if op.Spans == nil {
				row.Old, row.New = plain(old.Blocks[op.Old].Text), plain(new.Blocks[op.New].Text)
			} else {
				row.Old, row.New = sides(op.Spans)
			}
		}
		if op.New >= 0 {
			row.Heading = isTitle(&new.Blocks[op.New])
		} else {
			row.Heading = isTitle(&old.Blocks[op.Old])
		}
		p.Rows = append(p.Rows, row)
	}
	p.Parts = htmlLines(r.Summary.Parts)
	p.Sections = htmlLines(r.Summary.Sections)
	return page().Execute(w, p)
}

// isTitle tells a heading standing on its own line, shown bold; a run-in heading's paragraph
// is body text.
func isTitle(b *report.Block) bool { return b.Kind == report.Heading && !b.RunIn() }

func plain(s string) []htmlSpan { return []htmlSpan{{Text: s}} }

// sides splits a character diff into what the old version showed and what the new one shows.
func sides(spans []Span) (old, new []htmlSpan) {
	for _, s := range spans {
		switch s.Kind {
		case Equal:
			old = append(old, htmlSpan{Text: s.Text})
			new = append(new, htmlSpan{Text: s.Text})
		case Delete:
			old = append(old, htmlSpan{s.Text, "del"})
		case Insert:
			new = append(new, htmlSpan{s.Text, "ins"})
		}
	}
	return old, new
}

func htmlLines(list []SectionCounts) []htmlLine {
	var out []htmlLine
	for _, s := range list {
		if s.Paragraphs() == 0 {
			continue
		}
		h := s.Heading
		if h == "" {
			h = "（正文开头）"
		}
		out = append(out, htmlLine{strings.TrimSpace(h), describe(s.Counts, false)})
	}
	return out
}
