package storetest

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"qicao/report"
)

// materialSeed adds two townships and a campaign sent to both.
func materialSeed(t *testing.T, s report.Store) (w *report.Workspace, writer *report.User, a, b *report.Unit, c *report.Campaign) {
	t.Helper()
	ctx := context.Background()
	w, _, writer = seed(t, s)
	a = &report.Unit{Name: "东湖镇", Kind: report.UnitTownship}
	b = &report.Unit{Name: "市发展改革委", Kind: report.UnitDepartment}
	must(t, "CreateUnit", s.CreateUnit(ctx, a, by(0, "unit.create")))
	must(t, "CreateUnit", s.CreateUnit(ctx, b, by(0, "unit.create")))
	c = &report.Campaign{WorkspaceID: w.ID, Title: "关于报送2027年政府工作报告起草材料的通知", Office: "示例市人民政府办公室",
		DocNumber: "示政办函〔2026〕12号", Date: time.Date(2026, 10, 19, 0, 0, 0, 0, time.UTC),
		Deadline: time.Date(2026, 10, 31, 9, 30, 0, 0, time.UTC), Note: "请认真组织。", ContactName: "李明", Phone: "0000-1234567",
		OpenedBy: writer.ID, UnitIDs: []int64{a.ID, b.ID, a.ID},
		Items: []report.CampaignItem{
			{Name: "工作总结", Required: true, Note: "不超过3000字"},
			{Name: "典型经验材料"},
			{Name: "民生实事建议", Required: true, Rows: true},
		}}
	must(t, "CreateCampaign", s.CreateCampaign(ctx, c, by(writer.ID, "campaign.create")))
	return
}

func testCampaigns(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	w, writer, a, b, c := materialSeed(t, s)
	if c.ID == 0 || !recent(c.OpenedAt) || c.Items[2].ID == 0 || c.Items[2].Position != 2 {
		t.Fatalf("campaign after create: %+v", c)
	}
	if e := lastAudit(t, s); e.Target != "campaign:"+itoa(c.ID) || e.WorkspaceID != w.ID {
		t.Errorf("audit %+v", e)
	}
	got, err := s.Campaign(ctx, c.ID)
	must(t, "Campaign", err)
	c.UnitIDs = []int64{a.ID, b.ID}
	if !reflect.DeepEqual(got, c) {
		t.Errorf("Campaign:\n%+v\nwant\n%+v", got, c)
	}
	list, err := s.Campaigns(ctx, w.ID)
	must(t, "Campaigns", err)
	if len(list) != 1 || !reflect.DeepEqual(&list[0], c) {
		t.Errorf("Campaigns: %+v", list)
	}
	if _, err := s.Campaign(ctx, 9999); report.ErrorCode(err) != report.ENOTFOUND {
		t.Errorf("missing campaign: %v", err)
	}
	n := auditCount(t, s)
	for _, bad := range []report.Campaign{
		{WorkspaceID: w.ID, Title: " ", Date: c.Date, Deadline: c.Deadline, Items: c.Items, UnitIDs: c.UnitIDs},
		{WorkspaceID: w.ID, Title: "通知", Date: c.Date, Deadline: c.Deadline, UnitIDs: c.UnitIDs},
		{WorkspaceID: w.ID, Title: "通知", Date: c.Date, Deadline: c.Deadline, Items: c.Items},
		{WorkspaceID: w.ID, Title: "通知", Date: c.Date, Deadline: c.Deadline, Items: []report.CampaignItem{{Name: "甲"}, {Name: "甲"}}, UnitIDs: c.UnitIDs},
		{WorkspaceID: w.ID, Title: "通知", Date: c.Date, Deadline: c.Deadline, Items: c.Items, UnitIDs: []int64{a.ID, 9999}},
		{WorkspaceID: w.ID, Title: "通\x00知", Date: c.Date, Deadline: c.Deadline, Items: c.Items, UnitIDs: c.UnitIDs},
	} {
		bad := bad
		wantCode(t, "bad campaign "+bad.Title, s.CreateCampaign(ctx, &bad, by(writer.ID, "")), report.EINVALID)
	}
	if list, _ := s.Campaigns(ctx, w.ID); len(list) != 1 || auditCount(t, s) != n {
		t.Errorf("a refused campaign left something: %d campaigns, %d audit entries (was %d)", len(list), auditCount(t, s), n)
	}
}

func testSubmissions(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	w, writer, a, b, c := materialSeed(t, s)
	summary, rowsItem := c.Items[0].ID, c.Items[2].ID
	doc := Document(500)
	first := &report.Submission{CampaignID: c.ID, ItemID: summary, UnitID: a.ID, Filename: "总结.docx", Format: "docx",
		Text: doc.PlainText(), Doc: doc, Contact: "王芳", Phone: "13900000000", By: writer.ID}
	data := []byte("PK\x03\x04 not really a zip")
	must(t, "Submit", s.Submit(ctx, first, data, nil, by(writer.ID, "submission.add")))
	if first.ID == 0 || !first.Current || first.Size != int64(len(data)) || !recent(first.At) {
		t.Fatalf("after Submit: %+v", first)
	}
	if e := lastAudit(t, s); e.Target != "submission:"+itoa(first.ID) || e.WorkspaceID != w.ID {
		t.Errorf("audit %+v", e)
	}
	got, err := s.Submission(ctx, first.ID)
	must(t, "Submission", err)
	if !reflect.DeepEqual(got, first) {
		t.Errorf("Submission:\n%+v\nwant\n%+v", got, first)
	}
	file, err := s.SubmissionFile(ctx, first.ID)
	must(t, "SubmissionFile", err)
	if string(file) != string(data) {
		t.Errorf("file %q", file)
	}

	// a late replacement needs a reason; with one it replaces and keeps the first
	late := &report.Submission{CampaignID: c.ID, ItemID: summary, UnitID: a.ID, Format: "typed", Text: "补充的工作总结，高标准农田建设。", By: writer.ID, Late: true}
	n := auditCount(t, s)
	wantCode(t, "late without a reason", s.Submit(ctx, late, nil, nil, by(writer.ID, "")), report.EINVALID)
	late.Reason = "数据核对延误"
	must(t, "Submit late", s.Submit(ctx, late, nil, nil, by(writer.ID, "")))
	if auditCount(t, s) != n+1 {
		t.Error("the refused submission was audited")
	}
	if _, err := s.SubmissionFile(ctx, late.ID); report.ErrorCode(err) != report.ENOTFOUND {
		t.Errorf("typed submission's file: %v", err)
	}
	all, err := s.Submissions(ctx, c.ID, 0)
	must(t, "Submissions", err)
	if len(all) != 2 || all[0].Current || !all[1].Current || !all[1].Late || all[1].Reason != "数据核对延误" || all[0].Text != "" {
		t.Errorf("history: %+v", all)
	}

	// not a recipient, an item of another campaign, rows for a document item: refused, nothing kept
	other := &report.Unit{Name: "西山镇", Kind: report.UnitTownship}
	must(t, "CreateUnit", s.CreateUnit(ctx, other, by(0, "")))
	n = auditCount(t, s)
	for name, bad := range map[string]*report.Submission{
		"not a recipient": {CampaignID: c.ID, ItemID: summary, UnitID: other.ID, Format: "typed", Text: "x"},
		"wrong item":      {CampaignID: c.ID, ItemID: 99999, UnitID: a.ID, Format: "typed", Text: "x"},
		"no format":       {CampaignID: c.ID, ItemID: summary, UnitID: a.ID},
		"rows as text":    {CampaignID: c.ID, ItemID: rowsItem, UnitID: a.ID, Format: "typed", Text: "x"},
		"no rows":         {CampaignID: c.ID, ItemID: rowsItem, UnitID: a.ID, Format: "rows"},
	} {
		wantCode(t, name, s.Submit(ctx, bad, []byte("x"), nil, by(writer.ID, "")), report.EINVALID)
	}
	bad := &report.Submission{CampaignID: c.ID, ItemID: rowsItem, UnitID: a.ID, Format: "rows", Text: "x"}
	wantCode(t, "empty project name", s.Submit(ctx, bad, nil, []report.Project{{Name: "道路"}, {Name: ""}}, by(writer.ID, "")), report.EINVALID)
	if all2, _ := s.Submissions(ctx, c.ID, 0); len(all2) != 2 || auditCount(t, s) != n {
		t.Errorf("refused submissions left %d submissions, %d audit entries (was %d)", len(all2), auditCount(t, s), n)
	}

	// 民生实事 rows, replaced: only the current rows are listed
	rows := []report.Project{{Name: "老旧小区改造", Content: "改造3个小区", Funds: "1200万元", Owner: "东湖镇", Due: "2027年底"}, {Name: "农村公路", Content: "新建10公里"}}
	p1 := &report.Submission{CampaignID: c.ID, ItemID: rowsItem, UnitID: a.ID, Format: "rows", Text: "老旧小区改造 农村公路"}
	must(t, "Submit rows", s.Submit(ctx, p1, nil, rows, by(writer.ID, "")))
	p2 := &report.Submission{CampaignID: c.ID, ItemID: rowsItem, UnitID: b.ID, Format: "rows", Text: "城区停车场"}
	must(t, "Submit rows", s.Submit(ctx, p2, nil, []report.Project{{Name: "城区停车场", Funds: "800万元"}}, by(writer.ID, "")))
	p1b := &report.Submission{CampaignID: c.ID, ItemID: rowsItem, UnitID: a.ID, Format: "rows", Text: "老旧小区改造"}
	must(t, "Submit rows again", s.Submit(ctx, p1b, nil, rows[:1], by(writer.ID, "")))
	ps, err := s.Projects(ctx, c.ID)
	must(t, "Projects", err)
	if len(ps) != 2 || ps[0].Name != "老旧小区改造" || ps[0].SubmissionID != p1b.ID || ps[0].Funds != "1200万元" || ps[1].Name != "城区停车场" {
		t.Fatalf("Projects: %+v", ps)
	}
	must(t, "SelectProjects", s.SelectProjects(ctx, c.ID, []int64{ps[1].ID}, by(writer.ID, "")))
	wantCode(t, "select a missing project", s.SelectProjects(ctx, c.ID, []int64{ps[0].ID, 99999}, by(writer.ID, "")), report.ENOTFOUND)
	ps, _ = s.Projects(ctx, c.ID)
	if ps[0].Selected || !ps[1].Selected {
		t.Errorf("selection: %+v", ps)
	}
	mine, err := s.Submissions(ctx, c.ID, b.ID)
	must(t, "Submissions of a unit", err)
	if len(mine) != 1 || mine[0].ID != p2.ID {
		t.Errorf("b's submissions: %+v", mine)
	}
}

func testMaterialSearch(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	w, writer, a, b, c := materialSeed(t, s)
	summary := c.Items[0].ID
	submit := func(unit int64, text string) *report.Submission {
		sub := &report.Submission{CampaignID: c.ID, ItemID: summary, UnitID: unit, Format: "typed", Text: text}
		must(t, "Submit", s.Submit(ctx, sub, nil, nil, by(writer.ID, "")))
		return sub
	}
	long := strings.Repeat("全镇持续推进乡村振兴，", 10) + "新建高标准农田1.2万亩，带动GDP增长。" + strings.Repeat("群众满意。", 10)
	sa := submit(a.ID, long)
	submit(b.ID, "全市高标准农田建设任务超额完成；数字经济占比提高。")
	team := &report.Team{WorkspaceID: w.ID, Name: "第一调研组", Leader: "王某", Members: "李某、赵某"}
	must(t, "CreateTeam", s.CreateTeam(ctx, team, by(writer.ID, "")))
	v := &report.Visit{TeamID: team.ID, UnitID: a.ID, Date: time.Date(2026, 10, 27, 0, 0, 0, 0, time.UTC), Topic: "乡村振兴"}
	must(t, "AddVisit", s.AddVisit(ctx, v, by(writer.ID, "")))
	m := &report.Minutes{VisitID: v.ID, Format: "typed", Text: "座谈中提到农田水利设施老化，数字经济人才缺乏。"}
	must(t, "AddMinutes", s.AddMinutes(ctx, m, nil, by(writer.ID, "")))

	type result struct {
		sub, min int64
		label    string
	}
	search := func(q string, limit int) ([]result, int, []report.MaterialHit) {
		hits, total, err := s.SearchMaterial(ctx, w.ID, q, limit)
		must(t, "SearchMaterial "+q, err)
		var rs []result
		for _, h := range hits {
			rs = append(rs, result{h.SubmissionID, h.MinutesID, h.Label})
		}
		return rs, total, hits
	}
	rs, total, hits := search("高标准农田", 10)
	if total != 2 || len(rs) != 2 || rs[1].sub != sa.ID || rs[1].label != "工作总结" {
		t.Fatalf("高标准农田: %d %+v", total, rs)
	}
	if !strings.Contains(hits[1].Snippet, "新建高标准农田1.2万亩") {
		t.Errorf("snippet %q", hits[1].Snippet)
	}
	if off := hits[1].Offset; string([]rune(long)[off:off+5]) != "高标准农田" {
		t.Errorf("offset %d points at %q", off, string([]rune(long)[off:off+5]))
	}
	if n := len([]rune(hits[1].Snippet)); n > 2*40+5 {
		t.Errorf("snippet of %d runes: %q", n, hits[1].Snippet)
	}
	if rs, total, _ := search("高标准农田", 1); total != 2 || len(rs) != 1 {
		t.Errorf("limit 1: %d %+v", total, rs)
	}
	// two characters (below the trigram index), Latin letters in any case, minutes, nothing
	if rs, total, _ := search("农田", 10); total != 3 || rs[0].min != m.ID || rs[0].label != "调研纪要：乡村振兴" {
		t.Errorf("农田: %d %+v", total, rs)
	}
	if rs, total, _ := search("gdp增长", 10); total != 1 || rs[0].sub != sa.ID {
		t.Errorf("gdp增长: %d %+v", total, rs)
	}
	if _, total, _ := search("数字经济", 10); total != 2 {
		t.Errorf("数字经济: %d", total)
	}
	for _, q := range []string{"高标准农田建设任务未完成", "%", "_", `"`, "农田\"", "  "} {
		if _, total, _ := search(q, 10); total != 0 {
			t.Errorf("%q: %d hits", q, total)
		}
	}
	// rare pairs go through SQLite's trigram vocabulary: in the middle of a text, at its start,
	// at its very end, with a quote; never across two texts, nor with the index's sentinel
	minutes := func(text string) *report.Minutes {
		mm := &report.Minutes{VisitID: v.ID, Format: "typed", Text: text}
		must(t, "AddMinutes", s.AddMinutes(ctx, mm, nil, by(writer.ID, "")))
		return mm
	}
	mid := minutes("全市新能源产业中，锂电池产量翻番。")
	start := minutes("光伏组件出货稳定，储能项目落地")
	end := minutes("明年重点推进氢能")
	quoted := minutes(`围绕"双碳"目标推进风`)
	minutes("电网改造完成")
	var common strings.Builder
	for r := rune(0x4e00); r < 0x4e00+150; r++ {
		// "甲乙" begins 150 trigrams: too many to list, so it is read from the bodies
		common.WriteString("甲乙" + string(r) + "，")
	}
	many := minutes(common.String())
	for _, c := range []struct {
		q    string
		want int64
	}{{"锂电", mid.ID}, {"光伏", start.ID}, {"氢能", end.ID}, {"落地", start.ID}, {`"双`, quoted.ID}, {`碳"`, quoted.ID}, {"甲乙", many.ID}, {"乙一", many.ID}, {"甲", many.ID}} {
		rs, total, hits := search(c.q, 10)
		if total != 1 || rs[0].min != c.want {
			t.Errorf("%s: %d %+v", c.q, total, rs)
			continue
		}
		if !strings.Contains(hits[0].Snippet, c.q) {
			t.Errorf("%s: snippet %q", c.q, hits[0].Snippet)
		}
	}
	for _, q := range []string{"风电", "能\x01", "\x01", "进\x01", "氢能\x01", "锂池", "甲甲"} {
		if _, total, _ := search(q, 10); total != 0 {
			t.Errorf("%q: %d hits", q, total)
		}
	}
	// a replaced submission is no longer found
	submit(a.ID, "重写后的总结")
	if _, total, _ := search("高标准农田", 10); total != 1 {
		t.Errorf("after replacing: %d hits", total)
	}
	if _, total, _ := search("重写后", 10); total != 1 {
		t.Errorf("the replacement: %d hits", total)
	}
	// a replaced pair is no longer found, through the vocabulary either
	submit(b.ID, "钠电储能示范")
	if _, total, _ := search("钠电", 10); total != 1 {
		t.Errorf("钠电: %d hits", total)
	}
	submit(b.ID, "示范项目")
	if _, total, _ := search("钠电", 10); total != 0 {
		t.Errorf("钠电 after replacing: %d hits", total)
	}
	if _, total, _ := search("数字", 10); total != 1 {
		t.Errorf("数字 after replacing: %d hits", total)
	}
	// counting stops one past the cap, through the index and without it
	for i := range report.MaterialCountCap + 1 {
		extra := &report.Minutes{VisitID: v.ID, Format: "typed", Text: fmt.Sprintf("第%d次座谈：封顶测试。", i)}
		must(t, "AddMinutes", s.AddMinutes(ctx, extra, nil, by(writer.ID, "")))
	}
	for _, q := range []string{"封顶测试", "封顶"} {
		rs, total, _ := search(q, 10)
		if total != report.MaterialCountCap+1 || len(rs) != 10 {
			t.Errorf("%s: total %d, %d hits", q, total, len(rs))
		}
	}
}

func testExcerptsAndResearch(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	w, writer, a, b, c := materialSeed(t, s)
	v := &report.Version{WorkspaceID: w.ID, Label: "初稿", AuthorID: writer.ID, Filename: "初稿.docx", Doc: Document(2000)}
	v.Doc.AssignIDs()
	must(t, "AddVersion", s.AddVersion(ctx, v, nil, by(writer.ID, "")))
	sub := &report.Submission{CampaignID: c.ID, ItemID: c.Items[0].ID, UnitID: a.ID, Format: "typed", Text: "新建高标准农田1.2万亩。"}
	must(t, "Submit", s.Submit(ctx, sub, nil, nil, by(writer.ID, "")))
	heading := v.Doc.Blocks[1].ID
	e := &report.Excerpt{WorkspaceID: w.ID, SubmissionID: sub.ID, Quote: "新建高标准农田1.2万亩", Note: "可用于农业部分", VersionID: v.ID, BlockID: heading, By: writer.ID}
	must(t, "AddExcerpt", s.AddExcerpt(ctx, e, by(writer.ID, "")))
	for name, bad := range map[string]report.Excerpt{
		"no source":     {WorkspaceID: w.ID, Quote: "x", VersionID: v.ID, BlockID: heading},
		"no block":      {WorkspaceID: w.ID, SubmissionID: sub.ID, Quote: "x", VersionID: v.ID, BlockID: "nope"},
		"empty":         {WorkspaceID: w.ID, SubmissionID: sub.ID, VersionID: v.ID, BlockID: heading},
		"other version": {WorkspaceID: w.ID + 1, SubmissionID: sub.ID, Quote: "x", VersionID: v.ID, BlockID: heading},
	} {
		bad := bad
		wantCode(t, name, s.AddExcerpt(ctx, &bad, by(writer.ID, "")), report.EINVALID)
	}
	es, err := s.Excerpts(ctx, w.ID)
	must(t, "Excerpts", err)
	if len(es) != 1 || !reflect.DeepEqual(es[0], *e) {
		t.Errorf("Excerpts: %+v\nwant %+v", es, e)
	}

	team := &report.Team{WorkspaceID: w.ID, Name: "第一调研组", Leader: "王某", Members: "李某、赵某", CreatedBy: writer.ID}
	must(t, "CreateTeam", s.CreateTeam(ctx, team, by(writer.ID, "")))
	wantCode(t, "same team name", s.CreateTeam(ctx, &report.Team{WorkspaceID: w.ID, Name: "第一调研组"}, by(writer.ID, "")), report.ECONFLICT)
	day := func(d int) time.Time { return time.Date(2026, 10, d, 0, 0, 0, 0, time.UTC) }
	v2 := &report.Visit{TeamID: team.ID, UnitID: b.ID, Date: day(29), Topic: "项目建设"}
	v1 := &report.Visit{TeamID: team.ID, UnitID: a.ID, Date: day(27), Topic: "乡村振兴", CreatedBy: writer.ID}
	must(t, "AddVisit", s.AddVisit(ctx, v2, by(writer.ID, "")))
	must(t, "AddVisit", s.AddVisit(ctx, v1, by(writer.ID, "")))
	wantCode(t, "visit of a missing team", s.AddVisit(ctx, &report.Visit{TeamID: 999, UnitID: a.ID, Date: day(1)}, by(writer.ID, "")), report.EINVALID)
	vs, err := s.Visits(ctx, w.ID)
	must(t, "Visits", err)
	if len(vs) != 2 || vs[0].ID != v1.ID || !vs[0].Date.Equal(day(27)) {
		t.Errorf("Visits: %+v", vs)
	}
	mdoc := Document(300)
	m := &report.Minutes{VisitID: v1.ID, Filename: "纪要.docx", Format: "docx", Text: mdoc.PlainText(), Doc: mdoc, By: writer.ID}
	must(t, "AddMinutes", s.AddMinutes(ctx, m, []byte("docx bytes"), by(writer.ID, "")))
	got, err := s.Minutes(ctx, m.ID)
	must(t, "Minutes", err)
	if !reflect.DeepEqual(got, m) {
		t.Errorf("Minutes:\n%+v\nwant\n%+v", got, m)
	}
	if data, err := s.MinutesFile(ctx, m.ID); err != nil || string(data) != "docx bytes" {
		t.Errorf("MinutesFile: %q %v", data, err)
	}
	if ms, err := s.MinutesOf(ctx, v1.ID); err != nil || len(ms) != 1 || ms[0].Text != "" {
		t.Errorf("MinutesOf: %+v %v", ms, err)
	}
	me := &report.Excerpt{WorkspaceID: w.ID, MinutesID: m.ID, Quote: "示例", VersionID: v.ID, BlockID: heading}
	must(t, "AddExcerpt from minutes", s.AddExcerpt(ctx, me, by(writer.ID, "")))
	must(t, "DeleteExcerpt", s.DeleteExcerpt(ctx, me.ID, by(writer.ID, "")))
	wantCode(t, "delete twice", s.DeleteExcerpt(ctx, me.ID, by(writer.ID, "")), report.ENOTFOUND)

	ev, err := s.MaterialEvents(ctx, w.ID)
	must(t, "MaterialEvents", err)
	ce := ev.Campaigns[0]
	if len(ev.Campaigns) != 1 || ce.Recipients != 2 || ce.Townships != 1 || ce.Departments != 1 || ce.Items != 3 ||
		ce.UnitsSubmitted != 1 || ce.Submissions != 1 || ce.MissingRequiredCell != 3 || !ce.Date.Equal(day(19)) || ce.DocNumber != c.DocNumber {
		t.Errorf("campaign event %+v", ce)
	}
	if ev.Teams != 1 || len(ev.Visits) != 2 || ev.Visits[0].UnitName != "东湖镇" || ev.Visits[0].Minutes != 1 ||
		ev.Visits[0].TeamName != "第一调研组" || ev.Visits[1].UnitKind != report.UnitDepartment {
		t.Errorf("events %+v", ev)
	}
}
