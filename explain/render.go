package explain

import (
	"strings"

	"qicao/outline"
	"qicao/report"
)

// Markdown renders the explanation with a # title and ## section headings.
func (e *Explanation) Markdown() string {
	var b strings.Builder
	b.WriteString("# " + e.Title + "\n")
	for _, s := range e.Sections {
		b.WriteString("\n## " + s.Heading + "\n")
		for _, p := range s.Paragraphs {
			b.WriteString("\n" + p + "\n")
		}
	}
	return b.String()
}

// Document turns the explanation into a report document, for the .docx writer. Section
// headings are built directly rather than recognised from text, since a paragraph such as
// "第一部分为：…" would read as a 第一部分 heading.
func (e *Explanation) Document() *report.Document {
	doc := &report.Document{Title: e.Title}
	for _, s := range e.Sections {
		h, ok := outline.Classify(s.Heading)
		b := report.Block{Kind: report.Paragraph, Text: s.Heading}
		if ok {
			b.Kind, b.Numbering, b.Ordinal, b.LabelEnd, b.HeadEnd = report.Heading, h.Numbering, h.Ordinal, h.LabelEnd, h.HeadEnd
		}
		doc.Blocks = append(doc.Blocks, b)
		for _, p := range s.Paragraphs {
			doc.Blocks = append(doc.Blocks, report.Block{Kind: report.Paragraph, Text: p})
		}
	}
	doc.Finish()
	return doc
}

// Framework returns the text of the structure section, one paragraph a line.
func (e *Explanation) Framework() string {
	for _, s := range e.Sections {
		if strings.HasPrefix(s.Heading, "二、") {
			return strings.Join(s.Paragraphs, "\n")
		}
	}
	return ""
}
