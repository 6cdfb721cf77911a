package docx

import (
	"io"
	"time"
	"unicode/utf8"

	"qicao/report"
)

// Change is the revision state of a piece of text.
type Change int

const (
	Same Change = iota
	Inserted
	Deleted
)

// Span is a piece of a paragraph with its revision state.
type Span struct {
	Text   string
	Change Change
}

// Revision names who made the tracked changes, and when.
type Revision struct {
	Author string
	Date   time.Time
}

// WriteTracked writes doc like Write, but block i's content is spans[i] when spans[i] != nil:
// Inserted spans become w:ins runs, Deleted spans w:del runs with w:delText, all with the
// revision's author and date. A block whose spans are all Deleted is a deleted paragraph (its
// paragraph mark is marked deleted too); all Inserted, an inserted paragraph. A table's spans
// only say whether the whole table was inserted or deleted; a table changed inside is written
// as it now stands.
//
// Heading fonts apply to the label and title of the new text (the block's Text, of which
// HeadEnd is an offset); a deleted span takes the font of the position where it sits. For a
// block deleted whole, positions count in its deleted text.
func WriteTracked(w io.Writer, doc *report.Document, spans [][]Span, rev Revision) error {
	return write(w, doc, spans, &rev)
}

// spanSegments splits spans at the end of a run-in heading's title (headEnd, counted in the
// text that remains after the changes; -1 when there is no run-in heading) and marks the
// pieces before it as set in the heading font.
func spanSegments(spans []Span, headEnd int) []segment {
	allDeleted := true
	for _, s := range spans {
		if s.Change != Deleted {
			allDeleted = false
		}
	}
	segs := make([]segment, 0, len(spans)+1)
	pos := 0
	for _, s := range spans {
		counts := s.Change != Deleted || allDeleted
		if headEnd < 0 || pos >= headEnd {
			segs = append(segs, segment{text: s.Text, change: s.Change})
		} else if !counts || pos+len(s.Text) <= headEnd {
			segs = append(segs, segment{text: s.Text, change: s.Change, head: true})
		} else {
			cut := headEnd - pos
			for cut < len(s.Text) && !utf8.RuneStart(s.Text[cut]) {
				cut++
			}
			segs = append(segs, segment{text: s.Text[:cut], change: s.Change, head: true}, segment{text: s.Text[cut:], change: s.Change})
		}
		if counts {
			pos += len(s.Text)
		}
	}
	return segs
}
