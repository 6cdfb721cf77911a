package check

import (
	"strings"
	"unicode/utf8"

	"qicao/report"
)

type indicatorUse struct {
	block, start, end int
	value             string
}

const indicatorVerbs = "增长|下降|增加|减少|提高|达到|达|为|突破|完成|实现|超过|控制在"

var verbs = strings.Split(indicatorVerbs, "|")

// noteIndicator records "地区生产总值增长5.2%" for checkIndicators, keyed by the section, what
// comes before the name ("一季度", "2025年"), the name, the verb and the unit.
func (c *checker) noteIndicator(i int, t string, at int, p *pattern) {
	if i < 0 || at < c.indEnd && c.indBlock == i {
		return // inside a longer name: 城镇居民人均可支配收入 holds 居民人均可支配收入
	}
	c.indBlock, c.indEnd = i, at+len(p.s)
	rest := t[at+len(p.s):]
	rest = strings.TrimPrefix(rest, "实际")
	rest = strings.TrimPrefix(rest, "同比")
	verb := ""
	for _, v := range verbs {
		if strings.HasPrefix(rest, v) {
			verb = v
			break
		}
	}
	if verb == "" {
		return
	}
	rest = strings.TrimPrefix(rest[len(verb):], "了")
	j := 0
	for j < len(rest) && (isDigitByte(rest[j]) || rest[j] == '.' && j+1 < len(rest) && isDigitByte(rest[j+1])) {
		j++
	}
	if j == 0 {
		return
	}
	value := rest[:j]
	u := j
	for u < len(rest) {
		r, size := utf8.DecodeRuneInString(rest[u:])
		if !strings.ContainsRune("%％‰万亿元人吨个百分点千克公顷亩户家辆", r) || u-j > 15 {
			break
		}
		u += size
	}
	unit := rest[j:u]
	// What stands before the name in its clause qualifies it: 一季度, 2025年, 预计.
	q := t[:at]
	if k := strings.LastIndexAny(q, "，。；：、（"); k >= 0 {
		_, size := utf8.DecodeRuneInString(q[k:])
		q = q[k+size:]
	}
	for _, w := range []string{"全市", "全县", "全区", "全省", "全州", "我市", "我县", "我区", "全年", "其中", "实现", "完成"} {
		q = strings.ReplaceAll(q, w, "")
	}
	key := itoa(c.section(i)) + "|" + q + "|" + p.s + "|" + verb + "|" + unit
	if c.indicators == nil {
		c.indicators = map[string][]indicatorUse{}
	}
	start := at
	end := len(t) - len(rest) + u
	c.indicators[key] = append(c.indicators[key], indicatorUse{i, start, end, value})
	c.indKeys = append(c.indKeys, key)
}

// section is the index of the top-level heading containing block i, -1 before the first.
func (c *checker) section(i int) int {
	if c.sections == nil {
		c.sections = make([]int, len(c.doc.Blocks))
		s := -1
		top := 1 << 30
		for k := range c.doc.Blocks {
			if b := &c.doc.Blocks[k]; b.Kind == report.Heading && b.Level <= top {
				top, s = b.Level, k
			}
			c.sections[k] = s
		}
	}
	return c.sections[i]
}

func (c *checker) checkIndicators() {
	done := map[string]bool{}
	for _, key := range c.indKeys {
		if done[key] {
			continue
		}
		done[key] = true
		uses := c.indicators[key]
		first := uses[0]
		for _, u := range uses[1:] {
			if u.value != first.value {
				ft := c.text(first.block)
				c.add("consist-indicator", u.block, u.start, u.end, "同一指标前文写作“"+ft[first.start:first.end]+"”，此处数值不同", "")
			}
		}
	}
}

// reportYear deduces the year of the report: the delivery date in the subtitle, the year in the
// title, or the years of the review and plan headings.
func reportYear(doc *report.Document) int {
	if y := firstYear(doc.Subtitle); y > 0 {
		return y
	}
	if y := firstYear(doc.Title); y > 0 && strings.Contains(doc.Title, "报告") {
		return y
	}
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		if b.Kind != report.Heading || b.Level != 1 {
			continue
		}
		title := b.Title()
		y := firstYear(title)
		switch {
		case y == 0:
		case strings.Contains(title, "回顾"):
			return y + 1
		case strings.Contains(title, "安排") || strings.Contains(title, "任务") || strings.Contains(title, "重点"):
			return y
		}
	}
	return 0
}

// firstYear returns the first four-digit year followed by 年 in s.
func firstYear(s string) int {
	for k := 0; k+4 < len(s); k++ {
		if isDigitByte(s[k]) && isDigitByte(s[k+1]) && isDigitByte(s[k+2]) && isDigitByte(s[k+3]) && (k == 0 || !isDigitByte(s[k-1])) && strings.HasPrefix(s[k+4:], "年") {
			y := int(s[k]-'0')*1000 + int(s[k+1]-'0')*100 + int(s[k+2]-'0')*10 + int(s[k+3]-'0')
			if y >= 1949 && y <= 2100 {
				return y
			}
		}
	}
	return 0
}

// checkYears is consist-year: in a 2026 report the review part is about 2025 and the plan about
// 2026. Headings that say otherwise are errors; a review paragraph opening on another recent year
// is a warning (often a sentence carried over from last year's report).
func (c *checker) checkYears() {
	year := c.year
	if c.cfg.Year > 0 {
		year = c.cfg.Year
	}
	if year == 0 {
		return
	}
	part := "" // "review" or "plan"
	for i := range c.doc.Blocks {
		b := &c.doc.Blocks[i]
		if b.Kind == report.Heading && b.Level == 1 {
			title := b.Title()
			part = ""
			switch {
			case strings.Contains(title, "回顾") || strings.Contains(title, "过去一年"):
				part = "review"
			case strings.Contains(title, "安排") || strings.Contains(title, "任务") || strings.Contains(title, "总体要求"):
				part = "plan"
			}
			y := firstYear(title)
			want := year
			if part == "review" {
				want = year - 1
			}
			if part != "" && y > 0 && y != want {
				at := b.LabelEnd + strings.Index(title, itoa(y))
				c.add("consist-year", i, at, at+4, "本报告是"+itoa(year)+"年的报告，这里应为"+itoa(want)+"年", itoa(want))
			}
			continue
		}
		if part != "review" || b.Kind != report.Paragraph {
			continue
		}
		y := firstYear(b.Text)
		if y > 0 && strings.HasPrefix(b.Text, itoa(y)+"年") && (y == year || y == year-2) {
			rest := b.Text[len(itoa(y)+"年"):]
			if strings.HasPrefix(rest, "，") || strings.HasPrefix(rest, "是") || strings.HasPrefix(rest, "全") || strings.HasPrefix(rest, "我") {
				c.addWith("consist-year", Warning, i, 0, 4, "回顾部分应写"+itoa(year-1)+"年的工作，这里写的是"+itoa(y)+"年", itoa(year-1))
			}
		}
	}
}

// checkLengths is consist-length: a document that states its total length and the lengths of
// its parts ("共分两大部分，约13900余字…第一部分…约5400余字") should add up, within rounding.
func (c *checker) checkLengths() {
	type stated struct {
		block, start, end, n int
	}
	var total *stated
	var parts []stated
	for i := range c.doc.Blocks {
		t := c.doc.Blocks[i].Text
		for at := 0; ; {
			j := strings.Index(t[at:], "字")
			if j < 0 {
				break
			}
			at += j
			e := at
			s := strings.TrimSuffix(t[:e], "余")
			k := len(s)
			for k > 0 && isDigitByte(s[k-1]) {
				k--
			}
			if k < len(s) && len(s)-k <= 6 {
				n := atoi(s[k:])
				clause := t[:k]
				if x := strings.LastIndexAny(clause, "。；"); x >= 0 {
					clause = clause[x:]
				}
				st := stated{i, k, at + len("字"), n}
				switch {
				case strings.Contains(clause, "部分") && (strings.Contains(clause, "第") || strings.Contains(clause, "这")) && !strings.Contains(clause, "共"):
					parts = append(parts, st)
				case strings.Contains(clause, "共") || strings.Contains(clause, "全文") || strings.Contains(clause, "总"):
					if total == nil {
						total = &st
					}
				}
			}
			at += len("字")
		}
	}
	if total == nil || len(parts) < 2 {
		return
	}
	sum := 0
	for _, p := range parts {
		sum += p.n
	}
	if d := sum - total.n; d*20 > total.n || -d*20 > total.n {
		c.add("consist-length", total.block, total.start, total.end, "各部分字数之和约"+itoa(sum)+"字，与所说总字数"+itoa(total.n)+"字相差较大", "")
	}
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
