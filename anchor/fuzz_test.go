package anchor_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"qicao/anchor"
	"qicao/report"
)

// FuzzCarry carries anchors on every paragraph of a first text through a second into a third
// (paragraphs are lines) and checks that nothing panics and every result is a valid anchor of
// the version it names: offsets in range, the quote and its context what the text says there.
func FuzzCarry(f *testing.F) {
	f.Add("一、总体要求\n坚持稳中求进，推动高质量发展。\n加快建设示例新城。", "一、总体要求\n坚持稳中求进。\n推动高质量发展，加快建设示例新城。", "加快建设示例新城。推动高质量发展。", uint16(3), uint8(4))
	f.Add("甲乙丙丁戊\n己庚辛", "己庚辛\n甲乙丙丁戊", "", uint16(0), uint8(1))
	f.Add("。。。。\n。。", "。。\n。。。。。", "。", uint16(1), uint8(2))
	f.Add("a𠀀b\xffc\nx", "a𠀀\xffbc\nx", "x\na𠀀b", uint16(2), uint8(1))
	f.Add(strings.Repeat("示例", 40)+"\n"+strings.Repeat("发展", 30), strings.Repeat("发展", 30)+strings.Repeat("示例", 41), strings.Repeat("示例", 20)+"\n"+strings.Repeat("示例", 21), uint16(17), uint8(9))
	f.Fuzz(func(t *testing.T, a, b, c string, start uint16, length uint8) {
		h := &history{wid: 1}
		var vs []*report.Version
		for _, text := range []string{a, b, c} {
			var paras []string
			for _, l := range strings.Split(text, "\n") {
				if l != "" {
					paras = append(paras, l)
				}
			}
			vs = append(vs, h.add(doc(paras...)))
		}
		v1 := vs[0]
		var as []anchor.Anchor
		for _, blk := range v1.Doc.Blocks {
			n := utf8.RuneCountInString(blk.Text)
			if n == 0 || !utf8.ValidString(blk.Text) {
				continue
			}
			s := int(start) % n
			e := min(n, s+1+int(length))
			x, err := anchor.New(v1.ID, v1.Doc, blk.ID, s, e)
			if err != nil {
				t.Fatalf("New(%d, %d) on %q: %v", s, e, blk.Text, err)
			}
			w, err := anchor.Paragraph(v1.ID, v1.Doc, blk.ID)
			if err != nil {
				t.Fatal(err)
			}
			as = append(as, x, w)
		}
		as = append(as, anchor.Anchor{VersionID: v1.ID})
		cr := h.carrier()
		for _, to := range vs[1:] {
			got, err := cr.Carry(context.Background(), to, as)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(as) {
				t.Fatalf("%d results for %d anchors", len(got), len(as))
			}
			for k, l := range got {
				if l.Old != as[k].Quote {
					t.Fatalf("Old %q, want %q", l.Old, as[k].Quote)
				}
				in := to
				if l.State == anchor.Orphaned {
					in = nil
					for _, v := range vs {
						if v.ID == l.Anchor.VersionID {
							in = v
						}
					}
				} else if l.Anchor.VersionID != to.ID {
					t.Fatalf("%s anchor in version %d, want %d", l.State, l.Anchor.VersionID, to.ID)
				}
				if in == nil {
					t.Fatalf("orphan in unknown version %d", l.Anchor.VersionID)
				}
				checkValid(t, in.Doc, l.Anchor)
			}
		}
	})
}

// checkValid fails unless a is what anchor.New would make at its offsets in doc.
func checkValid(t *testing.T, doc *report.Document, a anchor.Anchor) {
	t.Helper()
	if a.BlockID == "" {
		if a.Start != 0 || a.End != 0 || a.Quote != "" {
			t.Fatalf("general anchor %+v", a)
		}
		return
	}
	b := doc.Block(a.BlockID)
	if b == nil {
		t.Fatalf("anchor in missing block %s", a.BlockID)
	}
	r := []rune(b.Text)
	if a.Start < 0 || a.End > len(r) || a.Start >= a.End {
		t.Fatalf("offsets [%d,%d) out of range (%d runes)", a.Start, a.End, len(r))
	}
	if a.Quote != string(r[a.Start:a.End]) || a.Prefix != string(r[max(0, a.Start-anchor.ContextRunes):a.Start]) ||
		a.Suffix != string(r[a.End:min(len(r), a.End+anchor.ContextRunes)]) {
		if utf8.ValidString(b.Text) {
			t.Fatalf("anchor %+v does not read as the text %q", a, b.Text)
		}
	}
}
