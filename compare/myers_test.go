package compare

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// lcs is the length of the longest common subsequence by dynamic programming: a shortest edit
// script keeps exactly that many runes.
func lcs(a, b []rune) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// TestRuneDiffIsShortest checks on random pairs, from a small alphabet so that ties and
// repeats abound, that the script rebuilds both texts and keeps a longest common subsequence.
func TestRuneDiffIsShortest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabets := []string{"ab", "abc", "推进改革发展", "的了，。1"}
	for n := 0; n < 3000; n++ {
		alpha := []rune(alphabets[n%len(alphabets)])
		gen := func() []rune {
			r := make([]rune, rng.IntN(40))
			for i := range r {
				r[i] = alpha[rng.IntN(len(alpha))]
			}
			return r
		}
		a := gen()
		b := gen()
		if n%3 == 0 { // an edited copy rather than an unrelated text
			ins := gen()
			b = append(append(append([]rune{}, a[:len(a)/3]...), ins[:min(len(ins), rng.IntN(5))]...), a[len(a)/2:]...)
		}
		diffs := runeDiff(a, b)
		var oldText, newText strings.Builder
		kept := 0
		for _, d := range diffs {
			switch d.Kind {
			case Equal:
				oldText.WriteString(d.Text)
				newText.WriteString(d.Text)
				kept += len([]rune(d.Text))
			case Delete:
				oldText.WriteString(d.Text)
			case Insert:
				newText.WriteString(d.Text)
			}
		}
		if oldText.String() != string(a) || newText.String() != string(b) {
			t.Fatalf("%q → %q: the script rebuilds %q → %q", string(a), string(b), oldText.String(), newText.String())
		}
		if want := lcs(a, b); kept != want {
			t.Fatalf("%q → %q: keeps %d runes, a longest common subsequence has %d", string(a), string(b), kept, want)
		}
	}
}

// TestRuneDiffBudget gives up on two long unrelated texts rather than exploring 10^8 cells, and
// still returns a script that rebuilds them.
func TestRuneDiffBudget(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	gen := func(n int) []rune {
		r := make([]rune, n)
		for i := range r {
			r[i] = rune(0x4e00 + rng.IntN(3000))
		}
		return r
	}
	a, b := gen(maxDiffRunes), gen(maxDiffRunes)
	var oldText, newText strings.Builder
	for _, d := range runeDiff(a, b) {
		if d.Kind != Insert {
			oldText.WriteString(d.Text)
		}
		if d.Kind != Delete {
			newText.WriteString(d.Text)
		}
	}
	if oldText.String() != string(a) || newText.String() != string(b) {
		t.Fatal("the script does not rebuild the two texts")
	}
}

// TestCommonEnds compares the byte-wise common beginning and end with the character-wise ones,
// on texts of characters that share leading or trailing bytes (推 and 探 share two leading
// bytes, 一 and 丁 too), where a byte-wise search stops inside a character.
func TestCommonEnds(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	alpha := []rune("推探一丁a¢€𝄞")
	for n := 0; n < 20000; n++ {
		gen := func() []rune {
			r := make([]rune, rng.IntN(8))
			for i := range r {
				r[i] = alpha[rng.IntN(len(alpha))]
			}
			return r
		}
		a, b := gen(), gen()
		if n%2 == 0 {
			mid := gen()
			b = append(append(append([]rune{}, a[:len(a)/2]...), mid...), a[len(a)/2:]...)
		}
		pr := 0
		for pr < len(a) && pr < len(b) && a[pr] == b[pr] {
			pr++
		}
		sr := 0
		for sr < len(a)-pr && sr < len(b)-pr && a[len(a)-1-sr] == b[len(b)-1-sr] {
			sr++
		}
		sa, sb := string(a), string(b)
		pre, suf := commonEnds(sa, sb)
		if pre != len(string(a[:pr])) || suf != len(string(a[len(a)-sr:])) {
			t.Fatalf("commonEnds(%q, %q) = %d, %d bytes; want %d, %d", sa, sb, pre, suf, len(string(a[:pr])), len(string(a[len(a)-sr:])))
		}
	}
}

// TestLongParagraph diffs a 20,000-character paragraph with 21 scattered edits character by
// character: the summary must count 21 characters, not the whole paragraph.
func TestLongParagraph(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	a := make([]rune, 20000)
	for i := range a {
		a[i] = rune(0x4e00 + rng.IntN(3000))
	}
	b := append([]rune{}, a...)
	edited := map[int]bool{}
	for len(edited) < 21 {
		k := rng.IntN(len(b))
		if !edited[k] && b[k] != '甲' && (k == 0 || !edited[k-1]) && !edited[k+1] {
			edited[k] = true
			b[k] = '甲'
		}
	}
	inserted := 0
	for _, s := range charDiff(string(a), string(b)) {
		if s.Kind == Insert {
			inserted += len([]rune(s.Text))
		}
	}
	if inserted != 21 {
		t.Errorf("%d characters shown inserted, want the 21 edited", inserted)
	}
}
