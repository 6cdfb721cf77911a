package render

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"qicao/report"
)

// Markdown writes the report so that any Markdown reader shows it as written and
// textfile.ReadMarkdown reads back the same text and outline: "# " for the title, one more #
// per heading level, run-in headings in bold, pipe tables, and every character that Markdown
// would take for markup escaped.
func Markdown(w io.Writer, doc *report.Document) error {
	bw := bufio.NewWriter(w)
	if doc.Title != "" {
		bw.WriteString("# " + mdEscape(doc.Title) + "\n\n")
	}
	for _, s := range []string{doc.Subtitle, doc.Speaker} {
		if s != "" {
			bw.WriteString(mdEscape(s) + "\n\n")
		}
	}
	n := 0
	mark := func(k int) string { return "[^" + strconv.Itoa(k) + "]" }
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		if len(b.Notes) > 0 && b.Kind != report.Table {
			// Footnote marks in the text, Markdown's [^1], with the notes at the end.
			if b.Kind == report.Heading && !b.RunIn() {
				bw.WriteString(strings.Repeat("#", min(b.Level+1, 6)) + " ")
			}
			bw.WriteString(noteText(b.Text, b.Notes, &n, mark, mdEscape) + "\n\n")
			continue
		}
		if b.Kind == report.Table && len(b.Notes) > 0 {
			mdTable(bw, b.Rows)
			for range b.Notes {
				n++
				bw.WriteString(mark(n))
			}
			bw.WriteString("\n\n")
			continue
		}
		switch {
		case b.Kind == report.Table:
			mdTable(bw, b.Rows)
			bw.WriteString("\n")
			continue
		case b.RunIn():
			// <strong> rather than **: CommonMark will not close ** between "。" and a
			// Chinese character, which is exactly where a run-in heading ends.
			bw.WriteString("<strong>" + mdEscape(b.Text[:b.HeadEnd]) + "</strong>" + mdEscape(b.Body()))
		case b.Kind == report.Heading:
			bw.WriteString(strings.Repeat("#", min(b.Level+1, 6)) + " " + mdEscape(strings.ReplaceAll(b.Text, "\n", " ")))
		default:
			bw.WriteString(mdEscape(b.Text))
		}
		bw.WriteString("\n\n")
	}
	for i, note := range allNotes(doc) {
		bw.WriteString(mark(i+1) + ": " + mdEscape(note.Text) + "\n\n")
	}
	return bw.Flush()
}

func mdTable(bw *bufio.Writer, rows [][]string) {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	for i, r := range rows {
		bw.WriteString("|")
		for j := range cols {
			cell := ""
			if j < len(r) {
				cell = strings.ReplaceAll(mdEscape(r[j]), "\\\n", " ")
			}
			bw.WriteString(" " + cell + " |")
		}
		bw.WriteString("\n")
		if i == 0 {
			bw.WriteString("|" + strings.Repeat(" --- |", cols) + "\n")
		}
	}
}

// mdEscape backslash-escapes the ASCII marks that Markdown reads as markup anywhere in a line,
// those that start a block at the beginning of one, and turns line breaks into hard breaks.
func mdEscape(s string) string {
	var sb strings.Builder
	lineStart := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\n':
			sb.WriteString("\\\n")
			lineStart = true
			continue
		case strings.IndexByte("\\`*_[]<>&|#!~", c) >= 0:
			sb.WriteByte('\\')
		case lineStart && strings.IndexByte("-+=>", c) >= 0:
			sb.WriteByte('\\')
		case lineStart && c >= '0' && c <= '9':
			// "1. " or "1) " would start an ordered list.
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j < len(s) && (s[j] == '.' || s[j] == ')') && (j+1 == len(s) || s[j+1] == ' ' || s[j+1] == '\t' || s[j+1] == '\n') {
				sb.WriteString(s[i:j])
				sb.WriteByte('\\')
				i = j - 1
				lineStart = false
				continue
			}
		case lineStart && (c == ' ' || c == '\t'):
			// Leading blanks would indent the line into a code block; keep them as entities.
			if c == ' ' {
				sb.WriteString("&#32;")
			} else {
				sb.WriteString("&#9;")
			}
			continue
		}
		sb.WriteByte(c)
		lineStart = false
	}
	return sb.String()
}
