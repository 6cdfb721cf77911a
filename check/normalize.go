package check

import (
	"strings"

	"qicao/report"
)

// normalize returns doc, or a copy of it in which headings that are really sentences are body
// paragraphs again. A 起草说明 writes "第一部分为：2023年工作回顾，约5400余字。", which reads as a
// 第一部分 heading by its label but is a sentence about another document; left as a heading it
// would push the real 一、 headings a level down and break their numbering.
func normalize(doc *report.Document) *report.Document {
	bad := func(b *report.Block) bool {
		if b.Kind != report.Heading || b.Numbering != report.PartNumber {
			return false
		}
		rest := b.Text[b.LabelEnd:]
		for _, w := range []string{"为", "是", "主要", "共", "约", "从"} {
			if strings.HasPrefix(rest, w) {
				return true
			}
		}
		return false
	}
	fix := false
	for i := range doc.Blocks {
		if bad(&doc.Blocks[i]) {
			fix = true
			break
		}
	}
	if !fix {
		return doc
	}
	cp := *doc
	cp.Blocks = append([]report.Block(nil), doc.Blocks...)
	for i := range cp.Blocks {
		if b := &cp.Blocks[i]; bad(b) {
			*b = report.Block{ID: b.ID, Kind: report.Paragraph, Text: b.Text}
		}
	}
	cp.AssignLevels()
	return &cp
}
