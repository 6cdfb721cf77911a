package render

import (
	"strconv"
	"strings"

	"qicao/report"
)

// noteText returns s with a mark for each note at its place, numbering on from *n, and each
// part of s between marks passed through esc.
func noteText(s string, notes []report.Note, n *int, mark func(int) string, esc func(string) string) string {
	if len(notes) == 0 {
		return esc(s)
	}
	var sb strings.Builder
	prev := 0
	for _, note := range notes {
		at := min(max(note.At, prev), len(s))
		sb.WriteString(esc(s[prev:at]))
		*n++
		sb.WriteString(mark(*n))
		prev = at
	}
	sb.WriteString(esc(s[prev:]))
	return sb.String()
}

// allNotes lists the document's notes in reading order.
func allNotes(doc *report.Document) []report.Note {
	var out []report.Note
	for i := range doc.Blocks {
		out = append(out, doc.Blocks[i].Notes...)
	}
	return out
}

func bracket(n int) string { return "[" + strconv.Itoa(n) + "]" }

func identity(s string) string { return s }
