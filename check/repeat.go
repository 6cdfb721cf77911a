package check

import (
	"strings"
	"unicode/utf8"
)

func (c *checker) scanRepeat(i int, t string) {
	rt := c.decoded(t)
	rs, off := rt.r, rt.off
	nextNonSpace := func(k int) int {
		for k++; k < len(rs) && isSpace(rs[k]) && rs[k] != '\n'; k++ {
		}
		return k
	}
	for k := 0; k < len(rs); k++ {
		r := rs[k]
		if !isHan(r) {
			continue
		}
		n := nextNonSpace(k)
		if n >= len(rs) || rs[n] != r || chineseNumeral(r) {
			continue
		}
		if c.allowedDouble(rs, k, n) {
			k = n
			continue
		}
		sev := c.doubleSeverity(rs, k, n)
		if sev > 0 {
			c.addWith("repeat-char", sev, i, off[k], off[n+1], "“"+string(r)+"”字重复", string(r))
		}
		k = n
	}
	// A paragraph broken in two by a stray line break can repeat a character across the break.
	if i >= 0 && i+1 < len(c.doc.Blocks) && len(rs) > 0 && isHan(rs[len(rs)-1]) {
		nt := c.doc.Blocks[i+1].Text
		if r, size := utf8.DecodeRuneInString(nt); r == rs[len(rs)-1] && !chineseNumeral(r) && c.slipAcrossBreak(rs, nt) {
			c.add("repeat-char", i+1, 0, size, "“"+string(r)+"”字与上一行末尾重复", "")
		}
	}
	// Repeated words of two to four characters: "推动推动", "高质量高质量".
	for k := 0; k < len(rs); k++ {
		for l := 2; l <= 4 && k+2*l <= len(rs); l++ {
			if !sameRunes(rs[k:k+l], rs[k+l:k+2*l]) || !allHan(rs[k:k+l]) || rs[k] == rs[k+1] {
				continue
			}
			if rs[k] == '一' || chineseNumeral(rs[k]) && chineseNumeral(rs[k+l-1]) || c.inRedup(rs, k, 2*l) {
				continue
			}
			if a, b := hanWindow(rs, k, k+2*l, 5); !c.readsWorse(rs[a:b], rs[a:k+l], rs[k+2*l:b]) {
				continue
			}
			w := string(rs[k : k+l])
			c.add("repeat-word", i, off[k], off[k+2*l], "“"+w+"”重复", w)
			k += 2*l - 1
			break
		}
	}
}

func sameRunes(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func allHan(rs []rune) bool {
	for _, r := range rs {
		if !isHan(r) {
			return false
		}
	}
	return true
}

// allowedDouble tells a real reduplication (常常, 家家户户, 2024年年底) from a slip (从从).
func (c *checker) allowedDouble(rs []rune, k, n int) bool {
	r := rs[k]
	pair := string([]rune{r, r})
	// AABB: 实实在在, 的的确确; and the BB of it.
	if n+2 < len(rs) && rs[n+1] == rs[n+2] && rs[n+1] != r && isHan(rs[n+1]) {
		return true
	}
	if k >= 2 && rs[k-2] == rs[k-1] && rs[k-1] != r && isHan(rs[k-1]) {
		return true
	}
	// A unit after a number starts the next word: 2024年年底, 今年年初, 5月月末.
	if (r == '年' || r == '月' || r == '日' || r == '天') && k > 0 {
		p := rs[k-1]
		if isDigit(p) || chineseNumeral(p) || strings.ContainsRune("今去明全当每上本前后近历", p) {
			return true
		}
	}
	for _, w := range c.lex.redupLong[pair] {
		wr := []rune(w)
		at := strings.Index(w, pair)
		o := runeLen(w[:at])
		s := k - o
		if s >= 0 && s+len(wr) <= len(rs) && sameRunes(rs[s:s+len(wr)], wr) {
			return true
		}
	}
	return false
}

// doubleSeverity weighs "XX" that no pattern explains, by reading the text around it as words
// (see segment): when each X belongs to a word of two or more characters (艾滋病|病毒, 中国|国际,
// or one word as in 请|多多|支持) it is no slip. When an X is left standing alone (推进|进|改革,
// 各界|界|人士), it is: an error when the text reads cleanly otherwise, a warning when the X left
// over may stand as a word (更多|多|的, a verb or adjective), when an unknown name stands beside it
// (the dictionary cannot tell a place or firm it lacks from a slip), or when it is quoted.
func (c *checker) doubleSeverity(rs []rune, k, n int) Severity {
	x := rs[k]
	if c.nameDouble(rs, k, n) || n == k+1 && (abb(rs, k) || yiXX(rs, k)) {
		return 0
	}
	a, b := hanWindow(rs, k, n+1, 6)
	orig := append(append(make([]rune, 0, b-a), rs[a:k+1]...), rs[n:b]...)
	so := c.segment(orig)
	p := k - a
	single := func(q int) bool { return q >= 0 && q < len(orig) && so.starts[q] && so.starts[q+1] }
	if !single(p) && !single(p+1) {
		// Two words meet. A rare word of two characters must show itself elsewhere in the
		// document as a word of its own: 高质|质量 is no reading where 高质 only ever precedes 量.
		s1, e1 := so.span(p)
		s2, e2 := so.span(p + 1)
		if s1 == s2 && e1-s1 == 2 {
			// XX read as one word (请|多多|支持) is doubtful when a neighbour left alone makes a
			// word with one X (关切|查查|找 beside 查找, 更|多多 beside 更多).
			fx, _ := c.wordFreq(orig[p : p+2])
			rival := func(w []rune) bool { f, ok := c.wordFreq(w); return ok && f >= fx }
			if single(p-1) && rival(orig[p-1:p+1]) || single(p+2) && rival(orig[p+1:p+3]) || !c.trusted(orig[s1:e1], x, false) {
				return Warning
			}
			return 0
		}
		if s1 == s2 || c.trusted(orig[s1:e1], x, true) && c.trusted(orig[s2:e2], x, false) {
			return 0
		}
		// Or XX is a word of its own in another reading as short: 南山乡|人人|参与.
		if xx := orig[p : p+2]; c.word(xx) && c.trusted(xx, x, false) {
			return 0
		}
		return Warning
	}
	// A one-character verb with its aspect particle stands as a word: 工作|作了|安排.
	if single(p+1) && !single(p) && p+2 < len(orig) && strings.ContainsRune("了着过", orig[p+2]) {
		return 0
	}
	if c.insideQuote(rs, k) {
		return Warning
	}
	if single(p) && single(p+1) { // the same word twice: 的|的, 从|从
		return Error
	}
	for q := max(0, p-2); q <= p+3 && q < len(orig); q++ {
		if q != p && q != p+1 && single(q) && !freeSingle(orig[q]) {
			return Warning // an unknown name nearby
		}
	}
	if freeSingle(x) || charTag(x) == 'v' || charTag(x) == 'a' {
		return Warning
	}
	return Error
}

// trusted tells whether w, read as a word beside a doubled x, may be taken as one: a frequent
// word of the dictionary, a word of three or more characters, a word of the workspace lexicon,
// or a rare one the document also uses as a word elsewhere (final: w ends in x).
func (c *checker) trusted(w []rune, x rune, final bool) bool {
	if len(w) != 2 {
		return true
	}
	if f, ok := c.wordFreq(w); ok && f >= 5 {
		return true
	}
	return c.attested(string(w), x, final)
}

// yiXX recognises 一 before a doubled measure word, one after another (一座座, 一台台), where 一X
// is a word and 一 does not end a longer one (进一步步 is a slip).
func yiXX(rs []rune, k int) bool {
	return k > 0 && rs[k-1] == '一' && dictHas([]rune{'一', rs[k]}) && !(k >= 2 && isHan(rs[k-2]) && dictHas(rs[k-2:k+1]))
}

// readsWorse tells whether head+tail (the doubled text, head ending in the first X and tail
// starting with the second) needs more words than head+tail[1:]. orig, when given, is the doubled
// text itself (a repeated word passes head+copy+tail as orig, head+copy and tail).
func (c *checker) readsWorse(orig, head, tail []rune) bool {
	var del []rune
	if orig == nil {
		orig = append(append(make([]rune, 0, len(head)+len(tail)), head...), tail...)
		del = append(append(make([]rune, 0, len(head)+len(tail)), head...), tail[1:]...)
	} else {
		del = append(append(make([]rune, 0, len(head)+len(tail)), head...), tail...)
	}
	return c.segment(orig).words > c.segment(del).words
}

// slipAcrossBreak weighs a character that ends one block and starts the next.
func (c *checker) slipAcrossBreak(rs []rune, next string) bool {
	a, _ := hanWindow(rs, len(rs)-1, len(rs), 5)
	var tail []rune
	for _, r := range next {
		if !isHan(r) || len(tail) >= 6 {
			break
		}
		tail = append(tail, r)
	}
	return c.readsWorse(nil, rs[a:], tail)
}

// placeEnds are the characters that end the name of a place or a body; nameEnds the words that follow a name
// (of a place, a line, a mine or a firm).
const placeEnds = "省市县区州盟旗乡镇村屯寨港湾岛山河湖江峡矿会"

var nameEnds = []string{"铁路", "高铁", "城际", "高速", "公路", "大桥", "隧道", "机场", "煤矿", "矿业", "社区", "街道", "公司", "集团", "股份", "银行"}

// lineEnds name a transport line, which is named by the cities it joins.
var lineEnds = []string{"铁路", "高铁", "城际", "高速", "动车", "轨道", "快线", "航线"}

// surnames are common family names, before a doubled given name (王芳芳).
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"

// nameDouble recognises a double that belongs to a name: a place name whose last character starts
// the next word (示例县|县城), a name that is itself a double before what it names (丹丹煤矿, a line
// named by two cities), a doubled given name after a family name.
func (c *checker) nameDouble(rs []rune, k, n int) bool {
	x := rs[k]
	startsWord := func(p int) bool {
		for l := 2; l <= 4 && p+l <= len(rs); l++ {
			if c.word(rs[p : p+l]) {
				return true
			}
		}
		return false
	}
	if k > 0 && isHan(rs[k-1]) && strings.ContainsRune(placeEnds, x) && startsWord(n) {
		return true
	}
	after := string(rs[n+1 : min(len(rs), n+5)])
	for _, w := range nameEnds {
		if strings.HasPrefix(after, w) || len(after) > 3 && strings.HasPrefix(after[3:], w) && strings.ContainsRune(placeEnds+"站", []rune(after)[0]) {
			return true
		}
	}
	// A line named by the cities it joins, each by one character (宁杭|杭绍城际, 沪宁|宁杭甬高铁):
	// the second city's character, or two more cities', may stand between the double and the line.
	// Cities' characters pair into no common word (推进|进城铁路 is a slip).
	common := func(w []rune) bool { f, ok := c.wordFreq(w); return ok && f >= 9 }
	for l := 1; l <= 2 && n+1+l < len(rs) && k > 0 && isHan(rs[k-1]) && !common(rs[k-1:k+1]) && !common(rs[n:n+2]); l++ {
		if !allHan(rs[n+1 : n+1+l]) {
			break
		}
		rest := string(rs[n+1+l : min(len(rs), n+1+l+2)])
		for _, w := range lineEnds {
			if rest == w {
				return true
			}
		}
	}
	if k > 0 && strings.ContainsRune(surnames, rs[k-1]) && (k == 1 || !isHan(rs[k-2])) && !startsWord(n) {
		return true
	}
	return false
}

// insideQuote tells whether rune k lies within a short “…” in rs.
func (c *checker) insideQuote(rs []rune, k int) bool {
	for j := k - 1; j >= 0 && k-j < 12; j-- {
		if rs[j] == '”' || rs[j] == '。' {
			return false
		}
		if rs[j] == '“' {
			for e := k + 1; e < len(rs) && e-j < 14; e++ {
				if rs[e] == '”' {
					return true
				}
			}
			return false
		}
	}
	return false
}

// attested tells whether the two-character string w occurs elsewhere in the document as a word
// of its own: followed (final) or preceded (!final) by punctuation, or by at least two different
// characters other than x.
func (c *checker) attested(w string, x rune, final bool) bool {
	key := w
	if final {
		key += "$"
	}
	if v, ok := c.attest[key]; ok {
		return v
	}
	// Each look-up reads the whole document; a text made of nothing but doubles must not make
	// that quadratic, so past a few hundred look-ups a pair counts as no word.
	if len(c.attest) >= 256 {
		return false
	}
	if c.attest == nil {
		c.attest = map[string]bool{}
	}
	v := c.attestedScan(w, x, final)
	c.attest[key] = v
	return v
}

func (c *checker) attestedScan(w string, x rune, final bool) bool {
	if c.all == "" {
		var sb strings.Builder
		for i := range c.doc.Blocks {
			sb.WriteString(c.doc.Blocks[i].Text)
			sb.WriteByte('\n')
		}
		c.all = sb.String()
	}
	seen := rune(-1)
	for at := 0; ; {
		j := strings.Index(c.all[at:], w)
		if j < 0 {
			return false
		}
		s := at + j
		at = s + len(w)
		var r rune
		if final {
			r, _ = utf8.DecodeRuneInString(c.all[at:])
		} else {
			r, _ = utf8.DecodeLastRuneInString(c.all[:s])
		}
		switch {
		case r == x:
		case !isHan(r):
			return true
		case seen >= 0 && r != seen:
			return true
		default:
			seen = r
		}
	}
}

// inRedup tells whether rs[k:k+n] lies inside a listed reduplicated expression (一心一意).
func (c *checker) inRedup(rs []rune, k, n int) bool {
	s := string(rs[k : k+n])
	if v, ok := c.redupSeen[s]; ok {
		return v
	}
	v := false
	for _, w := range c.lex.redupAll {
		if strings.Contains(w, s) {
			v = true
			break
		}
	}
	if c.redupSeen == nil {
		c.redupSeen = map[string]bool{}
	}
	c.redupSeen[s] = v
	return v
}
