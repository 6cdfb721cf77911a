package anchor_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"qicao/anchor"
	"qicao/report"
	"qicao/sample"
)

// The scenario tests generate revisions of our own sample report in which every character
// remembers where it came from, carry anchors through them, and judge each result against that
// truth rather than against the text: an anchor found again must cover characters of its own
// quote (or text written in place of its quote) and no character that came from elsewhere, and
// an anchor whose characters are all gone must be reported Orphaned.

// origin is where a character of a generated version came from: a rune of the first version
// (para, off), or text written later (para -1), possibly in place of first-version runes
// (repl ≥ 0 indexes gen.repls).
type origin struct {
	para, off int32
	repl      int32
}

type gpara struct {
	text []rune
	orig []origin
}

// gen is a report being revised.
type gen struct {
	rng   *rand.Rand
	paras []gpara
	repls [][]origin // what each replacement replaced
}

func newGen(seed uint64, texts []string) *gen {
	g := &gen{rng: rand.New(rand.NewPCG(seed, 2027))}
	for p, t := range texts {
		r := []rune(t)
		o := make([]origin, len(r))
		for k := range r {
			o[k] = origin{int32(p), int32(k), -1}
		}
		g.paras = append(g.paras, gpara{r, o})
	}
	return g
}

// rebase makes the current text the first version: origins restart from it.
func (g *gen) rebase() {
	texts := make([]string, len(g.paras))
	for p := range g.paras {
		texts[p] = string(g.paras[p].text)
	}
	*g = *newGen(g.rng.Uint64(), texts)
}

func (g *gen) lens() []int {
	n := make([]int, len(g.paras))
	for p := range g.paras {
		n[p] = len(g.paras[p].text)
	}
	return n
}

func (g *gen) doc() *report.Document {
	d := &report.Document{}
	for _, p := range g.paras {
		d.Blocks = append(d.Blocks, report.Block{Kind: report.Paragraph, Text: string(p.text)})
	}
	d.AssignIDs()
	return d
}

// phrases are the words the generator writes: the report's own vocabulary, so that inserted
// text looks like the text around it and look-alikes are easy to make.
var phrases = []string{
	"进一步", "切实", "全面加强", "着力推动", "高质量发展", "示例市", "人民群众", "稳步提高",
	"重点项目", "扎实推进", "乡村振兴", "营商环境", "持续改善", "完成投资", "亿元", "同比增长",
	"，", "。", "；", "新增就业", "基本公共服务", "城乡居民",
}

func (g *gen) phrase() []rune {
	n := 1 + g.rng.IntN(3)
	var b strings.Builder
	for range n {
		b.WriteString(phrases[g.rng.IntN(len(phrases))])
	}
	return []rune(b.String())
}

func (g *gen) insert(p, at int, text []rune) {
	g.replace(p, at, at, text, false)
}

// replace puts text in place of runes [s, e) of paragraph p; asReplacement records the new
// text as written in place of the old (a proposed wording taken).
func (g *gen) replace(p, s, e int, text []rune, asReplacement bool) {
	q := &g.paras[p]
	repl := int32(-1)
	if asReplacement && e > s {
		// What it replaced, in first-version runes (a replacement of a replacement
		// replaced what the first one did).
		var was []origin
		seen := map[int32]bool{}
		for _, o := range q.orig[s:e] {
			switch {
			case o.para >= 0:
				was = append(was, o)
			case o.repl >= 0 && !seen[o.repl]:
				seen[o.repl] = true
				was = append(was, g.repls[o.repl]...)
			}
		}
		repl = int32(len(g.repls))
		g.repls = append(g.repls, was)
	}
	o := make([]origin, len(text))
	for k := range o {
		o[k] = origin{-1, -1, repl}
	}
	q.text = slices.Concat(q.text[:s], text, q.text[e:])
	q.orig = slices.Concat(q.orig[:s], o, q.orig[e:])
}

func (g *gen) move(from, to int) {
	p := g.paras[from]
	g.paras = slices.Delete(g.paras, from, from+1)
	g.paras = slices.Insert(g.paras, min(to, len(g.paras)), p)
}

func (g *gen) split(p, at int) {
	q := g.paras[p]
	a := gpara{slices.Clone(q.text[:at]), slices.Clone(q.orig[:at])}
	b := gpara{slices.Clone(q.text[at:]), slices.Clone(q.orig[at:])}
	g.paras = slices.Replace(g.paras, p, p+1, a, b)
}

func (g *gen) merge(p int) {
	a, b := g.paras[p], g.paras[p+1]
	m := gpara{slices.Concat(a.text, b.text), slices.Concat(a.orig, b.orig)}
	g.paras = slices.Replace(g.paras, p, p+2, m)
}

// where finds the current paragraph holding first-version paragraph p (the one with most of
// its runes), or -1.
func (g *gen) where(p int) int {
	best, at := 0, -1
	for k, q := range g.paras {
		n := 0
		for _, o := range q.orig {
			if int(o.para) == p {
				n++
			}
		}
		if n > best {
			best, at = n, k
		}
	}
	return at
}

// noise makes n small edits in random paragraphs other than those in skip.
func (g *gen) noise(n int, skip map[int]bool) {
	for range n {
		p := g.rng.IntN(len(g.paras))
		if skip[p] || len(g.paras[p].text) < 8 {
			continue
		}
		at := g.rng.IntN(len(g.paras[p].text))
		switch g.rng.IntN(3) {
		case 0:
			g.insert(p, at, g.phrase())
		case 1:
			g.replace(p, at, min(at+1+g.rng.IntN(4), len(g.paras[p].text)), g.phrase(), true)
		default:
			g.replace(p, at, min(at+1+g.rng.IntN(4), len(g.paras[p].text)), nil, false)
		}
	}
}

// probe is an anchor with the truth about it.
type probe struct {
	a        anchor.Anchor
	para     int  // first-version paragraph
	s, e     int  // first-version runes
	whole    bool // a comment on the paragraph
	scenario string
}

// tally counts outcomes.
type tally struct {
	total, survive, text, found, foundText, orphanOK, missed, missedText, wrong, ambiguous int
	states                                                                                 map[anchor.State]int
	examples                                                                               []string
}

func (t *tally) add(u tally) {
	t.total += u.total
	t.survive += u.survive
	t.text += u.text
	t.found += u.found
	t.foundText += u.foundText
	t.missedText += u.missedText
	t.ambiguous += u.ambiguous
	t.orphanOK += u.orphanOK
	t.missed += u.missed
	t.wrong += u.wrong
	if t.states == nil {
		t.states = map[anchor.State]int{}
	}
	for k, v := range u.states {
		t.states[k] += v
	}
	for _, e := range u.examples {
		wrong := strings.HasPrefix(e, "WRONG") || strings.HasPrefix(e, "replaced")
		if wrong && len(t.examples) < 40 || len(t.examples) < 10 {
			t.examples = append(t.examples, e)
		}
	}
}

// truth is what is left of the first version in g's current text.
type truth struct {
	g         *gen
	alive     [][]bool // by first-version paragraph and rune: still in the text
	replAlive []bool   // by replacement: some of its text is still there
	replsOf   map[int32][]int32
}

func newTruth(g *gen, firstLens []int) *truth {
	tr := &truth{g: g, alive: make([][]bool, len(firstLens)), replAlive: make([]bool, len(g.repls)), replsOf: map[int32][]int32{}}
	for p, n := range firstLens {
		tr.alive[p] = make([]bool, n)
	}
	for _, q := range g.paras {
		for _, o := range q.orig {
			if o.para >= 0 {
				tr.alive[o.para][o.off] = true
			} else if o.repl >= 0 {
				tr.replAlive[o.repl] = true
			}
		}
	}
	for r, was := range g.repls {
		for _, o := range was {
			if l := tr.replsOf[o.para]; len(l) == 0 || l[len(l)-1] != int32(r) {
				tr.replsOf[o.para] = append(l, int32(r))
			}
		}
	}
	return tr
}

// sameCharacters reports whether the runes from outside the quote at the ends of a landed
// span are each the same character as a deleted rune of the quote at that end, and there are
// none inside.
func (tr *truth) sameCharacters(pr probe, span []rune, orig []origin) bool {
	foreign := func(o origin) bool {
		return o.para >= 0 && !(int(o.para) == pr.para && int(o.off) >= pr.s && int(o.off) < pr.e)
	}
	lead, trail := 0, 0
	for lead < len(orig) && foreign(orig[lead]) {
		lead++
	}
	for trail < len(orig)-lead && foreign(orig[len(orig)-1-trail]) {
		trail++
	}
	first, last := -1, -1
	for _, o := range orig[lead : len(orig)-trail] {
		if foreign(o) {
			return false
		}
		if int(o.para) == pr.para {
			if first < 0 {
				first = int(o.off)
			}
			last = int(o.off)
		}
	}
	if first < 0 || lead > 2 || trail > 2 {
		return false
	}
	quote := []rune(pr.a.Quote)
	for k := range lead {
		x := first - lead + k
		if x < pr.s || tr.alive[pr.para][x] || quote[x-pr.s] != span[k] {
			return false
		}
	}
	for k := range trail {
		x := last + 1 + k
		if x >= pr.e || tr.alive[pr.para][x] || quote[x-pr.s] != span[len(span)-trail+k] {
			return false
		}
	}
	return true
}

// judge compares a carried anchor with the truth of g's current text.
func judge(tr *truth, d *report.Document, pr probe, got anchor.Located) tally {
	g := tr.g
	t := tally{total: 1, states: map[anchor.State]int{got.State: 1}}
	quoted := func(o origin) bool {
		return int(o.para) == pr.para && int(o.off) >= pr.s && int(o.off) < pr.e
	}
	inQuote := func(o origin) bool {
		if o.para >= 0 {
			return quoted(o)
		}
		if o.repl >= 0 {
			return slices.ContainsFunc(g.repls[o.repl], quoted)
		}
		return false
	}
	// The quote survives when any of its characters is still there (or text written in place
	// of some); it survives as text when at least half of its characters are still there, or
	// a replacement of mostly the quote stands in its place. The 99% target is on the second;
	// both are reported.
	kept := 0
	for _, a := range tr.alive[pr.para][pr.s:pr.e] {
		if a {
			kept++
		}
	}
	survives, asText := kept > 0, 2*kept >= pr.e-pr.s
	for _, r := range tr.replsOf[int32(pr.para)] {
		if !tr.replAlive[r] {
			continue
		}
		in := 0
		for _, o := range g.repls[r] {
			if quoted(o) {
				in++
			}
		}
		if in > 0 {
			survives = true
		}
		if in > 0 && 2*in >= len(g.repls[r]) && 2*in >= pr.e-pr.s {
			asText = true
		}
	}
	if survives {
		t.survive = 1
	}
	if asText {
		t.text = 1
	}
	fail := func(why string) {
		t.wrong = 1
		t.examples = append(t.examples, fmt.Sprintf("WRONG %s: %s %q → %s %q [%d,%d): %s",
			pr.scenario, map[bool]string{true: "paragraph", false: "quote"}[pr.whole], got.Old, got.State, got.Anchor.Quote, got.Anchor.Start, got.Anchor.End, why))
	}
	if got.Old != pr.a.Quote {
		fail("Old is not the original quote")
		return t
	}
	if got.State == anchor.Orphaned {
		if survives {
			t.missed = 1
			t.missedText = t.text
			where := ""
			for _, q := range g.paras {
				for _, o := range q.orig {
					if inQuote(o) {
						where = string(q.text)
						break
					}
				}
			}
			if asText {
				t.examples = append(t.examples, fmt.Sprintf("%s: missed %q (whole %v) in %q, now in %q", pr.scenario, pr.a.Quote, pr.whole, pr.a.Prefix+pr.a.Quote+pr.a.Suffix, where))
			}
		} else {
			t.orphanOK = 1
		}
		return t
	}
	if (got.State == anchor.Changed) == (got.Anchor.Quote == got.Old) {
		fail("state does not match the text")
		return t
	}
	k := slices.IndexFunc(d.Blocks, func(b report.Block) bool { return b.ID == got.Anchor.BlockID })
	if k < 0 {
		fail("no such block")
		return t
	}
	q := g.paras[k]
	if got.Anchor.Start < 0 || got.Anchor.End > len(q.text) || got.Anchor.Start >= got.Anchor.End ||
		string(q.text[got.Anchor.Start:got.Anchor.End]) != got.Anchor.Quote {
		fail("offsets do not give the quote")
		return t
	}
	if !survives {
		fail(fmt.Sprintf("the text is gone but the anchor was found in %q (was %s|%s|%s)", string(q.text), pr.a.Prefix, pr.a.Quote, pr.a.Suffix))
		return t
	}
	span, orig := q.text[got.Anchor.Start:got.Anchor.End], q.orig[got.Anchor.Start:got.Anchor.End]
	good, foreign := 0, 0
	for _, o := range orig {
		switch {
		case inQuote(o):
			good++
		case o.para >= 0:
			foreign++
		}
	}
	if foreign > 0 && good > 0 && !pr.whole && tr.sameCharacters(pr, span, orig) {
		// Which of two identical characters was deleted cannot be told from the text: the
		// quote's last character was deleted and the same character right after it kept
		// reads exactly as the quote's own character kept.
		foreign = 0
		t.ambiguous = 1
	}
	if pr.whole && good > 0 && got.Anchor.Start == 0 && got.Anchor.End == len(q.text) {
		// A comment on a paragraph follows the paragraph: the whole of a paragraph that
		// continues it, or the part of another that its text went to.
	} else if good == 0 || foreign > 0 {
		var b strings.Builder
		for x := max(0, got.Anchor.Start-12); x < min(len(q.text), got.Anchor.End+12); x++ {
			if x == got.Anchor.Start {
				b.WriteString("|")
			}
			o := q.orig[x]
			switch {
			case inQuote(o):
				b.WriteRune(q.text[x])
			case o.para >= 0:
				fmt.Fprintf(&b, "{%c}", q.text[x])
			default:
				fmt.Fprintf(&b, "<%c>", q.text[x])
			}
			if x+1 == got.Anchor.End {
				b.WriteString("|")
			}
		}
		fail(fmt.Sprintf("%d runes of the quote, %d from elsewhere: %s (was %s|%s|%s)", good, foreign, b.String(), pr.a.Prefix, pr.a.Quote, pr.a.Suffix))
		return t
	}
	t.found = 1
	t.foundText = t.text
	return t
}

// reportParas are the sample draft's paragraphs.
func reportParas() []string {
	var out []string
	for _, l := range strings.Split(string(sample.Report(1)), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// probes makes anchors on g's current text: per paragraph a few random quotes and one
// comment on the whole paragraph.
func probes(g *gen, v *report.Version, perPara int) []probe {
	var out []probe
	for p, q := range g.paras {
		n := len(q.text)
		if n < 4 {
			continue
		}
		id := v.Doc.Blocks[p].ID
		w, err := anchor.Paragraph(v.ID, v.Doc, id)
		if err != nil {
			panic(err)
		}
		out = append(out, probe{a: w, para: p, s: 0, e: n, whole: true})
		for range perPara {
			l := 2 + g.rng.IntN(min(30, n-2))
			s := g.rng.IntN(n - l + 1)
			a, err := anchor.New(v.ID, v.Doc, id, s, s+l)
			if err != nil {
				panic(err)
			}
			out = append(out, probe{a: a, para: p, s: s, e: s + l})
		}
	}
	return out
}

// scenario edits paragraph p of g around the anchor pr (a quote in it); ok false when the
// paragraph does not suit the scenario.
type scenario struct {
	name string
	edit func(g *gen, p int, pr probe) bool
}

func sentenceBreak(g *gen, p, lo, hi int) int {
	var at []int
	for k := max(lo, 1); k < min(hi, len(g.paras[p].text)); k++ {
		if strings.ContainsRune("。；", g.paras[p].text[k-1]) {
			at = append(at, k)
		}
	}
	if len(at) == 0 {
		return -1
	}
	return at[g.rng.IntN(len(at))]
}

var scenarios = []scenario{
	{"inserted before", func(g *gen, p int, pr probe) bool {
		g.insert(p, g.rng.IntN(pr.s+1), g.phrase())
		return true
	}},
	{"edited elsewhere in the paragraph", func(g *gen, p int, pr probe) bool {
		n := len(g.paras[p].text)
		if pr.e+2 < n && (pr.s < 2 || g.rng.IntN(2) == 0) {
			at := pr.e + 1 + g.rng.IntN(n-pr.e-1)
			g.replace(p, at, min(n, at+1+g.rng.IntN(3)), g.phrase(), false)
		} else if pr.s >= 2 {
			at := g.rng.IntN(pr.s - 1)
			g.replace(p, at, at+1, g.phrase(), false)
		} else {
			return false
		}
		return true
	}},
	{"inserted inside", func(g *gen, p int, pr probe) bool {
		if pr.e-pr.s < 2 {
			return false
		}
		g.insert(p, pr.s+1+g.rng.IntN(pr.e-pr.s-1), g.phrase())
		return true
	}},
	{"part of the quote deleted", func(g *gen, p int, pr probe) bool {
		if pr.e-pr.s < 4 {
			return false
		}
		at := pr.s + g.rng.IntN(pr.e-pr.s-2)
		g.replace(p, at, at+1+g.rng.IntN(pr.e-at-1), nil, false)
		return true
	}},
	{"replaced as proposed", func(g *gen, p int, pr probe) bool {
		w := g.phrase()
		if string(w) == string(g.paras[p].text[pr.s:pr.e]) {
			return false
		}
		g.replace(p, pr.s, pr.e, w, true)
		return true
	}},
	{"quote deleted", func(g *gen, p int, pr probe) bool {
		g.replace(p, pr.s, pr.e, nil, false)
		return true
	}},
	{"paragraph moved", func(g *gen, p int, pr probe) bool {
		to := g.rng.IntN(len(g.paras))
		if to > p-5 && to < p+5 {
			return false
		}
		g.move(p, to)
		return true
	}},
	{"paragraph split", func(g *gen, p int, pr probe) bool {
		at := sentenceBreak(g, p, 1, len(g.paras[p].text))
		if at < 0 {
			return false
		}
		g.split(p, at)
		return true
	}},
	{"merged with the next", func(g *gen, p int, pr probe) bool {
		if p+1 >= len(g.paras) {
			return false
		}
		g.merge(p)
		return true
	}},
	{"merged with the previous", func(g *gen, p int, pr probe) bool {
		if p == 0 {
			return false
		}
		g.merge(p - 1)
		return true
	}},
	{"paragraph deleted", func(g *gen, p int, pr probe) bool {
		g.paras = slices.Delete(g.paras, p, p+1)
		return true
	}},
}

// run carries every probe of one generated history from its first version to its last and
// judges each.
func carryAndJudge(t *testing.T, g *gen, firstLens []int, h *history, c *anchor.Carrier, prs []probe) map[string]*tally {
	last := h.add(g.doc())
	as := make([]anchor.Anchor, len(prs))
	for k := range prs {
		as[k] = prs[k].a
	}
	got, err := c.Carry(context.Background(), last, as)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*tally{}
	tr := newTruth(g, firstLens)
	for k, pr := range prs {
		name := pr.scenario
		if name == "" {
			name = "(other anchors)"
		}
		if out[name] == nil {
			out[name] = &tally{}
		}
		out[name].add(judge(tr, last.Doc, pr, got[k]))
	}
	return out
}

func TestScenarios(t *testing.T) {
	trials := 6
	if testing.Short() {
		trials = 3
	}
	texts := reportParas()
	all := map[string]*tally{}
	merge := func(m map[string]*tally) {
		for k, v := range m {
			if all[k] == nil {
				all[k] = &tally{}
			}
			all[k].add(*v)
		}
	}
	seed := uint64(1)
	for _, sc := range scenarios {
		for range trials {
			seed++
			g := newGen(seed, texts)
			h := &history{wid: 1}
			v1 := h.add(g.doc())
			lens := g.lens()
			prs := probes(g, v1, 3)
			// Edit every fourth paragraph around one of its quotes; neighbours stay apart
			// so that each edit is judged on its own, and other paragraphs get noise.
			byPara := map[int][]int{}
			for k, pr := range prs {
				if !pr.whole {
					byPara[pr.para] = append(byPara[pr.para], k)
				}
			}
			var targets []int
			for p := int(seed % 4); p < len(texts); p += 4 {
				if ks := byPara[p]; len(ks) > 0 && len([]rune(texts[p])) >= 12 {
					targets = append(targets, ks[g.rng.IntN(len(ks))])
				}
			}
			// Apply from the last paragraph back, so earlier indexes stay valid.
			sort.Sort(sort.Reverse(sort.IntSlice(targets)))
			skip := map[int]bool{}
			for _, k := range targets {
				pr := prs[k]
				if sc.edit(g, pr.para, pr) {
					prs[k].scenario = sc.name
					skip[pr.para] = true
				}
			}
			g.noise(10, nil)
			merge(carryAndJudge(t, g, lens, h, h.carrier(), prs))
		}
	}
	check(t, summarize(t, "one step, one scenario per edited paragraph, noise elsewhere", all))
}

// check asserts the targets: no anchor on text that does not continue its quote (a lost anchor
// found anyway counts here), and ≥ 99% of the anchors whose text survives found again.
func check(t *testing.T, sum tally) {
	t.Helper()
	if sum.wrong > 0 {
		t.Errorf("%d anchors landed on text that does not continue their quote", sum.wrong)
	}
	if r := float64(sum.foundText) / float64(sum.text); r < 0.99 {
		t.Errorf("found %.2f%% of the anchors whose text survives, want ≥ 99%%", 100*r)
	}
}

func summarize(t *testing.T, title string, all map[string]*tally) tally {
	var names []string
	for k := range all {
		names = append(names, k)
	}
	sort.Strings(names)
	var sum tally
	t.Logf("%s:", title)
	t.Logf("%-34s %7s %6s %6s %6s %6s %6s %6s   states", "scenario", "anchors", "lost", "orphan", "text", "found", "missed", "wrong")
	row := func(k string, v *tally) {
		t.Logf("%-34s %7d %6d %6d %6d %6d %6d %6d   %v", k, v.total, v.total-v.survive, v.orphanOK, v.text, v.foundText, v.missedText, v.wrong, v.states)
	}
	for _, k := range names {
		row(k, all[k])
		sum.add(*all[k])
	}
	row("total", &sum)
	t.Logf("(lost: no character of the quote is left; text: at least half of it is, or a replacement of it)")
	t.Logf("found again: %.2f%% of %d anchors whose text survives (%.2f%% of %d with any character left); silent mis-anchors: %d; lost anchors reported orphaned: %d of %d",
		100*float64(sum.foundText)/float64(max(1, sum.text)), sum.text, 100*float64(sum.found)/float64(max(1, sum.survive)), sum.survive,
		sum.wrong, sum.orphanOK, sum.total-sum.survive)
	if sum.ambiguous > 0 {
		t.Logf("of those found, %d end on a character identical to the deleted last (or first) character of their quote, which no diff can tell apart", sum.ambiguous)
	}
	for _, e := range sum.examples {
		t.Log("  ", e)
	}
	return sum
}

// TestLookAlikes puts a look-alike next to paragraphs (the same text with two words changed),
// anchors quotes in the originals and then deletes the quote, deletes the paragraph, takes a
// proposed wording or leaves the paragraph alone, each time editing the look-alike too. An
// anchor must never move to the look-alike, though its quote is often there word for word.
func TestLookAlikes(t *testing.T) {
	trials := 6
	if testing.Short() {
		trials = 2
	}
	texts := reportParas()
	all := map[string]*tally{}
	twins := 0
	variants := []string{"look-alike edited, quote deleted", "look-alike edited, paragraph deleted",
		"look-alike edited, quote replaced", "look-alike edited, paragraph kept"}
	for trial := range trials {
		g := newGen(uint64(100+trial), texts)
		// A look-alike after every fifth long paragraph, from the end back.
		var originals []int
		for p := len(g.paras) - 1; p >= 0; p-- {
			if p%5 != trial%5 || len(g.paras[p].text) < 40 {
				continue
			}
			twin := slices.Clone(g.paras[p].text)
			for range 2 {
				at := g.rng.IntN(len(twin) - 2)
				twin = slices.Concat(twin[:at], []rune(phrases[g.rng.IntN(len(phrases))]), twin[at+2:])
			}
			g.paras = slices.Insert(g.paras, p+1, gpara{text: twin, orig: make([]origin, len(twin))})
			originals = append(originals, p)
		}
		g.rebase()
		for k := range originals {
			originals[k] += len(originals) - 1 - k // shifted by the look-alikes inserted before
		}
		h := &history{wid: 1}
		v1 := h.add(g.doc())
		lens := g.lens()
		prs := probes(g, v1, 3)
		byPara := map[int][]int{}
		for k, pr := range prs {
			if !pr.whole {
				byPara[pr.para] = append(byPara[pr.para], k)
			}
		}
		sort.Sort(sort.Reverse(sort.IntSlice(originals)))
		for n, p := range originals {
			k := byPara[p][g.rng.IntN(len(byPara[p]))]
			pr := prs[k]
			quote := string(g.paras[p].text[pr.s:pr.e])
			if strings.Contains(string(g.paras[p+1].text), quote) {
				twins++
			}
			v := variants[n%len(variants)]
			prs[k].scenario = v
			g.insert(p+1, g.rng.IntN(len(g.paras[p+1].text)), g.phrase())
			switch n % len(variants) {
			case 0:
				g.replace(p, pr.s, pr.e, nil, false)
			case 1:
				g.paras = slices.Delete(g.paras, p, p+1)
			case 2:
				if w := g.phrase(); string(w) != quote {
					g.replace(p, pr.s, pr.e, w, true)
				}
			}
		}
		for k, v := range carryAndJudge(t, g, lens, h, h.carrier(), prs) {
			if all[k] == nil {
				all[k] = &tally{}
			}
			all[k].add(*v)
		}
	}
	t.Logf("%d of the edited anchors' quotes were also in their look-alike word for word", twins)
	check(t, summarize(t, "look-alike paragraphs next to the anchored ones", all))
}

// TestSeveralSteps revises the report four times, each time with every kind of edit in random
// paragraphs, and carries the first version's anchors into each later version through one
// Carrier, judging them against the text each time.
func TestSeveralSteps(t *testing.T) {
	histories := 3
	if testing.Short() {
		histories = 1
	}
	all := map[string]*tally{}
	for n := range histories {
		g := newGen(uint64(200+n), reportParas())
		h := &history{wid: 1}
		v1 := h.add(g.doc())
		lens := g.lens()
		prs := probes(g, v1, 3)
		c := h.carrier()
		for step := 1; step <= 4; step++ {
			for range 12 {
				p := g.rng.IntN(len(g.paras))
				if len(g.paras[p].text) < 12 {
					continue
				}
				l := 2 + g.rng.IntN(min(20, len(g.paras[p].text)-2))
				s := g.rng.IntN(len(g.paras[p].text) - l + 1)
				scenarios[g.rng.IntN(len(scenarios))].edit(g, p, probe{s: s, e: s + l})
			}
			g.noise(10, nil)
			name := fmt.Sprintf("version 1 → %d", step+1)
			for k := range prs {
				prs[k].scenario = name
			}
			for k, v := range carryAndJudge(t, g, lens, h, c, prs) {
				if all[k] == nil {
					all[k] = &tally{}
				}
				all[k].add(*v)
			}
		}
	}
	check(t, summarize(t, "four revisions in a row, anchors of the first version", all))
}
