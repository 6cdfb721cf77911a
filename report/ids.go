package report

import (
	"fmt"
	"hash/fnv"
)

// AssignIDs gives every block an identifier derived from its text, so that a paragraph left
// untouched between two versions keeps its identifier without any bookkeeping; repeated texts
// get a numbered suffix in document order. Readers call it once the blocks are final.
func (d *Document) AssignIDs() {
	seen := make(map[string]int, len(d.Blocks))
	for i := range d.Blocks {
		h := fnv.New64a()
		h.Write([]byte(d.Blocks[i].Text))
		id := fmt.Sprintf("p%012x", h.Sum64()&0xffffffffffff)
		seen[id]++
		if n := seen[id]; n > 1 {
			id = fmt.Sprintf("%s-%d", id, n)
		}
		d.Blocks[i].ID = id
	}
}

// AssignLevels ranks the numbering styles present in the document from the outermost, so that a
// report without 第一部分 has its 一、 headings at level 1, as a writing team would say.
func (d *Document) AssignLevels() {
	var present [ArabicParen + 1]bool
	for i := range d.Blocks {
		if d.Blocks[i].Kind == Heading {
			present[d.Blocks[i].Numbering] = true
		}
	}
	var rank [ArabicParen + 1]int
	r := 0
	for n := PartNumber; n <= ArabicParen; n++ {
		if present[n] {
			r++
			rank[n] = r
		}
	}
	for i := range d.Blocks {
		if d.Blocks[i].Kind == Heading {
			d.Blocks[i].Level = rank[d.Blocks[i].Numbering]
		}
	}
}

// Finish completes a document built by a reader: levels and identifiers.
func (d *Document) Finish() {
	d.AssignLevels()
	d.AssignIDs()
}
