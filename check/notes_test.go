package check_test

import (
	"testing"

	"qicao/check"
	"qicao/report"
)

// Notes are proofread like the text, their findings pointing at the referencing block.
func TestCheckNotes(t *testing.T) {
	doc := &report.Document{Title: "示例市政府工作报告", Blocks: []report.Block{
		{ID: "h1", Kind: report.Heading, Text: "一、2026年工作回顾", Numbering: report.ChineseComma, Ordinal: 1, Level: 1, LabelEnd: len("一、"), HeadEnd: len("一、2026年工作回顾")},
		{ID: "p1", Kind: report.Paragraph, Text: "全面推进“三个示范”建设。", Notes: []report.Note{
			{At: len("全面推进“三个示范”"), Text: "“三个示范”：示范镇、示范村、示范户。"},
			{At: len("全面推进“三个示范”建设"), Text: "数据来源：示例市统计局统计局。"},
		}},
	}}
	doc.Finish()
	var inNote []check.Finding
	for _, f := range check.Check(doc, nil) {
		if f.Note > 0 {
			inNote = append(inNote, f)
		}
	}
	if len(inNote) == 0 {
		t.Fatal("no finding in the notes")
	}
	for _, f := range inNote {
		if f.Block != 1 || f.BlockID != doc.Blocks[1].ID || f.Note != 2 || f.Family != "repetition" || len(f.Path) != 1 {
			t.Errorf("finding %+v, want a repetition in block 1's second note under 一、", f)
		}
		if got := doc.Blocks[1].Notes[1].Text[f.Start:f.End]; got == "" {
			t.Errorf("empty span")
		}
	}
	// Must not break: the clean first note and the text itself give nothing.
	doc.Blocks[1].Notes = doc.Blocks[1].Notes[:1]
	if fs := check.Check(doc, nil); len(fs) != 0 {
		t.Errorf("clean document: %+v", fs)
	}
}
