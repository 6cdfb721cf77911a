// Package anchor is one way of pointing at text in a report that keeps pointing at the same text
// as the report is revised: comments of the comment round, figures bound to a passage and meeting
// instructions all use it. An anchor names a version, a paragraph (block ID) and rune offsets in
// that paragraph, and keeps the quoted text with a little context on each side.
//
// An anchor is carried into a later version step by step through each pair of consecutive
// versions: the paragraph successor links of compare.Compare say where its paragraph went, the
// character diff inside the paragraph says where its characters went. When the quoted text is
// gone the anchor is reported Orphaned, where it last was; it is never re-attached to a similar
// sentence found by searching elsewhere.
package anchor

import (
	"unicode/utf8"

	"qicao/report"
)

// ContextRunes is how much text is kept on each side of the quote.
const ContextRunes = 24

// Anchor is a place in one version's text.
type Anchor struct {
	VersionID int64  `json:"version_id"`
	BlockID   string `json:"block_id,omitempty"` // "" = the report as a whole (a general comment)
	Start     int    `json:"start"`              // rune offset in the block's Text, inclusive
	End       int    `json:"end"`                // rune offset, exclusive; Start == End only for whole-report anchors
	Quote     string `json:"quote"`              // the block's text between Start and End
	Prefix    string `json:"prefix"`             // up to ContextRunes runes before Start
	Suffix    string `json:"suffix"`             // up to ContextRunes runes after End
}

// Whole reports whether the anchor covers its whole paragraph (a comment on a paragraph).
func (a Anchor) Whole(doc *report.Document) bool {
	if a.BlockID == "" || doc == nil {
		return false
	}
	b := doc.Block(a.BlockID)
	return b != nil && a.Start == 0 && a.End > 0 && a.End == utf8.RuneCountInString(b.Text)
}

// New anchors runes [start, end) of a block of doc (version versionID). blockID "" gives a
// whole-report anchor (start and end must be 0). Errors are *report.Error EINVALID with Chinese
// messages: no such paragraph, offsets out of range, start >= end.
func New(versionID int64, doc *report.Document, blockID string, start, end int) (Anchor, error) {
	if blockID == "" {
		if start != 0 || end != 0 {
			return Anchor{}, report.Errorf(report.EINVALID, "对全文的意见不能指定文字位置（起点和终点都应为0）")
		}
		return Anchor{VersionID: versionID}, nil
	}
	b := block(doc, blockID)
	if b == nil {
		return Anchor{}, report.Errorf(report.EINVALID, "这一版中没有所指的段落（%s）", blockID)
	}
	if !utf8.ValidString(b.Text) {
		return Anchor{}, report.Errorf(report.EINVALID, "段落文字编码有误，无法定位")
	}
	n := utf8.RuneCountInString(b.Text)
	if start < 0 || end < 0 || start > n || end > n {
		return Anchor{}, report.Errorf(report.EINVALID, "所选位置超出段落范围：段落共%d个字，所选为第%d至%d个字", n, start, end)
	}
	if start >= end {
		return Anchor{}, report.Errorf(report.EINVALID, "没有选中文字：起点（%d）须在终点（%d）之前", start, end)
	}
	return build(versionID, blockID, b.Text, runeOffsets(b.Text), start, end), nil
}

// NewQuoted is New that also checks that the selected text is quote, as a browser or a script
// that sends both the offsets and the text it saw can ask: a paragraph that differs from what the
// user selected is refused rather than anchored at the wrong characters.
func NewQuoted(versionID int64, doc *report.Document, blockID string, start, end int, quote string) (Anchor, error) {
	a, err := New(versionID, doc, blockID, start, end)
	if err == nil && a.Quote != quote {
		return Anchor{}, report.Errorf(report.EINVALID, "所选文字与段落内容不符：第%d至%d个字是“%s”，不是“%s”", start, end, a.Quote, quote)
	}
	return a, err
}

// Paragraph anchors a whole block.
func Paragraph(versionID int64, doc *report.Document, blockID string) (Anchor, error) {
	if blockID == "" {
		return Anchor{}, report.Errorf(report.EINVALID, "没有指定段落")
	}
	b := block(doc, blockID)
	if b == nil {
		return Anchor{}, report.Errorf(report.EINVALID, "这一版中没有所指的段落（%s）", blockID)
	}
	if b.Text == "" {
		return Anchor{}, report.Errorf(report.EINVALID, "段落为空，无法定位")
	}
	return New(versionID, doc, blockID, 0, utf8.RuneCountInString(b.Text))
}

// RuneOffset converts an offset counted in UTF-16 code units, as a browser's selection counts
// them, into a rune offset in text. An offset inside a surrogate pair (between the two halves of
// a character outside the Basic Multilingual Plane) or beyond the text is refused.
func RuneOffset(text string, utf16Offset int) (int, error) {
	if utf16Offset < 0 {
		return 0, report.Errorf(report.EINVALID, "位置不能为负数（%d）", utf16Offset)
	}
	units, runes := 0, 0
	for _, r := range text {
		if units == utf16Offset {
			return runes, nil
		}
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > utf16Offset {
			return 0, report.Errorf(report.EINVALID, "位置%d落在一个字符的中间（代理对之间）", utf16Offset)
		}
		units += w
		runes++
	}
	if units == utf16Offset {
		return runes, nil
	}
	return 0, report.Errorf(report.EINVALID, "位置%d超出段落范围（段落共%d个UTF-16单位）", utf16Offset, units)
}

func block(doc *report.Document, id string) *report.Block {
	if doc == nil {
		return nil
	}
	return doc.Block(id)
}

// runeOffsets returns the byte offset of every rune of text, and len(text) last.
func runeOffsets(text string) []int32 {
	offs := make([]int32, 0, len(text)/3+1)
	for i := range text {
		offs = append(offs, int32(i))
	}
	return append(offs, int32(len(text)))
}

// build builds the anchor on runes [start, end) of text, whose rune offsets are offs.
func build(versionID int64, blockID, text string, offs []int32, start, end int) Anchor {
	n := len(offs) - 1
	return Anchor{
		VersionID: versionID,
		BlockID:   blockID,
		Start:     start,
		End:       end,
		Quote:     text[offs[start]:offs[end]],
		Prefix:    text[offs[max(0, start-ContextRunes)]:offs[start]],
		Suffix:    text[offs[end]:offs[min(n, end+ContextRunes)]],
	}
}
