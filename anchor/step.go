package anchor

import (
	"sync"
	"unicode/utf8"

	"qicao/compare"
	"qicao/report"
)

// step is what carrying anchors from one version to the next needs: the paragraph alignment of
// compare.Compare and, computed when first asked for, the character diff of each paragraph with
// its successor and the rune offsets of each new paragraph. A step never changes once built, so
// any number of goroutines may use it.
type step struct {
	old, new *report.Document
	newID    int64
	oldIdx   map[string]int
	oldLen   []int  // rune count of each old block
	succ     []int  // old block index → new block index, -1 when deleted
	moved    []bool // old block index → its paragraph moved
	newFrom  []int  // new block index → old block index, -1 when inserted
	opOfNew  []int  // new block index → position in ops
	ops      []compare.Op

	diffs   []lazy[*diff]      // per old block: the diff with its successor
	moves   []lazy[[]redirect] // per old block: where its lost text went (split, merge)
	offs    []lazy[[]int32]    // per new block: rune offsets
	oldOffs []lazy[[]int32]    // per old block: rune offsets
}

type lazy[T any] struct {
	once sync.Once
	v    T
}

func (l *lazy[T]) get(f func() T) T {
	l.once.Do(func() { l.v = f() })
	return l.v
}

func newStep(old, new *report.Document, newID int64) *step {
	res := compare.Compare(old, new)
	n, m := len(old.Blocks), len(new.Blocks)
	st := &step{
		old: old, new: new, newID: newID,
		oldIdx:  make(map[string]int, n),
		oldLen:  make([]int, n),
		succ:    make([]int, n),
		moved:   make([]bool, n),
		newFrom: make([]int, m),
		opOfNew: make([]int, m),
		ops:     res.Ops,
		diffs:   make([]lazy[*diff], n),
		offs:    make([]lazy[[]int32], m),
		oldOffs: make([]lazy[[]int32], n),
		moves:   make([]lazy[[]redirect], n),
	}
	for i := range old.Blocks {
		st.oldIdx[old.Blocks[i].ID] = i
		st.oldLen[i] = utf8.RuneCountInString(old.Blocks[i].Text)
		st.succ[i] = -1
	}
	for j := range st.newFrom {
		st.newFrom[j] = -1
	}
	for k, op := range res.Ops {
		if op.New >= 0 {
			st.opOfNew[op.New] = k
		}
		if op.Old >= 0 && op.New >= 0 {
			st.succ[op.Old] = op.New
			st.newFrom[op.New] = op.Old
			st.moved[op.Old] = op.Kind == compare.Moved
		}
	}
	return st
}

// outcome is what one step did to an anchor.
type outcome int

const (
	kept    outcome = iota // carried, its paragraph in place
	shifted                // carried into a paragraph that moved, or into another paragraph (split, merge)
	lost                   // the quoted text is gone
)

// carry carries a, an anchor in the old version, into the new one.
func (st *step) carry(a Anchor) (Anchor, outcome) {
	i, ok := st.oldIdx[a.BlockID]
	if !ok {
		return a, lost
	}
	n := st.oldLen[i]
	if a.Start < 0 || a.End > n || a.Start >= a.End {
		return a, lost
	}
	how := kept
	if st.moved[i] {
		how = shifted
	}
	if j := st.succ[i]; j >= 0 {
		if a.Start == 0 && a.End == n {
			// A comment on a paragraph follows the paragraph.
			return st.anchor(j, 0, len(st.newOffsets(j))-1), how
		}
		if s, e, ok := mapSpan(st.diff(i), a.Start, a.End); ok {
			return st.anchor(j, s, e), how
		}
	}
	// The text is not in the successor: it may have gone with part of the paragraph into a
	// neighbouring paragraph (a split or a merge).
	for _, r := range st.redirects(i) {
		if a.Start < r.os || a.End > r.oe {
			continue
		}
		if s, e, ok := mapSpan(&r.diff, a.Start-r.os, a.End-r.os); ok {
			j, s, e := r.locate(s, e)
			return st.anchor(j, s, e), shifted
		}
	}
	return a, lost
}

// valid reports whether a, made on the old version, names one of its paragraphs and quotes the
// text at its offsets.
func (st *step) valid(a Anchor) bool {
	i, ok := st.oldIdx[a.BlockID]
	if !ok || a.Start < 0 || a.End > st.oldLen[i] || a.Start >= a.End {
		return false
	}
	text := st.old.Blocks[i].Text
	offs := st.oldOffs[i].get(func() []int32 { return runeOffsets(text) })
	return text[offs[a.Start]:offs[a.End]] == a.Quote
}

func (st *step) anchor(j, start, end int) Anchor {
	b := &st.new.Blocks[j]
	return build(st.newID, b.ID, b.Text, st.newOffsets(j), start, end)
}

func (st *step) newOffsets(j int) []int32 {
	return st.offs[j].get(func() []int32 { return runeOffsets(st.new.Blocks[j].Text) })
}

// diff is the diff of old block i with its successor.
func (st *step) diff(i int) *diff {
	return st.diffs[i].get(func() *diff {
		a, b := st.old.Blocks[i].Text, st.new.Blocks[st.succ[i]].Text
		ra, rb := []rune(a), []rune(b)
		if a == b {
			n := len(ra)
			return &diff{[]seg{{0, n, 0, n, true}}, ra, rb}
		}
		return &diff{segments(compare.Edits(a, b)), ra, rb}
	})
}

// seg is a run of the diff of two texts: runes [os, oe) of the old text and [ns, ne) of the new
// one, either equal (eq) or one edit (a deletion, an insertion or both: a replacement).
type seg struct {
	os, oe, ns, ne int
	eq             bool
}

func segments(edits []compare.Edit) []seg {
	var segs []seg
	o, n := 0, 0
	for _, e := range edits {
		if e.Kind == compare.Equal {
			segs = append(segs, seg{o, o + e.Len, n, n + e.Len, true})
			o += e.Len
			n += e.Len
			continue
		}
		if k := len(segs); k == 0 || segs[k-1].eq {
			segs = append(segs, seg{o, o, n, n, false})
		}
		g := &segs[len(segs)-1]
		if e.Kind == compare.Delete {
			o += e.Len
			g.oe = o
		} else {
			n += e.Len
			g.ne = n
		}
	}
	return segs
}

// diff is the diff of two texts with the texts themselves, in runes.
type diff struct {
	segs     []seg
	old, new []rune
}

// slack is how many characters around a quote may be caught in the edit that replaced it.
const slack = 0

// mapSpan maps runes [s, e) of the old text to the new text through the diff. Characters of the
// quote that are kept map to where they are; an edit inside the quote belongs to it; an edit
// straddling a boundary belongs to it when most of what it deleted was quoted. When every quoted
// character was deleted, only a replacement at its place continues it (the quote replaced as
// proposed); otherwise the quote is lost (ok false).
//
// A diff cannot tell which of two identical characters was kept: "。X。" may have lost its
// first "。X" or its last "X。". Where that matters for the quote, mapSpan takes the reading that
// keeps an insertion out of the quote, and treats a quote that a deletion could have taken
// whole as lost.
func mapSpan(d *diff, s, e int) (ns, ne int, ok bool) {
	segs := d.segs
	lo, hi := -1, -1
	extend := func(a, b int) {
		if lo < 0 || a < lo {
			lo = a
		}
		if b > hi {
			hi = b
		}
	}
	kept := 0
	var hunk *seg // the first replacement overlapping the quote
	for k := range segs {
		g := &segs[k]
		if g.oe < s || g.os == g.oe && g.os <= s {
			continue
		}
		if g.os >= e {
			break
		}
		if g.eq {
			if a, b := max(g.os, s), min(g.oe, e); a < b {
				kept += b - a
				extend(g.ns+a-g.os, g.ns+b-g.os)
			}
			continue
		}
		if g.os == g.oe { // an insertion inside the quote
			x, ins := g.os, d.new[g.ns:g.ne]
			if room(segs, k, +1) >= e-x && slides(d.old[x:e], ins, +1) {
				// It may as well stand right after the quote: the rest of the quote is
				// the text the insertion starts with.
				kept += e - x
				extend(g.ns, g.ns+e-x)
				break
			}
			if room(segs, k, -1) >= x-s && slides(d.old[s:x], ins, -1) {
				// It may as well stand right before the quote.
				lo, hi = g.ne-(x-s), max(hi, g.ne)
				continue
			}
			extend(g.ns, g.ne)
			continue
		}
		a, b := max(g.os, s), min(g.oe, e)
		if a >= b {
			continue
		}
		if g.ns == g.ne { // a deletion
			if covers(d, segs, k, s, e) {
				return 0, 0, false
			}
			continue
		}
		if hunk == nil {
			hunk = g
		}
		if 2*(b-a) > g.oe-g.os {
			if ns, ne, rest := trim(d, g, s, e); ns < ne && rest <= slack {
				extend(ns, ne)
			}
		}
	}
	if kept > 0 {
		return lo, hi, true
	}
	if hunk == nil {
		return 0, 0, false
	}
	if ns, ne, rest := trim(d, hunk, s, e); ns < ne && rest <= slack {
		return ns, ne, true
	}
	return 0, 0, false
}

// room is how many runes the edit segs[k] can slide over: the length of the equal run after it
// (dir +1) or before it (dir -1).
func room(segs []seg, k, dir int) int {
	k += dir
	if k < 0 || k >= len(segs) || !segs[k].eq {
		return 0
	}
	return segs[k].oe - segs[k].os
}

// slides reports whether an insertion ins can slide over the kept runes run: forward (dir +1,
// run follows it) when run repeats ins from its start, backward when run repeats ins from its
// end.
func slides(run, ins []rune, dir int) bool {
	n := len(ins)
	for t := range run {
		if dir > 0 && run[t] != ins[t%n] || dir < 0 && run[len(run)-1-t] != ins[n-1-t%n] {
			return false
		}
	}
	return true
}

// covers reports whether the deletion segs[k] could as well have deleted all of [s, e).
func covers(d *diff, segs []seg, k, s, e int) bool {
	g := segs[k]
	if g.oe-g.os < e-s {
		return false
	}
	if g.os <= s && g.oe >= e {
		return true
	}
	if g.os > s { // slide back by g.os-s
		n := g.os - s
		if room(segs, k, -1) < n {
			return false
		}
		for t := range n {
			if d.old[g.os-1-t] != d.old[g.oe-1-t] {
				return false
			}
		}
		return true
	}
	n := e - g.oe // slide forward
	if room(segs, k, +1) < n {
		return false
	}
	for t := range n {
		if d.old[g.os+t] != d.old[g.oe+t] {
			return false
		}
	}
	return true
}

// trim narrows the new text of the replacement g to what replaced runes [s, e): the edit may
// have taken in characters around the quote that are the same on both sides. rest is how many
// characters outside the quote were replaced too.
func trim(d *diff, g *seg, s, e int) (ns, ne, rest int) {
	del, ins := d.old[g.os:g.oe], d.new[g.ns:g.ne]
	pre, post := max(0, s-g.os), max(0, g.oe-e)
	cp := 0
	for cp < pre && cp < len(ins) && del[cp] == ins[cp] {
		cp++
	}
	cs := 0
	for cs < post && cs < len(ins)-cp && del[len(del)-1-cs] == ins[len(ins)-1-cs] {
		cs++
	}
	return g.ns + cp, g.ne - cs, pre - cp + post - cs
}
