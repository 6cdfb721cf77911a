package anchor_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"qicao/anchor"
	"qicao/outline"
	"qicao/report"
)

// history is a workspace's versions kept in memory, as the store would return them.
type history struct {
	wid      int64
	versions []*report.Version
	loads    atomic.Int64
}

func (h *history) add(doc *report.Document) *report.Version {
	v := &report.Version{ID: int64(100 + len(h.versions)), WorkspaceID: h.wid, Number: len(h.versions) + 1, Doc: doc}
	h.versions = append(h.versions, v)
	return v
}

func (h *history) load(_ context.Context, id int64) (*report.Version, error) {
	h.loads.Add(1)
	for _, v := range h.versions {
		if v.ID == id {
			return v, nil
		}
	}
	return nil, report.Errorf(report.ENOTFOUND, "版本不存在")
}

func (h *history) list(_ context.Context, wid int64) ([]report.Version, error) {
	var out []report.Version
	for _, v := range h.versions {
		if v.WorkspaceID == wid {
			c := *v
			c.Doc = nil
			out = append(out, c)
		}
	}
	return out, nil
}

func (h *history) carrier() *anchor.Carrier { return anchor.NewCarrier(h.load, h.list) }

func doc(paras ...string) *report.Document {
	var ps []outline.Para
	for _, p := range paras {
		ps = append(ps, outline.Para{Text: p})
	}
	return outline.Build(ps)
}

// at anchors the first occurrence of quote in paragraph k of v.
func at(t testing.TB, v *report.Version, k int, quote string) anchor.Anchor {
	t.Helper()
	b := v.Doc.Blocks[k]
	i := strings.Index(b.Text, quote)
	if i < 0 {
		t.Fatalf("%q not in paragraph %d: %q", quote, k, b.Text)
	}
	s := utf8.RuneCountInString(b.Text[:i])
	a, err := anchor.New(v.ID, v.Doc, b.ID, s, s+utf8.RuneCountInString(quote))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

const (
	p1 = "一、过去一年工作回顾"
	p2 = "过去一年，全市地区生产总值增长6.5%，一般公共预算收入完成42.6亿元，城乡居民收入稳步提高。"
	p3 = "坚持项目为王，全年实施重点项目186个，完成投资312亿元，新开工亿元以上项目58个。"
	p4 = "民生保障持续加强，新建改扩建学校9所，新增学位5400个，城镇新增就业1.2万人。"
	p5 = "二、今年工作安排"
)

func TestNew(t *testing.T) {
	d := doc(p1, p2, "𠀀𠀁示例")
	id := d.Blocks[1].ID
	a, err := anchor.New(7, d, id, 5, 11)
	if err != nil {
		t.Fatal(err)
	}
	if a.Quote != "全市地区生产" || a.Prefix != "过去一年，" || !strings.HasPrefix(a.Suffix, "总值增长6.5%") || a.VersionID != 7 || a.BlockID != id {
		t.Errorf("anchor %+v", a)
	}
	if utf8.RuneCountInString(a.Suffix) != anchor.ContextRunes {
		t.Errorf("suffix %q is not %d runes", a.Suffix, anchor.ContextRunes)
	}
	if a.Whole(d) {
		t.Error("a part of a paragraph is not whole")
	}
	w, err := anchor.Paragraph(7, d, id)
	if err != nil || !w.Whole(d) || w.Quote != p2 || w.Prefix != "" || w.Suffix != "" {
		t.Errorf("paragraph anchor %+v, %v", w, err)
	}
	g, err := anchor.New(7, d, "", 0, 0)
	if err != nil || g.BlockID != "" || g.Whole(d) {
		t.Errorf("general anchor %+v, %v", g, err)
	}
	// Characters outside the Basic Multilingual Plane are one rune each.
	x, err := anchor.New(7, d, d.Blocks[2].ID, 1, 3)
	if err != nil || x.Quote != "𠀁示" {
		t.Errorf("astral anchor %+v, %v", x, err)
	}

	bad := []struct {
		block      string
		start, end int
		want       string
	}{
		{"p404", 0, 1, "没有所指的段落"},
		{id, -1, 3, "超出段落范围"},
		{id, 3, 999, "超出段落范围"},
		{id, 4, 4, "没有选中文字"},
		{id, 5, 2, "没有选中文字"},
		{"", 0, 3, "对全文的意见"},
	}
	for _, c := range bad {
		_, err := anchor.New(7, d, c.block, c.start, c.end)
		if report.ErrorCode(err) != report.EINVALID || !strings.Contains(report.ErrorMessage(err), c.want) {
			t.Errorf("New(%q, %d, %d) = %v, want EINVALID %q", c.block, c.start, c.end, err, c.want)
		}
	}
	if _, err := anchor.NewQuoted(7, d, id, 5, 11, "全市地区生产"); err != nil {
		t.Error(err)
	}
	if _, err := anchor.NewQuoted(7, d, id, 5, 11, "全市地区产值"); report.ErrorCode(err) != report.EINVALID || !strings.Contains(err.Error(), "不符") {
		t.Errorf("a wrong quote gives %v", err)
	}
}

func TestRuneOffset(t *testing.T) {
	text := "a𠀀示例" // UTF-16: a=1, 𠀀=2, 示=1, 例=1
	for u16, want := range map[int]int{0: 0, 1: 1, 3: 2, 4: 3, 5: 4} {
		if got, err := anchor.RuneOffset(text, u16); err != nil || got != want {
			t.Errorf("RuneOffset(%d) = %d, %v; want %d", u16, got, err, want)
		}
	}
	for _, u16 := range []int{2, 6, -1} {
		if _, err := anchor.RuneOffset(text, u16); report.ErrorCode(err) != report.EINVALID {
			t.Errorf("RuneOffset(%d) = %v, want EINVALID", u16, err)
		}
	}
}

func TestCarry(t *testing.T) {
	ctx := context.Background()
	h := &history{wid: 1}
	v1 := h.add(doc(p1, p2, p3, p4, p5))
	v2 := h.add(doc(p1, p4, // moved
		strings.Replace(p2, "过去一年，", "2026年，面对复杂形势，", 1), // inserted before the anchor
		strings.Replace(p3, "完成投资312亿元", "完成投资320亿元", 1), // a figure inside the anchor
		p5,
	))
	c := h.carrier()
	anchors := []anchor.Anchor{
		at(t, v1, 1, "城乡居民收入稳步提高"), // 0: exact, shifted inside its paragraph
		at(t, v1, 2, "完成投资312亿元"),  // 1: changed
		at(t, v1, 3, "新增学位5400个"),  // 2: moved with its paragraph
		at(t, v1, 1, "过去一年，"),      // 3: replaced
		{VersionID: v1.ID},         // 4: the whole report
	}
	w, _ := anchor.Paragraph(v1.ID, v1.Doc, v1.Doc.Blocks[2].ID)
	anchors = append(anchors, w) // 5: a whole paragraph, edited
	got, err := c.Carry(ctx, v2, anchors)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		state anchor.State
		quote string
		block int
	}{
		{anchor.Exact, "城乡居民收入稳步提高", 2},
		{anchor.Changed, "完成投资320亿元", 3},
		{anchor.Moved, "新增学位5400个", 1},
		{anchor.Changed, "2026年，", 2}, // the insertion after the kept "年，" is not part of it
		{anchor.Exact, "", -1},
		{anchor.Changed, v2.Doc.Blocks[3].Text, 3},
	}
	for i, w := range want {
		g := got[i]
		if g.State != w.state || g.Anchor.Quote != w.quote || g.Old != anchors[i].Quote || g.Anchor.VersionID != v2.ID {
			t.Errorf("anchor %d: %s %q (old %q) in version %d, want %s %q", i, g.State, g.Anchor.Quote, g.Old, g.Anchor.VersionID, w.state, w.quote)
		}
		if w.block >= 0 && g.Anchor.BlockID != v2.Doc.Blocks[w.block].ID {
			t.Errorf("anchor %d in block %s, want paragraph %d", i, g.Anchor.BlockID, w.block)
		}
	}

	// A third version deletes the paragraph: its anchors are orphaned where they last were.
	v3 := h.add(doc(p1, p4, v2.Doc.Blocks[2].Text, p5))
	got, err = c.Carry(ctx, v3, anchors)
	if err != nil {
		t.Fatal(err)
	}
	if g := got[1]; g.State != anchor.Orphaned || g.Anchor.VersionID != v2.ID || g.Anchor.Quote != "完成投资320亿元" || g.Old != "完成投资312亿元" {
		t.Errorf("deleted paragraph's anchor: %+v", g)
	}
	if g := got[0]; g.State != anchor.Exact || g.Anchor.VersionID != v3.ID || g.Anchor.Quote != "城乡居民收入稳步提高" {
		t.Errorf("anchor 0 over two steps: %+v", g)
	}
	// An anchor of a later version cannot be carried back.
	late := at(t, v3, 2, "面对复杂形势")
	got, err = c.Carry(ctx, v2, []anchor.Anchor{late})
	if err != nil || got[0].State != anchor.Orphaned || got[0].Anchor != late {
		t.Errorf("later anchor carried back: %+v, %v", got, err)
	}
	// An anchor on the target version stays as it is.
	got, err = c.Carry(ctx, v3, []anchor.Anchor{late})
	if err != nil || got[0].State != anchor.Exact || got[0].Anchor != late {
		t.Errorf("anchor on the target: %+v, %v", got, err)
	}
	// Versions are loaded once per step.
	loads := h.loads.Load()
	if _, err := c.Carry(ctx, v3, anchors); err != nil || h.loads.Load() != loads {
		t.Errorf("carrying again loaded %d versions (%v)", h.loads.Load()-loads, err)
	}
	// An anchor from another workspace is an error.
	other := anchors[0]
	other.VersionID = 999
	if _, err := c.Carry(ctx, v3, []anchor.Anchor{other}); report.ErrorCode(err) != report.EINVALID {
		t.Errorf("foreign anchor: %v", err)
	}
}

// TestCarryShared carries from several goroutines through one Carrier, over more versions than
// it keeps, and gets the same answers as a Carrier of its own would.
func TestCarryShared(t *testing.T) {
	ctx := context.Background()
	h := &history{wid: 1}
	text := []string{p1, p2, p3, p4, p5}
	h.add(doc(text...))
	for k := range 80 {
		text[1+k%3] = strings.Replace(text[1+k%3], "，", fmt.Sprintf("，第%d次修改，", k), 1)
		h.add(doc(text...))
	}
	first, last := h.versions[0], h.versions[len(h.versions)-1]
	as := []anchor.Anchor{at(t, first, 1, "一般公共预算收入完成42.6亿元"), at(t, first, 2, "新开工亿元以上项目58个"), at(t, first, 3, "城镇新增就业1.2万人")}
	want, err := h.carrier().Carry(ctx, last, as)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range want {
		if l.State != anchor.Exact || l.Anchor.Quote != l.Old {
			t.Errorf("after 80 versions: %+v", l)
		}
	}
	shared := h.carrier()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := g; k < len(h.versions); k += 3 {
				got, err := shared.Carry(ctx, h.versions[k], as)
				if err != nil {
					errs <- err
					return
				}
				if k == len(h.versions)-1 && !reflect.DeepEqual(got, want) {
					errs <- fmt.Errorf("shared carrier: %+v, want %+v", got, want)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
