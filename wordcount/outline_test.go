package wordcount_test

import (
	"strings"
	"testing"

	"qicao/outline"
	"qicao/report"
	"qicao/wordcount"
)

func build(lines ...string) *report.Document {
	paras := make([]outline.Para, len(lines))
	for i, l := range lines {
		paras[i] = outline.Para{Text: l}
	}
	return outline.Build(paras)
}

func TestOutline(t *testing.T) {
	doc := build(
		"政府工作报告",            // 6
		"各位代表：",             // 5
		"一、2026年工作回顾",       // 8: 一、 2026 年工作回顾
		"（一）经济运行稳中提质。增长5%。", // 16
		"（二）项目建设。",          // 8
		"二、2027年工作安排",       // 8
		"强化就业。",             // 5
	)
	root := wordcount.Outline(doc)
	if got, want := root.Stats.Words, 6+5+8+16+8+8+5; got != want {
		t.Errorf("root words = %d, want %d", got, want)
	}
	if len(root.Children) != 2 {
		t.Fatalf("got %d parts, want 2", len(root.Children))
	}
	p1, p2 := root.Children[0], root.Children[1]
	if p1.Stats.Words != 8+16+8 || p2.Stats.Words != 8+5 {
		t.Errorf("part words = %d, %d; want %d, %d", p1.Stats.Words, p2.Stats.Words, 8+16+8, 8+5)
	}
	if len(p1.Children) != 2 || p1.Children[0].Stats.Words != 16 || p1.Children[0].Block.Label() != "（一）" {
		t.Errorf("part 1 sections = %+v", p1.Children)
	}
	if got, want := root.Stats, wordcount.Count(doc.PlainText()); got.Words != want.Words || got.CharsNoSpaces != want.CharsNoSpaces {
		t.Errorf("root = %+v, want the count of the whole text %+v", got, want)
	}
}

func TestOutlineTable(t *testing.T) {
	doc := outline.Build([]outline.Para{{Text: "一、指标"}, {Rows: [][]string{{"指标", "数值"}, {"GDP", "5.6%"}}}})
	if got := wordcount.Outline(doc).Children[0].Stats; got.Words != 4+2+2+2 || got.Chars != 4+2+2+3+4 {
		t.Errorf("table counted as %+v, want cells only", got)
	}
}

func TestSummary(t *testing.T) {
	body := func(n int) string { return strings.Repeat("字", n) + "。" }
	tests := []struct {
		name string
		doc  *report.Document
		want string
	}{
		{"seed's shape", build("政府工作报告", "一、2023年工作回顾", body(5400), "二、2024年工作重点", body(8300)),
			"《报告》共分两大部分，约13700余字。第一部分为：2023年工作回顾，约5400余字。第二部分为：2024年工作重点，约8300余字。"},
		{"three parts", build("一、甲", body(99), "二、乙", body(120), "三、丙", body(8)),
			"《报告》共分三大部分，约230余字。第一部分为：甲，约100余字。第二部分为：乙，约120余字。第三部分为：丙，约10余字。"},
		{"one part", build("一、全年工作", body(2000)),
			"《报告》只有一个部分，约2000余字。第一部分为：全年工作，约2000余字。"},
		{"no parts", build("政府工作报告", body(3000)),
			"《报告》全文约3000余字，未分部分。"},
		{"run-in part heading", build("一、回顾全年工作。全年增长5%。", "二、安排", "（一）项目。"),
			"《报告》共分两大部分，约20余字。第一部分为：回顾全年工作，约10余字。第二部分为：安排，约10字。"},
		{"第一部分 style", build("第一部分 工作回顾", "一、经济", "第二部分 工作安排", "一、项目"),
			"《报告》共分两大部分，约20余字。第一部分为：工作回顾，约10余字。第二部分为：工作安排，约10余字。"},
	}
	for _, tt := range tests {
		if got := wordcount.Summary(tt.doc); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestSummaryManyParts(t *testing.T) {
	var lines []string
	for _, n := range []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"} {
		lines = append(lines, n+"、部分"+n)
	}
	got := wordcount.Summary(build(lines...))
	if !strings.HasPrefix(got, "《报告》共分十二大部分，") || !strings.Contains(got, "第十二部分为：部分十二，") || !strings.Contains(got, "第十部分为：部分十，") {
		t.Errorf("Summary = %s", got)
	}
}

func BenchmarkStats(b *testing.B) {
	var lines []string
	lines = append(lines, "政府工作报告", "——2027年1月18日在示例市第三届人民代表大会第五次会议上", "示例市市长　李明远")
	for p := 1; p <= 2; p++ {
		lines = append(lines, []string{"一", "二"}[p-1]+"、第"+[]string{"一", "二"}[p-1]+"部分")
		for s := 1; s <= 10; s++ {
			lines = append(lines, "（"+[]string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}[s-1]+"）在项目建设上全面发力，加快提升基础设施新能级")
			for i := 1; i <= 3; i++ {
				lines = append(lines, string(rune('0'+i))+".全链招商厚植发展实力。"+strings.Repeat("围绕新能源电池、绿色食品两条主导产业链开展精准招商，全年引进亿元以上项目30个。", 12))
			}
		}
	}
	doc := build(lines...)
	if n := wordcount.Outline(doc).Stats.Words; n < 28000 || n > 40000 {
		b.Fatalf("benchmark report has %d words, want about 30,000", n)
	}
	b.ResetTimer()
	for b.Loop() {
		wordcount.Outline(doc)
		wordcount.Summary(doc)
	}
}
