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
		if r, size := utf8.DecodeRuneInString(nt); r == rs[len(rs)-1] && !chineseNumeral(r) && !c.lex.redupPairs[string([]rune{r, r})] {
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
	if c.lex.redupPairs[pair] {
		return true
	}
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

// doubleSeverity weighs "XX" that is no listed reduplication: when the character before it and
// the first X make a word, and the second X and the character after make another (中国+国际,
// 健全+全国), the double is two words meeting and is left alone. Whether a pair is a word is
// taken from a short list of common words and from the document itself: a pair that is followed
// (or preceded) by several different characters elsewhere stands on its own, while "高质" in
// "高质质量" is always followed by 量. One side attested is a warning, none an error.
func (c *checker) doubleSeverity(rs []rune, k, n int) Severity {
	x := rs[k]
	// At the edge of a clause only a reduplication can double (，从从强化); so can a function
	// word never (的的, 了了).
	if strings.ContainsRune("的了从在和是把被对与及而并于以之其向将让使给", x) {
		return Error
	}
	// Inside quotation marks a short name may double on purpose (“支支串飞”).
	quoted := c.insideQuote(rs, k)
	if quoted {
		return Warning
	}
	if k == 0 || !isHan(rs[k-1]) || n+1 >= len(rs) || !isHan(rs[n+1]) {
		return Error
	}
	left, right := false, false
	if k > 0 && isHan(rs[k-1]) {
		w := string([]rune{rs[k-1], x})
		left = c.lex.words[w] || c.attested(w, x, true)
		// Three-character words end a word too: 常委会|会议.
		if !left && k > 1 && isHan(rs[k-2]) {
			left = c.lex.words[string(rs[k-2:k+1])]
		}
	}
	if n+1 < len(rs) && isHan(rs[n+1]) {
		w := string([]rune{x, rs[n+1]})
		right = c.lex.words[w] || c.attested(w, x, false)
	}
	switch {
	case left && right:
		return 0
	case left || right || quoted:
		return Warning
	}
	return Error
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
