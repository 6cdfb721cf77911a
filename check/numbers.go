package check

import "strings"

func isRangeMark(r rune) bool {
	return r == '～' || r == '~' || r == '—' || r == '－' || r == '-' || r == '–' || r == '至' || r == '到'
}

// rangeUnits must be written on both ends of a range (GB/T 15835-2011 5.1.6: 15%～30%, 9亿～16亿).
func isRangeUnit(r rune) bool {
	return r == '%' || r == '％' || r == '‰' || r == '万' || r == '亿'
}

func (c *checker) scanNumbers(i int, t string) {
	rt := c.decoded(t)
	rs, off := rt.r, rt.off
	number := func(k int) int { // end of a decimal number starting at k
		for k < len(rs) && (isDigit(rs[k]) || rs[k] == '.' && k+1 < len(rs) && isDigit(rs[k+1])) {
			k++
		}
		return k
	}
	for k := 0; k < len(rs); k++ {
		if !isDigit(rs[k]) || k > 0 && (isDigit(rs[k-1]) || rs[k-1] == '.') {
			continue
		}
		a := number(k)
		// num-range-unit: 15～30%
		if a+1 < len(rs) && isRangeMark(rs[a]) && isDigit(rs[a+1]) {
			b := number(a + 1)
			if b < len(rs) && isRangeUnit(rs[b]) {
				u := string(rs[b])
				if b+1 < len(rs) && rs[b] == '万' && rs[b+1] == '亿' {
					u = "万亿"
				}
				sug := string(rs[k:a]) + u + string(rs[a:b]) + u
				c.add("num-range-unit", i, off[k], off[b+len([]rune(u))], "数值范围前一个数省略了“"+u+"”", sug)
			}
		}
		// num-year-short: 24年底
		if a-k == 2 && a < len(rs) && rs[a] == '年' && (k == 0 || !isLatin(rs[k-1]) && rs[k-1] != '.') {
			nn := int(rs[k]-'0')*10 + int(rs[k+1]-'0')
			if c.shortYear(rs, k, a) {
				c.add("num-year-short", i, off[k], off[a+1], "年份不能简写", itoa(c.fullYear(nn))+"年")
			}
		}
		k = a - 1
	}
	// num-year-zero: 二○二四年
	for k := 0; k+4 < len(rs); k++ {
		if rs[k+4] != '年' || k > 0 && (chineseNumeral(rs[k-1]) || isZeroLike(rs[k-1])) {
			continue
		}
		bad, han := false, 0
		for j := k; j < k+4; j++ {
			switch {
			case rs[j] == '〇':
			case isZeroLike(rs[j]):
				bad = true
			case numeralValue(rs[j]) > 0 && rs[j] != '两':
				han++
			default:
				han = -10
			}
		}
		if bad && han >= 2 {
			fixed := []rune(string(rs[k : k+4]))
			for j := range fixed {
				if isZeroLike(fixed[j]) {
					fixed[j] = '〇'
				}
			}
			c.add("num-year-zero", i, off[k], off[k+5], "汉字年份中的零应写作“〇”", string(fixed)+"年")
		}
	}
}

func isZeroLike(r rune) bool {
	return r == '○' || r == 'O' || r == 'o' || r == 'Ｏ' || r == '0' || r == '０' || r == '零' || r == '◯'
}

// fullYear returns the four-digit year ending in nn: one the document mentions, else the one in
// this century up to ten years past the report's.
func (c *checker) fullYear(nn int) int {
	if c.years == nil {
		c.years = map[int]bool{}
		c.collectYears()
	}
	for _, y := range []int{2000 + nn, 1900 + nn} {
		if c.years[y] {
			return y
		}
	}
	limit := 2040
	if c.year > 0 {
		limit = c.year + 10
	}
	if 2000+nn <= limit {
		return 2000 + nn
	}
	return 1900 + nn
}

func (c *checker) collectYears() {
	add := func(t string) {
		for k := 0; k+5 <= len(t); k++ {
			if t[k] >= '1' && t[k] <= '2' && isDigitByte(t[k+1]) && isDigitByte(t[k+2]) && isDigitByte(t[k+3]) && (k == 0 || !isDigitByte(t[k-1])) && (k+4 == len(t) || !isDigitByte(t[k+4])) {
				y := int(t[k]-'0')*1000 + int(t[k+1]-'0')*100 + int(t[k+2]-'0')*10 + int(t[k+3]-'0')
				if y >= 1949 && y <= 2100 && strings.HasPrefix(t[k+4:], "年") {
					c.years[y] = true
				}
			}
		}
	}
	add(TitleText(c.doc))
	for i := range c.doc.Blocks {
		add(c.doc.Blocks[i].Text)
	}
	if c.year > 0 {
		c.years[c.year], c.years[c.year-1] = true, true
	}
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// shortYear tells a shortened year ("24年底", "26年政府工作报告", "对27年工作作了安排") from a
// duration ("连续24年", "24年来", "经过26年的发展"). A duration is counted (连续, 历时, 近, 满 before
// it) or measured (来, 间, 多, 以上 after it); anything else is a year when it takes a month or a
// part of the year after it, when the document names that year in full elsewhere, or when it
// stands where a time stands (opening a clause, after 在 于 从 到 截至).
func (c *checker) shortYear(rs []rune, k, a int) bool {
	before := string(rs[max(0, k-2):k])
	for _, w := range []string{"连续", "历时", "经过", "用了", "长达", "历经", "坚持", "持续", "整整", "将近", "奋斗", "发展", "建设", "走过", "干了", "过了"} {
		if strings.HasSuffix(before, w) {
			return false
		}
	}
	if k > 0 && strings.ContainsRune("第近达满共已多约超逾过每余前后的用这那有干任龄", rs[k-1]) {
		return false
	}
	rest := string(rs[a+1 : min(len(rs), a+5)])
	for _, w := range []string{"来", "间", "多", "以上", "以下", "左右", "之久", "时间", "里", "后", "前", "历程", "如一日", "之内", "期间", "一遇", "余", "内", "中", "的时间", "的历程", "的发展", "的奋斗", "的努力"} {
		if strings.HasPrefix(rest, w) {
			return false
		}
	}
	for _, w := range []string{"底", "初", "末", "度", "上半年", "下半年", "全年", "以来", "春节", "一季度", "二季度", "三季度", "四季度", "前三季度", "工作", "的工作", "政府工作"} {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	r := []rune(rest)
	if len(r) > 0 && isDigit(r[0]) {
		j := 0
		for j < len(r) && isDigit(r[j]) {
			j++
		}
		return j < len(r) && r[j] == '月'
	}
	if len(r) > 1 && numeralValue(r[0]) > 0 && (r[1] == '月' || r[1] == '十') {
		return true
	}
	nn := int(rs[k]-'0')*10 + int(rs[k+1]-'0')
	// A year the document names in full, after a name, a preposition or no word at all (示川市27年
	// 政府工作报告, 对27年工作); after a verb (延长30年) it is a duration.
	if c.fullYear(nn) > 0 && (c.years[2000+nn] || c.years[1900+nn]) && (k == 0 || !isHan(rs[k-1]) || strings.ContainsRune("市县区省州旗盟对在于从到至是为和及与", rs[k-1])) {
		return true
	}
	// Where a time stands: opening the text or a clause, or after a preposition of time.
	if k == 0 || strings.ContainsRune("，。；：、“《（ \u3000\n", rs[k-1]) || strings.HasSuffix(before, "截至") || strings.HasSuffix(before, "截止") || strings.ContainsRune("在于从自到至是为和及与对", rs[k-1]) {
		return len(r) == 0 || isHan(r[0]) || strings.ContainsRune("，、。", r[0])
	}
	return false
}

// checkDateStyle finds a document whose dates are written both with Arabic digits (2024年1月5日)
// and with Chinese numerals (二〇二四年一月五日), and marks the less common style.
func (c *checker) checkDateStyle() {
	type date struct{ block, start, end int }
	var arabic, chinese []date
	for i := -1; i < len(c.doc.Blocks); i++ {
		t := c.text(i)
		if t == "" {
			continue
		}
		rt := c.decoded(t)
		rs, off := rt.r, rt.off
		for k := 0; k+6 < len(rs); k++ {
			if k > 0 && (isDigit(rs[k-1]) || chineseNumeral(rs[k-1])) || rs[k+4] != '年' {
				continue
			}
			allDigits, allHan := true, true
			for j := k; j < k+4; j++ {
				allDigits = allDigits && isDigit(rs[j])
				allHan = allHan && (numeralValue(rs[j]) > 0 || rs[j] == '〇' || isZeroLike(rs[j]))
			}
			m := k + 5
			for m < len(rs) && (isDigit(rs[m]) || chineseNumeral(rs[m])) {
				m++
			}
			if m == k+5 || m >= len(rs) || rs[m] != '月' {
				continue
			}
			switch {
			case allDigits && isDigit(rs[k+5]):
				arabic = append(arabic, date{i, off[k], off[m+1]})
			case allHan && !isDigit(rs[k+5]):
				chinese = append(chinese, date{i, off[k], off[m+1]})
			}
		}
	}
	if len(arabic) == 0 || len(chinese) == 0 {
		return
	}
	minority, style := chinese, "阿拉伯数字"
	if len(chinese) > len(arabic) {
		minority, style = arabic, "汉字"
	}
	for _, d := range minority {
		c.add("num-date-style", d.block, d.start, d.end, "日期写法与全文不一致，全文多用"+style, "")
	}
}
