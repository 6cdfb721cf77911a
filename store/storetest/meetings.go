package storetest

import (
	"context"
	"testing"
	"time"

	"qicao/report"
)

func testStages(t *testing.T, newDSN func(t testing.TB) string) {
	s := fresh(t, newDSN)
	ctx := context.Background()
	w, _, writer := seed(t, s)
	got, err := s.Stages(ctx, w.ID)
	must(t, "Stages", err)
	if len(got) != 0 {
		t.Fatalf("a new workspace has stages %v", got)
	}
	// A version made for a default stage, before the workspace set its own list.
	v := &report.Version{WorkspaceID: w.ID, Label: "初稿", Stage: "起草", AuthorID: writer.ID, Doc: Document(500)}
	must(t, "AddVersion", s.AddVersion(ctx, v, nil, by(writer.ID, "")))
	bad := &report.Version{WorkspaceID: w.ID, Label: "x", Stage: "不存在的阶段", AuthorID: writer.ID, Doc: Document(500)}
	wantCode(t, "AddVersion unknown stage", s.AddVersion(ctx, bad, nil, by(writer.ID, "")), report.EINVALID)

	d := func(m, dd int) time.Time { return time.Date(2027, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	stages := []report.Stage{{Name: "起草", Due: d(1, 3)}, {Name: "征求意见", Due: d(1, 10)}, {Name: "政府常务会议审议"}, {Name: "定稿", Due: d(1, 20)}}
	n := auditCount(t, s)
	must(t, "SetStages", s.SetStages(ctx, w.ID, stages, by(writer.ID, "")))
	if auditCount(t, s) != n+1 || lastAudit(t, s).Action != "stages.set" {
		t.Fatalf("SetStages not audited: %+v", lastAudit(t, s))
	}
	got, err = s.Stages(ctx, w.ID)
	must(t, "Stages", err)
	if len(got) != 4 || got[1].Name != "征求意见" || !got[1].Due.Equal(d(1, 10)) || !got[2].Due.IsZero() {
		t.Fatalf("Stages = %+v", got)
	}
	// A loop (a stage twice), dates going back, removing a used stage: refused, nothing changed.
	loop := []report.Stage{{Name: "起草"}, {Name: "征求意见"}, {Name: "起草"}}
	wantCode(t, "loop", s.SetStages(ctx, w.ID, loop, by(writer.ID, "")), report.EINVALID,
		"阶段“起草”排在第1和第3位，顺序成环：每个阶段只能出现一次")
	back := []report.Stage{{Name: "起草", Due: d(1, 10)}, {Name: "征求意见", Due: d(1, 3)}}
	wantCode(t, "dates back", s.SetStages(ctx, w.ID, back, by(writer.ID, "")), report.EINVALID)
	wantCode(t, "used stage removed", s.SetStages(ctx, w.ID, []report.Stage{{Name: "定稿"}}, by(writer.ID, "")), report.EINVALID,
		"已有版本注明为“起草”阶段所作，不能删去这一阶段")
	got, _ = s.Stages(ctx, w.ID)
	if len(got) != 4 || auditCount(t, s) != n+1 {
		t.Fatalf("a refused list changed something: %+v", got)
	}
	vs, err := s.Versions(ctx, w.ID)
	must(t, "Versions", err)
	if vs[0].Stage != "起草" {
		t.Fatalf("version stage = %q", vs[0].Stage)
	}
	// Now only the workspace's own stages are accepted.
	v2 := &report.Version{WorkspaceID: w.ID, Label: "x", Stage: "人代会", AuthorID: writer.ID, Doc: Document(500)}
	wantCode(t, "stage not in own list", s.AddVersion(ctx, v2, nil, by(writer.ID, "")), report.EINVALID)
}

// meetingFixture is a workspace with a writer, a leader, a version, and another workspace.
type meetingFixture struct {
	s              report.Store
	ws, other      *report.Workspace
	writer, leader *report.User
	v, otherV      *report.Version
}

func newMeetingFixture(t *testing.T, s report.Store) *meetingFixture {
	ctx := context.Background()
	f := &meetingFixture{s: s}
	var unit *report.Unit
	f.ws, unit, f.writer = seed(t, s)
	f.leader = &report.User{Username: "shizhang", Name: "李明", Title: "市长", UnitID: unit.ID, Role: report.RoleLeader, Group: report.GroupHead, PasswordHash: "x"}
	must(t, "CreateUser", s.CreateUser(ctx, f.leader, by(0, "")))
	f.v = &report.Version{WorkspaceID: f.ws.ID, Label: "送审稿", AuthorID: f.writer.ID, Doc: Document(2000)}
	must(t, "AddVersion", s.AddVersion(ctx, f.v, nil, by(f.writer.ID, "")))
	f.other = &report.Workspace{Name: "2028年政府工作报告", Year: 2028}
	must(t, "CreateWorkspace", s.CreateWorkspace(ctx, f.other, by(0, "")))
	f.otherV = &report.Version{WorkspaceID: f.other.ID, Label: "初稿", AuthorID: f.writer.ID, Doc: Document(500)}
	must(t, "AddVersion", s.AddVersion(ctx, f.otherV, nil, by(f.writer.ID, "")))
	return f
}

func today() time.Time {
	y, m, d := time.Now().In(time.FixedZone("CST", 8*3600)).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func testMeetings(t *testing.T, newDSN func(t testing.TB) string) {
	s := fresh(t, newDSN)
	ctx := context.Background()
	f := newMeetingFixture(t, s)
	n := auditCount(t, s)
	early := &report.Meeting{WorkspaceID: f.ws.ID, Kind: "政府常务会议", Date: today().AddDate(0, 0, -3), VersionID: f.v.ID}
	wantCode(t, "meeting before its version", s.CreateMeeting(ctx, early, by(f.writer.ID, "")), report.EINVALID)
	cross := &report.Meeting{WorkspaceID: f.ws.ID, Kind: "政府常务会议", Date: today(), VersionID: f.otherV.ID}
	wantCode(t, "another workspace's version", s.CreateMeeting(ctx, cross, by(f.writer.ID, "")), report.EINVALID, "所审议的版本不属于本工作区")
	kind := &report.Meeting{WorkspaceID: f.ws.ID, Kind: "茶话会", Date: today(), VersionID: f.v.ID}
	wantCode(t, "unknown kind", s.CreateMeeting(ctx, kind, by(f.writer.ID, "")), report.EINVALID)
	pres := &report.Meeting{WorkspaceID: f.ws.ID, Kind: "政府常务会议", Date: today(), VersionID: f.v.ID, PresidingID: f.writer.ID}
	wantCode(t, "writer presiding", s.CreateMeeting(ctx, pres, by(f.writer.ID, "")), report.EINVALID)
	if auditCount(t, s) != n {
		t.Fatal("refused meetings were audited")
	}

	m := &report.Meeting{WorkspaceID: f.ws.ID, Kind: "政府常务会议", Date: today(), VersionID: f.v.ID, PresidingID: f.leader.ID,
		Attendees: []string{"李明", "王副市长"}, MinutesText: "会议原则通过。", CreatedBy: f.writer.ID}
	must(t, "CreateMeeting", s.CreateMeeting(ctx, m, by(f.writer.ID, "")))
	if lastAudit(t, s).Action != "meeting.create" || lastAudit(t, s).WorkspaceID != f.ws.ID {
		t.Fatalf("meeting not audited: %+v", lastAudit(t, s))
	}
	got, err := s.Meeting(ctx, m.ID)
	must(t, "Meeting", err)
	if got.Kind != m.Kind || !got.Date.Equal(today()) || got.PresidingID != f.leader.ID || len(got.Attendees) != 2 || got.Attendees[1] != "王副市长" || got.MinutesText != "会议原则通过。" {
		t.Fatalf("Meeting = %+v", got)
	}
	must(t, "SetMinutes", s.SetMinutes(ctx, m.ID, "纪要.docx", "会议纪要全文", by(f.writer.ID, "")))
	got, _ = s.Meeting(ctx, m.ID)
	if got.MinutesFilename != "纪要.docx" || got.MinutesText != "会议纪要全文" {
		t.Fatalf("minutes = %q %q", got.MinutesFilename, got.MinutesText)
	}
	ms, err := s.Meetings(ctx, f.ws.ID)
	must(t, "Meetings", err)
	if len(ms) != 1 {
		t.Fatalf("Meetings = %d", len(ms))
	}

	b := f.v.Doc.Blocks[2]
	q := []rune(b.Text)
	in := &report.Instruction{MeetingID: m.ID, VersionID: f.v.ID, BlockID: b.ID, Start: 2, End: 8, Quote: string(q[2:8]),
		Prefix: string(q[:2]), Suffix: string(q[8:20]), Text: "这一段要再具体一些", GivenBy: "市长 李明", AssigneeID: f.writer.ID, CreatedBy: f.writer.ID}
	must(t, "AddInstruction", s.AddInstruction(ctx, in, by(f.writer.ID, "")))
	general := &report.Instruction{MeetingID: m.ID, VersionID: f.v.ID, Text: "民生实事增加一项", GivenBy: "常务副市长"}
	must(t, "AddInstruction general", s.AddInstruction(ctx, general, by(f.writer.ID, "")))
	// On another workspace's version, or a paragraph the version lacks: refused.
	n = auditCount(t, s)
	ob := f.otherV.Doc.Blocks[1]
	cross2 := &report.Instruction{MeetingID: m.ID, VersionID: f.otherV.ID, BlockID: ob.ID, Start: 0, End: 2, Text: "x"}
	wantCode(t, "instruction on another workspace's version", s.AddInstruction(ctx, cross2, by(f.writer.ID, "")), report.EINVALID)
	ghost := &report.Instruction{MeetingID: m.ID, VersionID: f.v.ID, BlockID: "p000000000000", Start: 0, End: 2, Text: "x"}
	wantCode(t, "instruction on a missing paragraph", s.AddInstruction(ctx, ghost, by(f.writer.ID, "")), report.EINVALID)
	leaderAssigned := &report.Instruction{MeetingID: m.ID, VersionID: f.v.ID, Text: "x", AssigneeID: f.leader.ID}
	wantCode(t, "assigned to a leader", s.AddInstruction(ctx, leaderAssigned, by(f.writer.ID, "")), report.EINVALID)
	if auditCount(t, s) != n {
		t.Fatal("refused instructions were audited")
	}
	ins, err := s.Instructions(ctx, f.ws.ID, m.ID)
	must(t, "Instructions", err)
	if len(ins) != 2 || ins[0].Quote != in.Quote || ins[0].AssigneeID != f.writer.ID || ins[1].BlockID != "" || ins[0].Status != report.CarryPending {
		t.Fatalf("Instructions = %+v", ins)
	}

	// Carrying out: only on a later version, with what was done or why.
	wantCode(t, "mark on the meeting's own version", s.MarkInstruction(ctx, in.ID, report.CarryDone, "改了", f.v.ID, f.writer.ID, by(f.writer.ID, "")), report.EINVALID)
	v2 := &report.Version{WorkspaceID: f.ws.ID, Label: "修改稿", AuthorID: f.writer.ID, Doc: Document(2100)}
	must(t, "AddVersion", s.AddVersion(ctx, v2, nil, by(f.writer.ID, "")))
	wantCode(t, "已落实 without what", s.MarkInstruction(ctx, in.ID, report.CarryDone, "  ", v2.ID, f.writer.ID, by(f.writer.ID, "")), report.EINVALID,
		"标为已落实时，请写明做了哪些修改")
	wantCode(t, "未落实 without why", s.MarkInstruction(ctx, in.ID, report.CarryNotDone, "", v2.ID, f.writer.ID, by(f.writer.ID, "")), report.EINVALID)
	wantCode(t, "mark in another workspace's version", s.MarkInstruction(ctx, in.ID, report.CarryDone, "改了", f.otherV.ID, f.writer.ID, by(f.writer.ID, "")), report.EINVALID)
	must(t, "MarkInstruction", s.MarkInstruction(ctx, in.ID, report.CarryDone, "补充了三项具体举措", v2.ID, f.writer.ID, by(f.writer.ID, "")))
	must(t, "MarkInstruction not done", s.MarkInstruction(ctx, general.ID, report.CarryNotDone, "待财政局测算后再定", v2.ID, f.writer.ID, by(f.writer.ID, "")))
	if lastAudit(t, s).Action != "instruction.mark" {
		t.Fatalf("mark not audited: %+v", lastAudit(t, s))
	}
	got1, err := s.Instruction(ctx, in.ID)
	must(t, "Instruction", err)
	if got1.Status != report.CarryDone || got1.Outcome != "补充了三项具体举措" || got1.InVersion != v2.ID || got1.MarkedBy != f.writer.ID || !recent(got1.MarkedAt) {
		t.Fatalf("marked = %+v", got1)
	}
	must(t, "MarkInstruction back to pending", s.MarkInstruction(ctx, general.ID, report.CarryPending, "", 0, f.writer.ID, by(f.writer.ID, "")))
	got2, _ := s.Instruction(ctx, general.ID)
	if got2.Status != report.CarryPending || got2.Outcome != "" || got2.InVersion != 0 || !got2.MarkedAt.IsZero() {
		t.Fatalf("pending again = %+v", got2)
	}
	all, err := s.Instructions(ctx, f.ws.ID, 0)
	must(t, "Instructions workspace", err)
	if len(all) != 2 {
		t.Fatalf("workspace instructions = %d", len(all))
	}
	none, _ := s.Instructions(ctx, f.other.ID, 0)
	if len(none) != 0 {
		t.Fatalf("other workspace sees %d instructions", len(none))
	}

	// The principles text.
	p, err := s.Principles(ctx, f.ws.ID)
	must(t, "Principles", err)
	if p != "" {
		t.Fatalf("Principles = %q", p)
	}
	must(t, "SetPrinciples", s.SetPrinciples(ctx, f.ws.ID, "结构力求合理。", by(f.writer.ID, "")))
	must(t, "SetPrinciples again", s.SetPrinciples(ctx, f.ws.ID, "表述力求准确。", by(f.writer.ID, "")))
	if p, _ = s.Principles(ctx, f.ws.ID); p != "表述力求准确。" {
		t.Fatalf("Principles = %q", p)
	}
}
