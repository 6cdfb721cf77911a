// Package render writes a report as plain text, Markdown or a printable HTML page. The .docx
// writer, with its official layout, lives in package docx.
package render

import (
	"io"

	"qicao/report"
)

// Text writes the report one paragraph a line, the title block first; tables as one line a
// row with tab-separated cells, which is what pasting into Word or WPS turns back into a table.
func Text(w io.Writer, doc *report.Document) error {
	_, err := io.WriteString(w, doc.PlainText())
	return err
}
