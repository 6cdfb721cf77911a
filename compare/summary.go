package compare

import (
	"strings"

	"qicao/report"
	"qicao/wordcount"
)

// Counts is how much changed, in paragraphs and in 字 as Word counts them.
type Counts struct {
	Same, Changed, Inserted, Deleted, Moved int
	CharsAdded, CharsRemoved                int
}

// Paragraphs is the number of paragraphs that differ in any way.
func (c Counts) Paragraphs() int { return c.Changed + c.Inserted + c.Deleted + c.Moved }

// SectionCounts is the change inside one part or section.
type SectionCounts struct {
	// Heading is the section's heading path, such as "一、2026年工作回顾 › （二）…"; empty for
	// the text before the first heading.
	Heading string
	Counts
}

// Summary totals the comparison and splits it by the parts (outermost headings) and sections
// (the two outermost levels) of the new version; a deleted paragraph counts under the section
// that succeeded its old one. Both lists are in reading order.
type Summary struct {
	Total    Counts
	Parts    []SectionCounts
	Sections []SectionCounts
}

func summarize(ops []Op, old, new *report.Document) Summary {
	var s Summary
	parts, sections := map[string]int{}, map[string]int{}
	partKeys, keys := opSections(ops, old, new, 1), opSections(ops, old, new, 2)
	for n, op := range ops {
		var c Counts
		switch op.Kind {
		case Same:
			c.Same = 1
		case Changed:
			c.Changed = 1
		case Inserted:
			c.Inserted = 1
			c.CharsAdded = words(new.Blocks[op.New].Text)
		case Deleted:
			c.Deleted = 1
			c.CharsRemoved = words(old.Blocks[op.Old].Text)
		case Moved:
			c.Moved = 1
		}
		for _, sp := range op.Spans {
			switch sp.Kind {
			case Insert:
				c.CharsAdded += words(sp.Text)
			case Delete:
				c.CharsRemoved += words(sp.Text)
			}
		}
		s.Total = s.Total.add(c)
		s.Parts = tally(s.Parts, parts, partKeys[n], c)
		s.Sections = tally(s.Sections, sections, keys[n], c)
	}
	return s
}

func tally(list []SectionCounts, index map[string]int, key string, c Counts) []SectionCounts {
	k, ok := index[key]
	if !ok {
		k = len(list)
		index[key] = k
		list = append(list, SectionCounts{Heading: key})
	}
	list[k].Counts = list[k].Counts.add(c)
	return list
}

// opSections names the section of each op: the new version's, or for a deleted paragraph the
// successor of its old section.
func opSections(ops []Op, old, new *report.Document, depth int) []string {
	// headingOfOld maps an old heading to the text of its new successor, so a paragraph deleted
	// from a renamed section is counted under the section's new name.
	headingOfOld := map[int]string{}
	for _, op := range ops {
		if op.Old >= 0 && op.New >= 0 && old.Blocks[op.Old].Kind == report.Heading {
			headingOfOld[op.Old] = headingText(&new.Blocks[op.New])
		}
	}
	newKeys := sectionKeys(new, nil, depth)
	oldKeys := sectionKeys(old, headingOfOld, depth)
	keys := make([]string, len(ops))
	for n, op := range ops {
		if op.New >= 0 {
			keys[n] = newKeys[op.New]
		} else {
			keys[n] = oldKeys[op.Old]
		}
	}
	return keys
}

func (c Counts) add(o Counts) Counts {
	return Counts{c.Same + o.Same, c.Changed + o.Changed, c.Inserted + o.Inserted, c.Deleted + o.Deleted,
		c.Moved + o.Moved, c.CharsAdded + o.CharsAdded, c.CharsRemoved + o.CharsRemoved}
}

func words(s string) int { return wordcount.Count(s).Words }

// sectionKeys names, for every block, its headings down to depth, in one pass so that
// a long document costs no more than its length.
func sectionKeys(doc *report.Document, rename map[int]string, depth int) []string {
	keys := make([]string, len(doc.Blocks))
	var stack []int // indexes of the open headings, outermost first
	cur := ""
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		if b.Kind == report.Heading {
			for len(stack) > 0 && doc.Blocks[stack[len(stack)-1]].Level >= b.Level {
				stack = stack[:len(stack)-1]
			}
			stack = append(stack, i)
			path := stack
			if len(path) > depth {
				path = path[:depth]
			}
			parts := make([]string, len(path))
			for k, h := range path {
				parts[k] = headingText(&doc.Blocks[h])
				if t, ok := rename[h]; ok {
					parts[k] = t
				}
			}
			cur = strings.Join(parts, " › ")
		}
		keys[i] = cur
	}
	return keys
}

// headingText is a heading as a reader names it: its label and title, without a run-in body.
func headingText(b *report.Block) string {
	return strings.TrimRight(b.Text[:b.HeadEnd], "。：:")
}
