package compare

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// The clean-ups are ports of diff-match-patch's; this test holds them to the Go port they
// replaced (now a test-only dependency) on random diffs, raw ones from runeDiff and arbitrary
// sequences of spans, in ASCII and in Chinese. Where the port's lossless clean-up would end on
// half a character (it counts shared characters, then moves that many bytes), ours cannot; such
// results are told by their invalid UTF-8 and skipped (none in 2.4 million tried).
func TestCleanupsAgreeWithDiffMatchPatch(t *testing.T) {
	dmp := diffmatchpatch.New()
	toDMP := func(spans []Span) []diffmatchpatch.Diff {
		out := make([]diffmatchpatch.Diff, len(spans))
		for i, s := range spans {
			op := diffmatchpatch.DiffEqual
			switch s.Kind {
			case Insert:
				op = diffmatchpatch.DiffInsert
			case Delete:
				op = diffmatchpatch.DiffDelete
			}
			out[i] = diffmatchpatch.Diff{Type: op, Text: s.Text}
		}
		return out
	}
	broken := func(diffs []diffmatchpatch.Diff) bool {
		for _, d := range diffs {
			if !utf8.ValidString(d.Text) {
				return true
			}
		}
		return false
	}
	rng := rand.New(rand.NewPCG(13, 14))
	alphabets := [][]rune{[]rune("ab c.\n"), []rune("abcab"), []rune("推进改革，。发展进1"), []rune("的了一")}
	cleanups := []struct {
		name string
		ours func([]Span) []Span
		port func([]diffmatchpatch.Diff) []diffmatchpatch.Diff
	}{
		{"merge", cleanupMerge, dmp.DiffCleanupMerge},
		{"semantic", cleanupSemantic, dmp.DiffCleanupSemantic},
		{"lossless", cleanupSemanticLossless, dmp.DiffCleanupSemanticLossless},
		{"efficiency", cleanupEfficiency, dmp.DiffCleanupEfficiency},
	}
	compared, skipped := 0, 0
	iterations := 40000
	for n := 0; n < iterations; n++ {
		alpha := alphabets[n%len(alphabets)]
		gen := func(max int) string {
			r := make([]rune, rng.IntN(max))
			for i := range r {
				r[i] = alpha[rng.IntN(len(alpha))]
			}
			return string(r)
		}
		var in []Span
		if n%2 == 0 {
			a := []rune(gen(16))
			b := append(append(append([]rune{}, a[:len(a)/2]...), []rune(gen(6))...), a[len(a)/2:]...)
			if n%4 == 0 {
				b = []rune(gen(16))
			}
			in = editScript(a, b)
		} else {
			for k := rng.IntN(7); k > 0; k-- {
				in = append(in, Span{gen(5), SpanKind(rng.IntN(3))})
			}
		}
		for _, c := range cleanups {
			want := c.port(toDMP(slices.Clone(in)))
			if broken(want) {
				skipped++
				continue
			}
			got := c.ours(slices.Clone(in))
			compared++
			if !slices.Equal(toDMP(got), want) {
				t.Fatalf("%s of %q:\n got %q\nwant %q", c.name, toDMP(in), toDMP(got), want)
			}
		}
	}
	t.Logf("%d clean-ups compared, %d skipped where the port cut a character", compared, skipped)
}
