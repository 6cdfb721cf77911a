package render_test

import (
	"bytes"
	"testing"

	"qicao/render"
	"qicao/textfile"
)

// Whatever text a report holds, its Markdown reads back as the same text and outline.
func FuzzMarkdownRoundTrip(f *testing.F) {
	f.Add("政府工作报告\n一、回顾 #\n1. 列表？\n- 横线\n> 引用 *星* _线_ `码` [括](号) <b> &amp; \\ | ~\n---\n（一）标题。正文")
	f.Add("    缩进\n\t制表\n#井号\n2) 括号\n===\n|a|b|\n|-|-|\n")
	f.Fuzz(func(t *testing.T, text string) {
		doc, err := textfile.Read([]byte(text))
		if err != nil {
			return
		}
		var md bytes.Buffer
		if err := render.Markdown(&md, doc); err != nil {
			t.Fatal(err)
		}
		back, err := textfile.ReadMarkdown(md.Bytes())
		if err != nil {
			t.Fatalf("reading back: %v\nMarkdown:\n%s", err, md.String())
		}
		if got, want := shape(back), shape(doc); got != want {
			t.Fatalf("round trip changed the document:\n%s\nwant:\n%s\nMarkdown:\n%s", got, want, md.String())
		}
	})
}
