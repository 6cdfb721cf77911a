package storetest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"qicao/report"
)

// Document returns a fictional report of 示例市 of at least chars characters: a title block,
// 一、 and （一） headings (some run into their paragraph), body paragraphs and a table, with
// levels and IDs assigned as a reader would.
func Document(chars int) *report.Document {
	d := &report.Document{
		Title:    "政府工作报告",
		Subtitle: "——2026年1月20日在示例市第三届人民代表大会第五次会议上",
		Speaker:  "示例市市长　王某某",
	}
	n := 0
	add := func(b report.Block) {
		d.Blocks = append(d.Blocks, b)
		n += utf8.RuneCountInString(b.Text)
	}
	add(report.Block{Kind: report.Paragraph, Text: "各位代表："})
	for part := 1; n < chars; part++ {
		label := chineseNumber(part) + "、"
		title := fmt.Sprintf("第%s方面的工作", chineseNumber(part))
		add(report.Block{Kind: report.Heading, Text: label + title, Numbering: report.ChineseComma,
			Ordinal: part, LabelEnd: len(label), HeadEnd: len(label + title)})
		for sec := 1; sec <= 3 && n < chars; sec++ {
			label := "（" + chineseNumber(sec) + "）"
			title := fmt.Sprintf("在第%d项重点任务上持续发力。", sec)
			body := strings.Repeat(fmt.Sprintf("全市第%d部分第%d项工作扎实推进，地区生产总值增长5.%d%%，完成投资%d亿元。", part, sec, sec, 10*part+sec), 4)
			add(report.Block{Kind: report.Heading, Text: label + title + body, Numbering: report.ChineseParen,
				Ordinal: sec, LabelEnd: len(label), HeadEnd: len(label + title)})
			add(report.Block{Kind: report.Paragraph, Text: fmt.Sprintf("示例市第%d部分第%d节的说明段落，群众满意度稳步提升。", part, sec)})
		}
		if part == 2 {
			rows := [][]string{{"指标", "目标", "完成"}, {"地区生产总值", "6%", "5.8%"}, {"一般公共预算收入", "5%", "5.2%"}}
			var lines []string
			for _, r := range rows {
				lines = append(lines, strings.Join(r, "\t"))
			}
			add(report.Block{Kind: report.Table, Text: strings.Join(lines, "\n"), Rows: rows})
		}
	}
	// A repeated paragraph, so IDs with a numbered suffix are covered too.
	add(report.Block{Kind: report.Paragraph, Text: "各位代表："})
	d.Finish()
	return d
}

func chineseNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n >= 100:
		return fmt.Sprint(n)
	case n < 10:
		return digits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + digits[n-10]
	case n%10 == 0:
		return digits[n/10] + "十"
	default:
		return digits[n/10] + "十" + digits[n%10]
	}
}
