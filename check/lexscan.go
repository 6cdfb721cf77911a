package check

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// scanLexicon runs every word-list rule over block i in one pass: misused words, formulations,
// empty phrases, and the counts that indicators and overuse need later.
func (c *checker) scanLexicon(i int, t string) {
	var exact [][2]int // byte spans of formulations written exactly
	type anchor struct {
		at int
		p  *pattern
	}
	var anchors []anchor
	c.lex.match(t, func(at int, p *pattern) {
		switch p.kind {
		case patMisused:
			// A wrong form read across word boundaries is no wrong form: 形成|积极, 预防|犯罪.
			if rt := c.decoded(t); true {
				k := sort.SearchInts(rt.off, at)
				if c.straddled(rt.r, k, k+runeLen(p.s)) {
					return
				}
			}
			w := c.lex.misused[p.idx]
			msg := "“" + w.Wrong + "”应为“" + w.Right + "”"
			if w.Note != "" {
				msg += "（" + w.Note + "）"
			}
			c.add("word-misused", i, at, at+len(p.s), msg, w.Right)
		case patFormula:
			exact = append(exact, [2]int{at, at + len(p.s)})
		case patAnchor:
			anchors = append(anchors, anchor{at, p})
		case patEmpty:
			c.add("style-empty", i, at, at+len(p.s), "“"+p.s+"”是套话，能否用具体的事实和数据代替", "")
		case patIndicator:
			c.noteIndicator(i, t, at, p)
		case patUsage:
			c.usage(i, t, at, p.s)
		case patTime:
			c.garble(i, t, at, p.s)
		case patPending:
			c.pending(i, t, at, p.s)
		case patOveruse:
			if c.overuse == nil {
				c.overuse, c.overOff = map[int][]int{}, map[int][]int{}
			}
			c.overuse[p.idx] = append(c.overuse[p.idx], i)
			c.overOff[p.idx] = append(c.overOff[p.idx], at)
		}
	})
	if len(anchors) > 0 {
		rt := c.decoded(t)
		seen := map[[2]int]bool{}
		for _, a := range anchors {
			k := sort.SearchInts(rt.off, a.at)
			c.nearMiss(i, rt, k, a.p, exact, seen)
		}
	}
}

// nearMiss aligns formulation p.idx around the anchor found at rune k and reports a text that is
// one or two edits away from it. Edits touching a Chinese numeral mean another phrase of the same
// family ("二十届三中全会精神"), and edits of punctuation alone are a matter of style.
func (c *checker) nearMiss(i int, rt *runeText, k int, p *pattern, exact [][2]int, seen map[[2]int]bool) {
	f := c.lex.formulas[p.idx]
	d, m := f.maxDist, len(f.runes)
	ws := max(0, k-p.off-d)
	we := min(len(rt.r), k-p.off+m+d)
	if we-ws < m-d {
		return
	}
	win := rt.r[ws:we]
	n := len(win)
	// Semi-global alignment: the whole formulation against any substring of the window.
	D := make([][]int, m+1)
	for a := range D {
		D[a] = make([]int, n+1)
		D[a][0] = a
	}
	for a := 1; a <= m; a++ {
		for b := 1; b <= n; b++ {
			cost := 1
			if f.runes[a-1] == win[b-1] {
				cost = 0
			}
			D[a][b] = min(D[a-1][b-1]+cost, D[a-1][b]+1, D[a][b-1]+1)
		}
	}
	best, end := d+1, -1
	for b := 0; b <= n; b++ {
		if D[m][b] < best || D[m][b] == best && end >= 0 && abs(b-(k-p.off+m-ws)) < abs(end-(k-p.off+m-ws)) {
			best, end = D[m][b], b
		}
	}
	if best == 0 || best > d || end < 0 {
		return
	}
	// Trace back to find where the match starts and what the edits touch.
	a, b := m, end
	numeral, substantive := false, false
	onlyLink := true // every edit drops or adds a linking word: 统筹发展安全
	link := func(r rune) bool { return strings.ContainsRune("和与及的、", r) }
	edits := map[int]bool{} // window positions an edit touches
	for a > 0 {
		switch {
		case b > 0 && D[a][b] == D[a-1][b-1] && f.runes[a-1] == win[b-1]:
			a, b = a-1, b-1
		case b > 0 && D[a][b] == D[a-1][b-1]+1:
			edits[b-1] = true
			numeral = numeral || chineseNumeral(f.runes[a-1]) || chineseNumeral(win[b-1])
			substantive, onlyLink = true, false
			a, b = a-1, b-1
		case D[a][b] == D[a-1][b]+1:
			edits[b], edits[b-1] = true, true
			numeral = numeral || chineseNumeral(f.runes[a-1])
			substantive = substantive || isHan(f.runes[a-1]) || isDigit(f.runes[a-1])
			onlyLink = onlyLink && link(f.runes[a-1])
			a--
		default:
			edits[b-1] = true
			numeral = numeral || chineseNumeral(win[b-1])
			substantive = substantive || isHan(win[b-1]) || isDigit(win[b-1])
			onlyLink = onlyLink && link(win[b-1])
			b--
		}
	}
	start := b
	if numeral || !substantive || start >= end {
		return
	}
	// A text two edits away that leaves the formulation at its first or last character is another phrase
	// sharing words with it (“党的二十大和二十届历次全会以及中央…”), not a misspelling.
	if best == 2 && (win[start] != f.runes[0] || win[end-1] != f.runes[m-1]) {
		return
	}
	// Whole terms on word boundaries: an edit at the edge of the match that makes a word with the
	// text beyond it means the text is another, longer term (社会主义核心价值体系).
	if c.edgeWord(rt.r, ws+start, ws+end, func(p int) bool { return edits[p-ws] }) {
		return
	}
	s, e := rt.off[ws+start], rt.off[ws+end]
	for _, x := range exact {
		if x[0] < e && s < x[1] {
			return
		}
	}
	key := [2]int{s, p.idx}
	if seen[key] {
		return
	}
	seen[key] = true
	sev := Error
	if best == 2 || onlyLink {
		sev = Warning
	}
	c.addWith("formula-near", sev, i, s, e, "规范提法应为“"+f.s+"”", f.s)
}

// edgeWord tells whether a dictionary word crosses the start or the end of rs[s:e] and contains
// an edited character.
func (c *checker) edgeWord(rs []rune, s, e int, edited func(int) bool) bool {
	for l := 2; l <= 4; l++ {
		for p := e - l + 1; p < e; p++ { // words starting inside, ending outside
			if p >= s && p+l <= len(rs) && isHan(rs[e]) && c.word(rs[p:p+l]) && anyEdited(p, e, edited) {
				return true
			}
		}
		for p := s - l + 1; p < s; p++ { // words starting outside, ending inside
			if p >= 0 && p+l <= e && isHan(rs[s-1]) && c.word(rs[p:p+l]) && anyEdited(s, p+l, edited) {
				return true
			}
		}
	}
	return false
}

func anyEdited(a, b int, edited func(int) bool) bool {
	for p := a; p < b; p++ {
		if edited(p) {
			return true
		}
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// usageWords start the word-usage checks: pairs right or wrong by what follows them.
var usageWords = []string{"截止", "截至", "必需", "必须品", "做出", "制订", "权利清单", "合法权力", "公民权力", "消费者权力", "劳动者权力"}

// usage is word-usage for the word w found at byte at of block i.
func (c *checker) usage(i int, t string, at int, w string) {
	rest := t[at+len(w):]
	switch w {
	case "截止": // 截至 is "up to (a time)": 截至年底; 截止 is "to end": 截止日期, 报名截止.
		if startsDate(rest) {
			c.add("word-usage", i, at, at+len(w), "表示“到某时为止”应用“截至”", "截至")
		}
	case "截至":
		if rest == "" || strings.HasPrefix(rest, "日期") || strings.HasPrefix(rest, "时间") || strings.HasPrefix(rest, "。") {
			c.add("word-usage", i, at, at+len(w), "表示“结束”应用“截止”", "截止")
		}
	case "必需": // 必需 is "needed" (必需品, 必需的); 必须 is "must".
		r, _ := utf8.DecodeRuneInString(rest)
		if isHan(r) && !strings.ContainsRune("品的之", r) {
			c.add("word-usage", i, at, at+len(w), "表示“一定要”应用“必须”", "必须")
		}
	case "必须品":
		c.add("word-usage", i, at, at+len(w), "应为“必需品”", "必需品")
	case "做出": // 作出 goes with abstract objects (决定、贡献、部署), 做出 with things made.
		for _, o := range []string{"贡献", "决定", "决策", "部署", "安排", "努力", "批示", "指示", "承诺", "规定", "评价", "判断", "选择", "表率", "重要", "重大", "积极", "新的"} {
			if strings.HasPrefix(rest, o) || strings.HasPrefix(rest, "了"+o) {
				c.add("word-usage", i, at, at+len(w), "“"+o+"”等抽象事物前用“作出”", "作出")
				return
			}
		}
	case "制订": // 制定 laws and policies; 制订 is drafting a plan.
		for _, o := range []string{"政策", "法律", "法规", "规章", "条例", "标准", "战略", "制度"} {
			if strings.HasPrefix(rest, o) || strings.HasPrefix(rest, "出台"+o) {
				c.add("word-usage", i, at, at+len(w), "制定政策、法规、标准用“制定”", "制定")
				return
			}
		}
	case "权利清单": // 权力 is authority (权力清单), 权利 is entitlement (合法权利).
		c.add("word-usage", i, at, at+len("权利"), "政府的职权清单是“权力清单”", "权力")
	default:
		s := at + len(w) - len("权力")
		c.add("word-usage", i, s, at+len(w), "享有的利益是“权利”", "权利")
	}
}

// startsDate tells whether s begins with a time: 2024年, 目前, 年底, 去年, 6月.
func startsDate(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if isDigit(r) || numeralValue(r) > 0 || r == '〇' {
		return true
	}
	for _, w := range []string{"目前", "当前", "今年", "去年", "上年", "本年", "年底", "年末", "月底", "发稿", "统计", "现在", "明年", "前年", "本月", "上月", "当日", "今天"} {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}
