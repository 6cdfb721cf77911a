// Package figures is qicao's 数据指标: finding the placeholders writers type for figures
// (【地区生产总值增速】, 【待填：规上工业增加值增速｜统计局】, XX%【…】), reading and checking values
// against an indicator's unit, putting current values into the text (the 填充稿), and the
// consistency rules of the 数据 family. It does no I/O but reading and writing the .xlsx
// template departments fill.
package figures

import (
	"strings"
	"unicode"

	"qicao/report"
)

// Placeholder is a figure to be filled, found in a document.
type Placeholder struct {
	Block   int    // index into doc.Blocks
	BlockID string //
	Start   int    // rune offsets into the block's text: the whole placeholder, tag included
	End     int
	Text    string // the placeholder as written
	Name    string // the indicator's name from the tag, normalised
	Owner   string // the department named in the tag, if any
	Unit    string // the unit written after the marks or the number: %, 亿元
	Number  string // the number written before the tag (last year's figure, marked), if any
}

// Problem is something in the text that looks like a figure placeholder but cannot be bound.
type Problem struct {
	Block   int
	BlockID string
	Start   int // rune offsets
	End     int
	Text    string
	Message string
}

// Find lists the placeholders of doc in document order, and what looks like one but cannot be
// bound (a tag without a name, XX% without a tag).
func Find(doc *report.Document) ([]Placeholder, []Problem) {
	var ps []Placeholder
	var probs []Problem
	for i := range doc.Blocks {
		p, q := findIn([]rune(doc.Blocks[i].Text))
		for j := range p {
			p[j].Block, p[j].BlockID = i, doc.Blocks[i].ID
		}
		for j := range q {
			q[j].Block, q[j].BlockID = i, doc.Blocks[i].ID
		}
		ps = append(ps, p...)
		probs = append(probs, q...)
	}
	return ps, probs
}

func isMark(r rune) bool {
	return r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ' || r == '×' || r == '□' || r == '＊' || r == '*'
}

func isOpen(r rune) bool  { return r == '【' || r == '〖' || r == '[' || r == '［' }
func isClose(r rune) bool { return r == '】' || r == '〗' || r == ']' || r == '］' }

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

func isLatin(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || r == '_') }

func isSpace(r rune) bool { return r == ' ' || r == '\u3000' || r == '\t' || r == '\u00a0' }

// unitRunes may make up a unit after a number or placeholder marks.
const unitRunes = "%％‰亿万千元个项家人户吨公里亩平方米瓦次所座条名件辆套百分点倍天元"

// findIn scans one block's runes.
func findIn(rs []rune) ([]Placeholder, []Problem) {
	var ps []Placeholder
	var probs []Problem
	add := func(start, tagStart, tagEnd int, unit, number string) bool {
		name, owner, ok := parseTag(rs[tagStart+1 : tagEnd-1])
		if !ok {
			return false
		}
		text := string(rs[start:tagEnd])
		if name == "" {
			probs = append(probs, Problem{Start: start, End: tagEnd, Text: text, Message: "占位符“" + text + "”没有写指标名称，无法绑定；请写成【待填：指标名称｜责任单位】"})
			return true
		}
		ps = append(ps, Placeholder{Start: start, End: tagEnd, Text: text, Name: name, Owner: owner, Unit: unit, Number: number})
		return true
	}
	for k := 0; k < len(rs); k++ {
		r := rs[k]
		switch {
		case isMark(r) && (k == 0 || !isLatin(rs[k-1]) && !isDigit(rs[k-1])):
			e := k
			for e < len(rs) && (isMark(rs[e]) || (rs[e] == '.' || rs[e] == '．') && e+1 < len(rs) && isMark(rs[e+1]) && e > k) {
				e++
			}
			if e < len(rs) && isLatin(rs[e]) {
				k = e - 1
				continue // a word such as XXL
			}
			u := unitEnd(rs, e)
			unit := NormalizeUnit(string(rs[e:u]))
			if (r == '*' || r == '＊') && e-k == 1 && unit == "" {
				continue // a footnote mark
			}
			if r == '×' && e-k == 1 && unit == "" {
				continue
			}
			t := skipSpaces(rs, u)
			if t < len(rs) && isOpen(rs[t]) {
				if c := closeAt(rs, t); c > 0 && add(k, t, c+1, unit, "") {
					k = c
					continue
				}
			}
			if e-k >= 2 || unit != "" {
				text := string(rs[k:u])
				probs = append(probs, Problem{Start: k, End: u, Text: text, Message: "占位符“" + text + "”后面没有【指标名称】，无法绑定到数据指标"})
			}
			k = u - 1
		case isDigit(r) && (k == 0 || !isDigit(rs[k-1]) && rs[k-1] != '.' && !isLatin(rs[k-1])):
			e := numberEnd(rs, k)
			u := unitEnd(rs, e)
			t := skipSpaces(rs, u)
			if t < len(rs) && isOpen(rs[t]) {
				if c := closeAt(rs, t); c > 0 && add(k, t, c+1, NormalizeUnit(string(rs[e:u])), normalizeDigits(string(rs[k:e]))) {
					k = c
					continue
				}
			}
			k = e - 1
		case isOpen(r):
			if c := closeAt(rs, k); c > 0 {
				if add(k, k, c+1, "", "") {
					k = c
				}
			}
		}
	}
	return ps, probs
}

// numberEnd is the end of a decimal number (with thousands commas) starting at k.
func numberEnd(rs []rune, k int) int {
	for k < len(rs) {
		switch {
		case isDigit(rs[k]):
		case (rs[k] == '.' || rs[k] == '．') && k+1 < len(rs) && isDigit(rs[k+1]):
		case rs[k] == ',' && k+3 < len(rs) && isDigit(rs[k+1]) && isDigit(rs[k+2]) && isDigit(rs[k+3]):
		default:
			return k
		}
		k++
	}
	return k
}

// unitEnd is the end of a unit starting at e (after optional spaces), e itself when none.
func unitEnd(rs []rune, e int) int {
	u := skipSpaces(rs, e)
	start := u
	for u < len(rs) && u-start < 6 && strings.ContainsRune(unitRunes, rs[u]) {
		u++
	}
	if u == start {
		return e
	}
	return u
}

func skipSpaces(rs []rune, k int) int {
	for k < len(rs) && isSpace(rs[k]) {
		k++
	}
	return k
}

// closeAt returns the index of the bracket closing the one at k, -1 when there is none within
// a tag's length or another one opens first.
func closeAt(rs []rune, k int) int {
	for e := k + 1; e < len(rs) && e-k <= 60; e++ {
		if isClose(rs[e]) {
			return e
		}
		if isOpen(rs[e]) || rs[e] == '\n' {
			return -1
		}
	}
	return -1
}

// pendingPrefixes open a tag that asks for a value: 【待填：…】.
var pendingPrefixes = []string{"待填写", "待填", "待补充", "待补", "待核实", "待核", "待定", "待更新", "数据", "填"}

// parseTag reads a tag's content: the name and the owner. ok is false for brackets that are not
// a figure tag (a sentence, a citation [1]).
func parseTag(in []rune) (name, owner string, ok bool) {
	s := strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\u3000' || r == '\u00a0' {
			return ' '
		}
		return r
	}, string(in)))
	if strings.ContainsAny(s, "。；！？\n") || strings.Count(s, "，") > 1 {
		return "", "", false
	}
	if s != "" && strings.IndexFunc(s, func(r rune) bool { return !isDigit(r) && !isSpace(r) && r != ',' && r != '-' }) < 0 {
		return "", "", false // a citation such as [1]
	}
	for _, p := range pendingPrefixes {
		if strings.HasPrefix(s, p) {
			s = strings.TrimSpace(s[len(p):])
			s = strings.TrimLeft(s, "：: ")
			break
		}
	}
	// the owner after a bar or a slash: 规上工业增加值增速｜统计局
	if i := strings.LastIndexAny(s, "｜|／/"); i >= 0 {
		_, size := firstRune(s[i:])
		owner = strings.TrimSpace(s[i+size:])
		s = strings.TrimSpace(s[:i])
	} else if strings.HasSuffix(s, "）") || strings.HasSuffix(s, ")") {
		// or in brackets: 规上工业增加值增速（统计局）
		if i := strings.LastIndexAny(s, "（("); i > 0 {
			inner := strings.TrimRight(s[i:], "）)")
			_, size := firstRune(inner)
			if o := strings.TrimSpace(inner[size:]); isUnitName(o) {
				owner = o
				s = strings.TrimSpace(s[:i])
			}
		}
	} else if i := strings.LastIndex(s, "，"); i >= 0 {
		owner = strings.TrimSpace(s[i+len("，"):])
		s = strings.TrimSpace(s[:i])
	}
	for _, p := range []string{"责任单位：", "责任单位:", "责任单位"} {
		owner = strings.TrimPrefix(owner, p)
	}
	return NormalizeName(s), strings.TrimSpace(owner), true
}

// isUnitName guesses whether a bracketed word is a department: 统计局, 发改委, 住建局.
func isUnitName(s string) bool {
	for _, suf := range []string{"局", "委", "办", "厅", "部", "院", "中心", "公司", "署", "会", "站", "所"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			n := len(string(r))
			return r, n
		}
	}
	return 0, 0
}

// NormalizeName makes indicator names typed differently compare equal: no spaces, full-width
// letters and digits as ASCII.
func NormalizeName(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch {
		case isSpace(r) || r == '“' || r == '”' || r == '"':
			continue
		case r >= '０' && r <= '９' || r >= 'Ａ' && r <= 'Ｚ' || r >= 'ａ' && r <= 'ｚ':
			r -= 0xFEE0
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// Sentence is the sentence around runes [start, end) of text: what a department reads to see
// where its figure stands.
func Sentence(text string, start, end int) string {
	return SentenceRunes([]rune(text), start, end)
}

// SentenceRunes is Sentence on a paragraph already decoded.
func SentenceRunes(rs []rune, start, end int) string {
	start, end = max(0, min(start, len(rs))), max(0, min(end, len(rs)))
	a := start
	for a > 0 && !strings.ContainsRune("。；！？\n", rs[a-1]) && start-a < 120 {
		a--
	}
	b := end
	for b < len(rs) && end-b > -120 {
		b++
		if strings.ContainsRune("。；！？\n", rs[b-1]) {
			break
		}
	}
	return strings.TrimSpace(string(rs[a:b]))
}

// FigureAt returns the end (a rune offset) of the figure that starts at rune offset start of
// text: a number with its unit ("386.5亿元", "6%左右" reads as "6%"), or a placeholder
// ("XX%【…】", "【…】"). It returns start when none starts there.
func FigureAt(text string, start int) int {
	rs := []rune(text)
	k := skipSpaces(rs, start)
	if k >= len(rs) {
		return start
	}
	if ps, _ := findIn(rs[k:min(len(rs), k+80)]); len(ps) > 0 && ps[0].Start == 0 {
		return k + ps[0].End
	}
	if isDigit(rs[k]) || rs[k] == '-' && k+1 < len(rs) && isDigit(rs[k+1]) {
		e := numberEnd(rs, k+1)
		return unitEnd(rs, e)
	}
	return start
}

// After finds the figure that follows the words a figure was bound after (prefix, the text
// before it in an earlier version) in a paragraph's text: the last words of prefix, up to lead
// runes and never across another figure, are looked for in text, the occurrence nearest the
// relative position at (0–1) first, longest first; the figure is the number or placeholder right
// after them. ok is false when none is found.
func After(text, prefix string, lead int, at float64) (start, end int, ok bool) {
	pre := []rune(prefix)
	k := len(pre)
	for k > 0 && len(pre)-k < lead && !isFigureRune(pre[k-1]) {
		k--
	}
	rs := []rune(text)
	for n := len(pre) - k; n >= 2; n-- {
		words := pre[len(pre)-n:]
		best, bestDist := -1, 2.0
		for i := 0; i+n <= len(rs); i++ {
			if !equalRunes(rs[i:i+n], words) {
				continue
			}
			e := FigureAt(text, i+n)
			if e <= i+n {
				continue
			}
			d := float64(i+n)/float64(max(len(rs), 1)) - at
			if d < 0 {
				d = -d
			}
			if d < bestDist {
				best, bestDist = i+n, d
			}
		}
		if best >= 0 {
			return best, FigureAt(text, best), true
		}
	}
	return 0, 0, false
}

// isFigureRune is true of what a figure or a placeholder is made of: the words before a figure
// stop there.
func isFigureRune(r rune) bool {
	return isDigit(r) || isMark(r) || isClose(r) || r == '%' || r == '％' || r == '.'
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
