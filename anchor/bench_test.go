package anchor_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"
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

// cpuTime is the process's user and system CPU time so far. The benchmarks report it per
// operation next to the wall time, which on a shared machine also counts waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loop runs f for each iteration of b and reports the CPU time per iteration.
func loop(b *testing.B, f func()) {
	var start time.Duration
	n := 0
	for b.Loop() {
		if n == 0 {
			start = cpuTime()
		}
		f()
		n++
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(n)/1e6, "cpu-ms/op")
}

// BenchmarkCarry400 carries 400 anchors of the 初稿 into the 征求意见稿 (about 40 edits and a
// moved paragraph between them): "cold" with a new Carrier each time, so the comparison of the
// two versions is included; "warm" with the comparison already kept.
func BenchmarkCarry400(b *testing.B) {
	h := drafts()
	as := randomAnchors(h.versions[0], 400)
	ctx := context.Background()
	b.Run("cold", func(b *testing.B) {
		loop(b, func() {
			if _, err := h.carrier().Carry(ctx, h.versions[1], as); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("warm", func(b *testing.B) {
		c := h.carrier()
		c.Carry(ctx, h.versions[1], as)
		loop(b, func() {
			if _, err := c.Carry(ctx, h.versions[1], as); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// BenchmarkCarry100k carries 100,000 anchors of the 初稿 through the 征求意见稿 into the 送审稿.
func BenchmarkCarry100k(b *testing.B) {
	h := drafts()
	as := randomAnchors(h.versions[0], 100000)
	ctx := context.Background()
	b.Run("cold", func(b *testing.B) {
		loop(b, func() {
			if _, err := h.carrier().Carry(ctx, h.versions[2], as); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("warm", func(b *testing.B) {
		c := h.carrier()
		c.Carry(ctx, h.versions[2], as)
		loop(b, func() {
			if _, err := c.Carry(ctx, h.versions[2], as); err != nil {
				b.Fatal(err)
			}
		})
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
