package check_test

import (
	"strings"
	"testing"

	"qicao/check"
	"qicao/outline"
	"qicao/report"
	"qicao/sample"
)

// build makes a document from lines, as the text reader would.
func build(lines ...string) *report.Document {
	paras := make([]outline.Para, len(lines))
	for i, l := range lines {
		paras[i] = outline.Para{Text: l}
	}
	return outline.Build(paras)
}

func has(fs []check.Finding, rule string) *check.Finding {
	for i := range fs {
		if fs[i].Rule == rule {
			return &fs[i]
		}
	}
	return nil
}

// ruleCases hold, for each rule, texts it must flag and near misses it must not. Each case is a
// document given as lines; a case of one line is a body paragraph.
var ruleCases = []struct {
	rule string
	flag [][]string
	pass [][]string
}{
	{"punct-ascii",
		[][]string{{"加快产业发展;推动改革深化。"}, {"坚持长期发展(不动摇)。"}, {"发展经济,保障民生。"}, {"全年增长5%,好于预期。"}, {"推进改革.加快发展。"}},
		[][]string{{"会议于10:30开始。"}, {"总额达1,200万元。"}, {"PM2.5浓度下降。"}, {"引进GDP(Gross Domestic Product)核算方法。"}}},
	{"punct-pair",
		[][]string{{"实施“强县行动，推动发展。"}, {"学习《条例》》精神。"}, {"推动发展（重点领域。"}},
		[][]string{{"实施“强县”行动。"}, {"学习《条例》精神（试行）。"}, {"“第一段引文，", "“第二段引文。”"}}},
	{"punct-nest",
		[][]string{{"他说“牢记“两个确立”的意义”。"}},
		[][]string{{"他说“牢记‘两个确立’的意义”。"}, {"学习《关于〈规划〉的说明》。"}}},
	{"punct-dunhao",
		[][]string{{"学习《条例》、《办法》。"}, {"开展“三送”、“四下乡”活动。"}},
		[][]string{{"学习《条例》《办法》。"}, {"开展“三送”“四下乡”活动。"}}},
	{"punct-seq-mark",
		[][]string{{"一、工作回顾", "（一）、稳增长成效明显"}},
		[][]string{{"一、工作回顾", "（一）稳增长成效明显"}}},
	{"punct-double",
		[][]string{{"加快发展，，推动改革。"}, {"加快发展。，推动改革。"}},
		[][]string{{"加快发展……推动改革。"}, {"加快发展——推动改革。"}}},
	{"punct-range",
		[][]string{{"预期增长4.5%-5%。"}, {"实施2021-2025年规划。"}, {"增长3~5个百分点。"}},
		[][]string{{"新冠COVID-19疫情结束。"}, {"预期增长4.5%～5%。"}, {"实施2021—2025年规划。"}}},
	{"num-range-unit",
		[][]string{{"增长15～30%。"}, {"投资9～16亿元。"}, {"增长3-5%。"}},
		[][]string{{"增长15%～30%。"}, {"实施2016—2020年规划。"}, {"建设3～5个园区。"}, {"投资9亿～16亿元。"}}},
	{"num-year-short",
		[][]string{{"2024年工作总结。", "截至24年底，全市完成投资。"}, {"2025年是关键之年。", "25年1月，项目开工。"}},
		[][]string{{"2024年工作总结。", "连续24年保持增长。"}, {"2024年工作总结。", "建厂24年来，累计投资。"}}},
	{"num-year-zero",
		[][]string{{"二○二四年一月五日"}, {"二O二五年"}, {"二零二五年"}},
		[][]string{{"二〇二四年一月五日"}, {"实施○○工程"}}},
	{"num-date-style",
		[][]string{{"2024年1月5日召开会议。", "2024年2月6日开工。", "二〇二四年三月一日竣工。"}},
		[][]string{{"2024年1月5日召开会议。", "2024年3月1日竣工。"}}},
	{"repeat-char",
		[][]string{{"着力从从强化生态保护入手。"}, {"坚持的的原则不变。"}, {"推动高质质量发展。"}},
		[][]string{{"常常深入基层。"}, {"家家户户用上自来水。"}, {"实实在在办好实事。"}, {"2024年年底前完成。"}, {"投资1100万元。"}, {"久久为功抓落实。"}, {"加强中国国际交流。"}, {"层层压实责任。"}, {"加快健全全国统一大市场。"}, {"转变工作作风。"}, {"打造现代化都市圈，建设首都都市圈。"}, {"示例市市长　李明远"}, {"加快资产产权交易。"}, {"对全市项目工作作了安排部署。"}, {"提交市委常委会会议审议。"}}},
	{"repeat-word",
		[][]string{{"推动推动产业升级。"}, {"推进高质量高质量发展。"}},
		[][]string{{"一步一步推进。"}, {"一心一意谋发展。"}, {"推动产业升级。"}}},
	{"word-misused",
		[][]string{{"再接再励，推动发展。"}, {"坚持因地治宜。"}, {"融入一代一路建设。"}, {"这是惟一的办法。"}, {"周密布署。"}},
		[][]string{{"再接再厉，推动发展。"}, {"坚持因地制宜。"}, {"融入“一带一路”建设。"}, {"这是唯一的办法。"}, {"周密部署。"}}},
	{"word-usage",
		[][]string{{"截止2024年底，完成投资。"}, {"必需坚持党的领导。"}, {"做出重要贡献。"}, {"制订政策措施。"}},
		[][]string{{"截至2024年底，完成投资。"}, {"报名截止日期为5月1日。"}, {"保障生活必需品供应。"}, {"作出重要贡献。"}, {"做出样品。"}, {"制订工作计划。"}}},
	{"formula-near",
		[][]string{{"坚持以习近平新时代中国特色社会主意思想为指导。"}, {"在以习近平同志为核心得党中央坚强领导下。"}, {"坚持稳中求进的工作总基调。"}},
		[][]string{{"坚持以习近平新时代中国特色社会主义思想为指导。"}, {"深入贯彻党的二十大和二十届三中全会精神。"}, {"在以习近平同志为核心的党中央坚强领导下。"}}},
	{"seq-inline",
		[][]string{{"一是加快建设。二是推进改革。四是保障民生。"}, {"一是加快建设。", "二是推进改革。", "二是保障民生。"}},
		[][]string{{"一是加快建设。二是推进改革。三是保障民生。"}, {"一是加快建设。", "二是推进改革。", "三是保障民生。"}, {"坚持统一是原则。"}}},
	{"seq-heading",
		[][]string{{"一、回顾", "二、安排", "四、建设"}, {"一、回顾", "（一）经济", "（三）民生"}},
		[][]string{{"一、回顾", "二、安排", "三、建设"}, {"一、回顾", "（一）经济", "二、安排", "（一）项目"}}},
	{"seq-level",
		[][]string{{"一、回顾", "（一）经济", "二、安排", "1.项目建设"}},
		[][]string{{"一、回顾", "（一）经济", "1.项目建设"}}},
	{"count-list",
		[][]string{{"从全链招商、狠抓项目、要素保障4个方面作了部署。"}, {"持续擦亮古城、温泉“三张名片”。"}},
		[][]string{{"从全链招商、狠抓项目、要素保障3个方面作了部署。"}, {"从总体要求、预期目标和工作重点3个方面作了说明。"}, {"持续擦亮古城、温泉、茶园“三张名片”。"}, {"从招商、项目、保障等4个方面作了部署。"}}},
	{"count-follow",
		[][]string{{"今年重点抓好3个方面的工作：", "一是加快建设。", "二是推进改革。"}, {"二、2026年工作安排", "今年重点做好以下3个方面工作。", "（一）项目", "（二）产业"}},
		[][]string{{"今年重点抓好2个方面的工作：", "一是加快建设。", "二是推进改革。"}, {"二、2026年工作安排", "今年重点做好以下2个方面工作。", "（一）项目", "（二）产业", "三、政府建设"}}},
	{"consist-indicator",
		[][]string{{"一、回顾", "全市地区生产总值增长5.2%。", "地区生产总值增长5.3%，好于预期。"}},
		[][]string{{"一、回顾", "地区生产总值增长5.2%。", "一季度地区生产总值增长5.3%。"}, {"一、2025年工作回顾", "地区生产总值增长5.2%。", "二、2026年工作安排", "地区生产总值增长5%左右。"}}},
	{"consist-year",
		[][]string{{"政府工作报告", "——2026年1月20日在示例市第五届人民代表大会第六次会议上", "一、2024年工作回顾", "经济稳定。", "二、2026年工作安排"}},
		[][]string{{"政府工作报告", "——2026年1月20日在示例市第五届人民代表大会第六次会议上", "一、2025年工作回顾", "经济稳定。", "二、2026年工作安排"}}},
	{"consist-length",
		[][]string{{"《报告》共分两大部分，约13900字。", "第一部分为：工作回顾，约5400字。", "第二部分为：工作安排，约6300字。"}},
		[][]string{{"《报告》共分两大部分，约13900余字。", "第一部分为：工作回顾，约5400余字。", "第二部分为：工作安排，约8300余字。"}}},
	{"placeholder",
		[][]string{{"地区生产总值增长XX%。"}, {"完成投资××亿元。"}, {"粮食产量【待填】万吨。"}, {"增长%，好于预期。"}, {"□□乡镇完成任务。"}, {"增长X%。"}},
		[][]string{{"建设X射线检测中心。"}, {"配套3×5米展板。"}, {"增长5%。"}, {"实施XXL计划。"}}},
	{"garble-time",
		[][]string{{"调研晚上集中开展了调研座谈。"}},
		[][]string{{"当天晚上集中开展了调研座谈。"}, {"1月5日晚上召开座谈会。"}, {"发展夜间经济。"}}},
	{"style-empty",
		[][]string{{"全市工作取得了显著成效。"}},
		[][]string{{"全市地区生产总值增长5%。"}}},
	{"style-sentence",
		[][]string{{strings.Repeat("推动产业发展", 30) + "。"}},
		[][]string{{strings.Repeat("推动产业发展。", 30)}}},
	{"style-paragraph",
		[][]string{{strings.Repeat("推动产业发展。", 130)}},
		[][]string{{strings.Repeat("推动产业发展。", 100)}}},
	{"style-overuse",
		[][]string{{strings.Repeat("进一步发展。", 25)}},
		[][]string{{strings.Repeat("进一步发展。", 5) + strings.Repeat("建设现代化产业体系。", 20)}}},
}

func TestRules(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range ruleCases {
		covered[tc.rule] = true
		for _, lines := range tc.flag {
			fs := check.Check(build(lines...), nil)
			if has(fs, tc.rule) == nil {
				t.Errorf("%s: not flagged: %q (got %v)", tc.rule, lines, rulesOf(fs))
			}
		}
		for _, lines := range tc.pass {
			fs := check.Check(build(lines...), nil)
			if f := has(fs, tc.rule); f != nil {
				t.Errorf("%s: false alarm on %q: %s %s", tc.rule, lines, f.Excerpt, f.Message)
			}
		}
	}
	for _, r := range check.Rules() {
		if !covered[r.ID] {
			t.Errorf("rule %s has no test cases", r.ID)
		}
	}
}

func rulesOf(fs []check.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+":"+f.Excerpt)
	}
	return out
}

func TestFindingFields(t *testing.T) {
	doc := build("政府工作报告", "一、2025年工作回顾", "（一）经济运行", "着力从从强化生态保护。")
	fs := check.Check(doc, nil)
	f := has(fs, "repeat-char")
	if f == nil {
		t.Fatalf("no finding: %v", rulesOf(fs))
	}
	b := doc.Blocks[f.Block]
	if got := b.Text[f.Start:f.End]; got != "从从" {
		t.Errorf("span = %q", got)
	}
	if f.BlockID != b.ID || f.Family != "repetition" || f.Severity != check.Error || f.Suggestion != "从" {
		t.Errorf("finding = %+v", f)
	}
	if len(f.Path) != 2 || f.Path[0] != "一、2025年工作回顾" || f.Path[1] != "（一）经济运行" {
		t.Errorf("path = %q", f.Path)
	}
	if f.Excerpt != "着力【从从】强化生态保护。" {
		t.Errorf("excerpt = %q", f.Excerpt)
	}
	if check.Error.String() != "错误" || check.Warning.String() != "警告" || check.Hint.String() != "提示" {
		t.Errorf("severity names wrong")
	}
}

// TestSeedShapes uses our own sentences shaped like the two slips in the seed 起草说明: a doubled
// 从 and a time word left between two words by an edit.
func TestSeedShapes(t *testing.T) {
	doc := build("此块主要围绕生态优先，从从强化水源保护、推进绿色转型2个方面作了部署。",
		"随后于1月8日向各单位发出通知，调研晚上集中召开了调研会议，听取了意见。")
	fs := check.Check(doc, nil)
	var rep, garble bool
	for _, f := range fs {
		span := doc.Blocks[f.Block].Text[f.Start:f.End]
		rep = rep || f.Rule == "repeat-char" && span == "从从"
		garble = garble || f.Rule == "garble-time" && strings.Contains(span, "晚上")
	}
	if !rep || !garble {
		t.Errorf("repeat %v garble %v: %v", rep, garble, rulesOf(fs))
	}
}

// TestSampleClean: the sample drafts are correct text, so any error-severity finding on them is
// a false alarm.
func TestSampleClean(t *testing.T) {
	for v := 1; v <= 3; v++ {
		lines := strings.Split(string(sample.Report(v)), "\n")
		for _, f := range check.Check(build(lines...), nil) {
			if f.Severity == check.Error {
				t.Errorf("v%d: %s %s %s", v, f.Rule, f.Excerpt, f.Message)
			}
		}
	}
}

func TestRulesListed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range check.Rules() {
		if seen[r.ID] || r.Description == "" || r.Example == "" || check.FamilyName(r.Family) == r.Family {
			t.Errorf("rule %+v incomplete or duplicated", r)
		}
		seen[r.ID] = true
	}
}

func TestNilAndEmpty(t *testing.T) {
	if fs := check.Check(nil, nil); fs != nil {
		t.Errorf("nil doc gave %v", fs)
	}
	if fs := check.Check(&report.Document{}, nil); len(fs) != 0 {
		t.Errorf("empty doc gave %v", fs)
	}
}

// TestConcurrent: one configuration serves many checks at once, as in the server.
func TestConcurrent(t *testing.T) {
	cfg := check.DefaultConfig()
	doc := build(strings.Split(string(sample.Report(2)), "\n")...)
	want := len(check.Check(doc, check.DefaultConfig()))
	done := make(chan int)
	for range 4 {
		go func() { done <- len(check.Check(doc, cfg)) }()
	}
	for range 4 {
		if got := <-done; got != want {
			t.Errorf("concurrent check gave %d findings, want %d", got, want)
		}
	}
}
