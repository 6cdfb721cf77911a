// Package compare aligns two versions of a report paragraph by paragraph and shows what changed
// inside each paragraph character by character: the 修改对照 a writing team hands its leaders
// after every round. Its Result also maps each old paragraph to its successor, so comments and
// figures anchored to a paragraph can follow the text into the next version.
package compare

import (
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"qicao/report"
)

// OpKind says what happened to a paragraph between the two versions.
type OpKind int

const (
	Same     OpKind = iota // unchanged, in place
	Changed                // edited, in place
	Inserted               // only in the new version
	Deleted                // only in the old version
	Moved                  // found elsewhere in the new version, possibly edited too
)

func (k OpKind) String() string {
	return [...]string{"same", "changed", "inserted", "deleted", "moved"}[k]
}

// SpanKind says whether a piece of text is common to both versions or on one side only.
type SpanKind int

const (
	Equal SpanKind = iota
	Insert
	Delete
)

// Span is a run of text inside a changed paragraph.
type Span struct {
	Text string
	Kind SpanKind
}

// Op is one paragraph of the comparison, in reading order: the new version's order, with
// deleted paragraphs where they stood in the old one.
type Op struct {
	Kind OpKind
	Old  int // block index in the old version, -1 for an inserted paragraph
	New  int // block index in the new version, -1 for a deleted paragraph
	// Spans is the character-level difference for Changed ops and for Moved ops whose text
	// also changed; nil otherwise.
	Spans []Span
}

// Result is a whole comparison.
type Result struct {
	Ops []Op
	// Successors maps every old block ID to the ID of the block that continues it in the new
	// version, or to "" when the paragraph was deleted.
	Successors map[string]string
	Summary    Summary
}

// Bounds that keep a comparison fast on any input. Paragraphs left over after exact matching
// are compared by shingle sketches, each new paragraph against at most maxCandidates old ones
// nearest to where it would be expected, so the work is O(paragraphs × maxCandidates ×
// sketchSize) and never quadratic in the number of paragraphs. The character diff of one
// paragraph is bounded in charDiff (see maxDiffRunes).
const (
	maxCandidates = 200
	minSimilarity = 0.4
	// minInPlace is lower: a paragraph in the same place between two unchanged ones is
	// evidence enough, and short paragraphs with two figures changed fall below 0.4.
	minInPlace = 0.25
)

// Compare aligns old and new. Either may be empty; neither is modified.
func Compare(old, new *report.Document) *Result {
	n, m := len(old.Blocks), len(new.Blocks)
	oldTo := make([]int, n) // old index → new index, -1 if unmatched
	newTo := make([]int, m)
	for i := range oldTo {
		oldTo[i] = -1
	}
	for j := range newTo {
		newTo[j] = -1
	}
	matchExact(old, new, oldTo, newTo)
	matchInPlace(old, new, oldTo, newTo)
	matchSimilar(old, new, oldTo, newTo)

	inOrder := stayingPairs(newTo)
	r := &Result{Successors: make(map[string]string, n)}
	r.Ops = buildOps(old, new, oldTo, newTo, inOrder)
	for i := range old.Blocks {
		id := ""
		if oldTo[i] >= 0 {
			id = new.Blocks[oldTo[i]].ID
		}
		r.Successors[old.Blocks[i].ID] = id
	}
	r.Summary = summarize(r.Ops, old, new)
	return r
}

// matchExact pairs paragraphs of identical text, the k-th occurrence in the old version with
// the k-th in the new one.
func matchExact(old, new *report.Document, oldTo, newTo []int) {
	byText := make(map[string][]int, len(old.Blocks))
	for i := range old.Blocks {
		t := old.Blocks[i].Text
		byText[t] = append(byText[t], i)
	}
	for j := range new.Blocks {
		q := byText[new.Blocks[j].Text]
		if len(q) == 0 {
			continue
		}
		i := q[0]
		byText[new.Blocks[j].Text] = q[1:]
		oldTo[i], newTo[j] = j, i
	}
}

// matchInPlace pairs, between two unchanged paragraphs, gaps of the same length in both
// versions position by position when the paired paragraphs are similar: most edits leave a
// paragraph where it was, and this finds them with one comparison each.
func matchInPlace(old, new *report.Document, oldTo, newTo []int) {
	n, m := len(old.Blocks), len(new.Blocks)
	for j := 0; j < m; {
		if newTo[j] >= 0 {
			j++
			continue
		}
		k := j
		for k < m && newTo[k] < 0 {
			k++
		}
		lo, hi := 0, n
		if j > 0 {
			lo = newTo[j-1] + 1
		}
		if k < m {
			hi = newTo[k]
		}
		if hi-lo == k-j {
			for t := range k - j {
				i := lo + t
				if oldTo[i] < 0 && inPlaceEdit(old.Blocks[i].Text, new.Blocks[j+t].Text) {
					oldTo[i], newTo[j+t] = j+t, i
				}
			}
		}
		j = k
	}
}

// inPlaceEdit tells whether b is a's text edited: most of it is kept at the beginning and the
// end, which is cheap to check, or else the shingle sets overlap enough.
func inPlaceEdit(a, b string) bool {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	q := 0
	for q < len(a)-p && q < len(b)-p && a[len(a)-1-q] == b[len(b)-1-q] {
		q++
	}
	if 10*(p+q) >= 6*max(len(a), len(b)) {
		return true
	}
	return similarity(newSketch(a), newSketch(b)) >= minInPlace
}

type candidate struct {
	old, new int
	sim      float64
	dist     int
}

// matchSimilar pairs the remaining paragraphs whose shingle sets overlap enough, best pairs
// first.
func matchSimilar(old, new *report.Document, oldTo, newTo []int) {
	var freeOld []int
	for i, j := range oldTo {
		if j < 0 {
			freeOld = append(freeOld, i)
		}
	}
	if len(freeOld) == 0 {
		return
	}
	sketches := make(map[int]sketch, len(freeOld))
	for _, i := range freeOld {
		sketches[i] = newSketch(old.Blocks[i].Text)
	}
	var cands []candidate
	expected := 0 // the old index where an unmatched new paragraph would be expected
	for j := range new.Blocks {
		if newTo[j] >= 0 {
			expected = newTo[j] + 1
			continue
		}
		sj := newSketch(new.Blocks[j].Text)
		pos := sort.SearchInts(freeOld, expected)
		lo, hi := pos-maxCandidates/2, pos+maxCandidates/2
		if lo < 0 {
			hi -= lo
			lo = 0
		}
		if hi > len(freeOld) {
			lo -= hi - len(freeOld)
			hi = len(freeOld)
			lo = max(lo, 0)
		}
		for _, i := range freeOld[lo:hi] {
			if s := similarity(sketches[i], sj); s >= minSimilarity {
				cands = append(cands, candidate{i, j, s, abs(i - expected)})
			}
		}
	}
	sort.Slice(cands, func(a, b int) bool {
		ca, cb := cands[a], cands[b]
		if ca.sim != cb.sim {
			return ca.sim > cb.sim
		}
		if ca.dist != cb.dist {
			return ca.dist < cb.dist
		}
		if ca.new != cb.new {
			return ca.new < cb.new
		}
		return ca.old < cb.old
	})
	for _, c := range cands {
		if oldTo[c.old] < 0 && newTo[c.new] < 0 {
			oldTo[c.old], newTo[c.new] = c.new, c.old
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// stayingPairs marks, by new index, the matched paragraphs that keep their relative order: the
// longest increasing run of old indexes taken in new order. Matched paragraphs off that run
// are the moved ones.
func stayingPairs(newTo []int) []bool {
	var js []int // new indexes of matched paragraphs, in order
	for j, i := range newTo {
		if i >= 0 {
			js = append(js, j)
		}
	}
	tails := []int{}             // tails[k]: position in js of the smallest tail of a run of length k+1
	prev := make([]int, len(js)) // predecessor position in js
	for p, j := range js {
		i := newTo[j]
		k := sort.Search(len(tails), func(k int) bool { return newTo[js[tails[k]]] >= i })
		if k > 0 {
			prev[p] = tails[k-1]
		} else {
			prev[p] = -1
		}
		if k == len(tails) {
			tails = append(tails, p)
		} else {
			tails[k] = p
		}
	}
	keep := make([]bool, len(newTo))
	if len(tails) > 0 {
		for p := tails[len(tails)-1]; p >= 0; p = prev[p] {
			keep[js[p]] = true
		}
	}
	return keep
}

// buildOps lists the paragraphs in the new version's order and puts each deleted paragraph
// just before the first staying paragraph that followed it in the old version.
func buildOps(old, new *report.Document, oldTo, newTo []int, keep []bool) []Op {
	ops := make([]Op, 0, len(new.Blocks)+len(old.Blocks)/4)
	var edited []int // ops whose texts differ
	nextOld := 0
	flush := func(upTo int) {
		for ; nextOld < upTo; nextOld++ {
			if oldTo[nextOld] < 0 {
				ops = append(ops, Op{Kind: Deleted, Old: nextOld, New: -1})
			}
		}
	}
	// anchorAfter[j] is the old index of the first staying paragraph at or after new index j.
	anchorAfter := make([]int, len(new.Blocks)+1)
	anchorAfter[len(new.Blocks)] = len(old.Blocks)
	for j := len(new.Blocks) - 1; j >= 0; j-- {
		anchorAfter[j] = anchorAfter[j+1]
		if keep[j] {
			anchorAfter[j] = newTo[j]
		}
	}
	for j := range new.Blocks {
		i := newTo[j]
		switch {
		case i < 0:
			flush(anchorAfter[j])
			ops = append(ops, Op{Kind: Inserted, Old: -1, New: j})
		case keep[j]:
			flush(i)
			nextOld = i + 1
			op := Op{Kind: Same, Old: i, New: j}
			if old.Blocks[i].Text != new.Blocks[j].Text {
				op.Kind = Changed
				edited = append(edited, len(ops))
			}
			ops = append(ops, op)
		default:
			if old.Blocks[i].Text != new.Blocks[j].Text {
				edited = append(edited, len(ops))
			}
			ops = append(ops, Op{Kind: Moved, Old: i, New: j})
		}
	}
	flush(len(old.Blocks))
	diffEdited(ops, edited, old, new)
	return ops
}

// diffEdited fills in the character diff of each edited pair, ops[k] for k in edited. The
// pairs are independent, and they are most of the work of a comparison, so with more than a
// few of them they are shared among the processor's cores.
func diffEdited(ops []Op, edited []int, old, new *report.Document) {
	spans := func(k int) {
		ops[k].Spans = charDiff(old.Blocks[ops[k].Old].Text, new.Blocks[ops[k].New].Text)
	}
	workers := min(runtime.GOMAXPROCS(0), len(edited)/16)
	if workers < 2 {
		for _, k := range edited {
			spans(k)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := int(next.Add(1)) - 1
				if n >= len(edited) {
					return
				}
				spans(edited[n])
			}
		}()
	}
	wg.Wait()
}
