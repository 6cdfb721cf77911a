package docx_test

import (
	"bytes"
	"strings"
	"testing"

	"qicao/docx"
	"qicao/report"
)

// A sheet reads back as its title, its lines and a table with every cell, the lines of a cell joined as the reader joins paragraphs.
func TestWriteSheet(t *testing.T) {
	s := docx.Sheet{Title: "意见采纳情况表", Intro: []string{"共向3个单位征求意见。"}, Header: []string{"序号", "提出单位", "意见内容"},
		Widths: []int{1, 3, 6}, Rows: [][]string{{"1", "东湖镇", "请核实\n建议修改为：170亿元"}, {"2", "市统计局"}}, Foot: []string{"未反馈单位：市财政局。"}}
	var buf bytes.Buffer
	if err := docx.WriteSheet(&buf, s); err != nil {
		t.Fatal(err)
	}
	doc, err := docx.Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var table *report.Block
	for i := range doc.Blocks {
		if doc.Blocks[i].Kind == report.Table {
			table = &doc.Blocks[i]
		}
	}
	if table == nil || len(table.Rows) != 3 {
		t.Fatalf("no table of 3 rows in %+v", doc.Blocks)
	}
	if got := strings.Join(table.Rows[1], "|"); got != "1|东湖镇|请核实 建议修改为：170亿元" {
		t.Errorf("row 1: %q", got)
	}
	if got := strings.Join(table.Rows[2], "|"); got != "2|市统计局|" {
		t.Errorf("a short row: %q", got)
	}
	if text := doc.PlainText(); !strings.Contains(text, "共向3个单位征求意见。") || !strings.Contains(text, "未反馈单位：市财政局。") {
		t.Errorf("lines around the table: %s", text)
	}
}
