package check_test

import (
	"testing"

	"qicao/check"
)

// kindCases are the false-alarm kinds and the misses of issue 12, each in our own words: for
// every kind, texts that must get no finding of the listed rules and texts that must get one.
var kindCases = []struct {
	kind  string
	rules []string // the rules a pass case must not trigger; a flag case must trigger the first
	flag  [][]string
	pass  [][]string
}{
	{"1 word boundaries", []string{"repeat-char", "word-misused"},
		[][]string{{"推动国国家安全体系建设。"}, {"社会各界界人士踊跃参与。"}, {"推进进改革试点。"}, {"着力推动高质质量发展。"}, {"进一步步推进改革。"}},
		[][]string{{"加强艾滋病病毒检测工作。"}, {"形成积极向上的社会氛围。"}, {"加强预防犯罪宣传教育。"}, {"办好中国国际进口博览会。"},
			{"加快健全全国统一大市场。"}, {"强化食品安全全链条监管。"}, {"尤其它们的作用不可替代。"}}},
	{"1 misused repeat", []string{"repeat-char"},
		[][]string{{"为群众提供更多多的就业机会。"}},
		nil},
	{"2 reduplication", []string{"repeat-char", "repeat-word"},
		nil,
		[][]string{{"一排排新楼拔地而起，一台台机床昼夜运转，一件件实事落地。"}, {"一年来，一座座标准厂房拔地而起。"}, {"一桩桩心事有了着落，一批批项目开工。"}, {"新修的活动室亮堂堂的，战士们齐刷刷敬礼。"},
			{"社区周周有活动，月月有亮点。"}, {"牢记殷殷嘱托，不负谆谆教诲。"}, {"这家小厂曾经奄奄一息，如今重获生机。"},
			{"王芳芳同志作典型发言。"}, {"请大家多多支持。"}, {"人人参与，户户受益。"}}},
	{"3 names", []string{"repeat-char"},
		nil,
		[][]string{{"示例县县城面貌焕然一新。"}, {"推进示东东港铁路前期工作。"}, {"示例丰丰集团完成改制。"}, {"丹丹煤矿安全生产标准化达标。"}, {"召开市委常委会会议。"},
			{"推进宁杭杭绍城际铁路前期工作。"}, {"谋划示北北川高铁。"}, {"全面落实河长长效机制。"}}},
	{"3 a line's name is no excuse for a slip", []string{"repeat-char"},
		[][]string{{"推进推动进城铁路建设，着力推进进改革。"}},
		nil},
	{"4 named counts", []string{"count-list"},
		[][]string{{"在示例县、示范区、新城2个县区开展试点。"}, {"持续擦亮古城、温泉“三张名片”。"},
			{"在东湖区、临江县和南山乡2个地区试点。"}, {"推动示川、示锦、示丰2市协同发展。"}},
		[][]string{{"统筹推进城市更新、产业升级和六大工程。"}, {"示例港货物吞吐量跃居全球第三大港。"}, {"围绕交通、水利“十项工程”建设行动抓落实。"}, {"在示例县、示范区、新城3个县区开展试点。"},
			{"在东湖区、临江县和南山乡3个地区试点。"}, {"推动示川、示锦、示丰3市协同发展。"}, {"落实预期目标、工作重点和保障措施2个文件。"}}},
	{"5 numbering restarts", []string{"seq-heading", "seq-inline"},
		[][]string{{"一、回顾", "（一）经济", "（二）民生", "（一）项目"}},
		[][]string{{"一、回顾", "（一）经济", "（二）民生", "附件", "（一）名词", "（二）名词"},
			{"一是加快建设。二是推进改革。", "名词解释", "一是指标体系。二是统计口径。"},
			{"一、回顾", "二、安排", "2027年民生实事项目", "一、教育", "二、医疗"}}},
	{"6 items over paragraphs", []string{"count-follow"},
		[][]string{{"重点抓好5个方面工作：一是加快建设。二是推进改革。", "三是保障民生。"}},
		[][]string{{"重点抓好4个方面工作：一是加快建设。二是推进改革。", "三是保障民生。", "四是加强治理。"},
			{"重点抓好3个方面工作：", "一是加快建设。", "这方面要久久为功。", "二是推进改革。", "同时，三是保障民生。"}}},
	{"7 hyphens", []string{"punct-range"},
		[][]string{{"实施2026-2030年城市更新计划。"}},
		[][]string{{"公布服务热线0571-88889999。"}, {"公文按照GB/T 9704-2012排版。"}, {"来电请拨010-12345678。"}}},
	{"8 formulations on word boundaries", []string{"formula-near"},
		[][]string{{"大力弘扬社会主义核心价值关。"}},
		[][]string{{"推进社会主义核心价值体系建设。"}}},
	{"short years", []string{"num-year-short"},
		[][]string{{"26年示例市政府工作报告", "一、工作回顾"}, {"在25年，全市完成投资。"}, {"26年全市经济平稳运行。"},
			{"示例市2027年政府工作报告", "示例市26年国民经济和社会发展计划执行情况"}, {"2026年工作回顾", "全市26年完成投资100亿元。"}},
		[][]string{{"示例市建市26年来，经济总量翻番。"}, {"经过26年的发展，园区初具规模。"}, {"连续26年保持增长。"}}},
	{"jiezhi", []string{"word-usage", "word-misused"},
		[][]string{{"截止2026年底，全市完成投资。"}, {"截止目前，已建成充电站30座。"}},
		[][]string{{"截止到2026年底，新增就业5000人。"}, {"项目申报截止日期为5月31日。"}, {"申报工作已于6月30日截止。"}, {"截至2026年底，全市完成投资。"}}},
	{"jiezhi redundant", []string{"word-misused"},
		[][]string{{"截至到2026年12月31日，累计发放贷款。"}},
		[][]string{{"截止到2026年底，新增就业5000人。"}}},
	{"removed quotation mark", []string{"punct-pair"},
		[][]string{{"推动“强县行动，实施“百村示范”工程。"}, {"“强县行动，实施“百村示范”工程。", "“第二段。"}},
		[][]string{{"推动“强县”行动，实施“百村示范”工程。"}, {"“第一段引文，", "“第二段引文。”"}}},
}

func TestKinds(t *testing.T) {
	for _, tc := range kindCases {
		for _, lines := range tc.flag {
			fs := check.Check(build(lines...), nil)
			if has(fs, tc.rules[0]) == nil {
				t.Errorf("%s: %s not flagged on %q (got %v)", tc.kind, tc.rules[0], lines, rulesOf(fs))
			}
		}
		for _, lines := range tc.pass {
			fs := check.Check(build(lines...), nil)
			for _, r := range tc.rules {
				if f := has(fs, r); f != nil {
					t.Errorf("%s: false %s on %q: %s %s", tc.kind, r, lines, f.Excerpt, f.Message)
				}
			}
		}
	}
}

// TestSuggestions pins what the finding says, where the kind is about the message.
func TestSuggestions(t *testing.T) {
	fs := check.Check(build("实施2026-2030年城市更新计划。"), nil)
	if f := has(fs, "punct-range"); f == nil || f.Suggestion != "—" {
		t.Errorf("year range: want suggestion —, got %+v", f)
	}
	fs = check.Check(build("推动国国家安全体系建设。"), nil)
	if f := has(fs, "repeat-char"); f == nil || f.Severity != check.Error {
		t.Errorf("国国家: want an error, got %+v", f)
	}
	fs = check.Check(build("26年示例市政府工作报告", "一、工作回顾"), nil)
	if f := has(fs, "num-year-short"); f == nil || f.Suggestion != "2026年" || f.Block != -1 {
		t.Errorf("title year: want 2026年 in the title block, got %+v", f)
	}
}

// TestLexicon: a workspace word is read as a word, so a name meeting a word is no slip.
func TestLexicon(t *testing.T) {
	doc := build("推进示锦锦绣新城建设。")
	if has(check.Check(doc, nil), "repeat-char") == nil {
		t.Fatalf("without the lexicon the double should be reported")
	}
	cfg, err := check.LoadConfig([]byte(`lexicon = ["示锦"]`))
	if err != nil {
		t.Fatal(err)
	}
	if f := has(check.Check(doc, cfg), "repeat-char"); f != nil {
		t.Errorf("lexicon word 示锦 still reported: %s", f.Excerpt)
	}
	// A place name the dictionary lacks is at most a warning, and the lexicon silences it.
	doc = build("启动临江江滨公园改造。")
	if f := has(check.Check(doc, nil), "repeat-char"); f == nil || f.Severity != check.Warning {
		t.Errorf("临江江滨 without the lexicon: want a warning, got %+v", f)
	}
	// 临江 is in the dictionary; 江滨 is the word it lacks, and a writer may also add the whole name.
	cfg, err = check.LoadConfig([]byte(`lexicon = ["江滨"]`))
	if err != nil {
		t.Fatal(err)
	}
	if f := has(check.Check(doc, cfg), "repeat-char"); f != nil {
		t.Errorf("lexicon word 江滨 still reported: %s", f.Excerpt)
	}
	cfg, err = check.LoadConfig([]byte(`lexicon = ["临江江滨公园"]`))
	if err != nil {
		t.Fatal(err)
	}
	if f := has(check.Check(doc, cfg), "repeat-char"); f != nil {
		t.Errorf("lexicon name 临江江滨公园 still reported: %s", f.Excerpt)
	}
}
