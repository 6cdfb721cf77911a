package figures

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"qicao/check"
	"qicao/report"
)

// Family is the id of the 数据 family of 审校 findings; FamilyName its Chinese name.
const (
	Family     = "data"
	FamilyName = "数据"
)

// Rules describes the 数据 family's rules, as check.Rules describes the checker's.
var Rules = []check.RuleInfo{
	{ID: "data-register", Family: Family, Severity: check.Warning, Description: "文中数字与数据指标库的当前值不一致", Example: "增长6.0%（指标库为6.2%）"},
	{ID: "data-two-values", Family: Family, Severity: check.Error, Description: "同一指标在文中出现两个不同的值", Example: "增长6.2% …… 增长6.3%"},
	{ID: "data-units", Family: Family, Severity: check.Error, Description: "同一指标以亿元和万元两种单位表述，换算后不一致", Example: "386.5亿元 …… 3860000万元"},
	{ID: "data-target", Family: Family, Severity: check.Error, Description: "第二部分的预期目标与第一部分的表述矛盾", Example: "第一部分“增长6%左右”，第二部分“增长6.5%左右”"},
	{ID: "data-confirmed-changed", Family: Family, Severity: check.Error, Description: "已确认的数据被改动，须责任部门重新确认", Example: "统计局确认6.2%后改为6.3%"},
}

// stated is what a use says in the text: its number in its unit.
type stated struct {
	use  Use
	num  *big.Rat
	unit string
	part int
}

// Check applies the 数据 rules to the uses of doc's figures. owners names departments by unit
// ID for the messages; it may be nil. Findings come in document order, Start and End as byte
// offsets into the block's text like check.Finding.
func Check(doc *report.Document, uses []Use, owners map[int64]string) []check.Finding {
	parts := partIndex(doc)
	var out []check.Finding
	decoded := map[int][]rune{}
	add := func(u Use, rule string, sev check.Severity, msg string) {
		if u.Block < 0 || u.Block >= len(doc.Blocks) {
			return
		}
		rs, ok := decoded[u.Block]
		if !ok {
			rs = []rune(doc.Blocks[u.Block].Text)
			decoded[u.Block] = rs
		}
		s, e := min(u.Start, len(rs)), min(u.End, len(rs))
		bs, be := len(string(rs[:s])), len(string(rs[:e]))
		a, b := max(0, s-12), min(len(rs), e+12)
		out = append(out, check.Finding{Rule: rule, Family: Family, Severity: sev, Block: u.Block, BlockID: doc.Blocks[u.Block].ID,
			Start: bs, End: be, Excerpt: string(rs[a:s]) + "【" + string(rs[s:e]) + "】" + string(rs[e:b]), Message: msg})
	}
	owner := func(ind *report.Indicator) string {
		if n := owners[ind.OwnerID]; n != "" {
			return n
		}
		return "责任部门"
	}
	byInd := map[int64][]stated{}
	var order []int64
	for _, u := range uses {
		ind := u.Indicator
		if ind == nil {
			continue
		}
		if ind.Reconfirm {
			add(u, "data-confirmed-changed", check.Error, fmt.Sprintf("“%s”已确认后被改为%s，须%s重新确认", ind.Name, Display(ind), owner(ind)))
		}
		num, unit, ok := Stated(stripTag(u.Quote))
		if !ok {
			continue // a placeholder: nothing stated yet
		}
		if unit == "" {
			unit = NormalizeUnit(ind.Unit)
		}
		st := stated{use: u, num: num, unit: unit, part: parts[u.Block]}
		if _, seen := byInd[ind.ID]; !seen {
			order = append(order, ind.ID)
		}
		byInd[ind.ID] = append(byInd[ind.ID], st)
		if reg, ok := Number(ind); ok {
			text, ok := Convert(num, unit, ind.Unit)
			if !ok || text.Cmp(reg) == 0 {
				continue
			}
			said := strings.TrimSpace(stripTag(u.Quote))
			if ind.Status == report.StatusConfirmed {
				add(u, "data-confirmed-changed", check.Error, fmt.Sprintf("“%s”已由%s确认为%s，文中写作“%s”；改动须%s重新确认", ind.Name, owner(ind), Display(ind), said, owner(ind)))
			} else {
				add(u, "data-register", check.Warning, fmt.Sprintf("文中“%s”与数据指标库中“%s”的当前值%s（%s）不一致", said, ind.Name, Display(ind), ind.Status))
			}
		}
	}
	for _, id := range order {
		sts := byInd[id]
		if len(sts) < 2 {
			continue
		}
		first := sts[0]
		ind := first.use.Indicator
		for _, st := range sts[1:] {
			conv, ok := Convert(st.num, st.unit, first.unit)
			if !ok || conv.Cmp(first.num) == 0 {
				continue
			}
			was, now := FormatNumber(first.num)+first.unit, FormatNumber(st.num)+st.unit
			switch {
			case ind.Kind == report.KindTarget && first.part != st.part && first.part >= 0 && st.part >= 0:
				add(st.use, "data-target", check.Error, fmt.Sprintf("预期目标“%s”在此处为%s，与第%s部分的%s矛盾", ind.Name, now, report.Numeral(first.part+1), was))
			case st.unit != first.unit:
				add(st.use, "data-units", check.Error, fmt.Sprintf("“%s”此处为%s，与前文的%s换算后不一致（%s合%s%s）", ind.Name, now, was, now, FormatNumber(conv), first.unit))
			default:
				add(st.use, "data-two-values", check.Error, fmt.Sprintf("“%s”在文中出现两个不同的值：前文为%s，此处为%s", ind.Name, was, now))
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Block != out[j].Block {
			return out[i].Block < out[j].Block
		}
		return out[i].Start < out[j].Start
	})
	return out
}

// partIndex gives each block the index of the outermost heading above it (0 for the first
// part), -1 before the first.
func partIndex(doc *report.Document) []int {
	out := make([]int, len(doc.Blocks))
	p := -1
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		if b.Kind == report.Heading && b.Level == 1 {
			p++
		}
		out[i] = p
	}
	return out
}
