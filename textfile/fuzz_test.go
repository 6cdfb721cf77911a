package textfile_test

import (
	"testing"
	"unicode/utf8"

	"qicao/report"
	"qicao/textfile"
)

// checkRead holds for any input: a document with valid text, or an error in Chinese.
func checkRead(t *testing.T, doc *report.Document, err error) {
	if err != nil {
		if c := report.ErrorCode(err); c != report.EINVALID && c != report.ETOOLARGE || !hasHan(err.Error()) {
			t.Fatalf("error %q has code %s, want EINVALID or ETOOLARGE in Chinese", err, c)
		}
		return
	}
	if doc.Title == "" && len(doc.Blocks) == 0 {
		t.Fatal("empty document without an error")
	}
	for _, b := range doc.Blocks {
		if !utf8.ValidString(b.Text) {
			t.Fatalf("block %s is not valid UTF-8: %q", b.ID, b.Text)
		}
		if b.Kind == report.Heading && (b.LabelEnd > b.HeadEnd || b.HeadEnd > len(b.Text)) {
			t.Fatalf("heading bounds %d,%d outside %q", b.LabelEnd, b.HeadEnd, b.Text)
		}
	}
}

func FuzzReadText(f *testing.F) {
	f.Add([]byte("政府工作报告\n一、回顾\n（一）经济。增长5%。\n"))
	f.Add([]byte{0xFF, 0xFE, 0x7F, 0x6F, 0x0A, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := textfile.Read(data)
		checkRead(t, doc, err)
	})
}

func FuzzReadMarkdown(f *testing.F) {
	f.Add([]byte("# 政府工作报告\n\n## 一、回顾\n\n**加粗**\n\n| a | b |\n| - | - |\n| 1 | 2 |\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := textfile.ReadMarkdown(data)
		checkRead(t, doc, err)
	})
}
