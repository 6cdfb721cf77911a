package check

import "strings"

func isPlaceholderMark(r rune) bool {
	return r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ' || r == '×' || r == '＊' || r == '*' || r == '□' || r == '■' || r == '△' || r == '_' || r == '＿'
}

// placeholderUnits may follow a single placeholder mark: "增长X%", "X亿元", "X月X日".
const placeholderUnits = "%％‰亿万个项家人元年月日户所座条次名"

func (c *checker) scanPlaceholders(i int, t string) {
	rt := c.decoded(t)
	rs, off := rt.r, rt.off
	for k := 0; k < len(rs); k++ {
		r := rs[k]
		switch {
		case isPlaceholderMark(r):
			e := k
			for e < len(rs) && (isPlaceholderMark(rs[e]) || rs[e] == '.' && e+1 < len(rs) && isPlaceholderMark(rs[e+1])) {
				e++
			}
			before, after := rune(0), rune(0)
			if k > 0 {
				before = rs[k-1]
			}
			if e < len(rs) {
				after = rs[e]
			}
			latinX := r == 'X' || r == 'x'
			switch {
			case latinX && (isLatin(before) || isLatin(after) && !isDigit(after)):
				// a word such as "XXL" or a code
			case r == '×' && (isDigit(before) || isDigit(after)):
				// multiplication
			case (r == '*' || r == '＊') && e-k == 1:
				// a footnote mark
			case (r == '_' || r == '＿') && e-k < 3:
			case e-k >= 2 || strings.ContainsRune(placeholderUnits, after) && !isLatin(before):
				c.add("placeholder", i, off[k], off[e], "“"+string(rs[k:e])+"”是未填写的占位符", "")
			}
			k = e - 1
		case r == '○' && k+1 < len(rs) && rs[k+1] == '○':
			if (k == 0 || !chineseNumeral(rs[k-1])) && (k+2 >= len(rs) || !chineseNumeral(rs[k+2]) && rs[k+2] != '年') {
				c.add("placeholder", i, off[k], off[k+2], "“○○”是未填写的占位符", "")
			}
			k++
		case r == '【':
			e := k + 1
			for e < len(rs) && rs[e] != '】' && e-k < 12 {
				e++
			}
			if e < len(rs) && rs[e] == '】' {
				in := string(rs[k+1 : e])
				if strings.TrimSpace(in) == "" || strings.Contains(in, "待") || strings.Contains(in, "填") || strings.Contains(in, "补") || strings.Contains(in, "数据") || strings.Contains(in, "暂缺") {
					c.add("placeholder", i, off[k], off[e+1], "“"+string(rs[k:e+1])+"”是未填写的占位符", "")
				}
				k = e
			}
		case r == '%' || r == '％' || r == '‰':
			p := k - 1
			for p >= 0 && isSpace(rs[p]) {
				p--
			}
			if p < 0 || !isDigit(rs[p]) && !isPlaceholderMark(rs[p]) && rs[p] != '）' && rs[p] != ')' {
				c.add("placeholder", i, off[k], off[k+1], "“"+string(r)+"”前没有数字", "")
			}
		}
	}
}

// pendingWords say in words that something is still to be filled in.
var pendingWords = []string{"待填", "待补充", "待核实", "数据待定"}

func (c *checker) pending(i int, t string, at int, w string) {
	if !strings.HasSuffix(t[:at], "【") {
		c.add("placeholder", i, at, at+len(w), "“"+w+"”说明内容还未填写", "")
	}
}
