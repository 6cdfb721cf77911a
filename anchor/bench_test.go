package anchor_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"qicao/anchor"
	"qicao/report"
	"qicao/sample"
)

// drafts is the sample's three drafts as versions of one workspace.
func drafts() *history {
	h := &history{wid: 1}
	for v := 1; v <= 3; v++ {
		var paras []string
		for _, l := range strings.Split(string(sample.Report(v)), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				paras = append(paras, l)
			}
		}
		h.add(doc(paras...))
	}
	return h
}

// randomAnchors makes n anchors on v: quotes of 2 to 30 characters, one in ten a whole paragraph.
func randomAnchors(v *report.Version, n int) []anchor.Anchor {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	out := make([]anchor.Anchor, 0, n)
	for len(out) < n {
		b := v.Doc.Blocks[rng.IntN(len(v.Doc.Blocks))]
		l := utf8.RuneCountInString(b.Text)
		if l < 4 {
			continue
		}
		var a anchor.Anchor
		var err error
		if rng.IntN(10) == 0 {
			a, err = anchor.Paragraph(v.ID, v.Doc, b.ID)
		} else {
			q := 2 + rng.IntN(min(29, l-2))
			s := rng.IntN(l - q + 1)
			a, err = anchor.New(v.ID, v.Doc, b.ID, s, s+q)
		}
		if err != nil {
			panic(err)
		}
		out = append(out, a)
	}
	return out
}

// BenchmarkCarry400 carries 400 anchors of the 初稿 into the 征求意见稿 (about 40 edits and a
// moved paragraph between them): "cold" with a new Carrier each time, so the comparison of the
// two versions is included; "warm" with the comparison already kept.
func BenchmarkCarry400(b *testing.B) {
	h := drafts()
	as := randomAnchors(h.versions[0], 400)
	ctx := context.Background()
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			if _, err := h.carrier().Carry(ctx, h.versions[1], as); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		c := h.carrier()
		c.Carry(ctx, h.versions[1], as)
		b.ResetTimer()
		for b.Loop() {
			if _, err := c.Carry(ctx, h.versions[1], as); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCarry100k carries 100,000 anchors of the 初稿 through the 征求意见稿 into the 送审稿.
func BenchmarkCarry100k(b *testing.B) {
	h := drafts()
	as := randomAnchors(h.versions[0], 100000)
	ctx := context.Background()
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			if _, err := h.carrier().Carry(ctx, h.versions[2], as); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		c := h.carrier()
		c.Carry(ctx, h.versions[2], as)
		b.ResetTimer()
		for b.Loop() {
			if _, err := c.Carry(ctx, h.versions[2], as); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestDraftsCarried checks what the benchmarks carry: on the sample's own drafts most anchors
// stay exact and none is lost without a reason.
func TestDraftsCarried(t *testing.T) {
	h := drafts()
	as := randomAnchors(h.versions[0], 2000)
	got, err := h.carrier().Carry(context.Background(), h.versions[2], as)
	if err != nil {
		t.Fatal(err)
	}
	states := map[anchor.State]int{}
	for _, l := range got {
		states[l.State]++
	}
	t.Logf("2,000 anchors of the 初稿 in the 送审稿: %v", states)
	if states[anchor.Exact] < 1500 || states[anchor.Changed] == 0 {
		t.Errorf("states %v", states)
	}
}
