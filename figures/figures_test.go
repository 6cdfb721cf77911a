package figures

import (
	"strings"
	"testing"

	"qicao/report"
)

func doc(paras ...string) *report.Document {
	d := &report.Document{Title: "政府工作报告"}
	for _, p := range paras {
		d.Blocks = append(d.Blocks, report.Block{Text: p})
	}
	d.Finish()
	return d
}

func TestFindPlaceholders(t *testing.T) {
	tests := []struct {
		text string
		want []Placeholder // Text, Name, Owner, Unit, Number
	}{
		{"预计全年实现地区生产总值【地区生产总值】，增长【地区生产总值增速】。", []Placeholder{
			{Text: "【地区生产总值】", Name: "地区生产总值"},
			{Text: "【地区生产总值增速】", Name: "地区生产总值增速"}}},
		{"规模以上工业增加值增长XX%【待填：规上工业增加值增速｜统计局】，", []Placeholder{
			{Text: "XX%【待填：规上工业增加值增速｜统计局】", Name: "规上工业增加值增速", Owner: "统计局", Unit: "%"}}},
		{"一般公共预算收入完成××亿元【一般公共预算收入｜财政局】。", []Placeholder{
			{Text: "××亿元【一般公共预算收入｜财政局】", Name: "一般公共预算收入", Owner: "财政局", Unit: "亿元"}}},
		{"地区生产总值增长6.2%【地区生产总值增速】。", []Placeholder{
			{Text: "6.2%【地区生产总值增速】", Name: "地区生产总值增速", Unit: "%", Number: "6.2"}}},
		{"城镇化率提高到ＸＸ．Ｘ％ 【 待填:常住人口 城镇化率 / 统计局 】。", []Placeholder{
			{Text: "ＸＸ．Ｘ％ 【 待填:常住人口 城镇化率 / 统计局 】", Name: "常住人口城镇化率", Owner: "统计局", Unit: "%"}}},
		{"新增城镇就业xx人[待补充：城镇新增就业（人社局）]。", []Placeholder{
			{Text: "xx人[待补充：城镇新增就业（人社局）]", Name: "城镇新增就业", Owner: "人社局", Unit: "人"}}},
		{"实施重点项目□□个〖重点项目个数，发改局〗。", []Placeholder{
			{Text: "□□个〖重点项目个数，发改局〗", Name: "重点项目个数", Owner: "发改局", Unit: "个"}}},
		{"见文献[1]，尺码XXL，面积3×4米。【这是一句说明，不是标签，也不是数据。】", nil},
	}
	for _, tt := range tests {
		ps, probs := Find(doc(tt.text))
		if len(probs) > 0 {
			t.Errorf("%s: problems %+v", tt.text, probs)
		}
		if len(ps) != len(tt.want) {
			t.Errorf("%s: found %+v, want %d", tt.text, ps, len(tt.want))
			continue
		}
		rs := []rune(tt.text)
		for i, w := range tt.want {
			p := ps[i]
			if p.Text != w.Text || p.Name != w.Name || p.Owner != w.Owner || p.Unit != w.Unit || p.Number != w.Number {
				t.Errorf("%s: got %+v, want %+v", tt.text, p, w)
			}
			if string(rs[p.Start:p.End]) != p.Text {
				t.Errorf("%s: offsets [%d,%d) give %q, not %q", tt.text, p.Start, p.End, string(rs[p.Start:p.End]), p.Text)
			}
		}
	}
}

func TestFindProblems(t *testing.T) {
	_, probs := Find(doc("增长XX%，完成【待填】，收入××亿元。"))
	if len(probs) != 3 {
		t.Fatalf("problems %+v, want 3", probs)
	}
	for i, want := range []string{"“XX%”后面没有【指标名称】", "“【待填】”没有写指标名称", "“××亿元”后面没有【指标名称】"} {
		if !strings.Contains(probs[i].Message, want) {
			t.Errorf("problem %d: %q, want it to say %q", i, probs[i].Message, want)
		}
	}
}

func TestParseValue(t *testing.T) {
	pct := &report.Indicator{Name: "地区生产总值增速", Unit: "%"}
	pctText := &report.Indicator{Name: "地区生产总值增长目标", Unit: "%", AllowText: true}
	money := &report.Indicator{Name: "一般公共预算收入", Unit: "亿元"}
	count := &report.Indicator{Name: "重点项目", Unit: "个", AllowText: true}
	tests := []struct {
		ind       *report.Indicator
		in, want  string
		wantError string
	}{
		{pct, "6.2", "6.2", ""},
		{pct, " 6.2% ", "6.2", ""},
		{pct, "６．２％", "6.2", ""},
		{pct, "-1.50", "-1.5", ""},
		{pct, "约6%", "", "不是数值"},
		{pct, "6亿元", "", "单位不符"},
		{pct, "", "", "请填写"},
		{pct, "abc", "", "不是数值"},
		{pctText, "约6%", "约6%", ""},
		{pctText, "6％左右", "6%左右", ""},
		{pctText, "6左右", "", "请写明单位"},
		{pctText, "左右", "", "没有数字"},
		{money, "386.5", "386.5", ""},
		{money, "3865000万元", "386.5", ""},
		{money, "38,650,000,000元", "386.5", ""},
		{money, "386.5万人", "", "单位不符"},
		{count, "126", "126", ""},
		{count, "120个以上", "120个以上", ""},
	}
	for _, tt := range tests {
		got, err := ParseValue(tt.ind, tt.in)
		if tt.wantError != "" {
			if err == nil || report.ErrorCode(err) != report.EINVALID || !strings.Contains(err.Error(), tt.wantError) {
				t.Errorf("%s %q: err %v, want one saying %q", tt.ind.Name, tt.in, err, tt.wantError)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s %q: %q, %v; want %q", tt.ind.Name, tt.in, got, err, tt.want)
		}
	}
}

func TestConvert(t *testing.T) {
	v, _, _ := Stated("38.65亿元")
	got, ok := Convert(v, "亿元", "万元")
	if !ok || FormatNumber(got) != "386500" {
		t.Errorf("38.65亿元 in 万元: %v %v", got, ok)
	}
	if _, ok := Convert(v, "亿元", "万人"); ok {
		t.Error("亿元 converted to 万人")
	}
	if !SameBase("万人次", "人次") || SameBase("%", "百分点") {
		t.Error("SameBase")
	}
}

func TestFill(t *testing.T) {
	d := doc("增长XX%【地区生产总值增速｜统计局】，总量【地区生产总值】，收入6.0亿元，目标【待填：增长目标】。")
	ps, _ := Find(d)
	gdpRate := &report.Indicator{Name: "地区生产总值增速", Unit: "%", Value: "6.2"}
	gdp := &report.Indicator{Name: "地区生产总值", Unit: "亿元", Value: "386.5"}
	income := &report.Indicator{Name: "收入", Unit: "亿元", Value: "21.8"}
	target := &report.Indicator{Name: "增长目标", Unit: "%"} // unfilled: the placeholder stays
	rs := []rune(d.Blocks[0].Text)
	at := strings.Index(d.Blocks[0].Text, "6.0")
	start := len([]rune(d.Blocks[0].Text[:at]))
	uses := []Use{
		{Indicator: gdpRate, Block: 0, Start: ps[0].Start, End: ps[0].End, Quote: ps[0].Text},
		{Indicator: gdp, Block: 0, Start: ps[1].Start, End: ps[1].End, Quote: ps[1].Text},
		{Indicator: income, Block: 0, Start: start, End: start + 3, Quote: string(rs[start : start+3])}, // "6.0" without its unit
		{Indicator: target, Block: 0, Start: ps[2].Start, End: ps[2].End, Quote: ps[2].Text},
	}
	out := Fill(d, uses)
	want := "增长6.2%，总量386.5亿元，收入21.8亿元，目标【待填：增长目标】。"
	if out.Blocks[0].Text != want {
		t.Errorf("filled %q, want %q", out.Blocks[0].Text, want)
	}
	if d.Blocks[0].Text == want {
		t.Error("Fill changed its input")
	}
}

func TestCheck(t *testing.T) {
	d := &report.Document{Blocks: []report.Block{
		{Kind: report.Heading, Numbering: report.ChineseComma, Ordinal: 1, Text: "一、2026年工作回顾", LabelEnd: len("一、"), HeadEnd: len("一、2026年工作回顾")},
		{Text: "地区生产总值增长6.2%，一般公共预算收入21.8亿元，明年增长6%左右，新增就业8000人。"},
		{Text: "其中一般公共预算收入219000万元，地区生产总值增长6.3%。"},
		{Kind: report.Heading, Numbering: report.ChineseComma, Ordinal: 2, Text: "二、2027年工作安排", LabelEnd: len("一、"), HeadEnd: len("二、2027年工作安排")},
		{Text: "主要预期目标是：地区生产总值增长6.5%左右。"},
	}}
	d.Finish()
	rate := &report.Indicator{ID: 1, Name: "地区生产总值增速", Unit: "%", Value: "6.2", Status: report.StatusEstimate}
	income := &report.Indicator{ID: 2, Name: "一般公共预算收入", Unit: "亿元", Value: "21.8", Status: report.StatusEstimate}
	target := &report.Indicator{ID: 3, Name: "地区生产总值增长目标", Unit: "%", Kind: report.KindTarget, AllowText: true, Value: "6%左右", Status: report.StatusPreliminary}
	jobs := &report.Indicator{ID: 4, Name: "城镇新增就业", Unit: "人", Value: "8500", Status: report.StatusConfirmed, OwnerID: 9}
	use := func(ind *report.Indicator, block int, quote string) Use {
		text := d.Blocks[block].Text
		at := strings.Index(text, quote)
		if at < 0 {
			t.Fatalf("%q not in block %d", quote, block)
		}
		s := len([]rune(text[:at]))
		return Use{Indicator: ind, Block: block, Start: s, End: s + len([]rune(quote)), Quote: quote}
	}
	uses := []Use{
		use(rate, 1, "6.2%"), use(income, 1, "21.8亿元"), use(target, 1, "6%左右"), use(jobs, 1, "8000人"),
		use(income, 2, "219000万元"), use(rate, 2, "6.3%"),
		use(target, 4, "6.5%左右"),
	}
	fs := Check(d, uses, map[int64]string{9: "市人社局"})
	var got []string
	for _, f := range fs {
		got = append(got, f.Rule+"@"+itoa(f.Block)+" "+f.Message)
		if f.Family != Family || d.Blocks[f.Block].Text[f.Start:f.End] == "" {
			t.Errorf("finding %+v: bad family or span", f)
		}
	}
	want := []string{
		"data-confirmed-changed@1 “城镇新增就业”已由市人社局确认为8500人，文中写作“8000人”；改动须市人社局重新确认",
		"data-register@2 文中“219000万元”与数据指标库中“一般公共预算收入”的当前值21.8亿元（预计）不一致",
		"data-units@2 “一般公共预算收入”此处为219000万元，与前文的21.8亿元换算后不一致（219000万元合21.9亿元）",
		"data-register@2 文中“6.3%”与数据指标库中“地区生产总值增速”的当前值6.2%（预计）不一致",
		"data-two-values@2 “地区生产总值增速”在文中出现两个不同的值：前文为6.2%，此处为6.3%",
		"data-register@4 文中“6.5%左右”与数据指标库中“地区生产总值增长目标”的当前值6%左右（初步核算）不一致",
		"data-target@4 预期目标“地区生产总值增长目标”在此处为6.5%，与第一部分的6%矛盾",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// agreeing figures in two units are quiet
	d2 := doc("收入21.8亿元。", "即218000万元。")
	quiet := Check(d2, []Use{{Indicator: income, Block: 0, Start: 2, End: 8, Quote: "21.8亿元"}, {Indicator: income, Block: 1, Start: 1, End: 10, Quote: "218000万元"}}, nil)
	if len(quiet) != 0 {
		t.Errorf("agreeing units: %+v", quiet)
	}
}

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + string(rune('0'+n))) }

func TestPlanUpload(t *testing.T) {
	units := []report.Unit{{ID: 1, Name: "市统计局", Kind: report.UnitDepartment}, {ID: 2, Name: "市发展和改革局", Kind: report.UnitDepartment},
		{ID: 3, Name: "市财政局", Kind: report.UnitDepartment}, {ID: 4, Name: "市人力资源和社会保障局", Kind: report.UnitDepartment}}
	ws := &report.Workspace{ID: 7, Year: 2027}
	d := doc("地区生产总值增长XX%【地区生产总值增速｜统计局】，投资增长【固定资产投资增速】，项目XX个【重点项目｜发改局】。",
		"就业XX人【城镇新增就业｜人社局】，再次【地区生产总值增速】，收入【一般公共预算收入】。",
		"预期目标：增长【地区生产总值增长目标｜统计局】左右。")
	existing := []report.Indicator{{ID: 40, Name: "一般公共预算收入", Unit: "亿元", OwnerID: 3}}
	owners := []report.FigureOwner{{Name: "固定资产投资增速", UnitID: 2}}
	plan, err := PlanUpload(d, ws, existing, units, owners)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Bind) != 7 || len(plan.Create) != 5 {
		t.Fatalf("plan: %d bindings, %d new: %+v", len(plan.Bind), len(plan.Create), plan)
	}
	byName := map[string]report.Indicator{}
	for _, c := range plan.Create {
		byName[c.Name] = c
	}
	for name, want := range map[string]struct {
		owner int64
		unit  string
		kind  report.IndicatorKind
	}{
		"地区生产总值增速": {1, "%", report.KindActual}, "固定资产投资增速": {2, "%", report.KindActual}, "重点项目": {2, "个", report.KindActual},
		"城镇新增就业": {4, "人", report.KindActual}, "地区生产总值增长目标": {1, "%", report.KindTarget},
	} {
		c := byName[name]
		if c.OwnerID != want.owner || c.Unit != want.unit || c.Kind != want.kind || c.Status != report.StatusPending {
			t.Errorf("%s: %+v, want %+v", name, c, want)
		}
	}
	if plan.Bind[5].IndicatorID != 40 || plan.Bind[4].New != plan.Bind[0].New {
		t.Errorf("matching: %+v", plan.Bind)
	}
	if byName["地区生产总值增长目标"].Period != "2027年" || byName["重点项目"].Period != "2026年" {
		t.Errorf("periods: %+v", plan.Create)
	}

	_, err = PlanUpload(doc("增长XX%【规上工业增加值增速｜统计厅】，【利用外资｜外事局】。"), ws, nil, units, nil)
	if report.ErrorCode(err) != report.EINVALID || !strings.Contains(err.Error(), "“统计厅”") || !strings.Contains(err.Error(), "“外事局”") {
		t.Errorf("unknown departments: %v", err)
	}
}

func TestSentence(t *testing.T) {
	text := "一是经济运行稳中有进。预计全年实现地区生产总值386.5亿元，增长6.2%；规模以上工业增加值增长8.5%。"
	at := len([]rune("一是经济运行稳中有进。预计全年实现地区生产总值386.5亿元，增长"))
	if got := Sentence(text, at, at+4); got != "预计全年实现地区生产总值386.5亿元，增长6.2%；" {
		t.Errorf("Sentence: %q", got)
	}
}
