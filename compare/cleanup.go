package compare

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// The clean-ups of a raw character diff, after Neil Fraser's diff-match-patch (Apache 2.0; the
// algorithms are described at https://neil.fraser.name/writing/diff/ and in its sources), as its
// Go port github.com/sergi/go-diff v1.4.0 runs them, lengths included: where that port counts
// bytes (the efficiency clean-up's edit cost, the overlap in the semantic one) so do we, so that
// a comparison and the positions anchors are carried by stay what they were. They work on Spans;
// the go-diff port compiled five regular expressions when the program started, which every
// command paid for, and converted the texts to runes and back at every step. The test
// TestCleanupsAgreeWithDiffMatchPatch compares each with the original on random diffs.

// editCost is diff-match-patch's Diff_EditCost: what an edit operation costs, in bytes of
// equality, for the efficiency clean-up.
const editCost = 4

// splice replaces n spans at i with the given ones.
func splice(diffs []Span, i, n int, with ...Span) []Span {
	return slices.Replace(diffs, i, i+n, with...)
}

// commonPrefix and commonSuffix are the lengths in bytes of the longest common beginning and
// end of two texts, on character boundaries.
func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	for n > 0 && n < len(a) && !utf8.RuneStart(a[n]) {
		n--
	}
	return n
}

func commonSuffix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	for n > 0 && !utf8.RuneStart(a[len(a)-n]) {
		n--
	}
	return n
}

// cleanupMerge joins adjacent spans of one kind, puts each run of edits between two equalities
// as one deletion and one insertion with their common beginning and end moved into the
// equalities, and shifts a single edit sideways over an equality it repeats
// (A<ins>BA</ins>C → <ins>AB</ins>AC).
func cleanupMerge(diffs []Span) []Span {
	diffs = append(diffs, Span{Kind: Equal}) // a sentinel, removed at the end
	pointer, countDelete, countInsert := 0, 0, 0
	var textDelete, textInsert strings.Builder
	for pointer < len(diffs) {
		switch diffs[pointer].Kind {
		case Insert:
			countInsert++
			textInsert.WriteString(diffs[pointer].Text)
			pointer++
		case Delete:
			countDelete++
			textDelete.WriteString(diffs[pointer].Text)
			pointer++
		case Equal:
			if countDelete+countInsert > 1 {
				del, ins := textDelete.String(), textInsert.String()
				if countDelete != 0 && countInsert != 0 {
					if n := commonPrefix(ins, del); n != 0 {
						x := pointer - countDelete - countInsert
						if x > 0 && diffs[x-1].Kind == Equal {
							diffs[x-1].Text += ins[:n]
						} else {
							diffs = slices.Insert(diffs, 0, Span{ins[:n], Equal})
							pointer++
						}
						ins, del = ins[n:], del[n:]
					}
					if n := commonSuffix(ins, del); n != 0 {
						diffs[pointer].Text = ins[len(ins)-n:] + diffs[pointer].Text
						ins, del = ins[:len(ins)-n], del[:len(del)-n]
					}
				}
				switch {
				case countDelete == 0:
					diffs = splice(diffs, pointer-countInsert, countInsert, Span{ins, Insert})
				case countInsert == 0:
					diffs = splice(diffs, pointer-countDelete, countDelete, Span{del, Delete})
				default:
					diffs = splice(diffs, pointer-countDelete-countInsert, countDelete+countInsert, Span{del, Delete}, Span{ins, Insert})
				}
				pointer = pointer - countDelete - countInsert + 1
				if countDelete != 0 {
					pointer++
				}
				if countInsert != 0 {
					pointer++
				}
			} else if pointer != 0 && diffs[pointer-1].Kind == Equal {
				diffs[pointer-1].Text += diffs[pointer].Text
				diffs = slices.Delete(diffs, pointer, pointer+1)
			} else {
				pointer++
			}
			countDelete, countInsert = 0, 0
			textDelete.Reset()
			textInsert.Reset()
		}
	}
	if diffs[len(diffs)-1].Text == "" {
		diffs = diffs[:len(diffs)-1]
	}

	changes := false
	for pointer = 1; pointer < len(diffs)-1; pointer++ {
		prev, cur, next := diffs[pointer-1], diffs[pointer], diffs[pointer+1]
		if prev.Kind != Equal || next.Kind != Equal {
			continue
		}
		switch {
		case strings.HasSuffix(cur.Text, prev.Text):
			diffs[pointer].Text = prev.Text + cur.Text[:len(cur.Text)-len(prev.Text)]
			diffs[pointer+1].Text = prev.Text + next.Text
			diffs = splice(diffs, pointer-1, 1)
			changes = true
		case strings.HasPrefix(cur.Text, next.Text):
			diffs[pointer-1].Text += next.Text
			diffs[pointer].Text = cur.Text[len(next.Text):] + next.Text
			diffs = splice(diffs, pointer+1, 1)
			changes = true
		}
	}
	if changes {
		return cleanupMerge(diffs)
	}
	return diffs
}

// cleanupSemantic turns into deletion and insertion every equality no longer than the edits on
// both sides of it, aligns single edits to word boundaries, and pulls out an overlap between a
// deletion and the insertion after it when it is at least half of either.
func cleanupSemantic(diffs []Span) []Span {
	changes := false
	equalities := make([]int, 0, len(diffs)) // indexes of the equalities seen
	var lastEquality string
	var ins1, del1, ins2, del2 int // edit lengths in characters before and after the last equality
	for pointer := 0; pointer < len(diffs); pointer++ {
		if diffs[pointer].Kind == Equal {
			equalities = append(equalities, pointer)
			ins1, del1, ins2, del2 = ins2, del2, 0, 0
			lastEquality = diffs[pointer].Text
			continue
		}
		if diffs[pointer].Kind == Insert {
			ins2 += utf8.RuneCountInString(diffs[pointer].Text)
		} else {
			del2 += utf8.RuneCountInString(diffs[pointer].Text)
		}
		n := utf8.RuneCountInString(lastEquality)
		if n > 0 && n <= max(ins1, del1) && n <= max(ins2, del2) {
			at := equalities[len(equalities)-1]
			diffs = splice(diffs, at, 0, Span{lastEquality, Delete})
			diffs[at+1].Kind = Insert
			equalities = equalities[:len(equalities)-1]
			if len(equalities) > 0 {
				equalities = equalities[:len(equalities)-1]
			}
			pointer = -1
			if len(equalities) > 0 {
				pointer = equalities[len(equalities)-1]
			}
			ins1, del1, ins2, del2 = 0, 0, 0, 0
			lastEquality = ""
			changes = true
		}
	}
	if changes {
		diffs = cleanupMerge(diffs)
	}
	diffs = cleanupSemanticLossless(diffs)

	for pointer := 1; pointer < len(diffs); pointer++ {
		if diffs[pointer-1].Kind != Delete || diffs[pointer].Kind != Insert {
			continue
		}
		deletion, insertion := diffs[pointer-1].Text, diffs[pointer].Text
		o1, o2 := commonOverlap(deletion, insertion), commonOverlap(insertion, deletion)
		// The overlap is in bytes and the halves in characters, as in the go-diff port.
		halfDel, halfIns := float64(utf8.RuneCountInString(deletion))/2, float64(utf8.RuneCountInString(insertion))/2
		if o1 >= o2 {
			if float64(o1) >= halfDel || float64(o1) >= halfIns {
				diffs = splice(diffs, pointer, 0, Span{insertion[:o1], Equal})
				diffs[pointer-1].Text = deletion[:len(deletion)-o1]
				diffs[pointer+1].Text = insertion[o1:]
				pointer++
			}
		} else if float64(o2) >= halfDel || float64(o2) >= halfIns {
			diffs = splice(diffs, pointer, 0, Span{deletion[:o2], Equal})
			diffs[pointer-1] = Span{insertion[:len(insertion)-o2], Insert}
			diffs[pointer+1] = Span{deletion[o2:], Delete}
			pointer++
		}
		pointer++
	}
	return diffs
}

// commonOverlap is the length in bytes of the longest end of a that begins b.
func commonOverlap(a, b string) int {
	if a == "" || b == "" {
		return 0
	}
	if len(a) > len(b) {
		a = a[len(a)-len(b):]
	} else if len(a) < len(b) {
		b = b[:len(a)]
	}
	n := len(a)
	if a == b {
		return n
	}
	best, length := 0, 1
	for {
		found := strings.Index(b, a[n-length:])
		if found == -1 {
			return best
		}
		length += found
		if found == 0 || a[n-length:] == b[:length] {
			best = length
			length++
		}
	}
}

// semanticScore rates a boundary between one and two from 6 (an end of the text) to 0 (inside a
// word of letters or digits), as diff-match-patch does: blank lines, line breaks, ends of
// sentences, spaces and other non-alphanumerics score in that order. Like the go-diff port, it
// tests the second text for a blank line at its end, not its beginning.
func semanticScore(one, two string) int {
	if one == "" || two == "" {
		return 6
	}
	r1, _ := utf8.DecodeLastRuneInString(one)
	r2, _ := utf8.DecodeRuneInString(two)
	alnum := func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' }
	space := func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r' } // RE2's \s
	blankEnd := func(s string) bool { return strings.HasSuffix(s, "\n\n") || strings.HasSuffix(s, "\n\r\n") }
	nonAlnum1, nonAlnum2 := !alnum(r1), !alnum(r2)
	space1, space2 := nonAlnum1 && space(r1), nonAlnum2 && space(r2)
	break1, break2 := space1 && (r1 == '\r' || r1 == '\n'), space2 && (r2 == '\r' || r2 == '\n')
	switch {
	case break1 && blankEnd(one) || break2 && blankEnd(two):
		return 5
	case break1 || break2:
		return 4
	case nonAlnum1 && !space1 && space2:
		return 3
	case space1 || space2:
		return 2
	case nonAlnum1 || nonAlnum2:
		return 1
	}
	return 0
}

// cleanupSemanticLossless slides each single edit between two equalities to the boundary that
// scores best (The c<ins>at c</ins>ame. → The <ins>cat </ins>came.), starting from the edit moved
// left over what it shares with the equality before it (see portShift).
func cleanupSemanticLossless(diffs []Span) []Span {
	for pointer := 1; pointer < len(diffs)-1; pointer++ {
		if diffs[pointer-1].Kind != Equal || diffs[pointer+1].Kind != Equal {
			continue
		}
		eq1, edit, eq2 := diffs[pointer-1].Text, diffs[pointer].Text, diffs[pointer+1].Text
		if n := portShift(eq1, edit); n > 0 {
			common := edit[len(edit)-n:]
			eq1 = eq1[:len(eq1)-n]
			edit = common + edit[:len(edit)-n]
			eq2 = common + eq2
		}
		bestEq1, bestEdit, bestEq2 := eq1, edit, eq2
		bestScore := semanticScore(eq1, edit) + semanticScore(edit, eq2)
		for edit != "" && eq2 != "" {
			_, sz := utf8.DecodeRuneInString(edit)
			if len(eq2) < sz || edit[:sz] != eq2[:sz] {
				break
			}
			eq1 += edit[:sz]
			edit = edit[sz:] + eq2[:sz]
			eq2 = eq2[sz:]
			// >= prefers the later boundary: trailing rather than leading spaces on edits.
			if score := semanticScore(eq1, edit) + semanticScore(edit, eq2); score >= bestScore {
				bestScore, bestEq1, bestEdit, bestEq2 = score, eq1, edit, eq2
			}
		}
		if diffs[pointer-1].Text == bestEq1 {
			continue
		}
		if bestEq1 != "" {
			diffs[pointer-1].Text = bestEq1
		} else {
			diffs = splice(diffs, pointer-1, 1)
			pointer--
		}
		diffs[pointer].Text = bestEdit
		if bestEq2 != "" {
			diffs[pointer+1].Text = bestEq2
		} else {
			diffs = splice(diffs, pointer+1, 1)
			pointer--
		}
	}
	return diffs
}

// portShift is how far, in bytes, the lossless clean-up first moves an edit left over the end it
// shares with the equality before it. The go-diff port counts the shared characters and moves
// the edit that many bytes, which in Chinese lands inside a character; the whole characters
// within that many bytes are the positions it can end on, and they are where this one starts.
func portShift(eq1, edit string) int {
	shared := commonSuffix(eq1, edit)
	limit := utf8.RuneCountInString(edit[len(edit)-shared:])
	n := 0
	for n < shared {
		_, size := utf8.DecodeLastRuneInString(edit[:len(edit)-n])
		if n+size > limit {
			break
		}
		n += size
	}
	return n
}

// cleanupEfficiency turns into deletion and insertion the equalities shorter than editCost
// bytes with edits of both kinds on both sides, or shorter than half of it with three of the
// four kinds around them: keeping them would cost more operations than they save.
func cleanupEfficiency(diffs []Span) []Span {
	changes := false
	var equalities []int // a stack of candidate equalities' indexes
	lastEquality := ""
	preIns, preDel, postIns, postDel := false, false, false, false
	for pointer := 0; pointer < len(diffs); pointer++ {
		if diffs[pointer].Kind == Equal {
			if len(diffs[pointer].Text) < editCost && (postIns || postDel) {
				equalities = append(equalities, pointer)
				preIns, preDel = postIns, postDel
				lastEquality = diffs[pointer].Text
			} else {
				equalities = equalities[:0]
				lastEquality = ""
			}
			postIns, postDel = false, false
			continue
		}
		if diffs[pointer].Kind == Delete {
			postDel = true
		} else {
			postIns = true
		}
		sides := 0
		for _, b := range [4]bool{preIns, preDel, postIns, postDel} {
			if b {
				sides++
			}
		}
		if lastEquality == "" || !(preIns && preDel && postIns && postDel || len(lastEquality) < editCost/2 && sides == 3) {
			continue
		}
		at := equalities[len(equalities)-1]
		diffs = splice(diffs, at, 0, Span{lastEquality, Delete})
		diffs[at+1].Kind = Insert
		equalities = equalities[:len(equalities)-1]
		lastEquality = ""
		if preIns && preDel {
			// Nothing changed that could affect the entry before: go on.
			postIns, postDel = true, true
			equalities = equalities[:0]
		} else {
			if len(equalities) > 0 {
				equalities = equalities[:len(equalities)-1]
			}
			pointer = -1
			if len(equalities) > 0 {
				pointer = equalities[len(equalities)-1]
			}
			postIns, postDel = false, false
		}
		changes = true
	}
	if changes {
		diffs = cleanupMerge(diffs)
	}
	return diffs
}
