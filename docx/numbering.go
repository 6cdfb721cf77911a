package docx

import (
	"strconv"
	"strings"
)

// level is one level of a list definition: "%1、" counted in chineseCounting from 1.
type level struct {
	start   int
	format  string // numFmt
	text    string // lvlText
	restart int    // lvlRestart: -1 default (after any outer level), 0 never, n after level n
	legal   bool   // isLgl: show every referenced level in decimal
	style   string // pStyle linked to this level
}

type abstractNum struct {
	levels [9]*level
}

// num is a numbering instance: an abstract definition with optional per-level overrides.
type num struct {
	abstract  int
	starts    map[int]int // startOverride by ilvl
	overrides map[int]*level
}

// listCounter is where a list has got to. Word counts per abstract definition: paragraphs of
// two instances of one definition continue each other unless an instance overrides the start.
type listCounter struct {
	count   [9]int
	started [9]bool
}

type numbering struct {
	abstracts map[int]*abstractNum
	nums      map[int]*num
	counters  map[int]*listCounter
	used      map[[2]int]bool // (numId, ilvl) seen, to apply a start override once
}

func readNumbering(p *pkg, name string) (*numbering, error) {
	nb := &numbering{abstracts: map[int]*abstractNum{}, nums: map[int]*num{}, counters: map[int]*listCounter{}, used: map[[2]int]bool{}}
	f := p.find(name)
	if f == nil {
		return nb, nil
	}
	data, err := p.read(f)
	if err != nil {
		return nil, err
	}
	sc := newScanner(data)
	var (
		abs      *abstractNum
		cur      *num
		lvl      *level
		override = -1 // ilvl of the lvlOverride being read
	)
	for {
		k, err := sc.next()
		if err != nil {
			return nil, partError(name, err)
		}
		switch k {
		case tokEOF:
			return nb, nil
		case tokStart:
			switch string(sc.local) {
			case "abstractNum":
				abs = &abstractNum{}
				nb.abstracts[atoi(sc.attr("abstractNumId"), -1)] = abs
			case "num":
				cur = &num{abstract: -1, starts: map[int]int{}, overrides: map[int]*level{}}
				nb.nums[atoi(sc.attr("numId"), -1)] = cur
			case "abstractNumId":
				if cur != nil {
					cur.abstract = atoi(sc.attr("val"), -1)
				}
			case "lvlOverride":
				override = atoi(sc.attr("ilvl"), -1)
			case "startOverride":
				if cur != nil && override >= 0 && override < 9 {
					cur.starts[override] = atoi(sc.attr("val"), 0)
				}
			case "lvl":
				i := atoi(sc.attr("ilvl"), -1)
				lvl = nil
				if i < 0 || i >= 9 {
					break
				}
				lvl = &level{start: 1, format: "decimal", restart: -1}
				switch {
				case cur != nil && override == i:
					cur.overrides[i] = lvl
				case abs != nil && cur == nil:
					abs.levels[i] = lvl
				default:
					lvl = nil
				}
			case "rPr", "pPr":
				if err := sc.skip(); err != nil {
					return nil, partError(name, err)
				}
				continue
			}
			if lvl == nil {
				continue
			}
			switch string(sc.local) {
			case "start":
				lvl.start = atoi(sc.attr("val"), 1)
			case "numFmt":
				lvl.format = sc.attr("val")
			case "lvlText":
				lvl.text = sc.attr("val")
			case "lvlRestart":
				lvl.restart = atoi(sc.attr("val"), -1)
			case "isLgl":
				lvl.legal = sc.on()
			case "pStyle":
				lvl.style = sc.attr("val")
			}
		case tokEnd:
			switch string(sc.local) {
			case "abstractNum":
				abs = nil
			case "num":
				cur = nil
			case "lvlOverride":
				override = -1
			case "lvl":
				lvl = nil
			}
		}
	}
}

// levelFor finds the level of an instance, an override first.
func (nb *numbering) levelFor(n *num, ilvl int) *level {
	if l := n.overrides[ilvl]; l != nil {
		return l
	}
	if a := nb.abstracts[n.abstract]; a != nil {
		return a.levels[ilvl]
	}
	return nil
}

// styleLevel finds the level of a list linked to a paragraph style, for a style that names a
// list but not a level.
func (nb *numbering) styleLevel(numID int, styleID string) int {
	n := nb.nums[numID]
	if n == nil {
		return 0
	}
	for i := 0; i < 9; i++ {
		if l := nb.levelFor(n, i); l != nil && l.style == styleID {
			return i
		}
	}
	return 0
}

// label advances the list's counter for a paragraph and returns the paragraph's visible
// numbering, "" for bullets and for lists that do not exist.
func (nb *numbering) label(numID, ilvl int) string {
	n := nb.nums[numID]
	if n == nil || ilvl < 0 || ilvl >= 9 {
		return ""
	}
	lv := nb.levelFor(n, ilvl)
	if lv == nil {
		return ""
	}
	c := nb.counters[n.abstract]
	if c == nil {
		c = &listCounter{}
		nb.counters[n.abstract] = c
	}
	key := [2]int{numID, ilvl}
	if start, ok := n.starts[ilvl]; ok && !nb.used[key] {
		c.started[ilvl] = false
		lv = &level{start: start, format: lv.format, text: lv.text, restart: lv.restart, legal: lv.legal}
	}
	nb.used[key] = true
	if c.started[ilvl] {
		c.count[ilvl]++
	} else {
		c.count[ilvl], c.started[ilvl] = lv.start, true
	}
	for d := ilvl + 1; d < 9; d++ {
		dl := nb.levelFor(n, d)
		restart := d
		if dl != nil && dl.restart >= 0 {
			restart = dl.restart
		}
		if ilvl < restart {
			c.started[d] = false
		}
	}
	if lv.format == "bullet" || lv.format == "none" {
		return ""
	}
	var sb strings.Builder
	text := lv.text
	for i := 0; i < len(text); i++ {
		if text[i] == '%' && i+1 < len(text) && text[i+1] >= '1' && text[i+1] <= '9' {
			ref := int(text[i+1] - '1')
			i++
			rl := nb.levelFor(n, ref)
			if rl == nil {
				continue
			}
			v := c.count[ref]
			if !c.started[ref] {
				v = rl.start
			}
			format := rl.format
			if lv.legal {
				format = "decimal"
			}
			sb.WriteString(formatNumber(v, format))
			continue
		}
		sb.WriteByte(text[i])
	}
	return sb.String()
}

// formatNumber writes n in a Word number format. Unknown formats fall back to decimal.
func formatNumber(n int, format string) string {
	switch format {
	case "none", "bullet":
		return ""
	case "chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting":
		if s := chineseCount(n); s != "" {
			return s
		}
	case "ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand":
		if n >= 0 {
			var sb strings.Builder
			for _, r := range strconv.Itoa(n) {
				sb.WriteString(cnDigits[r-'0'])
			}
			return sb.String()
		}
	case "chineseLegalSimplified":
		if n >= 1 && n <= 10 {
			return []string{"壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖", "拾"}[n-1]
		}
	case "ideographTraditional":
		if n >= 1 && n <= 10 {
			return string([]rune("甲乙丙丁戊己庚辛壬癸")[n-1])
		}
	case "ideographZodiac":
		if n >= 1 && n <= 12 {
			return string([]rune("子丑寅卯辰巳午未申酉戌亥")[n-1])
		}
	case "decimalZero":
		if n >= 0 && n < 10 {
			return "0" + strconv.Itoa(n)
		}
	case "decimalFullWidth", "decimalFullWidth2":
		if n >= 0 {
			var sb strings.Builder
			for _, r := range strconv.Itoa(n) {
				sb.WriteRune(r - '0' + '０')
			}
			return sb.String()
		}
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if n >= 1 && n <= 20 {
			return string(rune('①' + n - 1))
		}
	case "decimalEnclosedParen":
		if n >= 1 && n <= 20 {
			return string(rune('⑴' + n - 1))
		}
	case "decimalEnclosedFullstop":
		if n >= 1 && n <= 20 {
			return string(rune('⒈' + n - 1))
		}
	case "upperLetter", "lowerLetter":
		if n >= 1 && n <= 780 {
			s := strings.Repeat(string(rune('A'+(n-1)%26)), (n-1)/26+1)
			if format == "lowerLetter" {
				s = strings.ToLower(s)
			}
			return s
		}
	case "upperRoman", "lowerRoman":
		if n >= 1 && n < 4000 {
			s := roman(n)
			if format == "lowerRoman" {
				s = strings.ToLower(s)
			}
			return s
		}
	}
	return strconv.Itoa(n)
}

var cnDigits = [...]string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// chineseCount writes 1-9999 the way Word's chineseCounting does: 十, 十一, 二十, 一百零一.
func chineseCount(n int) string {
	if n <= 0 || n > 9999 {
		return ""
	}
	if n < 20 && n >= 10 {
		if n == 10 {
			return "十"
		}
		return "十" + cnDigits[n-10]
	}
	units := []string{"千", "百", "十", ""}
	div := []int{1000, 100, 10, 1}
	var sb strings.Builder
	zero := false
	for i, dv := range div {
		d := n / dv % 10
		if d == 0 {
			if sb.Len() > 0 {
				zero = true
			}
			continue
		}
		if zero {
			sb.WriteString("零")
			zero = false
		}
		sb.WriteString(cnDigits[d])
		sb.WriteString(units[i])
	}
	return sb.String()
}

func roman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var sb strings.Builder
	for i, v := range vals {
		for n >= v {
			sb.WriteString(syms[i])
			n -= v
		}
	}
	return sb.String()
}
