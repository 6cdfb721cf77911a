package inject_test

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"qicao/check"
	"qicao/check/inject"
	"qicao/outline"
	"qicao/sample"
)

func lines(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") }

func build(ls []string) []check.Finding {
	paras := make([]outline.Para, len(ls))
	for i, l := range ls {
		paras[i] = outline.Para{Text: l}
	}
	return check.Check(outline.Build(paras), nil)
}

func countFamily(fs []check.Finding, family string) int {
	n := 0
	for _, f := range fs {
		if f.Family == family {
			n++
		}
	}
	return n
}

// mechanical families must reach 95% recall; the others are measured and reported.
var mechanical = map[string]bool{"punctuation": true, "numbers": true, "repetition": true, "sequences": true, "counts": true, "placeholders": true, "formulations": true}

// TestRecall injects one error at a time into correct text (the sample report and our own
// 起草说明) and counts how often the checker reports a new finding of the injected family.
func TestRecall(t *testing.T) {
	own, err := os.ReadFile("testdata/base.txt")
	if err != nil {
		t.Fatal(err)
	}
	recall(t, [][]string{lines(string(sample.Report(1))), lines(string(own))})
}

// TestRecallHeldOut measures recall on testdata/heldout.txt, a report written after the rules
// and never used to tune them.
func TestRecallHeldOut(t *testing.T) {
	b, err := os.ReadFile("testdata/heldout.txt")
	if err != nil {
		t.Fatal(err)
	}
	recall(t, [][]string{lines(string(b))})
}

func recall(t *testing.T, bases [][]string) {
	// The base texts' findings per family, counted once: each trial checks only its changed text.
	baseCount := make([]map[string]int, len(bases))
	for i, b := range bases {
		baseCount[i] = map[string]int{}
		for _, f := range build(b) {
			baseCount[i][f.Family]++
			if f.Severity == check.Error {
				t.Errorf("base text has an error finding: %s %s", f.Rule, f.Excerpt)
			}
		}
	}
	trials := 120
	if testing.Short() {
		trials = 30
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, fam := range inject.Families {
		found, total := 0, 0
		var missed []string
		for n := 0; n < trials; n++ {
			bi := n % len(bases)
			b := bases[bi]
			out, inj, ok := inject.Inject(b, fam, rng)
			if !ok {
				continue
			}
			total++
			if countFamily(build(out), fam) > baseCount[bi][fam] {
				found++
			} else if len(missed) < 5 {
				missed = append(missed, inj.Kind+": "+excerpt(inj))
			}
		}
		if total == 0 {
			t.Errorf("%s: no place to inject", fam)
			continue
		}
		recall := float64(found) / float64(total)
		t.Logf("%-13s recall %5.1f%% (%d/%d)", fam, 100*recall, found, total)
		if mechanical[fam] && recall < 0.95 {
			t.Errorf("%s: recall %.1f%% below 95%%; missed e.g. %q", fam, 100*recall, missed)
		} else if len(missed) > 0 {
			t.Logf("  missed e.g. %q", missed)
		}
	}
}

func excerpt(inj inject.Injection) string {
	a, b := max(0, inj.Start-30), min(len(inj.Text), inj.End+30)
	for a > 0 && !utf8Start(inj.Text[a]) {
		a--
	}
	for b < len(inj.Text) && !utf8Start(inj.Text[b]) {
		b++
	}
	return inj.Text[a:inj.Start] + "【" + inj.Text[inj.Start:inj.End] + "】" + inj.Text[inj.End:b]
}

func utf8Start(c byte) bool { return c&0xC0 != 0x80 }

func TestInjectLeavesInputAlone(t *testing.T) {
	in := []string{"一是加快建设，推动发展。", "二是保障民生。"}
	keep := append([]string(nil), in...)
	rng := rand.New(rand.NewPCG(3, 4))
	for _, fam := range inject.Families {
		inject.Inject(in, fam, rng)
	}
	for i := range in {
		if in[i] != keep[i] {
			t.Fatalf("input changed: %q", in)
		}
	}
	if _, _, ok := inject.Inject([]string{"abc"}, "counts", rng); ok {
		t.Errorf("injected a count into text without one")
	}
}
