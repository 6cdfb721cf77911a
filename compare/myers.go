package compare

// maxDiffCells bounds the work of one character diff: the diagonals explored in all its
// recursive steps. Two unrelated 5,000-character passages would need about 10^8; past the
// bound the rest of the text is shown as replaced, which for such a rewrite is what a reader
// wants. Counting cells instead of timing makes the same input give the same diff on any
// machine.
const maxDiffCells = 20_000_000

// runeDiff is the shortest edit script turning a into b, as spans merged by cleanupMerge (as
// diff-match-patch's DiffMain returns them) for the other clean-ups to work on. It is Myers'
// algorithm in linear space (E. W. Myers, "An O(ND) Difference Algorithm and Its Variations",
// Algorithmica 1 (1986), §4b): find the middle snake of an optimal path, recurse on both sides.
// It works on index ranges with two reused arrays, where diff-match-patch's Go port copied and
// converted the text at every level, which was most of a comparison's time and memory.
func runeDiff(a, b []rune) []Span {
	return cleanupMerge(editScript(a, b))
}

// editScript is the raw shortest edit script of a and b, before any clean-up.
func editScript(a, b []rune) []Span {
	m := myers{a: a, b: b, budget: maxDiffCells}
	size := 2*((len(a)+len(b)+1)/2) + 3
	m.vf = make([]int, size)
	m.vb = make([]int, size)
	m.diff(0, len(a), 0, len(b))
	diffs := make([]Span, 0, len(m.runs))
	i, j := 0, 0
	for _, r := range m.runs {
		switch r.kind {
		case Equal:
			diffs = append(diffs, Span{string(a[i : i+r.n]), Equal})
			i += r.n
			j += r.n
		case Delete:
			diffs = append(diffs, Span{string(a[i : i+r.n]), Delete})
			i += r.n
		case Insert:
			diffs = append(diffs, Span{string(b[j : j+r.n]), Insert})
			j += r.n
		}
	}
	return diffs
}

// run is a stretch of the edit script: n runes kept, deleted from a or inserted from b.
type run struct {
	kind SpanKind
	n    int
}

type myers struct {
	a, b   []rune
	vf, vb []int // furthest x on each diagonal, forward and backward, offset by len/2+1
	runs   []run
	budget int // diagonal cells left to explore before giving up
}

func (m *myers) emit(kind SpanKind, n int) {
	if n == 0 {
		return
	}
	if k := len(m.runs); k > 0 && m.runs[k-1].kind == kind {
		m.runs[k-1].n += n
		return
	}
	m.runs = append(m.runs, run{kind, n})
}

// diff appends the edit script of a[a0:a1] and b[b0:b1].
func (m *myers) diff(a0, a1, b0, b1 int) {
	pre := 0
	for a0+pre < a1 && b0+pre < b1 && m.a[a0+pre] == m.b[b0+pre] {
		pre++
	}
	m.emit(Equal, pre)
	a0, b0 = a0+pre, b0+pre
	suf := 0
	for a1-suf > a0 && b1-suf > b0 && m.a[a1-1-suf] == m.b[b1-1-suf] {
		suf++
	}
	a1, b1 = a1-suf, b1-suf
	switch {
	case a0 == a1:
		m.emit(Insert, b1-b0)
	case b0 == b1:
		m.emit(Delete, a1-a0)
	default:
		// Both sides are left and differ at both ends, so at least two edits separate them, and
		// each half of the split has fewer edits than the whole: the recursion ends.
		x, y, u, v, ok := m.middleSnake(a0, a1, b0, b1)
		if !ok {
			m.emit(Delete, a1-a0)
			m.emit(Insert, b1-b0)
			break
		}
		m.diff(a0, x, b0, y)
		m.emit(Equal, u-x)
		m.diff(u, a1, v, b1)
	}
	m.emit(Equal, suf)
}

// middleSnake returns the diagonal run (x,y)–(u,v) in the middle of a shortest edit path from
// (a0,b0) to (a1,b1), searching from both ends at once; ok is false when the budget ran out.
func (m *myers) middleSnake(a0, a1, b0, b1 int) (x, y, u, v int, ok bool) {
	sa, sb := m.a[a0:a1], m.b[b0:b1]
	n, mm := len(sa), len(sb)
	delta := n - mm
	odd := delta&1 != 0
	limit := (n + mm + 1) / 2
	// Diagonal k is at index k+off; both arrays are sized for the whole text, so any part fits.
	off := limit + 1
	vf, vb := m.vf[:2*limit+3], m.vb[:2*limit+3]
	vf[off+1], vb[off+1] = 0, 0
	for d := 0; d <= limit; d++ {
		m.budget -= 2*d + 1
		if m.budget < 0 {
			return 0, 0, 0, 0, false
		}
		for k := -d; k <= d; k += 2 {
			var px int
			if k == -d || k != d && vf[off+k-1] < vf[off+k+1] {
				px = vf[off+k+1]
			} else {
				px = vf[off+k-1] + 1
			}
			py := px - k
			sx, sy := px, py
			for px < n && py < mm && sa[px] == sb[py] {
				px++
				py++
			}
			vf[off+k] = px
			if kr := delta - k; odd && kr >= -(d-1) && kr <= d-1 && px+vb[off+kr] >= n {
				return a0 + sx, b0 + sy, a0 + px, b0 + py, true
			}
		}
		for k := -d; k <= d; k += 2 {
			// Backward, in coordinates counted from the ends: x runes of a and y of b consumed.
			var px int
			if k == -d || k != d && vb[off+k-1] < vb[off+k+1] {
				px = vb[off+k+1]
			} else {
				px = vb[off+k-1] + 1
			}
			py := px - k
			sx, sy := px, py
			for px < n && py < mm && sa[n-1-px] == sb[mm-1-py] {
				px++
				py++
			}
			vb[off+k] = px
			if kf := delta - k; !odd && kf >= -d && kf <= d && px+vf[off+kf] >= n {
				return a1 - px, b1 - py, a1 - sx, b1 - sy, true
			}
		}
	}
	return 0, 0, 0, 0, false // unreachable: the two searches meet by d = limit
}
