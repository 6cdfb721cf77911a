// Package explain writes the 起草说明, the writing team's explanation of how a report was
// drafted, from the report itself and an optional timeline of the drafting: its formation,
// its structure and length part by part with the team's rounding, the key areas as 一是…二是…
// with their sub-areas, and placeholders for what only people can write.
package explain

import (
	"strconv"
	"strings"

	"qicao/report"
	"qicao/wordcount"
)

// Missing marks what the writing team must fill in by hand; the checker flags it as unfilled.
const Missing = "【待填】"

func missing(what string) string { return "【待填：" + what + "】" }

// Explanation is a generated 起草说明.
type Explanation struct {
	Title     string
	Sections  []Section
	Structure *Structure
}

// Section is one numbered section of the explanation.
type Section struct {
	Heading    string // "一、关于《报告》的形成过程"
	Paragraphs []string
}

// Write drafts the explanation of doc; tl may be nil, and what it would have said is then left
// as 【待填】 placeholders.
func Write(doc *report.Document, tl *Timeline) (*Explanation, error) {
	if len(doc.Blocks) == 0 {
		return nil, report.Errorf(report.EINVALID, "报告没有正文，无法生成起草说明")
	}
	w := writer{doc: doc, tl: tl, s: Analyze(doc), unit: unitOf(doc)}
	w.year = w.reportYear()
	e := &Explanation{Structure: w.s}
	y := missing("年度")
	if w.year > 0 {
		y = strconv.Itoa(w.year)
	}
	e.Title = "关于" + y + "年《政府工作报告（征求意见稿）》起草有关情况的说明"
	e.Sections = []Section{
		{"一、关于《报告》的形成过程", w.formation()},
		{"二、《报告》的基本框架和内容", w.framework()},
		{"三、《报告》的特点", w.features()},
	}
	return e, nil
}

type writer struct {
	doc  *report.Document
	tl   *Timeline
	s    *Structure
	unit string // 市, 县 or 区: the level of government the report speaks for
	year int    // the year the report plans for, 0 if unknown
}

// unitOf tells a county's report from a city's or a district's by who delivers it.
func unitOf(doc *report.Document) string {
	for _, s := range []string{doc.Speaker, doc.Subtitle, doc.Title} {
		for _, u := range []string{"县", "区", "市", "旗"} {
			if strings.Contains(s, u+"长") || strings.Contains(s, u+"人民代表大会") || strings.Contains(s, u+"第") {
				return u
			}
		}
	}
	return "市"
}

func (w *writer) reportYear() int {
	if w.tl != nil && w.tl.Year > 0 {
		return w.tl.Year
	}
	best := 0
	for _, p := range w.s.Parts {
		switch {
		case len(p.Areas) > 0 && p.Year > 0:
			return p.Year
		case p.Year > best:
			best = p.Year
		}
	}
	if y := yearIn(w.doc.Subtitle); y > 0 && (best == 0 || y > best) {
		return y
	}
	if best > 0 && w.s.Parts[0].Year == best && len(w.s.Parts) == 1 {
		return best + 1 // only a review of last year
	}
	return best
}

func (w *writer) yearText(offset int) string {
	if w.year == 0 {
		return missing("年度")
	}
	return strconv.Itoa(w.year + offset)
}

// formation writes the first section from the timeline.
func (w *writer) formation() []string {
	u, last := w.unit, 0
	date := func(e *Event) string {
		if e == nil {
			return missing("日期")
		}
		return e.Date.format(&last)
	}
	field := func(e *Event, i int, what string) string {
		if e == nil || len(e.Fields) <= i {
			return missing(what)
		}
		return e.Fields[i]
	}
	var b strings.Builder
	g := w.tl.first(Group)
	b.WriteString("为做好" + w.yearText(0) + "年《政府工作报告》起草工作，" + u + "人民政府于" + date(g) + "成立了由" +
		field(g, 0, "领导小组组成") + "的《报告》起草领导小组，并抽调相关工作人员组成写作班子，负责《报告》的调研起草工作。")
	n := w.tl.first(Notice)
	office := u + "政府办公室"
	if n != nil && len(n.Fields) > 1 {
		office = n.Fields[1]
	}
	b.WriteString(office + "于" + date(n) + "下发了《" + strings.Trim(field(n, 0, "通知名称"), "《》") + "》，明确要求各乡镇人民政府、" + u +
		"直有关部门全面总结本乡镇、本部门工作成效、特色亮点，高质量报送" + w.yearText(-1) + "年工作总结、典型经验材料和" + w.yearText(0) + "年工作计划及民生实事，")
	research := w.tl.all(Research)
	if len(research) == 0 {
		research = []Event{{}}
	}
	for i, r := range research {
		e := &r
		if e.Line == 0 {
			e = nil
		}
		if i == 0 {
			b.WriteString("随后")
		} else {
			b.WriteString("；")
		}
		b.WriteString("起草工作组于" + date(e) + "派出了" + field(e, 0, "调研小组") + "分别到" + field(e, 1, "调研单位") + "开展了调研座谈")
	}
	b.WriteString("，为《报告》起草提供了有力支撑。")
	b.WriteString("在《报告》起草领导小组的统筹推动下，在起草工作组的共同努力下，工作总体推进顺利，现已形成《报告（征求意见稿）》，")
	c := w.tl.first(Comments)
	b.WriteString("并于" + date(c) + "向" + field(c, 0, "征求意见范围") + "发出了征求意见的通知")
	for _, s := range w.tl.all(Seminar) {
		b.WriteString("，于" + date(&s) + "专题召开了座谈会，听取了" + field(&s, 0, "参会单位") + "的意见建议")
	}
	b.WriteString("。")
	if reviews := w.tl.all(Review); len(reviews) > 0 {
		b.WriteString("其间，《报告》")
		for i, r := range reviews {
			if i > 0 {
				b.WriteString("，")
			}
			b.WriteString("于" + date(&r) + "经" + field(&r, 0, "会议名称") + "审议")
		}
		b.WriteString("。")
	}
	for _, o := range w.tl.all(Other) {
		b.WriteString(date(&o) + "，" + strings.TrimRight(field(&o, 0, "事项"), "。") + "。")
	}
	return []string{b.String(), missing("对《报告》形成过程的总体评价")}
}

// framework writes the second section from the report's outline.
func (w *writer) framework() []string {
	var ps []string
	if hasBlankFigures(w.doc) {
		ps = append(ps, "首先对数据指标做一个说明：由于目前数据指标正在统计和预测，部分上级行业部门明确量化的目标任务还未下达，因此呈送各位领导的《报告》征求意见稿还未填充数据，"+
			w.unit+"级各部门正抓紧对数据指标进行统计、核算、预测、修正、填充。")
	}
	ps = append(ps, "下面对《报告》内容作说明：")
	total := wordcount.About(w.s.Words)
	if len(w.s.Parts) == 0 {
		return append(ps, "《报告》"+total+"，未分部分。"+missing("《报告》内容概述"))
	}
	count := report.Numeral(len(w.s.Parts))
	if len(w.s.Parts) == 2 {
		count = "两"
	}
	ps = append(ps, "《报告》共分"+count+"大部分，"+total+"。")
	for i, p := range w.s.Parts {
		head := "第" + report.Numeral(i+1) + "部分为：" + p.Title + "，" + wordcount.About(p.Words) + "。"
		if len(p.Areas) == 0 {
			ps = append(ps, head+w.summaryPart(p))
			continue
		}
		ps = append(ps, head+w.planPart(p))
		for k, a := range p.Areas {
			s := report.Numeral(k+1) + "是" + a.Title + "。"
			if len(a.SubAreas) > 0 {
				s += "此块主要从" + strings.Join(a.SubAreas, "、") + strconv.Itoa(len(a.SubAreas)) + "个方面作了安排部署。"
			}
			ps = append(ps, s)
		}
	}
	return ps
}

// summaryPart describes a part without key areas, such as the review of last year.
func (w *writer) summaryPart(p Part) string {
	year := strconv.Itoa(p.Year)
	if p.Year == 0 {
		year = w.yearText(-1)
	}
	review := strings.Contains(p.Title, "回顾") || strings.Contains(p.Title, "过去") || strings.Contains(p.Title, "总结")
	var s string
	if len(p.Highlights) > 0 {
		s = "这一部分主要以数据和实际成效对" + year + "年的工作进行概述，从" + strings.Join(p.Highlights, "、") +
			strconv.Itoa(len(p.Highlights)) + "个方面实事求是地总结了" + year + "年取得的成绩"
	}
	if len(p.Sections) > 0 {
		if s == "" {
			s = "这一部分"
		} else {
			s += "；"
		}
		list := strings.Join(shortNames(p.Sections), "、") + strconv.Itoa(len(p.Sections)) + "个方面"
		if review {
			s += "从" + list + "全面总结了" + year + "年政府工作采取的各项务实工作措施"
		} else {
			s += "从" + list + "作了阐述"
		}
	}
	if s != "" {
		s += "。"
	}
	if p.Problems {
		s += "在客观总结经验的同时，深入查找了当前经济社会发展中面临的主要困难和问题。"
	}
	return s
}

// shortNames keeps the first clause of titles such as "聚力稳增长，经济运行回升向好", which
// read as a list only without their second half.
func shortNames(titles []string) []string {
	out := make([]string, len(titles))
	for i, t := range titles {
		out[i], _, _ = strings.Cut(t, "，")
	}
	return out
}

// planPart opens the description of a part with key areas.
func (w *writer) planPart(p Part) string {
	year := strconv.Itoa(p.Year)
	if p.Year == 0 {
		year = w.yearText(0)
	}
	s := "这部分"
	if len(p.Overview) > 0 {
		s += "从" + joinAnd(p.Overview) + strconv.Itoa(len(p.Overview)) + "个方面对" + year + "年全" + w.unit + "经济社会发展工作进行了整体概述，"
	}
	return s + "提出需要重点抓好" + strconv.Itoa(len(p.Areas)) + "个方面的工作："
}

// joinAnd lists items as Chinese prose does: 甲、乙和丙.
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], "、") + "和" + items[len(items)-1]
}

// hasBlankFigures tells whether the draft still has figures left to fill in.
func hasBlankFigures(doc *report.Document) bool {
	for i := range doc.Blocks {
		t := doc.Blocks[i].Text
		for _, mark := range []string{"XX", "××", "xx", "＊＊", "□□", Missing, "【待填"} {
			if strings.Contains(t, mark) {
				return true
			}
		}
	}
	return false
}

// features leaves the principles and features to the writing team, who alone know them.
func (w *writer) features() []string {
	return []string{
		"纵观整个《报告》，我们本着" + missing("起草原则，如结构力求合理、表述力求准确") + "的原则，在起草过程中注意体现以下几个特点：" + missing("一是……二是……三是……"),
		"各位领导，《报告》虽已形成征求意见稿，但疏漏之处在所难免，请多提宝贵意见，我们将认真吸纳、充实和完善，并如期提交" +
			w.unit + "人民政府常务会、" + w.unit + "委常委会会议审议。",
	}
}
