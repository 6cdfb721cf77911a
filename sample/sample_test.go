package sample_test

import (
	"bytes"
	"strings"
	"testing"

	"qicao/outline"
	"qicao/report"
	"qicao/sample"
	"qicao/wordcount"
)

var versions = []int{1, 2, 3}

func build(text []byte) *report.Document {
	var paras []outline.Para
	for _, line := range strings.Split(string(text), "\n") {
		paras = append(paras, outline.Para{Text: line})
	}
	return outline.Build(paras)
}

func words(d *report.Document, n *report.Node) int {
	total := 0
	for i := n.Start; i < n.End; i++ {
		total += wordcount.Count(d.Blocks[i].Text).Words
	}
	return total
}

func TestShape(t *testing.T) {
	for _, v := range versions {
		d := build(sample.Report(v))
		if d.Title != "政府工作报告" || d.Subtitle == "" || d.Speaker != "示例市市长　李明远" {
			t.Errorf("v%d title block = %q %q %q", v, d.Title, d.Subtitle, d.Speaker)
		}
		parts := d.Outline().Children
		if len(parts) != 2 {
			t.Fatalf("v%d has %d parts, want 2", v, len(parts))
		}
		for p, part := range parts {
			if part.Block.Level != 1 || part.Block.Ordinal != p+1 {
				t.Errorf("v%d part %q level %d ordinal %d", v, part.Block.Text, part.Block.Level, part.Block.Ordinal)
			}
			if len(part.Children) != 10 {
				t.Errorf("v%d part %d has %d sections, want 10", v, p+1, len(part.Children))
			}
			for s, sec := range part.Children {
				if sec.Block.Numbering != report.ChineseParen || sec.Block.Ordinal != s+1 {
					t.Errorf("v%d section %q out of order", v, sec.Block.Title())
				}
				items := len(sec.Children)
				if p == 0 && items != 0 || p == 1 && (items < 3 || items > 4) {
					t.Errorf("v%d part %d section %d has %d items", v, p+1, s+1, items)
				}
				for k, item := range sec.Children {
					if item.Block.Level != 3 || item.Block.Ordinal != k+1 || !item.Block.RunIn() {
						t.Errorf("v%d item %q level %d ordinal %d", v, item.Block.Title(), item.Block.Level, item.Block.Ordinal)
					}
				}
			}
		}
	}
}

// The lengths are the ones the 起草说明 quotes: about 14,000 characters, 5,400 for the review
// and 8,300 for the plan.
func TestLength(t *testing.T) {
	tests := []struct {
		what     string
		min, max int
		count    func(d *report.Document) int
	}{
		{"whole", 13000, 15500, func(d *report.Document) int { return wordcount.Count(d.PlainText()).Words }},
		{"part 1", 4900, 5900, func(d *report.Document) int { return words(d, d.Outline().Children[0]) }},
		{"part 2", 7800, 8800, func(d *report.Document) int { return words(d, d.Outline().Children[1]) }},
	}
	for _, v := range versions {
		d := build(sample.Report(v))
		for _, tt := range tests {
			if n := tt.count(d); n < tt.min || n > tt.max {
				t.Errorf("v%d %s: %d words, want %d–%d", v, tt.what, n, tt.min, tt.max)
			}
		}
	}
}

// The Markdown copy carries the same paragraphs as the plain text, in the same order.
func TestMarkdown(t *testing.T) {
	md, err := sample.Files.ReadFile("shili-2027-v1.md")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(md), "\n") {
		if l = strings.TrimLeft(l, "# "); l != "" {
			lines = append(lines, l)
		}
	}
	want := strings.TrimRight(string(sample.Report(1)), "\n")
	if got := strings.Join(lines, "\n"); got != want {
		t.Errorf("Markdown text differs from shili-2027-v1.txt")
	}
}

func TestVersionsDiffer(t *testing.T) {
	for i := 1; i < len(versions); i++ {
		if bytes.Equal(sample.Report(versions[i-1]), sample.Report(versions[i])) {
			t.Errorf("v%d equals v%d", versions[i], versions[i-1])
		}
	}
}

func TestReportPanicsOnUnknownVersion(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Report(9) did not panic")
		}
	}()
	sample.Report(9)
}
