package consult

import (
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"qicao/report"
)

func comment(unit int64, block string, start, end int, text, proposal string) report.Comment {
	return report.Comment{UnitID: unit, VersionID: 1, BlockID: block, Start: start, End: end, Text: text, Proposal: proposal, State: report.CommentSent}
}

func TestGroups(t *testing.T) {
	cs := []report.Comment{
		0: comment(1, "pA", 0, 10, "建议增加乡村振兴的具体措施", "加快推进乡村全面振兴"),
		1: comment(2, "pA", 5, 12, "这里的表述不够准确", "全面推进乡村振兴"),
		2: comment(3, "pA", 20, 30, "建议补充数据来源", ""),
		3: comment(4, "pB", 0, 4, "建议增加乡村振兴的具体措施。", ""),
		4: comment(5, "", 0, 0, "全文篇幅偏长，建议压缩", ""),
		5: comment(6, "pA", 8, 11, "同意", "加快推进乡村全面振兴！"),
		6: comment(7, "pC", 0, 5, "数字有误", "增长5.2%"),
		7: comment(8, "pC", 5, 9, "相邻但不重叠", "增长6%"),
	}
	if got, want := SamePassage(cs), [][]int{{0, 1, 5}}; !reflect.DeepEqual(got, want) {
		t.Errorf("SamePassage = %v, want %v", got, want)
	}
	// 0 and 5 propose the same wording but for punctuation; 1 differs: one conflict of three.
	if got, want := Conflicts(cs), [][]int{{0, 1, 5}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Conflicts = %v, want %v", got, want)
	}
	same := []report.Comment{cs[0], cs[5]}
	if got := Conflicts(same); len(got) != 0 {
		t.Errorf("identical proposals conflict: %v", got)
	}
	// 0 and 3 ask the same thing on different passages, from different units.
	if got, want := NearDuplicates(cs), [][]int{{0, 3}}; !reflect.DeepEqual(got, want) {
		t.Errorf("NearDuplicates = %v, want %v", got, want)
	}
	// The same unit repeating itself is not a group of units.
	own := []report.Comment{comment(1, "pA", 0, 1, "建议增加具体措施", ""), comment(1, "pB", 0, 1, "建议增加具体措施", "")}
	if got := NearDuplicates(own); len(got) != 0 {
		t.Errorf("one unit's comments grouped: %v", got)
	}
	if s := Similarity("建议增加乡村振兴的具体措施", "建议增加乡村振兴具体措施"); s < 0.7 || s > 1 {
		t.Errorf("Similarity = %v", s)
	}
}

func TestNearDuplicatesScale(t *testing.T) {
	// 20,000 comments sharing common bigrams must not compare all pairs.
	cs := make([]report.Comment, 20000)
	for i := range cs {
		cs[i] = comment(int64(i%500), "pA", 0, 1, "建议进一步完善第"+strings.Repeat("一二三四五六七八九十"[i%10*3:i%10*3+3], 1+i%7)+"项表述", "")
	}
	start := time.Now()
	NearDuplicates(cs)
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("NearDuplicates on 20,000 comments took %v", d)
	}
}

func TestPlaceAndStatus(t *testing.T) {
	doc := &report.Document{Blocks: []report.Block{
		{ID: "p0", Kind: report.Paragraph, Text: "各位代表："},
		{ID: "h1", Kind: report.Heading, Text: "一、2026年工作回顾", Numbering: report.ChineseComma, Level: 1, LabelEnd: len("一、"), HeadEnd: len("一、2026年工作回顾")},
		{ID: "h2", Kind: report.Heading, Text: "（二）在项目建设上全面发力。加快…", Numbering: report.ChineseParen, Level: 2, LabelEnd: len("（二）"), HeadEnd: len("（二）在项目建设上全面发力。")},
		{ID: "p1", Kind: report.Paragraph, Text: "正文"},
	}}
	for block, want := range map[string]string{"p1": "一（二） 在项目建设上全面发力", "h1": "一 2026年工作回顾", "p0": "开头部分", "": "全文", "gone": "原文段落已删除"} {
		if got := Place(doc, block); got != want {
			t.Errorf("Place(%s) = %q, want %q", block, got, want)
		}
	}
	now := time.Date(2027, 1, 8, 0, 0, 0, 0, time.UTC)
	r := &report.Round{Deadline: now.Add(48 * time.Hour)}
	cases := []struct {
		rc   report.Recipient
		now  time.Time
		want Status
	}{
		{report.Recipient{}, now, NotViewed},
		{report.Recipient{ViewedAt: now}, now, Drafting},
		{report.Recipient{Drafts: 2}, now, Drafting},
		{report.Recipient{SentAt: now}, now.Add(96 * time.Hour), Answered},
		{report.Recipient{NoCommentAt: now}, now, NoComment},
		{report.Recipient{Drafts: 2}, now.Add(72 * time.Hour), Overdue},
		// a unit heard only at a seminar answered, late or not, even after an earlier 无意见
		{report.Recipient{Sent: 1}, now.Add(72 * time.Hour), AtSeminar},
		{report.Recipient{Sent: 2, Drafts: 1, NoCommentAt: now}, now, AtSeminar},
		{report.Recipient{Sent: 2, SentAt: now}, now, Answered},
	}
	for _, c := range cases {
		got := StatusOf(r, &c.rc, c.now)
		if got != c.want {
			t.Errorf("StatusOf(%+v) = %s, want %s", c.rc, got, c.want)
		}
		if replied := c.rc.Sent > 0 || c.rc.Answered(); got.Replied() != replied {
			t.Errorf("StatusOf(%+v).Replied() = %v", c.rc, got.Replied())
		}
	}
}

func TestSummaryAndRows(t *testing.T) {
	now := time.Now()
	r := &report.Round{Recipients: []report.Recipient{
		{UnitID: 1, SentAt: now}, {UnitID: 2, SentAt: now}, {UnitID: 3, NoCommentAt: now}, {UnitID: 4}, {UnitID: 5},
	}}
	cs := []report.Comment{
		comment(1, "pA", 0, 2, "意见一", "新表述"), comment(1, "pA", 3, 4, "意见二", ""),
		comment(2, "", 0, 0, "意见三", ""), comment(5, "pB", 0, 2, "座谈会意见", ""),
	}
	cs[0].Decision = &report.Decision{Kind: report.Adopted}
	cs[1].Decision = &report.Decision{Kind: report.Rejected, Reason: "与上级要求不符"}
	cs[2].Decision = &report.Decision{Kind: report.Reflected}
	cs[3].Seminar = true
	names := map[int64]string{1: "东城镇", 2: "西山乡", 3: "市财政局", 4: "市统计局", 5: "市教育局"}
	tally := Count(r, cs, func(id int64) string { return names[id] })
	want := "共向5个单位征求意见，3个单位反馈意见4条，1个单位无意见；采纳1条，部分采纳0条，未采纳1条，已体现1条，尚未处理1条；1个单位未反馈。"
	if got := tally.Summary(); got != want {
		t.Errorf("Summary = %q\nwant      %q", got, want)
	}
	if !reflect.DeepEqual(tally.Silent, []string{"市统计局"}) {
		t.Errorf("Silent = %v", tally.Silent)
	}
	// the recipients as the store reads them, counting the seminar opinion: the same summary,
	// and the same units answered as StatusOf says
	r.Recipients[0].Sent, r.Recipients[1].Sent, r.Recipients[4].Sent = 2, 1, 1
	if got := Count(r, cs, func(id int64) string { return names[id] }).Summary(); got != want {
		t.Errorf("Summary with the counts = %q", got)
	}
	if got := NewTally(r, func(id int64) string { return names[id] }); got.Answered != 3 || got.NoComment != 1 || len(got.Silent) != 1 {
		t.Errorf("before any comment: %d answered, %d 无意见, silent %v", got.Answered, got.NoComment, got.Silent)
	}
	replied := 0
	for i := range r.Recipients {
		if StatusOf(r, &r.Recipients[i], now).Replied() {
			replied++
		}
	}
	if replied != tally.Answered+tally.NoComment {
		t.Errorf("%d units replied by StatusOf, the summary says %d", replied, tally.Answered+tally.NoComment)
	}
	cs[0].Quote = "原来的表述"
	row := RowOf(1, &cs[0], "东城镇", "一（二）", "")
	if row.Revised != "新表述" || row.Decision != "采纳" || row.Original != "原来的表述" || !strings.Contains(row.Text, "建议修改为：新表述") {
		t.Errorf("row %+v", row)
	}
	row = RowOf(3, &cs[2], "西山乡", "全文", "")
	if row.Original != "（全文）" || row.Decision != "已体现" {
		t.Errorf("row %+v", row)
	}
	if row := RowOf(4, &cs[3], "市教育局", "x", ""); row.Unit != "市教育局（座谈会）" || row.Decision != "待处理" {
		t.Errorf("row %+v", row)
	}
	if len((&row).Cells()) != len(Header) {
		t.Error("cells and header differ in length")
	}
}

// TestOverlappingSweep: the sweep finds the groups that comparing every pair of ranges finds,
// empty ranges and ranges that merely touch included.
func TestOverlappingSweep(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 2027))
	for round := range 200 {
		cs := make([]report.Comment, 1+rng.IntN(60))
		for i := range cs {
			start := rng.IntN(40)
			proposal := ""
			if rng.IntN(2) == 0 {
				proposal = "改"
			}
			cs[i] = comment(int64(i), []string{"", "pA", "pB"}[rng.IntN(3)], start, start+rng.IntN(6), "意见", proposal)
			cs[i].VersionID = int64(1 + rng.IntN(2))
		}
		for _, keep := range []func(c *report.Comment) bool{
			func(c *report.Comment) bool { return true },
			func(c *report.Comment) bool { return c.Proposal != "" },
		} {
			// every pair, as the groups are defined
			var idx []int
			for i := range cs {
				if cs[i].BlockID != "" && keep(&cs[i]) {
					idx = append(idx, i)
				}
			}
			sort.SliceStable(idx, func(x, y int) bool {
				a, b := &cs[idx[x]], &cs[idx[y]]
				if a.VersionID != b.VersionID {
					return a.VersionID < b.VersionID
				}
				if a.BlockID != b.BlockID {
					return a.BlockID < b.BlockID
				}
				return a.Start < b.Start
			})
			uf := newUnion(len(cs))
			for _, i := range idx {
				for _, j := range idx {
					a, b := &cs[i], &cs[j]
					if a.VersionID == b.VersionID && a.BlockID == b.BlockID && a.Start < max(b.End, b.Start+1) && b.Start < max(a.End, a.Start+1) {
						uf.join(i, j)
					}
				}
			}
			if got, want := overlapping(cs, keep), uf.groups(idx); !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d: the sweep groups %v, every pair %v", round, got, want)
			}
		}
	}
}
