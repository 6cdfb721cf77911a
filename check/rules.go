package check

// RuleInfo describes a rule for `qicao check --rules` and the web page that lists them.
type RuleInfo struct {
	ID          string   `json:"id"`
	Family      string   `json:"family"`
	Severity    Severity `json:"severity"`
	Description string   `json:"description"`
	Example     string   `json:"example"` // a wrong text and, after →, what it should be
}

var rules = []RuleInfo{
	{"punct-ascii", "punctuation", Error, "中文语句中使用了半角标点（, ; : ( ) ? ! . \"）", "加快发展;推动改革 → 加快发展；推动改革"},
	{"punct-pair", "punctuation", Error, "成对标点（引号、书名号、括号）不配对或不匹配", "实施“强省会行动 → 实施“强省会”行动"},
	{"punct-nest", "punctuation", Error, "成对标点嵌套错误：引号内再用引号应改单引号，书名号内再用书名号应改〈〉", "“学习“两个确立””→ “学习‘两个确立’”"},
	{"punct-dunhao", "punctuation", Hint, "并列的书名号或引号之间不用顿号", "《条例》、《办法》 → 《条例》《办法》"},
	{"punct-seq-mark", "punctuation", Error, "序号后多余的标点：（一）后不加顿号，1.后不加顿号", "（一）、稳增长 → （一）稳增长"},
	{"punct-double", "punctuation", Error, "标点重复或连用（，，  。，  、、）", "加快发展，，推动改革 → 加快发展，推动改革"},
	{"punct-range", "punctuation", Error, "数值或年份范围用了连字符“-”或“~”，应用“～”或“—”", "增长4.5%-5% → 增长4.5%～5%"},
	{"num-range-unit", "numbers", Error, "数值范围前后两个数的%、万、亿不能省略", "增长15～30% → 增长15%～30%"},
	{"num-year-short", "numbers", Error, "年份不能简写", "24年底 → 2024年底"},
	{"num-year-zero", "numbers", Error, "汉字年份中的零应写作〇，不能用○、O、0或零", "二○二四年 → 二〇二四年"},
	{"num-date-style", "numbers", Warning, "同一文件中日期有阿拉伯数字和汉字两种写法", "2024年1月5日 与 二〇二四年三月一日 并用"},
	{"repeat-char", "repetition", Error, "字重复（叠字、AABB式叠词除外）", "从从强化污染防治 → 从强化污染防治"},
	{"repeat-word", "repetition", Error, "词语重复", "推动推动产业升级 → 推动产业升级"},
	{"word-misused", "words", Error, "错别字或不规范词形", "再接再励 → 再接再厉；因地治宜 → 因地制宜"},
	{"word-usage", "words", Warning, "易混词用法：截止/截至、必须/必需、作出/做出、制定/制订、权力/权利", "截止2024年底 → 截至2024年底"},
	{"formula-near", "formulations", Error, "规范提法写法有出入（与标准写法相差一两个字）", "习近平新时代中国特色社会主意思想 → 习近平新时代中国特色社会主义思想"},
	{"seq-inline", "sequences", Error, "段内序号（一是、二是……；第一、第二……）不连续或重复", "一是……二是……四是…… → 三是"},
	{"seq-heading", "sequences", Error, "同级标题序号不连续或重复", "（一）（二）（四） → （三）"},
	{"seq-level", "sequences", Warning, "标题层级跳级（一、之下直接用1.）", "一、……1.…… → 一、……（一）……"},
	{"count-list", "counts", Error, "列举项数与所说的数目不符", "从A、B、C4个方面 → 列了3项"},
	{"count-follow", "counts", Error, "“N个方面”之后实际列出的标题或一是二是项数不符", "抓好10个方面的工作：一是……九是 → 只有9项"},
	{"consist-indicator", "consistency", Error, "同一指标在同一部分出现两个不同数值", "地区生产总值增长5.2% …… 地区生产总值增长5.3%"},
	{"consist-year", "consistency", Error, "回顾部分或安排部分的年份与报告年份不符", "2026年报告中“一、2024年工作回顾” → 2025年"},
	{"consist-length", "consistency", Warning, "所说各部分字数之和与总字数不符", "共约13900字；第一部分约5400字，第二部分约6300字"},
	{"placeholder", "placeholders", Error, "未填写的占位符（XX、××、＊＊、□□、【待填】、缺数字的%）", "增长XX% → 填写数字"},
	{"garble-time", "words", Warning, "时间词（晚上、上午等）夹在两个词语之间，语句可能错乱", "座谈晚上专题召开了座谈会议"},
	{"style-empty", "style", Hint, "空话套话", "取得了显著成效 → 用数据说明成效"},
	{"style-sentence", "style", Hint, "句子过长", "一句超过150字"},
	{"style-paragraph", "style", Hint, "段落过长", "一段超过800字"},
	{"style-overuse", "style", Hint, "同一词语使用过多", "“进一步”出现40次"},
}

var ruleByID = func() map[string]*RuleInfo {
	m := make(map[string]*RuleInfo, len(rules))
	for i := range rules {
		m[rules[i].ID] = &rules[i]
	}
	return m
}()

// Rules lists every rule with its default severity and an example.
func Rules() []RuleInfo {
	return append([]RuleInfo(nil), rules...)
}
