package anchor

import (
	"qicao/compare"
)

// A paragraph split in two leaves part of its text in its successor and puts the rest in a new
// paragraph beside it; two paragraphs merged leave one of them without a successor and its text
// inside the other's successor. Neither is a search: the text that left a paragraph is followed
// only into the paragraphs next to where it stood, and only when that text and the text it is
// found in are mostly each other (at least minKept of what left is found, and it makes at least
// minShare of where it is found). A quote whose words merely recur in a neighbouring paragraph,
// a look-alike, fails the second test: that paragraph is mostly other text.
const (
	minKept     = 0.6
	minShare    = 0.5
	maxNeighbor = 4 // new paragraphs tried on each side
	minMoved    = 4 // runes: shorter pieces are not followed

	// A paragraph rewritten where it stood (compare found it too changed to pair) is followed
	// into the one paragraph that took its place when this much is common.
	minKeptInPlace  = 0.4
	minShareInPlace = 0.3
)

// redirect says that runes [os, oe) of an old paragraph went to pieces of new paragraphs, read
// one after the other, with segs the diff of the two.
type redirect struct {
	os, oe int
	pieces []piece
	diff
}

// piece is runes [lo, hi) of new block j.
type piece struct{ j, lo, hi int }

// locate maps runes [s, e) of the pieces read together to one new block. A span across two
// pieces (a quote across the place where its paragraph was split) keeps the larger part.
func (r *redirect) locate(s, e int) (j, ns, ne int) {
	best, at := -1, 0
	for _, p := range r.pieces {
		n := p.hi - p.lo
		a, b := max(s, at), min(e, at+n)
		if b-a > best {
			best, j, ns, ne = b-a, p.j, p.lo+a-at, p.lo+b-at
		}
		at += n
	}
	return j, ns, ne
}

// redirects finds where text that left old paragraph i went.
func (st *step) redirects(i int) []redirect {
	return st.moves[i].get(func() []redirect {
		if j := st.succ[i]; j >= 0 {
			return st.splitFrom(i, j)
		}
		return st.mergedFrom(i)
	})
}

// splitFrom follows the beginning or the end of paragraph i that its successor j lost into the
// new paragraphs just before or after j.
func (st *step) splitFrom(i, j int) []redirect {
	segs := st.diff(i).segs
	n := st.oldLen[i]
	var out []redirect
	if g, ok := lastEdit(segs); ok && n-g.os >= minMoved {
		var after []int
		for k := j + 1; k < len(st.newFrom) && k <= j+maxNeighbor && st.newFrom[k] < 0; k++ {
			after = append(after, k)
		}
		if r, ok := st.follow(i, g.os, n, after, false); ok {
			out = append(out, r)
		} else if r, ok := st.intoNext(i, g.os, n); ok {
			out = append(out, r)
		}
	}
	if g, ok := firstEdit(segs); ok && g.oe >= minMoved {
		var before []int
		for k := j - 1; k >= 0 && k >= j-maxNeighbor && st.newFrom[k] < 0; k-- {
			before = append([]int{k}, before...)
		}
		if r, ok := st.follow(i, 0, g.oe, before, true); ok {
			out = append(out, r)
		} else if r, ok := st.intoPrev(i, 0, g.oe); ok {
			out = append(out, r)
		}
	}
	return out
}

// intoPrev follows runes [os, oe) of old paragraph i into the text added at the end of the
// previous paragraph's successor (the two merged).
func (st *step) intoPrev(i, os, oe int) (redirect, bool) {
	if i == 0 || st.succ[i-1] < 0 {
		return redirect{}, false
	}
	j := st.succ[i-1]
	g, ok := lastEdit(st.diff(i - 1).segs)
	if !ok || g.ne == g.ns {
		return redirect{}, false
	}
	return st.match(i, os, oe, []piece{{j, g.ns, st.newLen(j)}}, minKept, minShare)
}

// intoNext follows runes [os, oe) of old paragraph i into the text added at the beginning of
// the next paragraph's successor.
func (st *step) intoNext(i, os, oe int) (redirect, bool) {
	if i+1 >= len(st.succ) || st.succ[i+1] < 0 {
		return redirect{}, false
	}
	j := st.succ[i+1]
	g, ok := firstEdit(st.diff(i + 1).segs)
	if !ok || g.ne == g.ns {
		return redirect{}, false
	}
	return st.match(i, os, oe, []piece{{j, 0, g.ne}}, minKept, minShare)
}

// lastEdit is the last edit of a diff when no more than a few equal runes follow it: the end
// of the text was cut off (or something was added at its end). The last characters may still
// be equal by chance (both texts end in 。).
func lastEdit(segs []seg) (seg, bool) {
	tail := 0
	for k := len(segs) - 1; k >= 0; k-- {
		if !segs[k].eq {
			return segs[k], tail < minMoved
		}
		tail += segs[k].oe - segs[k].os
	}
	return seg{}, false
}

// firstEdit is the first edit of a diff when no more than a few equal runes precede it.
func firstEdit(segs []seg) (seg, bool) {
	head := 0
	for _, g := range segs {
		if !g.eq {
			return g, head < minMoved
		}
		head += g.oe - g.os
	}
	return seg{}, false
}

// mergedFrom follows a paragraph without a successor into the text added at the end of the
// previous paragraph's successor or at the beginning of the next one's, or into the new
// paragraphs that took its place.
func (st *step) mergedFrom(i int) []redirect {
	n := st.oldLen[i]
	if n < minMoved {
		return nil
	}
	if r, ok := st.intoPrev(i, 0, n); ok {
		return []redirect{r}
	}
	if r, ok := st.intoNext(i, 0, n); ok {
		return []redirect{r}
	}
	// Split with neither part similar enough to be its successor: the new paragraphs that
	// stand where it stood (the inserted ones right after its place among the operations).
	k := 0
	for k < len(st.ops) && !(st.ops[k].Kind == compare.Deleted && st.ops[k].Old == i) {
		k++
	}
	// Rewritten in place: the only paragraph deleted between two that stayed, the only one
	// inserted there. Its place is evidence enough for less common text.
	if (k == 0 || st.ops[k-1].Kind != compare.Deleted && st.ops[k-1].Kind != compare.Inserted) &&
		k+1 < len(st.ops) && st.ops[k+1].Kind == compare.Inserted &&
		(k+2 == len(st.ops) || st.ops[k+2].Kind != compare.Inserted && st.ops[k+2].Kind != compare.Deleted) {
		j := st.ops[k+1].New
		if r, ok := st.match(i, 0, n, []piece{{j, 0, st.newLen(j)}}, minKeptInPlace, minShareInPlace); ok {
			return []redirect{r}
		}
	}
	var run []int
	for k++; k < len(st.ops) && len(run) < 2*maxNeighbor; k++ {
		op := st.ops[k]
		if op.Kind == compare.Deleted {
			if len(run) > 0 {
				break
			}
			continue
		}
		if op.Kind != compare.Inserted {
			break
		}
		run = append(run, op.New)
	}
	for a := range run {
		if r, ok := st.follow(i, 0, n, run[a:], false); ok {
			return []redirect{r}
		}
	}
	return nil
}

// follow tries runes [os, oe) of old paragraph i against the new paragraphs blocks, read
// together: the first one, the first two… (the last ones when fromEnd) up to all of them.
func (st *step) follow(i, os, oe int, blocks []int, fromEnd bool) (redirect, bool) {
	for k := 1; k <= len(blocks); k++ {
		use := blocks[:k]
		if fromEnd {
			use = blocks[len(blocks)-k:]
		}
		pieces := make([]piece, len(use))
		for x, j := range use {
			pieces[x] = piece{j, 0, st.newLen(j)}
		}
		if r, ok := st.match(i, os, oe, pieces, minKept, minShare); ok {
			return r, true
		}
	}
	return redirect{}, false
}

// match diffs runes [os, oe) of old paragraph i with the pieces and accepts them when the two
// are mostly each other.
func (st *step) match(i, os, oe int, pieces []piece, minKept, minShare float64) (redirect, bool) {
	oldText := st.old.Blocks[i].Text
	offs := st.oldOffs[i].get(func() []int32 { return runeOffsets(oldText) })
	from := oldText[offs[os]:offs[oe]]
	var to []byte
	total := 0
	for _, p := range pieces {
		t := st.new.Blocks[p.j].Text
		o := st.newOffsets(p.j)
		to = append(to, t[o[p.lo]:o[p.hi]]...)
		total += p.hi - p.lo
	}
	if total < minMoved {
		return redirect{}, false
	}
	segs := segments(compare.Edits(from, string(to)))
	same := 0
	for _, g := range segs {
		if g.eq {
			same += g.oe - g.os
		}
	}
	if float64(same) < minKept*float64(oe-os) || float64(same) < minShare*float64(total) {
		return redirect{}, false
	}
	return redirect{os: os, oe: oe, pieces: pieces, diff: diff{segs, []rune(from), []rune(string(to))}}, true
}

func (st *step) newLen(j int) int { return len(st.newOffsets(j)) - 1 }
