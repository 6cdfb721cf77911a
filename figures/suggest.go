package figures

import (
	"strings"

	"qicao/report"
)

// Candidate is a number in the text that reads as an indicator: "规模以上工业增加值增长8.5%".
type Candidate struct {
	Block      int
	BlockID    string
	Start, End int // rune offsets of the number and its unit
	Name       string
	Number     string
	Unit       string
}

// candidateUnits are the units a figure worth binding is stated in.
var candidateUnits = []string{"万亿元", "亿元", "万元", "%", "％", "万人次", "万人", "人次", "个", "项", "家", "户", "所", "座", "公里", "万亩", "亩", "万吨", "吨", "万平方米", "平方米", "人", "元"}

var leadWords = []string{"力争", "确保", "计划", "全年", "全市", "预计", "其中", "实现", "完成", "累计", "新增", "共", "年均", "分别"}
var verbWords = []string{"稳定在", "保持在", "增至", "压缩至", "提高到", "增长", "下降", "达到", "突破", "完成", "实现", "超过", "控制在", "增加", "减少", "提高", "降低", "达", "为", "占"}

// Suggest lists the numbers of doc that look like indicators, with a name taken from the words
// before them: what a writer would bind. Years, dates, ordinals and numbers without a unit are
// left out.
func Suggest(doc *report.Document) []Candidate {
	var out []Candidate
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		if b.Kind == report.Table {
			continue
		}
		rs := []rune(b.Text)
		last := ""
		for k := 0; k < len(rs); k++ {
			if !isDigit(rs[k]) || k > 0 && (isDigit(rs[k-1]) || rs[k-1] == '.' || isLatin(rs[k-1])) {
				continue
			}
			e := numberEnd(rs, k)
			unit := ""
			rest := string(rs[e:])
			for _, u := range candidateUnits {
				if strings.HasPrefix(rest, u) {
					unit = u
					break
				}
			}
			if unit == "" {
				k = e - 1
				continue
			}
			end := e + len([]rune(unit))
			a := k
			for a > 0 && !strings.ContainsRune("，。；：、（）“”\n", rs[a-1]) {
				a--
			}
			name := string(rs[a:k])
			for changed := true; changed; {
				changed = false
				for _, w := range leadWords {
					if strings.HasPrefix(name, w) {
						name, changed = strings.TrimPrefix(name, w), true
					}
				}
			}
			verb := ""
			for _, w := range verbWords {
				if strings.HasSuffix(name, w) {
					name, verb = strings.TrimSuffix(name, w), w
					break
				}
			}
			name = strings.TrimSuffix(name, "分别")
			if name == "" && last != "" && NormalizeUnit(unit) == "%" && (verb == "增长" || verb == "下降") {
				name = last + "增速"
			} else if name != "" && NormalizeUnit(unit) == "%" && (verb == "增长" || verb == "下降") {
				last = name
				name += "增速"
			} else if name != "" {
				last = name
			}
			n := len([]rune(name))
			if n >= 3 && n <= 16 && !strings.ContainsAny(name, "0123456789年月日") {
				out = append(out, Candidate{Block: i, BlockID: b.ID, Start: k, End: end, Name: NormalizeName(name), Number: normalizeDigits(string(rs[k:e])), Unit: NormalizeUnit(unit)})
			}
			k = end - 1
		}
	}
	return out
}
