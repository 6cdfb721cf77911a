package check

import (
	"strings"
	"unicode/utf8"

	"qicao/report"
)

// countNouns follow "N个" in a declared count: 3个方面, 4项任务.
var countNouns = []string{"方面", "领域", "重点", "环节", "层面", "维度", "任务", "行动", "工程", "机制", "体系", "板块",
	"部分", "原则", "特点", "目标", "要求", "名片", "中心", "短板", "问题", "难题", "措施", "举措", "产业", "集群", "基地",
	"平台", "功能", "渠道", "清单", "品牌", "主体", "片区", "园区", "关键", "专项", "攻坚战", "战役", "计划", "能力",
	"路径", "优势", "定位", "支柱", "抓手", "要素", "模式", "县城", "城市", "工作", "事项", "实事", "项目", "指标", "战略"}

const countClassifiers = "个项大条类种张批支"

// declared reads a count at rune k: "3个方面", "三大任务", "5方面". It returns the number, the
// rune index just past the whole phrase, and whether it is one.
func declared(rs []rune, k int) (n, end int, ok bool) {
	j := k
	if isDigit(rs[k]) {
		for j < len(rs) && isDigit(rs[j]) {
			n = n*10 + int(rs[j]-'0')
			j++
		}
		if j-k > 2 {
			return 0, 0, false
		}
	} else {
		v, l := parseChinese(rs, k)
		if v == 0 {
			return 0, 0, false
		}
		n, j = v, k+l
	}
	if j < len(rs) && strings.ContainsRune(countClassifiers, rs[j]) {
		j++
	}
	rest := string(rs[j:min(len(rs), j+3)])
	for _, w := range countNouns {
		if strings.HasPrefix(rest, w) {
			return n, j + runeLen(w), n > 1
		}
	}
	if j > k && rs[j-1] == '大' && j < len(rs) && isHan(rs[j]) {
		return n, j, n > 1 // 三大产业
	}
	return 0, 0, false
}

// declaredLoose reads a count with a measure word and any noun after it, "3个县区", "4家企业",
// for a count right after an enumeration, whose items say what is counted.
func declaredLoose(rs []rune, k int) (n, end int, ok bool) {
	j := k
	for j < len(rs) && isDigit(rs[j]) {
		n = n*10 + int(rs[j]-'0')
		j++
	}
	if j == k {
		var l int
		n, l = parseChinese(rs, k)
		j = k + l
	}
	// Places are counted by their own kind: 示川、示锦、示丰3市; the word may end the clause.
	if n >= 2 && j-k <= 2 && j < len(rs) && strings.ContainsRune(placeCounters, rs[j]) && (j+1 == len(rs) || !isHan(rs[j+1]) || !strings.ContainsRune("场民委长级属直区域", rs[j+1])) {
		return n, j + 1, true
	}
	if n < 2 || j-k > 2 || j+1 >= len(rs) || !strings.ContainsRune("个项条类种家所座批位名", rs[j]) || !isHan(rs[j+1]) || strings.ContainsRune("以左多余上下次年月天日", rs[j+1]) {
		return 0, 0, false
	}
	e := j + 1
	for e < len(rs) && e-j <= 3 && isHan(rs[e]) && !strings.ContainsRune("的是为在和与及等，", rs[e]) {
		e++
	}
	return n, e, true
}

// placeCounters count places: 3市, 5县, 2区.
const placeCounters = "省市县区乡镇村"

// placesJoined tells whether an item is two place names joined by 和, 及 or 与: both halves end
// in a place's last character.
func placesJoined(item []rune) bool {
	for j := 1; j+1 < len(item); j++ {
		if strings.ContainsRune("和及与", item[j]) {
			return j >= 2 && len(item)-j-1 >= 2 && strings.ContainsRune(placeEnds, item[j-1]) && strings.ContainsRune(placeEnds, item[len(item)-1])
		}
	}
	return false
}

// hanItems tells whether every item of a 、-list is words, not figures (“增长8%、10%、12个百分点”).
func hanItems(rs []rune, strict bool) bool {
	if strict && strings.ContainsRune(string(rs), '等') {
		return false
	}
	for _, item := range strings.Split(string(rs), "、") {
		ir := []rune(item)
		if strict && strings.ContainsAny(item, "0123456789") {
			return false
		}
		if len(ir) == 0 || !isHan(ir[len(ir)-1]) && ir[len(ir)-1] != '”' && ir[len(ir)-1] != '》' && ir[len(ir)-1] != '）' {
			return false
		}
	}
	return true
}

// scanListCount is count-list: "从A、B、C3个方面" must name three things.
func (c *checker) scanListCount(i int, t string) {
	rt := c.decoded(t)
	rs, off := rt.r, rt.off
	for k := 1; k < len(rs); k++ {
		if !(isDigit(rs[k]) || numeralValue(rs[k]) > 0) || isDigit(rs[k-1]) || chineseNumeral(rs[k-1]) {
			continue
		}
		if rs[k-1] == '第' { // 全球第三大港: an ordinal, not a count
			continue
		}
		n, end, ok := declared(rs, k)
		loose := false
		if !ok {
			n, end, ok = declaredLoose(rs, k)
			loose = true
		}
		if !ok {
			continue
		}
		e := k // the list ends here
		if rs[e-1] == '“' {
			if loose {
				continue
			}
			// A quoted count is a name (“十项工程”行动) unless the quotes hold the count alone.
			if end >= len(rs) || rs[end] != '”' {
				continue
			}
			e--
		}
		if e == 0 || !(isHan(rs[e-1]) || rs[e-1] == '”' || rs[e-1] == '》') {
			continue
		}
		if rs[e-1] == '共' || rs[e-1] == '等' || e >= 2 && string(rs[e-2:e]) == "等等" {
			continue
		}
		// After a conjunction the count is one more item of the list, not its total:
		// “推进城市更新、产业升级和六大工程”.
		if strings.ContainsRune("和及与同并或", rs[e-1]) {
			continue
		}
		// The list starts after the clause break before it; 、 inside quotes or brackets
		// belongs to one item.
		s := e - 1
		depth := 0
		for s >= 0 {
			r := rs[s]
			if r == '”' || r == '》' || r == '）' || r == '’' {
				depth++
			} else if r == '“' || r == '《' || r == '（' || r == '‘' {
				depth--
				if depth < 0 {
					break
				}
			} else if depth == 0 && strings.ContainsRune("，。；：！？\n", r) {
				break
			}
			if e-s > 200 {
				break // a list runs a sentence at most; keeps a punctuation-free megabyte linear
			}
			s--
		}
		s++
		items, lastSep := 1, s
		depth = 0
		for j := s; j < e; j++ {
			switch rs[j] {
			case '“', '《', '（', '‘':
				depth++
			case '”', '》', '）', '’':
				depth--
			case '、':
				if depth == 0 {
					items++
					lastSep = j + 1
				}
			}
		}
		if items < 2 || strings.Contains(string(rs[s:e]), "分别") {
			continue
		}
		if !hanItems(rs[s:e], loose) {
			continue
		}
		last := string(rs[lastSep:e])
		// "预期目标和工作重点" may be two items; "和美乡村建设" starting with 和 is one.
		joined := strings.IndexAny(last, "和及与") > 0
		// Two places joined are two items: 东湖区和临江县.
		if joined && placesJoined(rs[lastSep:e]) {
			items++
			joined = false
		}
		if n == items || joined && n == items+1 {
			continue
		}
		listed := itoa(items)
		if joined {
			listed = itoa(items) + "或" + itoa(items+1)
		}
		c.add("count-list", i, off[k], off[end], "列举了"+listed+"项，却说是"+string(rs[k:end]), "")
		k = end - 1
	}
}

// checkFollowCounts is count-follow: "重点抓好10个方面的工作：" must be followed by ten items,
// as 一是…十是 or as headings one level down.
func (c *checker) checkFollowCounts() {
	for i := range c.doc.Blocks {
		b := &c.doc.Blocks[i]
		if b.Kind == report.Table {
			continue
		}
		t := b.Text
		colon := strings.LastIndex(t, "：")
		intro := colon >= 0 && strings.TrimSpace(t[colon+len("："):]) == ""
		inline := colon >= 0 && !intro && c.startsOrdinal(t[colon+len("："):])
		// Without a colon that opens the list, only "以下N个方面" announces one.
		below := -1
		if !intro && !inline {
			below = strings.Index(t, "以下")
			if below < 0 {
				continue
			}
		}
		clEnd := len(strings.TrimRight(t, "。"))
		if colon >= 0 && below < 0 {
			clEnd = colon
		}
		if below >= 0 {
			clEnd = below + len("以下")
			for n := 0; clEnd < len(t) && n < 8; n++ {
				if r, size := utf8.DecodeRuneInString(t[clEnd:]); strings.ContainsRune("，。；：", r) {
					break
				} else {
					clEnd += size
				}
			}
		}
		clStart := 0
		if j := strings.LastIndexAny(t[:clEnd], "。；"); j >= 0 {
			clStart = j
		}
		n, at, end := c.lastDeclared(t[clStart:clEnd])
		if n == 0 || below >= 0 && (at+clStart < below || at+clStart > below+len("以下")+3) {
			continue
		}
		at, end = at+clStart, end+clStart
		got, what := c.countAfter(i, colon, inline)
		if got > 0 && got != n {
			c.add("count-follow", i, at, end, "这里说有"+itoa(n)+"项，后面实际列出"+itoa(got)+what, "")
		}
	}
}

func (c *checker) startsOrdinal(s string) bool {
	os := c.ordinals("。" + strings.TrimSpace(s))
	return len(os) > 0 && os[0].start == len("。") && os[0].n == 1
}

// lastDeclared finds the last declared count in s, returning it and its byte span.
func (c *checker) lastDeclared(s string) (n, at, end int) {
	var rt runeText
	decode(s, &rt)
	rs := rt.r
	for k := len(rs) - 1; k >= 0; k-- {
		if !(isDigit(rs[k]) || numeralValue(rs[k]) > 0) || k > 0 && (isDigit(rs[k-1]) || chineseNumeral(rs[k-1])) {
			continue
		}
		if v, e, ok := declared(rs, k); ok {
			return v, rt.off[k], rt.off[e]
		}
	}
	return 0, 0, 0
}

// countAfter counts the items following block i: ordinals after its colon or in the paragraphs
// after it, or else the run of headings one level down.
func (c *checker) countAfter(i, colon int, inline bool) (int, string) {
	count := func(os []ordinal, last int) (int, bool) {
		for _, o := range os {
			if o.style != 0 {
				continue
			}
			if o.n != last+1 {
				return last, false
			}
			last = o.n
		}
		return last, true
	}
	last := 0
	if inline {
		var ok bool
		last, ok = count(c.ordinals(c.doc.Blocks[i].Text[colon:]), 0)
		if !ok {
			return last, "项"
		}
	}
	// The items may run over several paragraphs, each opening on its ordinal or reaching it after
	// a lead-in, with a paragraph or two between them that continues the item before.
	j := i + 1
	for gap := 0; j < len(c.doc.Blocks) && c.doc.Blocks[j].Kind == report.Paragraph && !c.divider(j); j++ {
		var os []ordinal
		for _, o := range c.ordinals(c.doc.Blocks[j].Text) {
			if o.style == 0 {
				os = append(os, o)
			}
		}
		if len(os) == 0 {
			if last == 0 || gap >= 2 {
				break
			}
			gap++
			continue
		}
		if os[0].n != last+1 {
			break
		}
		gap = 0
		var ok bool
		if last, ok = count(os, last); !ok {
			break
		}
	}
	if last > 0 {
		return last, "项"
	}
	if j >= len(c.doc.Blocks) || c.doc.Blocks[j].Kind != report.Heading {
		return 0, ""
	}
	// Headings: the run of the style that comes next, one level below the block's heading.
	parent := 0
	if p := c.doc.Path(i); len(p) > 0 {
		parent = p[len(p)-1].Level
	}
	first := &c.doc.Blocks[j]
	if first.Level <= parent {
		return 0, ""
	}
	n := 0
	for ; j < len(c.doc.Blocks); j++ {
		b := &c.doc.Blocks[j]
		if b.Kind != report.Heading {
			continue
		}
		if b.Level < first.Level {
			break
		}
		if b.Level == first.Level && b.Numbering == first.Numbering {
			n++
			if n > 99 {
				break
			}
		}
	}
	return n, "个标题"
}
