package compare_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qicao/compare"
	"qicao/golden"
	"qicao/outline"
	"qicao/report"
)

// build reads a report from text, one paragraph a line, as the readers would.
func build(text string) *report.Document {
	var paras []outline.Para
	for _, l := range strings.Split(text, "\n") {
		paras = append(paras, outline.Para{Text: l})
	}
	return outline.Build(paras)
}

func load(t testing.TB, name string) *report.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return build(string(data))
}

func TestGolden(t *testing.T) {
	old, new := load(t, "v1.txt"), load(t, "v2.txt")
	r := compare.Compare(old, new)
	for _, c := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"v1-v2.txt.golden", func(b *bytes.Buffer) error { return compare.WriteText(b, r, old, new, false) }},
		{"v1-v2.color.golden", func(b *bytes.Buffer) error { return compare.WriteText(b, r, old, new, true) }},
		{"v1-v2.html.golden", func(b *bytes.Buffer) error { return compare.WriteHTML(b, r, old, new) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := c.write(&b); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, c.name, b.Bytes())
		})
	}
}

// TestOps checks the alignment of the fixture paragraph by paragraph against the edits made
// to it by hand.
func TestOps(t *testing.T) {
	old, new := load(t, "v1.txt"), load(t, "v2.txt")
	r := compare.Compare(old, new)
	var got []string
	for _, op := range r.Ops {
		if op.Kind != compare.Same {
			got = append(got, fmt.Sprintf("%v %d→%d", op.Kind, op.Old, op.New))
		}
	}
	want := []string{"changed 3→3", "changed 4→4", "deleted 7→-1", "inserted -1→7",
		"moved 12→11", "changed 14→14", "changed 15→15", "changed 17→17"}
	if g, w := strings.Join(got, ", "), strings.Join(want, ", "); g != w {
		t.Errorf("ops:\n got %s\nwant %s", g, w)
	}
	if got, want := r.Successors[old.Blocks[7].ID], ""; got != want {
		t.Errorf("successor of the deleted paragraph = %q, want none", got)
	}
	if got, want := r.Successors[old.Blocks[15].ID], new.Blocks[15].ID; got != want {
		t.Errorf("successor of the edited paragraph = %q, want %q", got, want)
	}
	s := r.Summary.Total
	if s.Changed != 5 || s.Inserted != 1 || s.Deleted != 1 || s.Moved != 1 || s.Same != 12 {
		t.Errorf("summary = %+v", s)
	}
	if len(r.Summary.Parts) != 3 || r.Summary.Parts[2].Heading != "二、2027年工作重点" || r.Summary.Parts[2].Changed != 3 {
		t.Errorf("parts = %+v", r.Summary.Parts)
	}
}

func TestEdgeCases(t *testing.T) {
	report1 := "一、总体情况\n今年全市经济平稳增长。\n二、下步安排\n继续推进重点项目建设。"
	other := "第一段完全不同的内容，说的是另一件事情。\n第二段，同样毫无关系的文字。\n第三段。"
	huge := strings.Repeat("加快建设现代化产业体系，推动经济高质量发展。", 100000) // 2.2 MB
	huge2 := strings.Replace(huge, "推动经济", "促进经济", 1)
	cases := []struct {
		name                     string
		old, new                 string
		changed, ins, del, moved int
		successorsKept           int
	}{
		{"identical", report1, report1, 0, 0, 0, 0, 4},
		{"both empty", "", "", 0, 0, 0, 0, 0},
		{"old empty", "", report1, 0, 4, 0, 0, 0},
		{"new empty", report1, "", 0, 0, 4, 0, 0},
		{"unrelated", report1, other, 0, 3, 4, 0, 0},
		{"huge paragraph edited", huge, huge2, 1, 0, 0, 0, 1},
		{"huge paragraph replaced", huge, other, 0, 3, 1, 0, 0},
		{"huge paragraphs unrelated", huge, strings.Repeat("保障和改善民生，办好群众可感可及的实事。", 100000), 0, 1, 1, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			old, new := build(c.old), build(c.new)
			r := compare.Compare(old, new)
			checkInvariants(t, r, old, new)
			s := r.Summary.Total
			if s.Changed != c.changed || s.Inserted != c.ins || s.Deleted != c.del || s.Moved != c.moved {
				t.Errorf("summary = %+v, want changed %d inserted %d deleted %d moved %d", s, c.changed, c.ins, c.del, c.moved)
			}
			kept := 0
			for _, id := range r.Successors {
				if id != "" {
					kept++
				}
			}
			if kept != c.successorsKept {
				t.Errorf("%d paragraphs have successors, want %d", kept, c.successorsKept)
			}
			var b bytes.Buffer
			if err := compare.WriteText(&b, r, old, new, false); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), "摘要：") {
				t.Errorf("text output has no summary:\n%.300s", b.String())
			}
		})
	}
}

// TestHugeParagraphSpans shows that a small edit in a 2 MB paragraph is still found exactly:
// the common beginning and end are set aside before the bounded character diff.
func TestHugeParagraphSpans(t *testing.T) {
	huge := strings.Repeat("加快建设现代化产业体系，推动经济高质量发展。", 100000)
	old, new := build(huge), build(strings.Replace(huge, "推动经济", "促进经济", 1))
	r := compare.Compare(old, new)
	var edits []string
	for _, sp := range r.Ops[0].Spans {
		if sp.Kind != compare.Equal {
			edits = append(edits, sp.Text)
		}
	}
	if got, want := strings.Join(edits, "|"), "推动|促进"; got != want {
		t.Errorf("edits = %q, want %q", got, want)
	}
}

// TestManyParagraphs compares two unrelated documents of 20,000 paragraphs each, the shape
// that would hang an all-pairs comparison.
func TestManyParagraphs(t *testing.T) {
	if testing.Short() {
		t.Skip("slow in -short mode")
	}
	var a, b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&a, "第%d项工作：推进示例市重点项目建设，完成投资%d亿元。\n", i, i%97)
		fmt.Fprintf(&b, "民生实事%d：新建学校%d所，新增学位%d个。\n", i, i%13, i*7)
	}
	old, new := build(a.String()), build(b.String())
	r := compare.Compare(old, new)
	checkInvariants(t, r, old, new)
}

// checkInvariants verifies that every paragraph of both versions appears exactly once and that
// the spans of each op rebuild both texts.
func checkInvariants(t *testing.T, r *compare.Result, old, new *report.Document) {
	t.Helper()
	seenOld, seenNew := make([]int, len(old.Blocks)), make([]int, len(new.Blocks))
	for _, op := range r.Ops {
		if op.Old >= 0 {
			seenOld[op.Old]++
		}
		if op.New >= 0 {
			seenNew[op.New]++
		}
		switch op.Kind {
		case compare.Same:
			if old.Blocks[op.Old].Text != new.Blocks[op.New].Text {
				t.Fatalf("same op %d→%d with different texts", op.Old, op.New)
			}
		case compare.Changed, compare.Moved:
			if op.Spans == nil {
				if old.Blocks[op.Old].Text != new.Blocks[op.New].Text {
					t.Fatalf("%v op without spans for different texts", op.Kind)
				}
				continue
			}
			var a, b strings.Builder
			for _, sp := range op.Spans {
				if sp.Kind != compare.Insert {
					a.WriteString(sp.Text)
				}
				if sp.Kind != compare.Delete {
					b.WriteString(sp.Text)
				}
			}
			if a.String() != old.Blocks[op.Old].Text || b.String() != new.Blocks[op.New].Text {
				t.Fatalf("spans of %d→%d do not rebuild the texts", op.Old, op.New)
			}
		}
	}
	for i, n := range seenOld {
		if n != 1 {
			t.Fatalf("old paragraph %d appears %d times", i, n)
		}
	}
	for j, n := range seenNew {
		if n != 1 {
			t.Fatalf("new paragraph %d appears %d times", j, n)
		}
	}
	if len(r.Successors) > len(old.Blocks) {
		t.Fatalf("%d successors for %d paragraphs", len(r.Successors), len(old.Blocks))
	}
}

func FuzzCompare(f *testing.F) {
	f.Add("一、总体情况\n今年全市经济平稳增长。", "一、总体情况\n今年全市经济稳步增长。\n新增一段。")
	f.Add("", "甲\n乙\n丙")
	f.Add("甲\n乙\n丙\n丁", "丁\n丙\n乙\n甲")
	f.Fuzz(func(t *testing.T, a, b string) {
		old, new := build(a), build(b)
		r := compare.Compare(old, new)
		checkInvariants(t, r, old, new)
		var buf bytes.Buffer
		if err := compare.WriteText(&buf, r, old, new, false); err != nil {
			t.Fatal(err)
		}
		if err := compare.WriteHTML(&buf, r, old, new); err != nil {
			t.Fatal(err)
		}
	})
}

// TestSpans shows how edits inside a paragraph are presented: numbers as wholes, short
// fragments inside a rewritten phrase absorbed into it.
func TestSpans(t *testing.T) {
	cases := []struct{ old, new, want string }{
		{"完成投资100亿元。", "完成投资1000亿元。", "完成投资[-100-]{+1000+}亿元。"},
		{"增长6.2%，位居前列。", "增长6.5%，位居前列。", "增长[-6.2-]{+6.5+}%，位居前列。"},
		{"新增就业5000人以上。", "新增就业500人以上。", "新增就业[-5000-]{+500+}人以上。"},
		{"全市经济运行稳中有进，社会大局和谐稳定。", "全市经济运行稳中向好，社会大局和谐稳定。", "全市经济运行稳中[-有进-]{+向好+}，社会大局和谐稳定。"},
		{"基本养老保险参保率稳定在95%以上。", "基本养老保险参保率稳定在95%以上，医保参保率稳定在96%以上。", "基本养老保险参保率稳定在95%以上{+，医保参保率稳定在96%以上+}。"},
		{"1至2月完成12项。", "1至3月完成15项。", "1至[-2-]{+3+}月完成[-12-]{+15+}项。"},
		// Decimal points, thousands separators and full-width digits belong to the number.
		{"新增造林1.2万亩。", "新增造林2万亩。", "新增造林[-1.2-]{+2+}万亩。"},
		{"增长5.6%。", "增长6%。", "增长[-5.6-]{+6+}%。"},
		{"带动就业2万人。", "带动就业2.5万人。", "带动就业[-2-]{+2.5+}万人。"},
		{"下降2.5%。", "下降2%。", "下降[-2.5-]{+2+}%。"},
		{"建成1,200套。", "建成1,300套。", "建成[-1,200-]{+1,300+}套。"},
		{"完成１２３项。", "完成１２４项。", "完成[-１２３-]{+１２４+}项。"},
		{"完成投资12亿元。", "完成投资12.5亿元。", "完成投资[-12-]{+12.5+}亿元。"},
		{"截至2026年。全年", "截至2027年。全年", "截至[-2026-]{+2027+}年。全年"},
	}
	for _, c := range cases {
		old, new := build("一、标题\n"+c.old), build("一、标题\n"+c.new)
		r := compare.Compare(old, new)
		checkInvariants(t, r, old, new)
		var b strings.Builder
		for _, op := range r.Ops {
			for _, sp := range op.Spans {
				switch sp.Kind {
				case compare.Equal:
					b.WriteString(sp.Text)
				case compare.Delete:
					b.WriteString("[-" + sp.Text + "-]")
				case compare.Insert:
					b.WriteString("{+" + sp.Text + "+}")
				}
			}
		}
		if b.String() != c.want {
			t.Errorf("%s → %s:\n got %s\nwant %s", c.old, c.new, b.String(), c.want)
		}
	}
}

// TestEdits checks that the position diff rebuilds both texts: its equal and deleted runs are the
// old text, its equal and inserted runs the new one, and equal runs are common text.
func TestEdits(t *testing.T) {
	cases := [][2]string{
		{"", ""},
		{"坚持稳中求进", ""},
		{"", "坚持稳中求进"},
		{"全年完成投资312亿元，增长8%。", "全年完成投资320亿元，增长8.5%。"},
		{"推动高质量发展。推动高质量发展。", "推动高质量发展。"},
		{"a\xffb", "ab"},
	}
	for _, c := range cases {
		a, b := []rune(c[0]), []rune(c[1])
		var old, new []rune
		for _, e := range compare.Edits(c[0], c[1]) {
			if e.Len <= 0 {
				t.Errorf("%q → %q: empty run %+v", c[0], c[1], e)
			}
			switch e.Kind {
			case compare.Equal:
				if string(a[len(old):len(old)+e.Len]) != string(b[len(new):len(new)+e.Len]) {
					t.Errorf("%q → %q: equal run differs", c[0], c[1])
				}
				old = append(old, a[len(old):len(old)+e.Len]...)
				new = append(new, b[len(new):len(new)+e.Len]...)
			case compare.Delete:
				old = append(old, a[len(old):len(old)+e.Len]...)
			case compare.Insert:
				new = append(new, b[len(new):len(new)+e.Len]...)
			}
		}
		if len(old) != len(a) || len(new) != len(b) {
			t.Errorf("%q → %q: runs cover %d and %d runes of %d and %d", c[0], c[1], len(old), len(new), len(a), len(b))
		}
	}
}
