package outline_test

import (
	"testing"

	"qicao/outline"
	"qicao/report"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		in      string
		ok      bool
		num     report.Numbering
		ord     int
		label   string
		heading string
	}{
		{"一、2025年工作回顾", true, report.ChineseComma, 1, "一、", "2025年工作回顾"},
		{"十二、其他", true, report.ChineseComma, 12, "十二、", "其他"},
		{"（一）在项目建设上全面发力。加快提升基础设施新能级。", true, report.ChineseParen, 1, "（一）", "在项目建设上全面发力。"},
		{"(十)民生保障", true, report.ChineseParen, 10, "(十)", "民生保障"},
		{"1.全链招商厚植发展实力。围绕主导产业开展招商。", true, report.ArabicDot, 1, "1.", "全链招商厚植发展实力。"},
		{"2．专班服务", true, report.ArabicDot, 2, "2．", "专班服务"},
		{"（3）加强要素保障", true, report.ArabicParen, 3, "（3）", "加强要素保障"},
		{"第二部分 2026年工作重点", true, report.PartNumber, 2, "第二部分 ", "2026年工作重点"},
		{"1.5万亿元的投资", false, 0, 0, "", ""},
		{"一是加快项目建设。", false, 0, 0, "", ""},
		{"2025年是关键之年。", false, 0, 0, "", ""},
		{"一、", false, 0, 0, "", ""},
		{"第一时间响应", false, 0, 0, "", ""},
		{"第一部分为：2026年工作回顾，约5400余字。", false, 0, 0, "", ""},
		{"第三部分：政府自身建设", true, report.PartNumber, 3, "第三部分：", "政府自身建设"},
	}
	for _, tt := range tests {
		h, ok := outline.Classify(tt.in)
		if ok != tt.ok {
			t.Errorf("Classify(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		if h.Numbering != tt.num || h.Ordinal != tt.ord || tt.in[:h.LabelEnd] != tt.label || tt.in[h.LabelEnd:h.HeadEnd] != tt.heading {
			t.Errorf("Classify(%q) = %v %d %q %q", tt.in, h.Numbering, h.Ordinal, tt.in[:h.LabelEnd], tt.in[h.LabelEnd:h.HeadEnd])
		}
	}
}

func TestBuild(t *testing.T) {
	doc := outline.Build([]outline.Para{
		{Text: "政府工作报告"},
		{Text: "——2026年1月20日在示例市第五届人民代表大会第六次会议上"},
		{Text: "示例市市长　王明"},
		{Text: "各位代表："},
		{Text: "　　现在，我代表市人民政府作报告。"},
		{Text: "一、2025年工作回顾"},
		{Text: "（一）经济运行稳中有进。全年生产总值增长5%。"},
		{Text: "—2—"},
		{Text: "二、2026年工作安排"},
		{Text: "（一）在项目建设上全面发力"},
		{Text: "1.全链招商。开展招商。"},
	})
	if doc.Title != "政府工作报告" || doc.Speaker != "示例市市长　王明" || doc.Subtitle == "" {
		t.Fatalf("title block = %q %q %q", doc.Title, doc.Subtitle, doc.Speaker)
	}
	if got, want := len(doc.Blocks), 7; got != want {
		t.Fatalf("blocks = %d, want %d", got, want)
	}
	if b := doc.Blocks[1]; b.Text != "现在，我代表市人民政府作报告。" {
		t.Errorf("indent not trimmed: %q", b.Text)
	}
	levels := []int{0, 0, 1, 2, 1, 2, 3}
	for i, b := range doc.Blocks {
		if b.Level != levels[i] {
			t.Errorf("block %d %q level %d, want %d", i, b.Text, b.Level, levels[i])
		}
		if b.ID == "" {
			t.Errorf("block %d has no ID", i)
		}
	}
	root := doc.Outline()
	if len(root.Children) != 2 || len(root.Children[1].Children) != 1 || len(root.Children[1].Children[0].Children) != 1 {
		t.Errorf("outline shape wrong")
	}
	if path := doc.Path(6); len(path) != 3 || path[0].Ordinal != 2 {
		t.Errorf("path of last block = %v", path)
	}
}

func TestBuildStyleLevel(t *testing.T) {
	doc := outline.Build([]outline.Para{
		{Text: "政府工作报告"},
		{Text: "各位代表："},
		{Text: "过去一年的工作", StyleLevel: 1},
		{Text: "经济运行", StyleLevel: 2},
		{Text: "全年生产总值增长5%。"},
		{Text: "项目建设", StyleLevel: 2},
		{Text: "三、今年的工作安排", StyleLevel: 1},
		{Text: "扩大内需", StyleLevel: 2},
		{Text: "第五级标题不算", StyleLevel: 5},
		{Text: "（二）深化改革", StyleLevel: 0},
		{Text: "改革举措", StyleLevel: 3},
	})
	want := []struct {
		kind     report.Kind
		num      report.Numbering
		ord, lvl int
		title    string
	}{
		{report.Paragraph, 0, 0, 0, ""},
		{report.Heading, report.ChineseComma, 1, 1, "过去一年的工作"},
		{report.Heading, report.ChineseParen, 1, 2, "经济运行"},
		{report.Paragraph, 0, 0, 0, ""},
		{report.Heading, report.ChineseParen, 2, 2, "项目建设"},
		{report.Heading, report.ChineseComma, 3, 1, "今年的工作安排"},
		{report.Heading, report.ChineseParen, 1, 2, "扩大内需"},
		{report.Paragraph, 0, 0, 0, ""},
		{report.Heading, report.ChineseParen, 2, 2, "深化改革"},
		{report.Heading, report.ArabicDot, 1, 3, "改革举措"},
	}
	if len(doc.Blocks) != len(want) {
		t.Fatalf("blocks = %d, want %d", len(doc.Blocks), len(want))
	}
	for i, w := range want {
		b := doc.Blocks[i]
		if b.Kind != w.kind || b.Numbering != w.num || b.Ordinal != w.ord || b.Level != w.lvl || b.Title() != w.title {
			t.Errorf("block %d %q = %v %v %d level %d title %q, want %v %v %d level %d title %q",
				i, b.Text, b.Kind, b.Numbering, b.Ordinal, b.Level, b.Title(), w.kind, w.num, w.ord, w.lvl, w.title)
		}
	}
}

func TestBuildTitleOverTwoLines(t *testing.T) {
	doc := outline.Build([]outline.Para{
		{Text: "关于2027年《政府工作报告（征求意见稿）》"},
		{Text: "起草有关情况的说明"},
		{Text: "一、关于《报告》的形成过程"},
		{Text: "市政府于2026年10月成立了起草领导小组。"},
		{Text: "3"},
		{Text: "—1—"},
	})
	if got, want := doc.Title, "关于2027年《政府工作报告（征求意见稿）》起草有关情况的说明"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if len(doc.Blocks) != 2 {
		t.Errorf("blocks = %d, want the heading and one paragraph (page numbers dropped)", len(doc.Blocks))
	}
	// A complete title is never joined to the line after it.
	doc = outline.Build([]outline.Para{{Text: "政府工作报告"}, {Text: "示例市人民政府"}, {Text: "各位代表："}})
	if doc.Title != "政府工作报告" {
		t.Errorf("title = %q", doc.Title)
	}
}
