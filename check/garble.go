package check

import "strings"

// timeWords are parts of a day. A report states when something happened with a date or at the
// start of a clause; one glued between two words ("座谈晚上专题召开") is left from an edit.
var timeWords = []string{"早上", "上午", "中午", "下午", "晚上", "傍晚", "凌晨", "深夜", "夜里"}

// timeFriends may stand right before a time word: a date, a pronoun, a preposition, a numeral.
const timeFriends = "日号天当今昨明前后次每于在到至从个的周末间晚年月这那是并即们他她我你它者员长门府会和及与或等了将内外中上下同当该当"

// garble is a narrow rule: it only knows time-of-day words in the wrong place. w was found at
// byte at of block i.
func (c *checker) garble(i int, t string, at int, w string) {
	rt := c.decoded(t)
	k := searchOff(rt.off, at)
	e := k + 2
	if k > 0 && e < len(rt.r) && isHan(rt.r[k-1]) && isHan(rt.r[e]) &&
		!strings.ContainsRune(timeFriends, rt.r[k-1]) && !chineseNumeral(rt.r[k-1]) &&
		!strings.ContainsRune("的时好间", rt.r[e]) {
		c.add("garble-time", i, rt.off[k-1], rt.off[e+1], "时间词“"+w+"”夹在词语中间，语句可能有误，请核对", "")
	}
}

func searchOff(off []int, at int) int {
	lo, hi := 0, len(off)
	for lo < hi {
		m := (lo + hi) / 2
		if off[m] < at {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
