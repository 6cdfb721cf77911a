package compare_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"qicao/compare"
	"qicao/sample"
)

var pairDir = flag.String("pair", "", "write the benchmark's two versions to this directory (TestWritePair)")

// benchPair makes two versions of a report of about 30,000 characters from the sample draft:
// the second has 40 edits scattered over its paragraphs (replacements, insertions, deletions
// of a few characters) and one paragraph moved.
func benchPair() (string, string) {
	lines := strings.Split(strings.TrimSpace(string(sample.Report(1))), "\n")
	body := lines[4:]
	text := lines
	for round := 2; utf8.RuneCountInString(strings.Join(text, "")) < 30000; round++ {
		for _, l := range body {
			text = append(text, l+fmt.Sprintf("（续%d）", round))
		}
	}
	for utf8.RuneCountInString(strings.Join(text, "")) > 30000 {
		text = text[:len(text)-1]
	}
	old := strings.Join(text, "\n") + "\n"

	rng := rand.New(rand.NewPCG(2027, 1))
	edited := append([]string(nil), text...)
	phrases := []string{"进一步", "切实", "全面", "加快", "着力", "有效"}
	for e := 0; e < 40; e++ {
		k := 5 + rng.IntN(len(edited)-5)
		r := []rune(edited[k])
		if len(r) < 12 {
			continue
		}
		at := 6 + rng.IntN(len(r)-10)
		switch e % 3 {
		case 0: // replace two characters
			r = append(r[:at:at], append([]rune(phrases[e%len(phrases)][:6]), r[at+2:]...)...)
		case 1: // insert a phrase
			r = append(r[:at:at], append([]rune(phrases[e%len(phrases)]), r[at:]...)...)
		default: // delete three characters
			r = append(r[:at:at], r[at+3:]...)
		}
		edited[k] = string(r)
	}
	from, to := len(edited)/3, 2*len(edited)/3
	moved := edited[from]
	edited = append(edited[:from:from], edited[from+1:]...)
	edited = append(edited[:to:to], append([]string{moved}, edited[to:]...)...)
	return old, strings.Join(edited, "\n") + "\n"
}

func BenchmarkCompare(b *testing.B) {
	a, c := benchPair()
	old, new := build(a), build(c)
	b.SetBytes(int64(len(a) + len(c)))
	b.ResetTimer()
	for b.Loop() {
		compare.Compare(old, new)
	}
}

// TestBenchPair checks that the benchmark measures what it says: about 30,000 characters,
// about 40 changed paragraphs and one moved.
func TestBenchPair(t *testing.T) {
	a, c := benchPair()
	if n := utf8.RuneCountInString(strings.ReplaceAll(a, "\n", "")); n < 29000 || n > 30000 {
		t.Errorf("old version has %d characters", n)
	}
	r := compare.Compare(build(a), build(c))
	s := r.Summary.Total
	if s.Changed < 30 || s.Changed > 40 || s.Moved != 1 || s.Inserted != 0 || s.Deleted != 0 {
		t.Errorf("summary %+v", s)
	}
	if *pairDir != "" {
		os.WriteFile(filepath.Join(*pairDir, "old.txt"), []byte(a), 0o644)
		os.WriteFile(filepath.Join(*pairDir, "new.txt"), []byte(c), 0o644)
	}
}

// BenchmarkUnrelated compares two unrelated documents of 2,000 paragraphs each, where nothing
// matches exactly and every paragraph goes through the bounded similarity search.
func BenchmarkUnrelated(b *testing.B) {
	var x, y strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&x, "第%d项工作：推进示例市重点项目建设，完成投资%d亿元，新建道路%d公里。\n", i, i%97, i%31)
		fmt.Fprintf(&y, "民生实事%d：新建学校%d所，新增学位%d个，改造老旧小区%d个。\n", i, i%13, i*7, i%17)
	}
	old, new := build(x.String()), build(y.String())
	b.ResetTimer()
	for b.Loop() {
		compare.Compare(old, new)
	}
}
