package figures

import (
	"sort"
	"strings"

	"qicao/report"
)

// Use is a bound figure where it stands in one version's text.
type Use struct {
	BindingID int64
	Indicator *report.Indicator
	Block     int // index into doc.Blocks
	Start     int // rune offsets into the block's text
	End       int
	Quote     string // the text between Start and End
}

// Replacement is what the 填充稿 puts in place of a use's quote: the indicator's current value,
// with its unit when the quote carries one (XX%【…】, 6.2%, 【…】) and without it when the quote
// is a bare number whose unit follows in the text. ok is false while the figure is unfilled.
func Replacement(u Use) (string, bool) {
	ind := u.Indicator
	if ind == nil || ind.Value == "" {
		return "", false
	}
	quote := stripTag(u.Quote)
	if quote == "" || ind.Unit == "" || strings.HasSuffix(NormalizeUnit(quote), NormalizeUnit(ind.Unit)) || !IsNumeric(ind.Value) {
		return Display(ind), true
	}
	if _, u, ok := Stated(quote); ok && u != "" {
		return Display(ind), true // stated in another unit: write it in the register's
	}
	return ind.Value, true
}

// stripTag removes a trailing 【…】 tag and spaces from a quote.
func stripTag(q string) string {
	rs := []rune(strings.TrimSpace(q))
	if n := len(rs); n > 0 && isClose(rs[n-1]) {
		for k := n - 2; k >= 0; k-- {
			if isOpen(rs[k]) {
				rs = rs[:k]
				break
			}
		}
	}
	return strings.TrimSpace(string(rs))
}

// Fill returns a copy of doc with each filled use's quote replaced by its current value: the
// 填充稿. Unfilled figures keep their placeholder, so what is missing stays visible. Uses that
// overlap an earlier one in the same paragraph are skipped.
func Fill(doc *report.Document, uses []Use) *report.Document {
	out := *doc
	out.Blocks = append([]report.Block(nil), doc.Blocks...)
	byBlock := map[int][]Use{}
	for _, u := range uses {
		if u.Block >= 0 && u.Block < len(doc.Blocks) {
			byBlock[u.Block] = append(byBlock[u.Block], u)
		}
	}
	for i, us := range byBlock {
		sort.SliceStable(us, func(a, b int) bool { return us[a].Start < us[b].Start })
		b := &out.Blocks[i]
		rs := []rune(b.Text)
		var sb strings.Builder
		pos := 0
		headEnd, labelEnd := b.HeadEnd, b.LabelEnd
		byteAt := func(k int) int { return len(string(rs[:k])) }
		for _, u := range us {
			if u.Start < pos || u.End > len(rs) || u.Start >= u.End {
				continue
			}
			rep, ok := Replacement(u)
			if !ok {
				continue
			}
			rep = dropRepeated(rep, string(rs[u.End:]))
			sb.WriteString(string(rs[pos:u.Start]))
			sb.WriteString(rep)
			delta := len(rep) - (byteAt(u.End) - byteAt(u.Start))
			if b.Kind == report.Heading && byteAt(u.Start) < b.HeadEnd {
				headEnd += delta
			}
			pos = u.End
		}
		sb.WriteString(string(rs[pos:]))
		b.Text = sb.String()
		if b.Kind == report.Heading {
			b.HeadEnd, b.LabelEnd = min(headEnd, len(b.Text)), labelEnd
		}
		if len(b.Rows) > 0 {
			b.Rows = rows(b.Text, b.Rows)
		}
	}
	return &out
}

// rows splits a table's text back into its cells when it still has the shape of old.
func rows(text string, old [][]string) [][]string {
	lines := strings.Split(text, "\n")
	if len(lines) != len(old) {
		return old
	}
	out := make([][]string, len(lines))
	for i, l := range lines {
		cells := strings.Split(l, "\t")
		if len(cells) != len(old[i]) {
			return old
		}
		out[i] = cells
	}
	return out
}

// dropRepeated drops the words a phrase value ends with when the text after the placeholder
// says them already: "6%左右" into "增长【…】左右" gives "增长6%左右", not "6%左右左右".
func dropRepeated(rep, after string) string {
	rs := []rune(rep)
	k := len(rs)
	for k > 0 && !isDigit(rs[k-1]) && !strings.ContainsRune(unitRunes, rs[k-1]) {
		k--
	}
	if tail := string(rs[k:]); tail != "" && strings.HasPrefix(after, tail) {
		return string(rs[:k])
	}
	return rep
}
