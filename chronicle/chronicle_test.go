package chronicle_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"qicao/chronicle"
	"qicao/load"
	"qicao/report"
	"qicao/sample"
	"qicao/store"
	"qicao/store/storetest"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// year is a drafting year built through the store, as the web application builds it.
type year struct {
	st       report.Store
	ws       *report.Workspace
	v1, v2   *report.Version
	v3       *report.Version
	campaign *report.Campaign
	round    *report.Round
	meeting  *report.Meeting
	today    time.Time
	seminar  time.Time // the day the seminar was held, before its opinions were typed
}

func buildYear(t *testing.T, dsn string) *year {
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	must(t, err)
	t.Cleanup(func() { st.Close() })
	y := &year{st: st}
	none := report.AuditEntry{}
	y.ws = &report.Workspace{Name: "2027年政府工作报告", Year: 2027}
	must(t, st.CreateWorkspace(ctx, y.ws, none))
	unit := func(name string, kind report.UnitKind) *report.Unit {
		u := &report.Unit{Name: name, Kind: kind}
		must(t, st.CreateUnit(ctx, u, none))
		return u
	}
	writing, lead := unit("市政府研究室", report.UnitWriting), unit("市政府领导", report.UnitLeadership)
	towns := []*report.Unit{unit("东湖镇", report.UnitTownship), unit("西山镇", report.UnitTownship), unit("南岭乡", report.UnitTownship)}
	depts := []*report.Unit{unit("市发展和改革局", report.UnitDepartment), unit("市财政局", report.UnitDepartment)}
	// the leadership group is the workspace's: the users' global field is left empty
	var group []report.GroupSeat
	user := func(name, title string, role report.Role, g report.GroupRole, unitID int64) *report.User {
		u := &report.User{Username: "u" + name, Name: name, Title: title, Role: role, UnitID: unitID, PasswordHash: "x"}
		must(t, st.CreateUser(ctx, u, none))
		if g != report.GroupNone {
			group = append(group, report.GroupSeat{UserID: u.ID, Role: g})
		}
		return u
	}
	mayor := user("李明", "市长", report.RoleLeader, report.GroupHead, lead.ID)
	user("王强", "常务副市长", report.RoleLeader, report.GroupDeputy, lead.ID)
	user("赵敏", "副市长", report.RoleLeader, report.GroupDeputy, lead.ID)
	writer := user("孙立新", "市政府研究室主任", report.RoleWriter, report.GroupMember, writing.ID)
	user("周静", "", report.RoleWriter, report.GroupNone, writing.ID)
	must(t, st.SetWorkspaceGroup(ctx, y.ws.ID, group, none))

	doc := func(n int) *report.Document {
		d, err := load.Bytes(sample.Report(n))
		must(t, err)
		return d
	}
	y.v1 = &report.Version{WorkspaceID: y.ws.ID, Label: "征求意见稿", Stage: "征求意见", AuthorID: writer.ID, Doc: doc(2)}
	must(t, st.AddVersion(ctx, y.v1, nil, none))

	// The campaign: to the three townships and two departments; four units send, one twice.
	y.campaign = &report.Campaign{WorkspaceID: y.ws.ID, Title: "关于报送2027年政府工作报告起草材料的通知", Office: "示例市人民政府办公室",
		DocNumber: "示政办函〔2026〕12号", Date: day(2026, 10, 19), Deadline: time.Now().Add(24 * time.Hour), ContactName: "李文", Phone: "0000-1234567",
		OpenedBy: writer.ID, UnitIDs: []int64{towns[0].ID, towns[1].ID, towns[2].ID, depts[0].ID, depts[1].ID},
		Items: []report.CampaignItem{{Name: "工作总结", Required: true}, {Name: "工作计划", Required: true}}}
	must(t, st.CreateCampaign(ctx, y.campaign, none))
	submit := func(u *report.Unit, item int) {
		s := &report.Submission{CampaignID: y.campaign.ID, ItemID: y.campaign.Items[item].ID, UnitID: u.ID, Format: "typed", Text: "材料", By: writer.ID}
		must(t, st.Submit(ctx, s, nil, nil, none))
	}
	submit(towns[0], 0)
	submit(towns[0], 1)
	submit(towns[1], 0)
	submit(depts[0], 0)
	submit(depts[0], 0) // a replacement: still one current submission

	// Research: two teams, three visits to two townships and one department, two minutes.
	t1 := &report.Team{WorkspaceID: y.ws.ID, Name: "第一调研组", Leader: "孙立新"}
	t2 := &report.Team{WorkspaceID: y.ws.ID, Name: "第二调研组", Leader: "周静"}
	must(t, st.CreateTeam(ctx, t1, none))
	must(t, st.CreateTeam(ctx, t2, none))
	visit := func(tm *report.Team, u *report.Unit, d time.Time, minutes int) {
		v := &report.Visit{TeamID: tm.ID, UnitID: u.ID, Date: d, Topic: "产业发展"}
		must(t, st.AddVisit(ctx, v, none))
		for i := 0; i < minutes; i++ {
			must(t, st.AddMinutes(ctx, &report.Minutes{VisitID: v.ID, Format: "typed", Text: "纪要"}, nil, none))
		}
	}
	visit(t1, towns[0], day(2026, 10, 27), 1)
	visit(t2, depts[0], day(2026, 11, 3), 1)
	visit(t1, towns[1], day(2026, 10, 29), 0)

	// The round on the 征求意见稿: the leaders and four units; two send comments, one says 无意见,
	// two are silent;
	// a seminar adds two opinions of two units; decisions on all but one.
	y.round = &report.Round{WorkspaceID: y.ws.ID, VersionID: y.v1.ID, Title: "关于征求意见的通知", Deadline: time.Now().Add(48 * time.Hour), OpenedBy: writer.ID}
	for _, u := range []*report.Unit{lead, towns[0], towns[1], towns[2], depts[0]} {
		y.round.Recipients = append(y.round.Recipients, report.Recipient{UnitID: u.ID})
	}
	must(t, st.OpenRound(ctx, y.round, none))
	b := y.v1.Doc.Blocks[3]
	y.seminar = chronicle.Day(time.Now()).AddDate(0, 0, -3)
	comment := func(u *report.Unit, text string, seminar bool) *report.Comment {
		state, held := report.CommentDraft, time.Time{}
		if seminar {
			state, held = report.CommentSent, y.seminar
		}
		return &report.Comment{RoundID: y.round.ID, UnitID: u.ID, AuthorID: writer.ID, Seminar: seminar, VersionID: y.v1.ID, BlockID: b.ID,
			Start: 0, End: 2, Quote: string([]rune(b.Text)[:2]), Text: text, State: state, HeldOn: held}
	}
	must(t, st.AddComments(ctx, []*report.Comment{comment(towns[0], "一", false), comment(towns[0], "二", false)}, none))
	must(t, st.AddComments(ctx, []*report.Comment{comment(depts[0], "三", false)}, none))
	for _, u := range []*report.Unit{towns[0], depts[0]} {
		_, err := st.SendComments(ctx, y.round.ID, u.ID, writer.ID, none)
		must(t, err)
	}
	must(t, st.NoComments(ctx, y.round.ID, towns[1].ID, writer.ID, none))
	must(t, st.AddComments(ctx, []*report.Comment{comment(towns[2], "座谈一", true), comment(depts[0], "座谈二", true)}, none))
	cs, err := st.Comments(ctx, report.CommentFilter{RoundID: y.round.ID})
	must(t, err)
	if len(cs) != 5 {
		t.Fatalf("%d comments", len(cs))
	}
	kinds := []report.DecisionKind{report.Adopted, report.Adopted, report.Partly, report.Reflected}
	var ds []report.Decision
	for i, k := range kinds {
		reason := ""
		if k.NeedsReason() {
			reason = "部分内容已在别处体现"
		}
		ds = append(ds, report.Decision{CommentID: cs[i].ID, Kind: k, Reason: reason, By: writer.ID})
	}
	must(t, st.Decide(ctx, ds, none))

	// The 送审稿 and its meeting: three instructions, two carried out in the next version, one
	// pending.
	y.v2 = &report.Version{WorkspaceID: y.ws.ID, Label: "送审稿", Stage: "政府常务会议审议", AuthorID: writer.ID, Doc: doc(3)}
	must(t, st.AddVersion(ctx, y.v2, nil, none))
	y.today = chronicle.Day(time.Now())
	y.meeting = &report.Meeting{WorkspaceID: y.ws.ID, Kind: "政府常务会议", Date: y.today, PresidingID: mayor.ID, VersionID: y.v2.ID, Attendees: []string{"李明", "王强"}}
	must(t, st.CreateMeeting(ctx, y.meeting, none))
	var ins []*report.Instruction
	for _, text := range []string{"第二部分要再具体一些", "民生实事增加一项", "数据再核实"} {
		in := &report.Instruction{MeetingID: y.meeting.ID, VersionID: y.v2.ID, Text: text, GivenBy: "市长 李明", AssigneeID: writer.ID}
		must(t, st.AddInstruction(ctx, in, none))
		ins = append(ins, in)
	}
	// The 发改局 confirms its one figure.
	ind := &report.Indicator{WorkspaceID: y.ws.ID, Name: "地区生产总值增速", Unit: "%", Kind: report.KindActual, OwnerID: depts[0].ID,
		Status: report.StatusPreliminary, Value: "6.1"}
	must(t, st.CreateIndicator(ctx, ind, none))
	must(t, st.ConfirmFigures(ctx, &report.Confirmation{WorkspaceID: y.ws.ID, UnitID: depts[0].ID, By: writer.ID}, none))
	y.v3 = &report.Version{WorkspaceID: y.ws.ID, Label: "修改稿", Stage: "政府常务会议审议", AuthorID: writer.ID, Doc: doc(3)}
	must(t, st.AddVersion(ctx, y.v3, nil, none))
	must(t, st.MarkInstruction(ctx, ins[0].ID, report.CarryDone, "补充了三项举措", y.v3.ID, writer.ID, none))
	must(t, st.MarkInstruction(ctx, ins[1].ID, report.CarryDone, "增加了老旧小区改造", y.v3.ID, writer.ID, none))
	return y
}

func TestDraftingYear(t *testing.T) {
	for _, b := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", storetest.SQLiteDSN}, {"postgres", storetest.PostgresDSN}} {
		t.Run(b.name, func(t *testing.T) {
			y := buildYear(t, b.dsn(t))
			ctx := context.Background()
			rec, err := chronicle.Gather(ctx, y.st, y.ws.ID)
			must(t, err)
			v, err := y.st.Version(ctx, y.v2.ID)
			must(t, err)
			e, err := chronicle.Write(rec, v)
			must(t, err)
			if e.Title != "关于2027年《政府工作报告（送审稿）》起草有关情况的说明" {
				t.Errorf("title %q", e.Title)
			}
			opened := chronicle.Day(y.round.OpenedAt)
			// Every date and count as recorded, and nothing else: the whole paragraph.
			want := "为做好2027年《政府工作报告》起草工作，市人民政府于【待填：成立日期】成立了由市长李明任组长，常务副市长王强、副市长赵敏任副组长，市政府研究室主任孙立新为成员的《报告》起草领导小组，并抽调相关工作人员组成写作班子，负责《报告》的调研起草工作。" +
				"示例市人民政府办公室于2026年10月19日下发了《关于报送2027年政府工作报告起草材料的通知》（示政办函〔2026〕12号），要求3个乡镇和2个市直部门报送工作总结和工作计划，共有3个单位报送材料4份。" +
				"随后，起草工作组派出2个调研组，于10月27日至11月3日分别到2个乡镇和1个市级部门开展调研座谈3场，形成调研纪要2份，为《报告》起草提供了有力支撑。" +
				"在《报告》起草领导小组的统筹推动下，在起草工作组的共同努力下，工作总体推进顺利。" +
				"形成《报告（征求意见稿）》后，于" + dateAfter(2026, opened) + "向市政府领导和3个乡镇、1个市直部门发出了征求意见的通知，2个单位书面反馈意见3条，1个单位回复无意见，1个单位未回复。" +
				"于" + sameYear(opened, y.seminar) + "专题召开座谈会，听取了2个单位的意见建议2条。" +
				"对收到的5条意见建议逐条研究，采纳2条、部分采纳1条、已体现1条，尚有1条正在研究。" +
				"其间，《报告（送审稿）》于" + sameYear(opened, y.today) + "经市政府常务会议审议，会议提出审议意见3条，已落实2条、正在落实1条。" +
				"现已形成《报告（送审稿）》。"
			got := e.Sections[0].Paragraphs[0]
			if got.Text() != want {
				t.Errorf("formation:\n got %s\nwant %s", got.Text(), want)
			}
			// Each sentence built from the record names its record.
			refs := map[string]int{}
			for _, s := range got {
				refs[s.Ref.Kind]++
				if s.Ref.ID != 0 && s.Ref.Kind == "" {
					t.Errorf("sentence %q has an ID without a kind", s.Text)
				}
			}
			for kind, n := range map[string]int{"group": 1, "campaign": 1, "research": 1, "round": 2, "seminar": 1, "meeting": 1, "version": 1} {
				if refs[kind] != n {
					t.Errorf("%d sentences from %s, want %d (%v)", refs[kind], kind, n, refs)
				}
			}
			if e.Sections[1].Heading != "二、《报告》的基本框架和内容" || !strings.Contains(e.Sections[1].Paragraphs[1].Text(), "《报告》共分两大部分") {
				t.Errorf("structure section: %+v", e.Sections[1])
			}
			if !strings.Contains(e.Sections[2].Paragraphs[0].Text(), "【待填：") {
				t.Errorf("principles without text should be left to fill: %q", e.Sections[2].Paragraphs[0].Text())
			}
			must(t, y.st.SetPrinciples(ctx, y.ws.ID, "结构力求合理。\n\n表述力求准确。", report.AuditEntry{}))
			rec, err = chronicle.Gather(ctx, y.st, y.ws.ID)
			must(t, err)
			e, err = chronicle.Write(rec, v)
			must(t, err)
			// The closing names the review still ahead: the 常务会议 was held on the 送审稿.
			if ps := e.Sections[2].Paragraphs; len(ps) != 3 || ps[1].Text() != "表述力求准确。" ||
				ps[2].Text() != "各位领导，《报告》虽已形成送审稿，但疏漏之处在所难免，请多提宝贵意见，我们将认真吸纳、充实和完善，并如期提交市委常委会审议。" {
				t.Errorf("principles: %+v", ps)
			}
			md := e.Markdown()
			if !strings.HasPrefix(md, "# 关于2027年") || !strings.Contains(md, "## 三、《报告》的特点\n\n结构力求合理。") {
				t.Errorf("markdown:\n%s", md)
			}

			// The timeline holds every dated event, in order.
			tl := rec.Timeline()
			kinds := map[string]int{}
			for i, ev := range tl {
				kinds[ev.Kind]++
				if i > 0 && ev.Day().Before(tl[i-1].Day()) {
					t.Errorf("timeline out of order at %d: %+v after %+v", i, ev, tl[i-1])
				}
			}
			for k, n := range map[string]int{"版本": 3, "材料征集": 2, "调研": 3, "征求意见": 2, "座谈会": 1, "审议": 1, "落实": 2, "数据确认": 1} {
				if kinds[k] != n {
					t.Errorf("timeline has %d %s events, want %d: %v", kinds[k], k, n, kinds)
				}
			}
			if tl[0].Kind != "材料征集" || !tl[0].Date.Equal(day(2026, 10, 19)) {
				t.Errorf("first event %+v", tl[0])
			}
			for _, ev := range tl {
				if ev.Kind == "数据确认" && ev.Text != "市发展和改革局确认数据1项" {
					t.Errorf("confirmation event %+v", ev)
				}
			}
		})
	}
}

// dateAfter writes d as the explanation does right after a date of year last.
func dateAfter(last int, d time.Time) string {
	if d.Year() != last {
		return d.Format("2006年1月2日")
	}
	return d.Format("1月2日")
}

// sameYear writes d after a date written for prev.
func sameYear(prev, d time.Time) string { return dateAfter(prev.Year(), d) }

func TestEmptyRecordIsLeftToFill(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.SQLiteDSN(t))
	must(t, err)
	defer st.Close()
	ws := &report.Workspace{Name: "2027年政府工作报告", Year: 2027}
	must(t, st.CreateWorkspace(ctx, ws, report.AuditEntry{}))
	d, err := load.Bytes(sample.Report(1))
	must(t, err)
	v := &report.Version{WorkspaceID: ws.ID, Label: "初稿", Doc: d}
	must(t, st.AddVersion(ctx, v, nil, report.AuditEntry{}))
	rec, err := chronicle.Gather(ctx, st, ws.ID)
	must(t, err)
	e, err := chronicle.Write(rec, v)
	must(t, err)
	got := e.Sections[0].Paragraphs[0].Text()
	for _, want := range []string{"【待填：领导小组组成】", "【待填：通知名称】", "【待填：调研单位】", "【待填：征求意见范围】"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
	if strings.Contains(got, "审议") {
		t.Errorf("no meeting was held, yet: %s", got)
	}
	if e.Title != "关于2027年《政府工作报告（初稿）》起草有关情况的说明" {
		t.Errorf("title %q", e.Title)
	}
}
