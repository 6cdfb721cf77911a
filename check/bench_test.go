package check_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"qicao/check"
	"qicao/outline"
	"qicao/report"
	"qicao/sample"
)

// reportOf returns a report of about n characters: the sample report's paragraphs, repeated as
// needed, under its title block.
func reportOf(n int) *report.Document {
	lines := strings.Split(strings.TrimSpace(string(sample.Report(1))), "\n")
	paras := []outline.Para{}
	chars := 0
	for i := 0; chars < n; i++ {
		l := lines[i%len(lines)]
		if i >= len(lines) && i%len(lines) < 3 {
			continue // one title block
		}
		paras = append(paras, outline.Para{Text: l})
		chars += utf8.RuneCountInString(l)
	}
	return outline.Build(paras)
}

func benchCheck(b *testing.B, n int) {
	doc := reportOf(n)
	cfg := check.DefaultConfig()
	check.Check(doc, cfg) // compile the word lists once, as a long-running server does
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		check.Check(doc, cfg)
	}
	// The machine is shared; CPU time spent by the process says what one core needs, whatever
	// else is running.
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

func BenchmarkCheck15k(b *testing.B) { benchCheck(b, 15000) }
func BenchmarkCheck30k(b *testing.B) { benchCheck(b, 30000) }
func BenchmarkCheck60k(b *testing.B) { benchCheck(b, 60000) }

// BenchmarkCheckCold includes compiling the default word lists, which a command pays once.
func BenchmarkCheckCold(b *testing.B) {
	doc := reportOf(30000)
	for b.Loop() {
		check.Check(doc, check.DefaultConfig())
	}
}
