package check

import (
	"strings"
)

// pairs maps each closing mark to its opening one; ASCII parentheses pair like full-width ones
// (their width is punct-ascii's business).
func closerOf(r rune) (rune, bool) {
	switch r {
	case '”':
		return '“', true
	case '’':
		return '‘', true
	case '》':
		return '《', true
	case '〉':
		return '〈', true
	case '）', ')':
		return '（', true
	case '】':
		return '【', true
	case '〕':
		return '〔', true
	case '］':
		return '［', true
	}
	return 0, false
}

func isOpener(r rune) bool {
	switch r {
	case '“', '‘', '《', '〈', '（', '(', '【', '〔', '［':
		return true
	}
	return false
}

func (c *checker) scanPunct(i int, t string) {
	rt := c.decoded(t)
	rs, off := rt.r, rt.off
	prev := func(k int) rune {
		for k--; k >= 0; k-- {
			if !isSpace(rs[k]) {
				return rs[k]
			}
		}
		return 0
	}
	next := func(k int) rune {
		for k++; k < len(rs); k++ {
			if !isSpace(rs[k]) {
				return rs[k]
			}
		}
		return 0
	}
	type open struct {
		r     rune
		k     int
		nests [][2]int // same-kind pairs inside this one, reported once this one closes
	}
	var stack []open
	for k, r := range rs {
		switch r {
		case ',', ';', ':', '?', '!', '(', ')', '"', '.':
			p, n := prev(k), next(k)
			bad := false
			if r == '.' {
				bad = isHan(p) && (n == 0 || isCJK(n))
			} else {
				bad = isCJK(p) && !isLatin(n) || isCJK(n) && !isLatin(p)
			}
			if bad {
				c.add("punct-ascii", i, off[k], off[k+1], "中文语句中使用了半角标点“"+string(r)+"”", fullWidthFor(r))
			}
		}
		if isOpener(r) {
			o := r
			if o == '(' {
				o = '（'
			}
			stack = append(stack, open{r: o, k: k})
			continue
		}
		if o, ok := closerOf(r); ok {
			j := len(stack) - 1
			for j >= 0 && stack[j].r != o {
				j--
			}
			if j < 0 {
				c.add("punct-pair", i, off[k], off[k+1], "“"+string(r)+"”没有与之配对的“"+string(o)+"”", "")
				continue
			}
			for m := len(stack) - 1; m > j; m-- {
				c.reportUnclosed(i, rt, stack[m].r, stack[m].k)
			}
			inner := stack[j]
			stack = stack[:j]
			for _, nest := range inner.nests {
				inside := map[rune]string{'“': "引号内的引号应改用单引号‘’", '《': "书名号内的书名号应改用〈〉"}[inner.r]
				c.add("punct-nest", i, off[nest[0]], off[nest[1]+1], inside, "")
			}
			if o == '“' || o == '《' {
				for m := j - 1; m >= 0; m-- {
					if stack[m].r == o {
						stack[m].nests = append(stack[m].nests, [2]int{inner.k, k})
						break
					}
				}
			}
		}
	}
	for m := len(stack) - 1; m >= 0; m-- {
		// A quotation running over several paragraphs opens each with “ and closes only at its
		// end (GB/T 15834 4.1.3.5).
		// Only the paragraph's opening mark may stay open; a mark opened inside it and never
		// closed is a removed ” however the marks count up.
		if stack[m].r == '“' && stack[m].k == 0 && m == 0 && c.nextStartsWith(i, "“") {
			continue
		}
		c.reportUnclosed(i, rt, stack[m].r, stack[m].k)
	}

	for k := 0; k+2 < len(rs); k++ {
		if rs[k+1] == '、' && (rs[k] == '》' && rs[k+2] == '《' || rs[k] == '”' && rs[k+2] == '“') {
			c.add("punct-dunhao", i, off[k+1], off[k+2], "并列的书名号或引号之间不用顿号", "")
		}
	}
	c.scanSeqMarks(i, rt)
	for k := 0; k+1 < len(rs); k++ {
		if isPausePunct(rs[k]) && isPausePunct(rs[k+1]) {
			c.add("punct-double", i, off[k], off[k+2], "标点“"+string(rs[k:k+2])+"”重复或连用", string(rs[k]))
			k++
		}
	}
	c.scanRanges(i, rt)
}

// isPausePunct reports the marks that may not follow one another: ，。、；：.
func isPausePunct(r rune) bool {
	return r == '，' || r == '。' || r == '、' || r == '；' || r == '：'
}

// fullWidthFor is the full-width form of an ASCII punctuation mark ("“”" for a straight quote),
// or "" for any other rune.
func fullWidthFor(r rune) string {
	switch r {
	case ',':
		return "，"
	case ';':
		return "；"
	case ':':
		return "："
	case '(':
		return "（"
	case ')':
		return "）"
	case '?':
		return "？"
	case '!':
		return "！"
	case '.':
		return "。"
	case '"':
		return "“”"
	}
	return ""
}

func (c *checker) reportUnclosed(i int, rt *runeText, r rune, k int) {
	want := map[rune]string{'“': "”", '‘': "’", '《': "》", '〈': "〉", '（': "）", '【': "】", '〔': "〕", '［': "］"}[r]
	c.add("punct-pair", i, rt.off[k], rt.off[k+1], "“"+string(rt.r[k])+"”没有与之配对的“"+want+"”", "")
}

func (c *checker) nextStartsWith(i int, s string) bool {
	return i+1 < len(c.doc.Blocks) && i >= 0 && strings.HasPrefix(c.doc.Blocks[i+1].Text, s)
}

// scanSeqMarks finds a mark after a sequence label: "（一）、", "(2)，", "1.、".
func (c *checker) scanSeqMarks(i int, rt *runeText) {
	rs, off := rt.r, rt.off
	for k := 0; k+1 < len(rs); k++ {
		if rs[k] != '（' && rs[k] != '(' {
			continue
		}
		j := k + 1
		for j < len(rs) && (chineseNumeral(rs[j]) || isDigit(rs[j])) && j-k <= 4 {
			j++
		}
		if j == k+1 || j+1 >= len(rs) || rs[j] != '）' && rs[j] != ')' {
			continue
		}
		if m := rs[j+1]; m == '、' || m == '，' || m == '.' || m == '．' {
			c.add("punct-seq-mark", i, off[j+1], off[j+2], "序号“"+string(rs[k:j+1])+"”后不加“"+string(m)+"”", "")
		}
	}
	if i >= 0 && len(rs) > 2 && isDigit(rs[0]) {
		j := 0
		for j < len(rs) && isDigit(rs[j]) {
			j++
		}
		if j+1 < len(rs) && (rs[j] == '.' || rs[j] == '．') && (rs[j+1] == '、' || rs[j+1] == '，') {
			c.add("punct-seq-mark", i, off[j+1], off[j+2], "序号“"+string(rs[:j+1])+"”后不加“"+string(rs[j+1])+"”", "")
		}
	}
}

// scanRanges finds a hyphen or tilde between two numbers: "4.5%-5%", "2016-2020年".
func (c *checker) scanRanges(i int, rt *runeText) {
	rs, off := rt.r, rt.off
	for k := 1; k+1 < len(rs); k++ {
		r := rs[k]
		if r != '-' && r != '－' && r != '–' && r != '~' {
			continue
		}
		p := rs[k-1]
		if !(isDigit(p) || p == '%' || p == '％' || p == '‰') || !isDigit(rs[k+1]) {
			continue
		}
		// Skip model names and codes: COVID-19, G20-3, PM2.5-…
		s := k - 1
		for s >= 0 && (isDigit(rs[s]) || rs[s] == '.' || rs[s] == '%' || rs[s] == '％' || rs[s] == '‰') {
			s--
		}
		// … and a standard's number, GB/T 9704-2012, whose hyphen is the standard's own.
		q := s
		for q >= 0 && rs[q] == ' ' {
			q--
		}
		if s >= 0 && (isLatin(rs[s]) || rs[s] == '-' || rs[s] == '/') || q < s && q >= 0 && (isLatin(rs[q]) || rs[q] == '/') {
			continue
		}
		e := k + 1
		for e < len(rs) && isDigit(rs[e]) {
			e++
		}
		// A telephone number (0571-88889999) or another code: a group with a leading zero is no
		// quantity, and neither is a seven-digit group after a short one.
		if l, r := k-s-1, e-k-1; rs[s+1] == '0' && l > 1 || r >= 7 && l <= 4 {
			continue
		}
		if e < len(rs) && (isLatin(rs[e]) && !isDigit(rs[e]) || rs[e] == '-' && e+1 < len(rs) && isDigit(rs[e+1])) {
			// "2024-01-05" is a date in ISO form, not a range; say so once.
			if rs[e] == '-' {
				c.add("punct-range", i, off[k], off[k+1], "日期不用“-”连接，应写作“年月日”", "")
				k = e
			}
			continue
		}
		sug, what := "～", "数值范围"
		if e-k-1 == 4 && k-s-1 == 4 && e < len(rs) && rs[e] == '年' {
			sug, what = "—", "年份范围"
		}
		c.add("punct-range", i, off[k], off[k+1], what+"不用“"+string(r)+"”连接，应改为“"+sug+"”", sug)
	}
}
