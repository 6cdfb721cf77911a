package outline_test

import (
	"strings"
	"testing"

	"qicao/outline"
)

func paras(lines ...string) []outline.Para {
	ps := make([]outline.Para, len(lines))
	for i, l := range lines {
		ps[i] = outline.Para{Text: l}
	}
	return ps
}

func TestTableOfContentsDropped(t *testing.T) {
	body := []string{"一、2026年工作回顾", "全年增长6%。", "二、2027年工作安排", "全年增长6%左右。"}
	tests := []struct {
		name  string
		paras []outline.Para
		want  string
	}{
		{"tab and page, with its title", paras(append([]string{"示例市政府工作报告", "目　录", "一、2026年工作回顾\t1", "二、2027年工作安排\t3"}, body...)...),
			"示例市政府工作报告|一、2026年工作回顾|全年增长6%。|二、2027年工作安排|全年增长6%左右。"},
		{"dot leaders without a title", paras(append([]string{"示例市政府工作报告", "一、2026年工作回顾……………1", "二、2027年工作安排..........12"}, body...)...),
			"示例市政府工作报告|一、2026年工作回顾|全年增长6%。|二、2027年工作安排|全年增长6%左右。"},
		{"one entry after 目录", paras(append([]string{"示例市政府工作报告", "目录", "一、2026年工作回顾\t1"}, body...)...),
			"示例市政府工作报告|一、2026年工作回顾|全年增长6%。|二、2027年工作安排|全年增长6%左右。"},
		{"entries the file marks", append([]outline.Para{{Text: "示例市政府工作报告"}, {Text: "一、2026年工作回顾", TOC: true}}, paras(body...)...),
			"示例市政府工作报告|一、2026年工作回顾|全年增长6%。|二、2027年工作安排|全年增长6%左右。"},
		// Must not break: a lone line ending in a number, a table, a 目录 with no entries.
		{"a lone tabbed number is text", paras("示例市政府工作报告", "全年新增就业\t5200", "一、回顾"),
			"示例市政府工作报告|全年新增就业\t5200|一、回顾"},
		{"sentences ending in numbers", paras("示例市政府工作报告", "新开工项目120个，总投资约2", "续建项目30"),
			"示例市政府工作报告|新开工项目120个，总投资约2|续建项目30"},
		{"目录 followed by text stays", paras("示例市政府工作报告", "目录", "一、回顾"),
			"示例市政府工作报告|目录|一、回顾"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := outline.Build(tt.paras)
			got := strings.ReplaceAll(strings.TrimSuffix(doc.PlainText(), "\n"), "\n", "|")
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
