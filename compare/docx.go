package compare

import (
	"io"
	"time"

	"qicao/docx"
	"qicao/report"
)

// WriteDocx writes the new version in the GB/T 9704 layout with the changes as Word revision
// marks (w:ins, w:del) by author at date, so that a leader can accept or reject each one in
// Word or WPS. The document is the new version with the deleted paragraphs put back where they
// stood; a moved paragraph is deleted at its old place and inserted at its new one, since
// rejecting the changes must give back the old version. The title block is the new one's.
func WriteDocx(w io.Writer, r *Result, old, new *report.Document, author string, date time.Time) error {
	merged := &report.Document{Title: new.Title, Subtitle: new.Subtitle, Speaker: new.Speaker}
	var spans [][]docx.Span
	add := func(b report.Block, s []docx.Span) {
		merged.Blocks = append(merged.Blocks, b)
		spans = append(spans, s)
	}
	deleted := func(i int) {
		add(old.Blocks[i], []docx.Span{{Text: old.Blocks[i].Text, Change: docx.Deleted}})
	}
	// movedFrom lists each moved paragraph's old place under the old paragraph, neither moved
	// nor inserted, that it followed; -1 collects those that stood first.
	stays := make([]bool, len(old.Blocks))
	for _, op := range r.Ops {
		if op.Kind != Moved && op.Old >= 0 {
			stays[op.Old] = true
		}
	}
	movedFrom := map[int][]int{}
	prev := -1
	moved := make([]bool, len(old.Blocks))
	for _, op := range r.Ops {
		if op.Kind == Moved {
			moved[op.Old] = true
		}
	}
	for i := range old.Blocks {
		if moved[i] {
			movedFrom[prev] = append(movedFrom[prev], i)
		} else if stays[i] {
			prev = i
		}
	}
	for _, i := range movedFrom[-1] {
		deleted(i)
	}
	for _, op := range r.Ops {
		switch op.Kind {
		case Same:
			add(new.Blocks[op.New], nil)
		case Changed:
			add(new.Blocks[op.New], docxSpans(op.Spans))
		case Inserted, Moved:
			add(new.Blocks[op.New], []docx.Span{{Text: new.Blocks[op.New].Text, Change: docx.Inserted}})
		case Deleted:
			deleted(op.Old)
		}
		if op.Kind != Moved && op.Old >= 0 {
			for _, i := range movedFrom[op.Old] {
				deleted(i)
			}
		}
	}
	merged.AssignLevels()
	return docx.WriteTracked(w, merged, spans, docx.Revision{Author: author, Date: date})
}

func docxSpans(spans []Span) []docx.Span {
	out := make([]docx.Span, len(spans))
	for k, s := range spans {
		c := docx.Same
		switch s.Kind {
		case Insert:
			c = docx.Inserted
		case Delete:
			c = docx.Deleted
		}
		out[k] = docx.Span{Text: s.Text, Change: c}
	}
	return out
}
