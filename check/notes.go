package check

import (
	"sort"
	"strings"

	"qicao/report"
)

// checkNotes proofreads the footnotes and endnotes: each note is checked as a paragraph of a
// document of notes, so that the rules read it as they read the text, and its findings point
// back at the block that references it (Note is the note's place among that block's notes,
// from 1; Start and End count in the note's text).
func checkNotes(doc *report.Document, cfg *Config) []Finding {
	type owner struct{ block, note int }
	var owners []owner
	notes := &report.Document{}
	for i := range doc.Blocks {
		for k, n := range doc.Blocks[i].Notes {
			notes.Blocks = append(notes.Blocks, report.Block{ID: doc.Blocks[i].ID, Kind: report.Paragraph, Text: n.Text})
			owners = append(owners, owner{i, k + 1})
		}
	}
	if len(owners) == 0 {
		return nil
	}
	c := newChecker(normalize(notes), cfg)
	c.run()
	found := c.finish()
	paths := map[int][]string{}
	for k := range found {
		o := owners[found[k].Block]
		found[k].Block, found[k].Note, found[k].BlockID = o.block, o.note, doc.Blocks[o.block].ID
		if _, ok := paths[o.block]; !ok {
			paths[o.block] = headingPath(doc, o.block)
		}
		found[k].Path = paths[o.block]
	}
	return found
}

// headingPath is the labels and titles of the headings block i stands under.
func headingPath(doc *report.Document, i int) []string {
	var out []string
	for _, b := range doc.Path(i) {
		out = append(out, strings.TrimSpace(b.Label()+b.Title()))
	}
	return out
}

// mergeNotes puts the notes' findings after the findings on their blocks' text.
func mergeNotes(out, notes []Finding) []Finding {
	if len(notes) == 0 {
		return out
	}
	out = append(out, notes...)
	sort.SliceStable(out, func(a, b int) bool { return out[a].Block < out[b].Block })
	if len(out) > MaxFindings {
		out = out[:MaxFindings]
	}
	return out
}
