// Package render writes a report as plain text, Markdown or a printable HTML page. The .docx
// writer, with its official layout, lives in package docx.
package render

import (
	"io"
	"strings"

	"qicao/report"
)

// Text writes the report one paragraph a line, the title block first; tables as one line a
// row with tab-separated cells, which is what pasting into Word or WPS turns back into a table.
// Footnotes and endnotes are marked [1], [2]… where they are referenced and listed, numbered,
// after the text under 注释.
func Text(w io.Writer, doc *report.Document) error {
	notes := allNotes(doc)
	if len(notes) == 0 {
		_, err := io.WriteString(w, doc.PlainText())
		return err
	}
	var sb strings.Builder
	for _, s := range []string{doc.Title, doc.Subtitle, doc.Speaker} {
		if s != "" {
			sb.WriteString(s + "\n")
		}
	}
	n := 0
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		sb.WriteString(noteText(b.Text, b.Notes, &n, bracket, identity) + "\n")
	}
	sb.WriteString("\n注释\n")
	for i, note := range notes {
		sb.WriteString(bracket(i+1) + " " + note.Text + "\n")
	}
	_, err := io.WriteString(w, sb.String())
	return err
}
