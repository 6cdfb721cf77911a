// Package consult is the comment round's (征求意见) logic that is neither storage nor HTTP: which
// comments speak of the same passage, which say the same thing in other words, which propose
// different wordings for one passage, where a comment sits in the report (稿件位置), each unit's
// status, the office's summary line and the rows of the 意见采纳情况表.
package consult

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"qicao/report"
)

// Status is where a recipient unit stands in a round, as the writers' table shows it.
type Status string

const (
	NotViewed Status = "未查看"
	Drafting  Status = "起草中"
	Answered  Status = "已反馈"
	AtSeminar Status = "已反馈（座谈会）" // its only opinions were voiced at a 座谈会
	NoComment Status = "无意见"
	Overdue   Status = "逾期未反馈"
)

// Replied reports whether a status is an answer to the round: comments sent by the unit or
// voiced at a seminar, or 无意见. It is the one definition of "answered" that the summary line,
// the recipients' table, its counts, the reminders and the table's 未反馈单位 share.
func (s Status) Replied() bool { return s == Answered || s == AtSeminar || s == NoComment }

// StatusOf is a recipient's status at time now. Opinions a writer entered from a seminar on the
// unit's behalf are an answer: the unit was heard, and is not to be chased for it. Such opinions
// are the only sent comments of a unit that has not sent itself (rc.Sent counts every sent
// comment, and a unit's own comments are sent only with its answer), so rc tells them apart. A
// seminar opinion outweighs an earlier 无意见, as in the summary line.
func StatusOf(r *report.Round, rc *report.Recipient, now time.Time) Status {
	switch {
	case !rc.SentAt.IsZero():
		return Answered
	case rc.Sent > 0:
		return AtSeminar
	case !rc.NoCommentAt.IsZero():
		return NoComment
	case now.After(r.Deadline):
		return Overdue
	case rc.Drafts > 0 || !rc.ViewedAt.IsZero():
		return Drafting
	}
	return NotViewed
}

// Place is where a block sits in a report, for the table's 稿件位置: the labels of the headings
// above it ("第一部分（二）"), followed by the nearest heading's title, shortened. A comment on the
// report as a whole is "全文".
func Place(doc *report.Document, blockID string) string {
	if blockID == "" || doc == nil {
		return "全文"
	}
	at := -1
	for i := range doc.Blocks {
		if doc.Blocks[i].ID == blockID {
			at = i
			break
		}
	}
	if at < 0 {
		return "原文段落已删除"
	}
	var labels [8]string
	var title string
	var deepest int
	for i := 0; i <= at; i++ {
		b := &doc.Blocks[i]
		if b.Kind != report.Heading || b.Level <= 0 || b.Level >= len(labels) {
			continue
		}
		labels[b.Level] = strings.TrimRight(b.Label(), "、.．")
		for l := b.Level + 1; l < len(labels); l++ {
			labels[l] = ""
		}
		title, deepest = b.Title(), b.Level
	}
	var sb strings.Builder
	for l := 1; l <= min(deepest, 2); l++ {
		sb.WriteString(labels[l])
	}
	if deepest > 0 {
		title = strings.TrimRight(title, "。；;")
		sb.WriteString(" ")
		sb.WriteString(shorten(title, 16))
	}
	if sb.Len() == 0 {
		return "开头部分"
	}
	return sb.String()
}

// shorten cuts s to n characters with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// SamePassage groups the comments whose passages overlap in the same paragraph (a whole-report
// comment overlaps nothing). It returns groups of two or more indices into cs, in text order.
func SamePassage(cs []report.Comment) [][]int {
	return overlapping(cs, func(c *report.Comment) bool { return true })
}

// Conflicts groups comments that propose different wordings for overlapping passages of the
// same paragraph: the writers must choose. Identical proposals do not conflict.
func Conflicts(cs []report.Comment) [][]int {
	var groups [][]int
	for _, g := range overlapping(cs, func(c *report.Comment) bool { return c.Proposal != "" }) {
		seen := map[string]bool{}
		var with []int
		for _, i := range g {
			if p := normalize(cs[i].Proposal); p != "" {
				seen[p] = true
				with = append(with, i)
			}
		}
		if len(seen) > 1 {
			groups = append(groups, with)
		}
	}
	return groups
}

// overlapping unites the comments keep accepts of the same version and paragraph whose ranges
// overlap (an empty range covers its one position), then lists the groups of two or more.
func overlapping(cs []report.Comment, keep func(c *report.Comment) bool) [][]int {
	idx := make([]int, 0, len(cs))
	for i := range cs {
		if cs[i].BlockID != "" && keep(&cs[i]) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(x, y int) int {
		a, b := &cs[x], &cs[y]
		return cmp.Or(cmp.Compare(a.VersionID, b.VersionID), strings.Compare(a.BlockID, b.BlockID), cmp.Compare(a.Start, b.Start))
	})
	// Ranges in the order of their starts overlap one of those before them exactly when they
	// start before the furthest end so far: one sweep, where comparing every pair of a
	// paragraph 2,000 comments point into would be millions.
	uf := newUnion(len(cs))
	end := 0
	for x := range idx {
		a := &cs[idx[x]]
		if x > 0 {
			p := &cs[idx[x-1]]
			if p.VersionID == a.VersionID && p.BlockID == a.BlockID && a.Start < end {
				uf.join(idx[x-1], idx[x])
				end = max(end, a.End, a.Start+1)
				continue
			}
		}
		end = max(a.End, a.Start+1)
	}
	return uf.groups(idx)
}

// NearDuplicateThreshold is the character-bigram Jaccard similarity from which two comments of
// different units count as asking the same thing.
const NearDuplicateThreshold = 0.5

// NearDuplicates groups comments of different units that say nearly the same thing, by the
// Jaccard similarity of their texts' character bigrams (punctuation and spaces ignored), wherever
// they point. Candidates come from an index of bigrams in which a bigram shared by more than 64
// comments is not followed, so the work stays near linear in the number of comments.
func NearDuplicates(cs []report.Comment) [][]int {
	sets := make([]map[string]bool, len(cs))
	index := map[string][]int{}
	for i := range cs {
		sets[i] = Bigrams(cs[i].Text + " " + cs[i].Proposal)
		for g := range sets[i] {
			index[g] = append(index[g], i)
		}
	}
	uf := newUnion(len(cs))
	shared := map[int]int{}
	for i := range cs {
		clear(shared)
		for g := range sets[i] {
			list := index[g]
			if len(list) > 64 {
				continue
			}
			for _, j := range list {
				if j > i && cs[j].UnitID != cs[i].UnitID {
					shared[j]++
				}
			}
		}
		for j, n := range shared {
			union := len(sets[i]) + len(sets[j]) - n
			if union > 0 && float64(n)/float64(union) >= NearDuplicateThreshold {
				uf.join(i, j)
			}
		}
	}
	all := make([]int, len(cs))
	for i := range all {
		all[i] = i
	}
	return uf.groups(all)
}

// Similarity is the Jaccard similarity of two texts' character bigrams.
func Similarity(a, b string) float64 {
	x, y := Bigrams(a), Bigrams(b)
	if len(x) == 0 && len(y) == 0 {
		return 1
	}
	n := 0
	for g := range x {
		if y[g] {
			n++
		}
	}
	return float64(n) / float64(len(x)+len(y)-n)
}

// Bigrams is the set of adjacent character pairs of s, letters and digits only.
func Bigrams(s string) map[string]bool {
	rs := []rune(normalize(s))
	set := make(map[string]bool, len(rs))
	if len(rs) == 1 {
		set[string(rs)] = true
	}
	for i := 0; i+1 < len(rs); i++ {
		set[string(rs[i:i+2])] = true
	}
	return set
}

// normalize keeps letters and digits, so that punctuation and spacing do not make two wordings
// differ.
func normalize(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

type union []int

func newUnion(n int) union {
	u := make(union, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u union) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u union) join(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra < rb {
		u[rb] = ra
	} else if rb < ra {
		u[ra] = rb
	}
}

// groups lists the sets of two or more among members, each in the order of members, the sets in
// the order of their first member.
func (u union) groups(members []int) [][]int {
	by := map[int][]int{}
	var order []int
	for _, i := range members {
		r := u.find(i)
		if len(by[r]) == 0 {
			order = append(order, r)
		}
		by[r] = append(by[r], i)
	}
	var gs [][]int
	for _, r := range order {
		if len(by[r]) > 1 {
			gs = append(gs, by[r])
		}
	}
	return gs
}

// Tally is what the summary line counts.
type Tally struct {
	Invited   int // units asked
	Answered  int // units that sent comments
	NoComment int // units that replied 无意见
	Comments  int // comments sent
	Decided   map[report.DecisionKind]int
	Undecided int
	Silent    []string // units that never answered, by name

	round    *report.Round
	unitName func(int64) string
	answered map[int64]bool
}

// Count tallies a round: its recipients, its sent comments and the unit names.
func Count(r *report.Round, cs []report.Comment, unitName func(int64) string) Tally {
	t := NewTally(r, unitName)
	for i := range cs {
		t.Add(&cs[i])
	}
	return *t
}

// NewTally starts the tally of a round from its recipients; Add then counts the comments one
// at a time, so that a table streamed from the database can end with its summary line.
func NewTally(r *report.Round, unitName func(int64) string) *Tally {
	t := &Tally{Invited: len(r.Recipients), Decided: map[report.DecisionKind]int{}, round: r, unitName: unitName,
		answered: map[int64]bool{}}
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		// the time does not matter: whether a unit answered does not change with the deadline
		switch StatusOf(r, rc, time.Time{}) {
		case Answered, AtSeminar:
			t.Answered++
			t.answered[rc.UnitID] = true
		case NoComment:
			t.NoComment++
		default:
			t.Silent = append(t.Silent, unitName(rc.UnitID))
		}
	}
	return t
}

// Add counts one comment; drafts are not counted. A seminar opinion makes its unit one that
// answered even when the unit sent nothing itself, as StatusOf says; the recipients' counts
// already say so when they were read with the comments, and Add agrees when they were not.
func (t *Tally) Add(c *report.Comment) {
	if c.State != report.CommentSent {
		return
	}
	t.Comments++
	if c.Decision == nil {
		t.Undecided++
	} else {
		t.Decided[c.Decision.Kind]++
	}
	if t.answered[c.UnitID] {
		return
	}
	t.answered[c.UnitID] = true
	if rc := t.round.Recipient(c.UnitID); rc != nil && rc.SentAt.IsZero() {
		t.Answered++
		if !rc.NoCommentAt.IsZero() {
			t.NoComment--
		} else {
			t.Silent = remove(t.Silent, t.unitName(c.UnitID))
		}
	}
}

func remove(list []string, s string) []string {
	for i, x := range list {
		if x == s {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}

// Summary is the office's summary line: "共向N个单位征求意见，M个单位反馈意见K条，X个单位无意见；
// 采纳…条，部分采纳…条，未采纳…条，已体现…条", with the comments not yet handled when any.
func (t Tally) Summary() string {
	s := fmt.Sprintf("共向%d个单位征求意见，%d个单位反馈意见%d条，%d个单位无意见；采纳%d条，部分采纳%d条，未采纳%d条，已体现%d条",
		t.Invited, t.Answered, t.Comments, t.NoComment,
		t.Decided[report.Adopted], t.Decided[report.Partly], t.Decided[report.Rejected], t.Decided[report.Reflected])
	if t.Undecided > 0 {
		s += fmt.Sprintf("，尚未处理%d条", t.Undecided)
	}
	if len(t.Silent) > 0 {
		s += fmt.Sprintf("；%d个单位未反馈", len(t.Silent))
	}
	return s + "。"
}

// Row is one line of the 意见采纳情况表.
type Row struct {
	No       int    // 序号
	Unit     string // 提出单位
	Place    string // 稿件位置
	Original string // 原文
	Text     string // 意见内容
	Revised  string // 修改后表述
	Decision string // 处理情况
	Reason   string // 理由
}

// Header is the table's header row.
var Header = []string{"序号", "提出单位", "稿件位置", "原文", "意见内容", "修改后表述", "处理情况", "理由"}

// Cells is the row as the table's cells.
func (r *Row) Cells() []string {
	return []string{fmt.Sprint(r.No), r.Unit, r.Place, r.Original, r.Text, r.Revised, r.Decision, r.Reason}
}

// RowOf makes the table's row for a sent comment. revised is the passage's wording in a later
// version when known, else "" and an adopted proposal stands for it.
func RowOf(no int, c *report.Comment, unit, place, revised string) Row {
	row := Row{No: no, Unit: unit, Place: place, Original: c.Quote, Text: c.Text}
	if c.BlockID == "" {
		row.Original = "（全文）"
	}
	if c.Seminar {
		row.Unit += "（座谈会）"
	}
	if c.Proposal != "" {
		row.Text += "\n建议修改为：" + c.Proposal
	}
	if d := c.Decision; d != nil {
		row.Decision, row.Reason = d.Kind.Name(), d.Reason
		switch {
		case revised != "":
			row.Revised = revised
		case d.Kind == report.Adopted && c.Proposal != "":
			row.Revised = c.Proposal
		}
	} else {
		row.Decision = "待处理"
	}
	return row
}
