// Package report is qicao's domain: a government work report as a writing team sees it, a title
// block followed by headings in the official hierarchy and body paragraphs, each with a stable
// identifier that comments, figures and review decisions can point at. It imports nothing of
// qicao's own; readers, writers, the checker, the diff and the server are built around it.
package report

import "strings"

// Kind says what a block is.
type Kind int

const (
	Paragraph Kind = iota // a body paragraph
	Heading               // a numbered heading, possibly run into its paragraph
	Table                 // a table, kept as text cell by cell
)

func (k Kind) String() string {
	switch k {
	case Heading:
		return "heading"
	case Table:
		return "table"
	}
	return "paragraph"
}

// Numbering is the visible numbering style that makes a paragraph a heading. Styles are listed
// from the outermost to the innermost, the order of the official hierarchy.
type Numbering int

const (
	NoNumbering  Numbering = iota
	PartNumber             // 第一部分
	ChineseComma           // 一、
	ChineseParen           // （一）
	ArabicDot              // 1.  1．  1、
	ArabicParen            // （1）
)

func (n Numbering) String() string {
	return [...]string{"", "第一部分", "一、", "（一）", "1.", "（1）"}[n]
}

// Block is one paragraph-level unit of a report.
type Block struct {
	// ID identifies the block within its version and, for unchanged text, across versions.
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	// Text is the whole visible text, numbering label included, as the reader sees it.
	Text string `json:"text"`

	// For headings: the numbering style, the ordinal it shows (一 → 1), the level in this
	// document's hierarchy (1 = outermost style present), the length in bytes of the label
	// ("（一）") and of the heading proper. HeadEnd < len(Text) means the heading is run into
	// its paragraph: "（一）在项目建设上全面发力。加快…".
	Numbering Numbering `json:"numbering,omitempty"`
	Ordinal   int       `json:"ordinal,omitempty"`
	Level     int       `json:"level,omitempty"`
	LabelEnd  int       `json:"labelEnd,omitempty"`
	HeadEnd   int       `json:"headEnd,omitempty"`

	// Rows holds a table's cells; Text then joins them with tabs and newlines.
	Rows [][]string `json:"rows,omitempty"`

	// Notes are the footnotes and endnotes referenced from the block, in order.
	Notes []Note `json:"notes,omitempty"`
}

// Note is a footnote or an endnote: a sentence explaining a local formulation or giving a
// figure's source, kept outside the running text but part of the report. At is the byte offset
// in the block's Text after which its reference mark stands.
type Note struct {
	At      int    `json:"at"`
	Text    string `json:"text"`
	Endnote bool   `json:"endnote,omitempty"`
}

// Label is the numbering text of a heading, such as "（一）".
func (b *Block) Label() string { return b.Text[:b.LabelEnd] }

// Title is the heading without its label; for a run-in heading, the part before its body.
func (b *Block) Title() string {
	if b.Kind != Heading {
		return ""
	}
	return b.Text[b.LabelEnd:b.HeadEnd]
}

// Body is the text after a run-in heading, or the whole text of a body paragraph.
func (b *Block) Body() string {
	if b.Kind != Heading {
		return b.Text
	}
	return b.Text[b.HeadEnd:]
}

// RunIn reports whether a heading continues with body text in the same paragraph.
func (b *Block) RunIn() bool { return b.Kind == Heading && b.HeadEnd < len(b.Text) }

// Document is one version of a report.
type Document struct {
	Title    string  `json:"title"`              // "政府工作报告", may be empty
	Subtitle string  `json:"subtitle,omitempty"` // "——2026年1月25日在示例市第…次会议上"
	Speaker  string  `json:"speaker,omitempty"`  // "示例市市长 某某"
	Blocks   []Block `json:"blocks"`
}

// PlainText is the document as UTF-8 text, one paragraph a line, title block first.
func (d *Document) PlainText() string {
	var sb strings.Builder
	for _, s := range []string{d.Title, d.Subtitle, d.Speaker} {
		if s != "" {
			sb.WriteString(s)
			sb.WriteByte('\n')
		}
	}
	for i := range d.Blocks {
		sb.WriteString(d.Blocks[i].Text)
		sb.WriteByte('\n')
	}
	return sb.String()
}

// Block returns the block with the given ID, or nil.
func (d *Document) Block(id string) *Block {
	for i := range d.Blocks {
		if d.Blocks[i].ID == id {
			return &d.Blocks[i]
		}
	}
	return nil
}
