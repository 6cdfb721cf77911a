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

	segs    []lazy[[]seg]      // per old block: the diff with its successor
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
		segs:    make([]lazy[[]seg], n),
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
		if s, e, ok := mapSpan(st.segments(i), a.Start, a.End); ok {
			return st.anchor(j, s, e), how
		}
	}
	// The text is not in the successor: it may have gone with part of the paragraph into a
	// neighbouring paragraph (a split or a merge).
	for _, r := range st.redirects(i) {
		if a.Start < r.os || a.End > r.oe {
			continue
		}
		if s, e, ok := mapSpan(r.segs, a.Start-r.os, a.End-r.os); ok {
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

// segments is the diff of old block i with its successor.
func (st *step) segments(i int) []seg {
	return st.segs[i].get(func() []seg {
		a, b := st.old.Blocks[i].Text, st.new.Blocks[st.succ[i]].Text
		if a == b {
			n := st.oldLen[i]
			return []seg{{0, n, 0, n, true}}
		}
		return segments(compare.Edits(a, b))
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

// mapSpan maps runes [s, e) of the old text to the new text through the diff. Characters of the
// quote that are kept map to where they are; an edit inside the quote belongs to it; an edit
// straddling a boundary belongs to it when most of what it deleted was quoted. When every quoted
// character was deleted, only a replacement of about the quote's own size, at its place,
// continues it (the quote replaced as proposed); otherwise the quote is lost (ok false).
func mapSpan(segs []seg, s, e int) (ns, ne int, ok bool) {
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
	var hunk *seg // the first edit overlapping the quote
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
		if g.os == g.oe { // an insertion strictly inside the quote
			extend(g.ns, g.ne)
			continue
		}
		a, b := max(g.os, s), min(g.oe, e)
		if a >= b {
			continue
		}
		if hunk == nil {
			hunk = g
		}
		if 2*(b-a) > g.oe-g.os && g.ne > g.ns {
			extend(g.ns, g.ne)
		}
	}
	if kept > 0 {
		return lo, hi, true
	}
	if hunk == nil {
		return 0, 0, false
	}
	q := e - s
	if hunk.ne > hunk.ns && hunk.oe-hunk.os-q <= q {
		return hunk.ns, hunk.ne, true
	}
	return 0, 0, false
}
