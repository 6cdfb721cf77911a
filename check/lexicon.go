package check

import (
	"sort"
	"strings"
	"unicode/utf8"
)

type patKind uint8

const (
	patMisused patKind = iota
	patAnchor          // a piece of a formulation, to find near-misses
	patFormula         // a whole formulation, exact
	patEmpty
	patIndicator
	patOveruse
	patUsage   // starts a word-usage check
	patTime    // a time word, for garble-time
	patPending // 待填 and the like
)

type pattern struct {
	s    string
	kind patKind
	idx  int // into the lexicon's list for kind
	off  int // for anchors: runes of the formulation before this piece
}

// formula is a fixed phrase and how far a near-miss may be from it.
type formula struct {
	s       string
	runes   []rune
	maxDist int
}

// lexicon is the compiled word lists: one matcher for every pattern, keyed by first rune, so a
// block is scanned once whatever the number of lists.
type lexicon struct {
	firstBits [0x10000 / 64]uint64
	byFirst   map[rune][]pattern

	misused    []WordPair
	formulas   []formula
	empty      []string
	indicators []string
	overuse    []string

	redupPairs map[string]bool     // "常常"
	redupLong  map[string][]string // "市市" → "全市市", "市市场"
	redupAll   []string            // every listed expression, for repeated words (一心一意)
	words      map[string]bool     // common two-character words
	redupSet   map[string]bool     // every listed reduplication, as a word for segmentation
	userWords  map[string]bool     // the workspace lexicon: names and local terms, read as words
}

func buildLexicon(cfg *Config) *lexicon {
	lx := &lexicon{byFirst: map[rune][]pattern{}, redupPairs: map[string]bool{}, redupLong: map[string][]string{}}
	for _, line := range dataLines("misused.txt") {
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			continue
		}
		p := WordPair{Wrong: f[0], Right: f[1]}
		if len(f) > 2 {
			p.Note = f[2]
		}
		lx.misused = append(lx.misused, p)
	}
	lx.misused = append(lx.misused, cfg.Misused...)
	for i, p := range lx.misused {
		lx.addPattern(pattern{s: p.Wrong, kind: patMisused, idx: i})
	}

	phrases := append(dataLines("formulations.txt"), cfg.Formulations...)
	for _, s := range phrases {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		lx.addFormula(s)
	}
	lx.empty = append(dataLines("empty.txt"), cfg.EmptyPhrases...)
	for i, s := range lx.empty {
		lx.addPattern(pattern{s: s, kind: patEmpty, idx: i})
	}
	lx.indicators = append(dataLines("indicators.txt"), cfg.Indicators...)
	for i, s := range lx.indicators {
		lx.addPattern(pattern{s: s, kind: patIndicator, idx: i})
	}
	lx.overuse = dataLines("overuse.txt")
	for i, s := range lx.overuse {
		lx.addPattern(pattern{s: s, kind: patOveruse, idx: i})
	}
	for _, w := range usageWords {
		lx.addPattern(pattern{s: w, kind: patUsage})
	}
	for _, w := range timeWords {
		lx.addPattern(pattern{s: w, kind: patTime})
	}
	for _, w := range pendingWords {
		lx.addPattern(pattern{s: w, kind: patPending})
	}
	for _, line := range dataLines("reduplications.txt") {
		for _, w := range strings.Fields(line) {
			lx.addRedup(w)
		}
	}
	lx.userWords = map[string]bool{}
	for _, w := range cfg.Lexicon {
		if w = strings.TrimSpace(w); w != "" {
			lx.userWords[w] = true
		}
	}
	lx.words = map[string]bool{}
	for _, line := range dataLines("words.txt") {
		for _, w := range strings.Fields(line) {
			lx.words[w] = true
		}
	}
	// A formulation may hold a double (全过程人民民主) that is no slip.
	for _, f := range lx.formulas {
		lx.addRedup(f.s)
	}
	for r := range lx.byFirst {
		ps := lx.byFirst[r]
		sort.SliceStable(ps, func(a, b int) bool { return len(ps[a].s) > len(ps[b].s) })
	}
	return lx
}

func (lx *lexicon) addPattern(p pattern) {
	if p.s == "" {
		return
	}
	r, _ := utf8.DecodeRuneInString(p.s)
	lx.byFirst[r] = append(lx.byFirst[r], p)
	if r < 0x10000 {
		lx.firstBits[r/64] |= 1 << (r % 64)
	}
}

// addFormula registers a formulation for exact matching and, when it is long enough for a
// near-miss to mean something, its anchor pieces: with at most d edits, one of d+1 pieces
// survives intact, so finding the pieces finds every candidate.
func (lx *lexicon) addFormula(s string) {
	runes := []rune(s)
	n := 0
	for _, r := range runes {
		if isHan(r) || isDigit(r) {
			n++
		}
	}
	d := 0
	switch {
	case n >= 10:
		d = 2
	case n >= 7:
		d = 1
	}
	idx := len(lx.formulas)
	lx.formulas = append(lx.formulas, formula{s: s, runes: runes, maxDist: d})
	lx.addPattern(pattern{s: s, kind: patFormula, idx: idx})
	if d == 0 {
		return
	}
	pieces := d + 1
	size := len(runes) / pieces
	for k := 0; k < pieces; k++ {
		a, b := k*size, (k+1)*size
		if k == pieces-1 {
			b = len(runes)
		}
		lx.addPattern(pattern{s: string(runes[a:b]), kind: patAnchor, idx: idx, off: a})
	}
}

func (lx *lexicon) addRedup(w string) {
	lx.redupAll = append(lx.redupAll, w)
	if lx.redupSet == nil {
		lx.redupSet = map[string]bool{}
	}
	lx.redupSet[w] = true
	rs := []rune(w)
	if len(rs) == 2 && rs[0] == rs[1] {
		lx.redupPairs[w] = true
		return
	}
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] == rs[i+1] {
			pair := string(rs[i : i+2])
			lx.redupLong[pair] = append(lx.redupLong[pair], w)
		}
	}
}

// match calls fn for every pattern occurring in t, at byte offset i.
func (lx *lexicon) match(t string, fn func(i int, p *pattern)) {
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		if r < 0x10000 && lx.firstBits[r/64]&(1<<(r%64)) != 0 {
			ps := lx.byFirst[r]
			for k := range ps {
				if strings.HasPrefix(t[i:], ps[k].s) {
					fn(i, &ps[k])
				}
			}
		}
		i += size
	}
}
