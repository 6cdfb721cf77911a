// Package inject puts known errors into correct report text, one at a time, so that a test can
// measure how many of them the checker finds (its recall) family by family. It knows nothing of
// the checker's rules: each error is made the way a typist or a careless edit makes it.
package inject

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Families are the error families the injector makes, named as the checker names them.
var Families = []string{"punctuation", "numbers", "repetition", "words", "formulations", "sequences", "counts", "consistency", "placeholders", "style"}

// Injection says what was changed: line Line of the text now holds Text, and the error lies in
// the byte span [Start, End) of it.
type Injection struct {
	Family, Kind string
	Line         int
	Start, End   int
	Text         string
}

// site is a place where an error of some kind can be made: the line, the byte span to replace
// and the replacement.
type site struct {
	kind       string
	line       int
	start, end int
	repl       string
}

// Inject makes one error of the family in lines (which it leaves untouched) and returns the new
// lines. ok is false when the text offers no place for such an error.
func Inject(lines []string, family string, rng *rand.Rand) (out []string, inj Injection, ok bool) {
	var sites []site
	for l, line := range lines {
		sites = append(sites, finders[family](l, line)...)
	}
	if len(sites) == 0 {
		return nil, Injection{}, false
	}
	s := sites[rng.IntN(len(sites))]
	out = append([]string(nil), lines...)
	line := out[s.line]
	out[s.line] = line[:s.start] + s.repl + line[s.end:]
	return out, Injection{Family: family, Kind: s.kind, Line: s.line, Start: s.start, End: s.start + len(s.repl), Text: out[s.line]}, true
}

var finders = map[string]func(l int, line string) []site{
	"punctuation":  punctuation,
	"numbers":      numbers,
	"repetition":   repetition,
	"words":        words,
	"formulations": formulations,
	"sequences":    sequences,
	"counts":       counts,
	"consistency":  consistency,
	"placeholders": placeholders,
	"style":        style,
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// runesAt lists each rune of s with its byte offset.
type runeAt struct {
	r   rune
	off int
}

func runesOf(s string) []runeAt {
	out := make([]runeAt, 0, len(s)/3)
	for i, r := range s {
		out = append(out, runeAt{r, i})
	}
	return out
}

// each calls fn at every byte offset where w occurs in s.
func each(s, w string, fn func(at int)) {
	for at := 0; ; {
		j := strings.Index(s[at:], w)
		if j < 0 {
			return
		}
		fn(at + j)
		at += j + len(w)
	}
}

func punctuation(l int, line string) []site {
	var out []site
	rs := runesOf(line)
	for k := 1; k+1 < len(rs); k++ {
		r := rs[k]
		if !isHan(rs[k-1].r) || !isHan(rs[k+1].r) {
			continue
		}
		size := utf8.RuneLen(r.r)
		switch r.r {
		case '，':
			out = append(out, site{"ascii", l, r.off, r.off + size, ","})
			out = append(out, site{"double", l, r.off, r.off + size, "，，"})
		case '；':
			out = append(out, site{"ascii", l, r.off, r.off + size, ";"})
		case '：':
			out = append(out, site{"ascii", l, r.off, r.off + size, ":"})
		}
	}
	for k := range rs {
		switch rs[k].r {
		case '”', '》':
			out = append(out, site{"unpaired", l, rs[k].off, rs[k].off + len("”"), ""})
		case '%':
			// "5.6%" → "5.6%-6%": a range with a hyphen.
			out = append(out, site{"range", l, rs[k].off, rs[k].off + 1, "%-9%"})
		}
	}
	if strings.HasPrefix(line, "（") {
		if j := strings.Index(line, "）"); j > 0 && j < 12 {
			out = append(out, site{"seq-mark", l, j, j + len("）"), "）、"})
		}
	}
	return out
}

func numbers(l int, line string) []site {
	var out []site
	rs := runesOf(line)
	for k := 0; k < len(rs); k++ {
		if rs[k].r == '%' && k > 0 && unicode.IsDigit(rs[k-1].r) {
			// "6%" → "6～9%": the first number loses its unit.
			out = append(out, site{"range-unit", l, rs[k].off, rs[k].off + 1, "～9%"})
		}
		if k+4 < len(rs) && rs[k].r == '2' && rs[k+1].r == '0' && unicode.IsDigit(rs[k+2].r) && unicode.IsDigit(rs[k+3].r) && rs[k+4].r == '年' && (k == 0 || !unicode.IsDigit(rs[k-1].r)) {
			y := line[rs[k+2].off:rs[k+4].off]
			out = append(out, site{"year-zero", l, rs[k].off, rs[k+4].off, chineseYear("20" + y)})
			// A typist shortens a year wherever it stands: 26年底, 26年政府工作报告, 在26年.
			out = append(out, site{"year-short", l, rs[k].off, rs[k+4].off, y})
		}
	}
	return out
}

// chineseYear writes a year in Chinese numerals with a circle for zero, as typed from a
// keyboard's symbol table.
func chineseYear(y string) string {
	d := []string{"○", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	var sb strings.Builder
	for _, c := range y {
		sb.WriteString(d[c-'0'])
	}
	return sb.String()
}

// neverDouble are characters that double in correct text (常常, 天天, 家家户户, 2027年年底, 全市市场),
// so doubling them is not an error. The list is the injector's own.
const neverDouble = "常天层一人事处时刻年月日个家户件条步节点滴面方样种项村镇校班代世辈久渐稳牢紧实扎清明多好大慢刚往仅纷频默轻真切恰微稍早远高深细长短满足整白匆悄依冉茫滚熊勃欣蒸井津赫孜兢业源滔绵谆念区寥比历栩生息头心循侃落振沾彬亭翩洋累浩轰烈蓬朝暮岁分秒上下里外前后左右声句字片块次回遍场批届统通单偏平安红热市省县乡区等"

func repetition(l int, line string) []site {
	var out []site
	rs := runesOf(line)
	for k := 1; k+1 < len(rs); k++ {
		r := rs[k].r
		if !isHan(r) || !isHan(rs[k-1].r) || !isHan(rs[k+1].r) || strings.ContainsRune(neverDouble, r) || rs[k-1].r == r || rs[k+1].r == r {
			continue
		}
		if strings.ContainsRune("一二三四五六七八九十百千万亿两〇零", r) {
			continue
		}
		s := line[rs[k].off:rs[k+1].off]
		out = append(out, site{"char", l, rs[k].off, rs[k+1].off, s + s})
		if k+2 < len(rs) && isHan(rs[k+2].r) && rs[k+2].r != r && !strings.ContainsRune(neverDouble, rs[k+1].r) {
			w := line[rs[k].off:rs[k+2].off]
			out = append(out, site{"word", l, rs[k].off, rs[k+2].off, w + w})
		}
	}
	return out
}

// misspellings are wrong forms a typist produces for words reports use.
var misspellings = [][2]string{
	{"部署", "布署"}, {"唯一", "惟一"}, {"因地制宜", "因地治宜"}, {"再接再厉", "再接再励"}, {"其他", "其它"},
	{"一带一路", "一代一路"}, {"贯彻落实", "贯切落实"}, {"久久为功", "久久为攻"}, {"截至", "截止"}, {"作出", "做出"},
	{"统筹兼顾", "统筹兼固"}, {"迄今为止", "迄今为至"}, {"部分", "部份"}, {"账户", "帐户"}, {"防范", "防犯"},
}

func words(l int, line string) []site {
	var out []site
	for _, m := range misspellings {
		each(line, m[0], func(at int) {
			rest := line[at+len(m[0]):]
			switch m[0] {
			case "截至":
				if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsDigit(r) && !strings.HasPrefix(rest, "年底") && !strings.HasPrefix(rest, "目前") {
					return
				}
			case "作出":
				if !strings.HasPrefix(rest, "贡献") && !strings.HasPrefix(rest, "部署") && !strings.HasPrefix(rest, "决定") && !strings.HasPrefix(rest, "重要") {
					return
				}
			}
			out = append(out, site{"misspelt", l, at, at + len(m[0]), m[1]})
		})
	}
	return out
}

// phrases are fixed formulations reports use, and what a slip does to them: a character
// replaced by one that sounds or looks alike, or dropped.
var phrases = []struct{ right, slip string }{
	{"习近平新时代中国特色社会主义思想", "习近平新时代中国特色社会主意思想"},
	{"习近平新时代中国特色社会主义思想", "习近平新时代中国特色社会义思想"},
	{"以习近平同志为核心的党中央", "以习近平同志为核心得党中央"},
	{"以习近平同志为核心的党中央", "以习近平同志为中心的党中央"},
	{"完整准确全面贯彻新发展理念", "完整准确全面贯彻新发展观念"},
	{"完整准确全面贯彻新发展理念", "完整准确全面贯切新发展理念"},
	{"稳中求进工作总基调", "稳中求进工作总基础"},
	{"稳中求进工作总基调", "稳中有进工作总基调"},
	{"以人民为中心的发展思想", "以人民为重心的发展思想"},
	{"党的二十大和二十届历次全会精神", "党的二十大和二十届历届全会精神"},
	{"社会主义核心价值观", "社会主义核心价值关"},
	{"铸牢中华民族共同体意识", "铸牢中华民族共同体意思"},
	{"绿水青山就是金山银山", "绿水青山就是金山根山"},
	{"总体国家安全观", "总体国家安全官"},
	{"坚持和加强党的全面领导", "坚持和加强党的全面引导"},
}

func formulations(l int, line string) []site {
	var out []site
	for _, p := range phrases {
		each(line, p.right, func(at int) {
			out = append(out, site{"near-miss", l, at, at + len(p.right), p.slip})
		})
	}
	return out
}

var ordinalWords = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

func ordinal(n int) string {
	if n <= 10 {
		return ordinalWords[n-1]
	}
	return "十" + ordinalWords[n-11]
}

func sequences(l int, line string) []site {
	var out []site
	// 二是 → 三是 (a gap) or 一是 … 一是 (a repeat); headings （二） → （三）, 二、 → 四、.
	for n := 2; n <= 10; n++ {
		w := ordinalWords[n-1] + "是"
		each(line, w, func(at int) {
			if at > 0 {
				if r, _ := utf8.DecodeLastRuneInString(line[:at]); !strings.ContainsRune("。；：，", r) {
					return
				}
			}
			bump := ordinal(n+1) + "是"
			out = append(out, site{"inline", l, at, at + len(w), bump})
		})
		for _, lab := range []string{"（" + ordinalWords[n-1] + "）", ordinalWords[n-1] + "、"} {
			if strings.HasPrefix(line, lab) {
				next := ordinal(n + 1)
				if strings.HasPrefix(lab, "（") {
					next = "（" + next + "）"
				} else {
					next += "、"
				}
				out = append(out, site{"heading", l, 0, len(lab), next})
			}
		}
	}
	return out
}

func counts(l int, line string) []site {
	var out []site
	rs := runesOf(line)
	for k := 1; k+2 < len(rs); k++ {
		r := rs[k].r
		if r < '2' || r > '8' || unicode.IsDigit(rs[k-1].r) || unicode.IsDigit(rs[k+1].r) || !isHan(rs[k-1].r) {
			continue
		}
		// "A、B、C3个方面": a count followed by what is counted, right after the list (a total
		// such as "建成公园、绿地等8个" counts something else).
		if rs[k+1].r != '个' && rs[k+1].r != '项' || !isHan(rs[k+2].r) || strings.ContainsRune("以左", rs[k+2].r) {
			continue
		}
		before := line[:rs[k].off]
		clause := before[strings.LastIndexAny(before, "，。；：")+1:]
		if strings.Contains(clause, "、") && !strings.Contains(clause, "等") || strings.HasSuffix(line, "：") {
			out = append(out, site{"declared", l, rs[k].off, rs[k+1].off, string(r + 1)})
		}
	}
	return out
}

func consistency(l int, line string) []site {
	var out []site
	// A figure stated again in the same paragraph with another value, as happens when one place
	// is updated and the other is not.
	for _, ind := range []string{"地区生产总值增长", "一般公共预算收入增长", "城镇居民人均可支配收入增长", "固定资产投资增长", "粮食产量"} {
		each(line, ind, func(at int) {
			rest := line[at+len(ind):]
			j := 0
			for j < len(rest) && (rest[j] >= '0' && rest[j] <= '9' || rest[j] == '.') {
				j++
			}
			if j == 0 || !strings.HasPrefix(rest[j:], "%") {
				return
			}
			end := at + len(ind) + j + 1
			dot := strings.Index(line[end:], "。")
			if dot < 0 {
				return
			}
			ins := end + dot + len("。")
			out = append(out, site{"indicator", l, ins, ins, "其中，" + ind + "9.9%。"})
		})
	}
	return out
}

func placeholders(l int, line string) []site {
	var out []site
	rs := runesOf(line)
	marks := []string{"XX", "××", "＊＊", "【待填】", "", "X.X"}
	for k := 0; k < len(rs); k++ {
		if rs[k].r != '%' || k == 0 || !unicode.IsDigit(rs[k-1].r) {
			continue
		}
		s := k - 1
		for s > 0 && (unicode.IsDigit(rs[s-1].r) || rs[s-1].r == '.') {
			s--
		}
		out = append(out, site{"number", l, rs[s].off, rs[k].off, marks[(l+k)%len(marks)]})
	}
	each(line, "个乡镇", func(at int) {
		out = append(out, site{"name", l, at, at + len("个乡镇"), "□□乡镇"})
	})
	return out
}

func style(l int, line string) []site {
	var out []site
	each(line, "。", func(at int) {
		out = append(out, site{"empty", l, at, at, "，取得了显著成效"})
	})
	return out
}
