package check_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"qicao/check"
	"qicao/outline"
)

// FuzzCheck builds a document from arbitrary text, a paragraph a line, and checks it: no panic,
// and every finding points at a real span of a real block.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"政府工作报告\n——2026年1月20日在示例市会议上\n一、2025年工作回顾\n（一）、从从强化“保护。\n一是推进;二是4.5%-5%。四是XX%",
		"从A、B、C4个方面：\n一是\n二是\n第一部分为：约5400余字，共约13900字",
		"二○二四年《条例》、《办法》“‘《〈（【",
		"\xff\xfe<!-- qicao-ignore",
		"以习近平同志为核心得党中央，座谈晚上召开，截止24年底，2024年1月5日，二〇二四年三月一日",
	} {
		f.Add(s)
	}
	cfg := check.DefaultConfig()
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1<<16 {
			return
		}
		var paras []outline.Para
		for _, l := range strings.Split(s, "\n") {
			paras = append(paras, outline.Para{Text: l})
		}
		doc := outline.Build(paras)
		for _, fd := range check.Check(doc, cfg) {
			text := check.TitleText(doc)
			if fd.Block >= 0 {
				if fd.Block >= len(doc.Blocks) {
					t.Fatalf("block %d out of range", fd.Block)
				}
				text = doc.Blocks[fd.Block].Text
			}
			if fd.Start < 0 || fd.End > len(text) || fd.Start > fd.End {
				t.Fatalf("span %d-%d outside %d bytes", fd.Start, fd.End, len(text))
			}
			if utf8.ValidString(text) && (!utf8.ValidString(text[fd.Start:fd.End])) {
				t.Fatalf("span %d-%d cuts a character in %q", fd.Start, fd.End, text)
			}
			if fd.Message == "" || fd.Rule == "" || fd.Severity == 0 || !utf8.ValidString(fd.Excerpt) {
				t.Fatalf("incomplete finding %+v", fd)
			}
		}
	})
}

// TestHugeParagraph: one paragraph of a megabyte is checked in bounded time and memory.
func TestHugeParagraph(t *testing.T) {
	big := strings.Repeat("从从强化“保护，，一是二是四是XX%、", 1<<15)
	doc := outline.Build([]outline.Para{{Text: big}})
	if fs := check.Check(doc, nil); len(fs) == 0 {
		t.Fatal("no findings on a huge paragraph full of errors")
	}
}
