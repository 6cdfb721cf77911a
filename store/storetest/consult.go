package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"qicao/consult"
	"qicao/report"
	"qicao/store"
)

// consultFixture is a workspace with a version, a writer, three invited units and one not.
type consultFixture struct {
	s                       report.Store
	ws                      *report.Workspace
	writer                  *report.User
	v                       *report.Version
	town, dept, lead, other *report.Unit
	contact                 *report.User
}

func newConsultFixture(t *testing.T, s report.Store) *consultFixture {
	ctx := context.Background()
	f := &consultFixture{s: s}
	f.ws, _, f.writer = seed(t, s)
	f.v = &report.Version{WorkspaceID: f.ws.ID, Label: "征求意见稿", AuthorID: f.writer.ID, Doc: Document(3000)}
	must(t, "AddVersion", s.AddVersion(ctx, f.v, nil, by(f.writer.ID, "")))
	for _, u := range []**report.Unit{&f.town, &f.dept, &f.lead, &f.other} {
		*u = &report.Unit{}
	}
	*f.town = report.Unit{Name: "东城镇", Kind: report.UnitTownship}
	*f.dept = report.Unit{Name: "市发展改革委", Kind: report.UnitDepartment}
	*f.lead = report.Unit{Name: "市政府领导", Kind: report.UnitLeadership}
	*f.other = report.Unit{Name: "西山乡", Kind: report.UnitTownship}
	for _, u := range []*report.Unit{f.town, f.dept, f.lead, f.other} {
		must(t, "CreateUnit", s.CreateUnit(ctx, u, by(0, "")))
	}
	f.contact = &report.User{Username: "contact-dongcheng", Name: "王芳", UnitID: f.town.ID, Role: report.RoleContact, PasswordHash: "x"}
	must(t, "CreateUser", s.CreateUser(ctx, f.contact, by(0, "")))
	return f
}

func (f *consultFixture) open(t *testing.T, units ...*report.Unit) *report.Round {
	r := &report.Round{WorkspaceID: f.ws.ID, VersionID: f.v.ID, Title: "关于征求《政府工作报告（征求意见稿）》意见的通知",
		Deadline: time.Date(2027, 1, 10, 15, 59, 59, 0, time.UTC), Note: "请于1月10日前反馈", Contact: "李文", Phone: "0000-1234567", OpenedBy: f.writer.ID}
	for _, u := range units {
		r.Recipients = append(r.Recipients, report.Recipient{UnitID: u.ID})
	}
	must(t, "OpenRound", f.s.OpenRound(context.Background(), r, by(f.writer.ID, "")))
	return r
}

func (f *consultFixture) draft(r *report.Round, unit *report.Unit, text string) *report.Comment {
	b := f.v.Doc.Blocks[2]
	q := []rune(b.Text)
	return &report.Comment{RoundID: r.ID, UnitID: unit.ID, AuthorID: f.contact.ID, VersionID: f.v.ID, BlockID: b.ID,
		Start: 4, End: 10, Quote: string(q[4:10]), Prefix: string(q[:4]), Suffix: string(q[10:34]), Text: text, State: report.CommentDraft}
}

func testRounds(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	f := newConsultFixture(t, s)

	r := f.open(t, f.town, f.dept, f.lead)
	if r.ID == 0 || !recent(r.OpenedAt) {
		t.Fatalf("OpenRound left ID %d, OpenedAt %v", r.ID, r.OpenedAt)
	}
	if e := lastAudit(t, s); e.Action != "round.open" || e.Target != "round:"+itoa(r.ID) || e.WorkspaceID != f.ws.ID {
		t.Errorf("audit entry %+v", e)
	}
	got, err := s.Round(ctx, r.ID)
	must(t, "Round", err)
	if got.Title != r.Title || !got.Deadline.Equal(r.Deadline) || got.Note != r.Note || got.Contact != "李文" || got.Phone != r.Phone || got.VersionID != f.v.ID || got.OpenedBy != f.writer.ID || !got.Open() {
		t.Errorf("Round = %+v", got)
	}
	// leadership first, then townships, then departments
	if len(got.Recipients) != 3 || got.Recipients[0].UnitID != f.lead.ID || got.Recipients[1].UnitID != f.town.ID || got.Recipients[2].UnitID != f.dept.ID {
		t.Errorf("recipients %+v", got.Recipients)
	}

	// Bad rounds store nothing.
	before := auditCount(t, s)
	bad := []report.Round{
		{WorkspaceID: f.ws.ID, VersionID: f.v.ID, Title: " ", Deadline: r.Deadline, Recipients: []report.Recipient{{UnitID: f.town.ID}}},
		{WorkspaceID: f.ws.ID, VersionID: f.v.ID, Title: "无单位", Deadline: r.Deadline},
		{WorkspaceID: f.ws.ID, VersionID: f.v.ID, Title: "无截止", Recipients: []report.Recipient{{UnitID: f.town.ID}}},
		{WorkspaceID: f.ws.ID, VersionID: 999, Title: "无版本", Deadline: r.Deadline, Recipients: []report.Recipient{{UnitID: f.town.ID}}},
		{WorkspaceID: f.ws.ID, VersionID: f.v.ID, Title: "重复", Deadline: r.Deadline, Recipients: []report.Recipient{{UnitID: f.town.ID}, {UnitID: f.town.ID}}},
		{WorkspaceID: f.ws.ID, VersionID: f.v.ID, Title: "不存在的单位", Deadline: r.Deadline, Recipients: []report.Recipient{{UnitID: f.town.ID}, {UnitID: 9999}}},
	}
	for i := range bad {
		wantCode(t, "bad round "+bad[i].Title, s.OpenRound(ctx, &bad[i], by(1, "")), report.EINVALID)
	}
	if n := auditCount(t, s); n != before {
		t.Errorf("failed rounds wrote %d audit entries", n-before)
	}
	if rs, _ := s.Rounds(ctx, f.ws.ID); len(rs) != 1 {
		t.Errorf("a failed round left %d rounds", len(rs))
	}

	// Extend: later only; then close; a closed round neither extends nor closes again.
	wantCode(t, "extend earlier", s.ExtendRound(ctx, r.ID, r.Deadline.Add(-time.Hour), by(1, "")), report.EINVALID)
	later := r.Deadline.Add(72 * time.Hour)
	must(t, "ExtendRound", s.ExtendRound(ctx, r.ID, later, by(f.writer.ID, "")))
	got, _ = s.Round(ctx, r.ID)
	if !got.Deadline.Equal(later) || !recent(got.ExtendedAt) {
		t.Errorf("after ExtendRound: deadline %v, extended %v", got.Deadline, got.ExtendedAt)
	}

	// A view is recorded once.
	must(t, "MarkViewed", s.MarkViewed(ctx, r.ID, f.town.ID, by(f.contact.ID, "")))
	first, _ := s.Round(ctx, r.ID)
	n := auditCount(t, s)
	must(t, "MarkViewed again", s.MarkViewed(ctx, r.ID, f.town.ID, by(f.contact.ID, "")))
	again, _ := s.Round(ctx, r.ID)
	if rc := again.Recipient(f.town.ID); rc == nil || rc.ViewedAt.IsZero() || !rc.ViewedAt.Equal(first.Recipient(f.town.ID).ViewedAt) || auditCount(t, s) != n {
		t.Errorf("second view changed the record: %+v", rc)
	}

	must(t, "CloseRound", s.CloseRound(ctx, r.ID, by(f.writer.ID, "")))
	wantCode(t, "close twice", s.CloseRound(ctx, r.ID, by(1, "")), report.ECONFLICT)
	wantCode(t, "extend closed", s.ExtendRound(ctx, r.ID, later.Add(time.Hour), by(1, "")), report.ECONFLICT)
	wantCode(t, "draft on closed", s.AddComments(ctx, []*report.Comment{f.draft(r, f.town, "意见")}, by(1, "")), report.ECONFLICT)
	_, err = s.Round(ctx, 9999)
	wantCode(t, "Round(9999)", err, report.ENOTFOUND)

	// Several rounds on successive versions; the list is the latest first with its counts.
	r2 := f.open(t, f.town, f.other)
	rs, err := s.Rounds(ctx, f.ws.ID)
	must(t, "Rounds", err)
	if len(rs) != 2 || rs[0].ID != r2.ID || rs[0].Invited != 2 || rs[1].Invited != 3 || rs[1].ClosedAt.IsZero() || rs[0].VersionLabel != "征求意见稿" {
		t.Errorf("Rounds = %+v", rs)
	}
}

func testComments(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	f := newConsultFixture(t, s)
	r := f.open(t, f.town, f.dept, f.lead)

	a, b := f.draft(r, f.town, "建议补充具体措施"), f.draft(r, f.town, "表述可再精炼")
	b.Proposal = "进一步精炼"
	general := &report.Comment{RoundID: r.ID, UnitID: f.town.ID, AuthorID: f.contact.ID, VersionID: f.v.ID, Text: "全文结构清晰", State: report.CommentDraft}
	must(t, "AddComments", s.AddComments(ctx, []*report.Comment{a, b, general}, by(f.contact.ID, "")))
	if a.ID == 0 || general.ID == 0 || !recent(a.CreatedAt) {
		t.Fatalf("AddComments left %+v", a)
	}

	// Drafts are seen by their unit only.
	if cs, _ := s.Comments(ctx, report.CommentFilter{RoundID: r.ID}); len(cs) != 0 {
		t.Errorf("others see %d drafts", len(cs))
	}
	cs, err := s.Comments(ctx, report.CommentFilter{RoundID: r.ID, DraftsOf: f.town.ID})
	must(t, "Comments", err)
	if len(cs) != 3 || cs[1].Proposal != "进一步精炼" || cs[0].Quote != a.Quote || cs[0].Prefix != a.Prefix || cs[0].Suffix != a.Suffix || cs[0].Start != 4 || cs[0].End != 10 || cs[2].BlockID != "" || cs[0].State != report.CommentDraft {
		t.Errorf("Comments = %+v", cs)
	}
	got, _ := s.Round(ctx, r.ID)
	if rc := got.Recipient(f.town.ID); rc.Drafts != 3 || rc.Sent != 0 {
		t.Errorf("recipient counts %+v", rc)
	}

	// Edit and delete drafts; another unit cannot.
	must(t, "UpdateComment", s.UpdateComment(ctx, a.ID, f.town.ID, "建议补充具体措施和时间表", "", by(f.contact.ID, "")))
	wantCode(t, "edit another unit's", s.UpdateComment(ctx, a.ID, f.dept.ID, "改", "", by(1, "")), report.ENOTFOUND)
	wantCode(t, "proposal on a general comment", s.UpdateComment(ctx, general.ID, f.town.ID, "改", "替换", by(1, "")), report.EINVALID)
	must(t, "DeleteComment", s.DeleteComment(ctx, general.ID, f.town.ID, by(f.contact.ID, "")))
	if e := lastAudit(t, s); e.Action != "comment.delete" || e.Target != "comment:"+itoa(general.ID) {
		t.Errorf("audit %+v", e)
	}

	// Bad comments store nothing.
	before := auditCount(t, s)
	other := f.draft(r, f.other, "未受邀")
	wantCode(t, "uninvited unit", s.AddComments(ctx, []*report.Comment{other}, by(1, "")), report.EFORBIDDEN)
	wrongVersion := f.draft(r, f.town, "别的版本")
	wrongVersion.VersionID = 999
	huge := f.draft(r, f.town, strings.Repeat("长", store.MaxCommentRunes+1))
	empty := f.draft(r, f.town, "  ")
	nul := f.draft(r, f.town, "坏\x00字")
	noBlock := f.draft(r, f.town, "无段落")
	noBlock.BlockID = "p000000000000"
	for what, c := range map[string]*report.Comment{"wrong version": wrongVersion, "huge": huge, "empty": empty, "nul": nul, "no such block": noBlock} {
		good := f.draft(r, f.town, "好意见")
		if err := s.AddComments(ctx, []*report.Comment{good, c}, by(1, "")); report.ErrorCode(err) != report.EINVALID {
			t.Errorf("%s: %v", what, err)
		}
	}
	if n := auditCount(t, s); n != before {
		t.Errorf("failed comments wrote %d audit entries", n-before)
	}
	if cs, _ := s.Comments(ctx, report.CommentFilter{RoundID: r.ID, DraftsOf: f.town.ID}); len(cs) != 2 {
		t.Errorf("failed batches stored comments: %d", len(cs))
	}
	if utf8.RuneCountInString(huge.Text) <= 5000 {
		t.Fatal("the huge comment is not huge")
	}

	// 无意见 with drafts is refused; send; a second send is refused, and so is a late edit.
	wantCode(t, "no comments with drafts", s.NoComments(ctx, r.ID, f.town.ID, f.contact.ID, by(1, "")), report.ECONFLICT)
	n, err := s.SendComments(ctx, r.ID, f.town.ID, f.contact.ID, by(f.contact.ID, ""))
	must(t, "SendComments", err)
	if n != 2 {
		t.Errorf("sent %d, want 2", n)
	}
	_, err = s.SendComments(ctx, r.ID, f.town.ID, f.contact.ID, by(f.contact.ID, ""))
	wantCode(t, "second send", err, report.ECONFLICT, "本单位已经反馈过意见，不能再修改")
	wantCode(t, "edit sent", s.UpdateComment(ctx, a.ID, f.town.ID, "改", "", by(1, "")), report.ECONFLICT)
	wantCode(t, "delete sent", s.DeleteComment(ctx, a.ID, f.town.ID, by(1, "")), report.ECONFLICT)
	wantCode(t, "draft after send", s.AddComments(ctx, []*report.Comment{f.draft(r, f.town, "补充")}, by(1, "")), report.ECONFLICT)
	_, err = s.SendComments(ctx, r.ID, f.dept.ID, 0, by(1, ""))
	wantCode(t, "send nothing", err, report.EINVALID)

	must(t, "NoComments", s.NoComments(ctx, r.ID, f.dept.ID, 0, by(1, "")))
	wantCode(t, "no comments twice", s.NoComments(ctx, r.ID, f.dept.ID, 0, by(1, "")), report.ECONFLICT)

	// Seminar opinions from a writer on behalf of a unit present.
	sem := f.draft(r, f.lead, "座谈会上提出：加强民生保障")
	sem.Seminar, sem.State, sem.AuthorID = true, report.CommentSent, f.writer.ID
	must(t, "seminar", s.AddComments(ctx, []*report.Comment{sem}, by(f.writer.ID, "")))
	notSem := f.draft(r, f.lead, "直接发送")
	notSem.State = report.CommentSent
	wantCode(t, "sent without drafting", s.AddComments(ctx, []*report.Comment{notSem}, by(1, "")), report.EINVALID)

	got, _ = s.Round(ctx, r.ID)
	town, dept := got.Recipient(f.town.ID), got.Recipient(f.dept.ID)
	if town.SentAt.IsZero() || town.Sent != 2 || town.Drafts != 0 || town.AnsweredBy != f.contact.ID || !town.Answered() || dept.NoCommentAt.IsZero() || !dept.Answered() {
		t.Errorf("recipients after answers: %+v %+v", town, dept)
	}
	cs, _ = s.Comments(ctx, report.CommentFilter{RoundID: r.ID})
	if len(cs) != 3 || cs[0].State != report.CommentSent || !recent(cs[0].SentAt) || cs[0].Text != "建议补充具体措施和时间表" || !cs[2].Seminar {
		t.Errorf("sent comments %+v", cs)
	}
	if cs, _ := s.Comments(ctx, report.CommentFilter{RoundID: r.ID, UnitID: f.lead.ID}); len(cs) != 1 {
		t.Errorf("filter by unit: %d", len(cs))
	}
	var walked []string
	must(t, "EachComment", s.EachComment(ctx, report.CommentFilter{RoundID: r.ID}, func(c *report.Comment) error {
		walked = append(walked, c.Text)
		return nil
	}))
	if len(walked) != len(cs) || walked[0] != cs[0].Text || walked[2] != cs[2].Text {
		t.Errorf("EachComment walked %q, Comments listed %d", walked, len(cs))
	}
	stop := errors.New("stop")
	calls := 0
	werr := s.EachComment(ctx, report.CommentFilter{RoundID: r.ID}, func(*report.Comment) error { calls++; return stop })
	if !errors.Is(werr, stop) || calls != 1 {
		t.Errorf("EachComment after fn failed: %v, %d calls", werr, calls)
	}
	if all, _ := s.WorkspaceComments(ctx, f.ws.ID); len(all) != 3 {
		t.Errorf("WorkspaceComments: %d", len(all))
	}
	rs, _ := s.Rounds(ctx, f.ws.ID)
	// the leadership unit, heard at the seminar only, answered: as consult.StatusOf says
	if st := consult.StatusOf(got, got.Recipient(f.lead.ID), time.Now()); st != consult.AtSeminar || !st.Replied() {
		t.Errorf("a unit heard at a seminar only is %s", st)
	}
	if rs[0].Answered != 2 || rs[0].NoComment != 1 || rs[0].Comments != 3 || rs[0].Decided != 0 {
		t.Errorf("Rounds counts %+v", rs[0])
	}
}

// testSeminarCorrections: a seminar opinion keeps the seminar's day; the writer who entered it
// corrects or deletes it, audited, while the round is open and nobody has decided on it.
func testSeminarCorrections(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	f := newConsultFixture(t, s)
	r := f.open(t, f.town, f.lead)
	other := &report.User{Username: "writer-2", Name: "钱二", Role: report.RoleWriter, PasswordHash: "x"}
	must(t, "CreateUser", s.CreateUser(ctx, other, by(1, "")))
	held := time.Date(2027, 1, 6, 0, 0, 0, 0, time.UTC)
	var sems []*report.Comment
	for _, text := range []string{"座谈会上提出：一", "座谈会上提出：二", "座谈会上提出：三"} {
		c := f.draft(r, f.lead, text)
		c.Seminar, c.State, c.AuthorID, c.HeldOn = true, report.CommentSent, f.writer.ID, held
		sems = append(sems, c)
	}
	must(t, "seminar", s.AddComments(ctx, sems, by(f.writer.ID, "")))
	dated := f.draft(r, f.town, "草稿带日期")
	dated.HeldOn = held
	wantCode(t, "a draft with a seminar's day", s.AddComments(ctx, []*report.Comment{dated}, by(1, "")), report.EINVALID)
	if c, err := s.Comment(ctx, sems[0].ID); err != nil || !c.HeldOn.Equal(held) {
		t.Errorf("the seminar's day read back: %v %v", c, err)
	}
	draft := f.draft(r, f.town, "东城镇的草稿")
	must(t, "draft", s.AddComments(ctx, []*report.Comment{draft}, by(f.contact.ID, "")))
	if c, _ := s.Comment(ctx, draft.ID); !c.HeldOn.IsZero() {
		t.Errorf("a unit's own comment has a seminar's day: %v", c.HeldOn)
	}

	before := auditCount(t, s)
	wantCode(t, "correct a unit's draft", s.CorrectSeminar(ctx, draft.ID, f.writer.ID, "改", "", by(f.writer.ID, "")), report.ENOTFOUND)
	wantCode(t, "delete a unit's draft", s.DeleteSeminar(ctx, draft.ID, f.writer.ID, by(f.writer.ID, "")), report.ENOTFOUND)
	wantCode(t, "another writer corrects", s.CorrectSeminar(ctx, sems[0].ID, other.ID, "改", "", by(other.ID, "")), report.EFORBIDDEN)
	wantCode(t, "another writer deletes", s.DeleteSeminar(ctx, sems[0].ID, other.ID, by(other.ID, "")), report.EFORBIDDEN)
	wantCode(t, "correct to nothing", s.CorrectSeminar(ctx, sems[0].ID, f.writer.ID, " ", "", by(f.writer.ID, "")), report.EINVALID)
	if n := auditCount(t, s); n != before {
		t.Errorf("refused corrections wrote %d audit entries", n-before)
	}

	must(t, "CorrectSeminar", s.CorrectSeminar(ctx, sems[0].ID, f.writer.ID, "座谈会上提出：一（更正）", "新的表述", by(f.writer.ID, "")))
	if c, _ := s.Comment(ctx, sems[0].ID); c.Text != "座谈会上提出：一（更正）" || c.Proposal != "新的表述" || !c.HeldOn.Equal(held) || !c.Seminar {
		t.Errorf("corrected %+v", c)
	}
	must(t, "DeleteSeminar", s.DeleteSeminar(ctx, sems[1].ID, f.writer.ID, by(f.writer.ID, "")))
	wantCode(t, "deleted", func() error { _, err := s.Comment(ctx, sems[1].ID); return err }(), report.ENOTFOUND)
	es, err := s.AuditLog(ctx, 2, 0)
	must(t, "AuditLog", err)
	if len(es) != 2 || es[0].Action != "comment.seminar.delete" || es[1].Action != "comment.seminar.edit" || es[0].WorkspaceID != f.ws.ID {
		t.Errorf("audited as %+v", es)
	}

	must(t, "Decide", s.Decide(ctx, []report.Decision{{CommentID: sems[2].ID, Kind: report.Adopted, By: f.writer.ID}}, by(f.writer.ID, "")))
	wantCode(t, "correct a decided opinion", s.CorrectSeminar(ctx, sems[2].ID, f.writer.ID, "改", "", by(f.writer.ID, "")), report.ECONFLICT)
	wantCode(t, "delete a decided opinion", s.DeleteSeminar(ctx, sems[2].ID, f.writer.ID, by(f.writer.ID, "")), report.ECONFLICT)
	must(t, "CloseRound", s.CloseRound(ctx, r.ID, by(f.writer.ID, "")))
	wantCode(t, "delete after the close", s.DeleteSeminar(ctx, sems[0].ID, f.writer.ID, by(f.writer.ID, "")), report.ECONFLICT)
}

func testDecisions(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	f := newConsultFixture(t, s)
	r := f.open(t, f.town)
	var cs []*report.Comment
	for _, text := range []string{"一", "二", "三", "四"} {
		cs = append(cs, f.draft(r, f.town, "意见"+text))
	}
	must(t, "AddComments", s.AddComments(ctx, cs, by(f.contact.ID, "")))
	wantCode(t, "decide a draft", s.Decide(ctx, []report.Decision{{CommentID: cs[0].ID, Kind: report.Adopted}}, by(1, "")), report.ENOTFOUND)
	_, err := s.SendComments(ctx, r.ID, f.town.ID, f.contact.ID, by(1, ""))
	must(t, "SendComments", err)

	before := auditCount(t, s)
	wantCode(t, "rejected without reason", s.Decide(ctx, []report.Decision{{CommentID: cs[0].ID, Kind: report.Adopted}, {CommentID: cs[1].ID, Kind: report.Rejected, Reason: " "}}, by(1, "")), report.EINVALID, "未采纳须填写理由")
	wantCode(t, "partly without reason", s.Decide(ctx, []report.Decision{{CommentID: cs[1].ID, Kind: report.Partly}}, by(1, "")), report.EINVALID, "部分采纳须填写理由")
	wantCode(t, "bad kind", s.Decide(ctx, []report.Decision{{CommentID: cs[1].ID, Kind: "maybe"}}, by(1, "")), report.EINVALID)
	wantCode(t, "missing comment", s.Decide(ctx, []report.Decision{{CommentID: cs[0].ID, Kind: report.Adopted}, {CommentID: 9999, Kind: report.Adopted}}, by(1, "")), report.ENOTFOUND)
	if n := auditCount(t, s); n != before {
		t.Errorf("failed decisions wrote %d audit entries", n-before)
	}
	if c, _ := s.Comment(ctx, cs[0].ID); c.Decision != nil {
		t.Errorf("a failed batch stored a decision: %+v", c.Decision)
	}

	// Bulk: three with one shared reason, in one transaction and one audit entry.
	bulk := []report.Decision{
		{CommentID: cs[1].ID, Kind: report.Rejected, Reason: "与市委部署不一致", By: f.writer.ID},
		{CommentID: cs[2].ID, Kind: report.Rejected, Reason: "与市委部署不一致", By: f.writer.ID},
		{CommentID: cs[3].ID, Kind: report.Rejected, Reason: "与市委部署不一致", By: f.writer.ID},
	}
	must(t, "Decide bulk", s.Decide(ctx, bulk, by(f.writer.ID, "")))
	if n := auditCount(t, s); n != before+1 {
		t.Errorf("bulk decision wrote %d audit entries, want 1", n-before)
	}
	must(t, "Decide", s.Decide(ctx, []report.Decision{{CommentID: cs[0].ID, Kind: report.Adopted, By: f.writer.ID}}, by(f.writer.ID, "")))
	c, err := s.Comment(ctx, cs[0].ID)
	must(t, "Comment", err)
	if c.Decision == nil || c.Decision.Kind != report.Adopted || c.Decision.By != f.writer.ID || !recent(c.Decision.At) {
		t.Errorf("decision %+v", c.Decision)
	}

	// A link to the next version, then a new decision replaces the old and clears the link.
	next := &report.Version{WorkspaceID: f.ws.ID, Label: "送审稿", AuthorID: f.writer.ID, Doc: Document(3000)}
	must(t, "AddVersion", s.AddVersion(ctx, next, nil, by(f.writer.ID, "")))
	wantCode(t, "link to the same version", s.LinkDecision(ctx, cs[0].ID, f.v.ID, "", true, by(1, "")), report.EINVALID)
	wantCode(t, "link to no block", s.LinkDecision(ctx, cs[0].ID, next.ID, "p-none", true, by(1, "")), report.EINVALID)
	must(t, "LinkDecision", s.LinkDecision(ctx, cs[0].ID, next.ID, next.Doc.Blocks[2].ID, true, by(f.writer.ID, "")))
	c, _ = s.Comment(ctx, cs[0].ID)
	if c.Decision.LinkVersion != next.ID || c.Decision.LinkBlock != next.Doc.Blocks[2].ID || !c.Decision.LinkConfirmed {
		t.Errorf("link %+v", c.Decision)
	}
	must(t, "Decide again", s.Decide(ctx, []report.Decision{{CommentID: cs[0].ID, Kind: report.Partly, Reason: "部分措施已安排", By: f.writer.ID}}, by(f.writer.ID, "")))
	c, _ = s.Comment(ctx, cs[0].ID)
	if c.Decision.Kind != report.Partly || c.Decision.LinkVersion != 0 {
		t.Errorf("redecided %+v", c.Decision)
	}
	rs, _ := s.Rounds(ctx, f.ws.ID)
	if rs[0].Decided != 4 {
		t.Errorf("Decided = %d", rs[0].Decided)
	}

	// RoundDecisions and WorkspaceDecisions give each sent comment's decision as Comments does,
	// links included; a second round's are the workspace's, not the first round's.
	must(t, "LinkDecision", s.LinkDecision(ctx, cs[1].ID, next.ID, next.Doc.Blocks[3].ID, false, by(f.writer.ID, "")))
	r2 := f.open(t, f.dept)
	other := []*report.Comment{f.draft(r2, f.dept, "意见五"), f.draft(r2, f.dept, "意见六")}
	must(t, "AddComments", s.AddComments(ctx, other, by(f.contact.ID, "")))
	_, err = s.SendComments(ctx, r2.ID, f.dept.ID, f.contact.ID, by(1, ""))
	must(t, "SendComments", err)
	must(t, "Decide", s.Decide(ctx, []report.Decision{{CommentID: other[1].ID, Kind: report.Reflected, By: f.writer.ID}}, by(f.writer.ID, "")))
	want := map[int64]report.Decision{}
	for _, rid := range []int64{r.ID, r2.ID} {
		listed, err := s.Comments(ctx, report.CommentFilter{RoundID: rid})
		must(t, "Comments", err)
		byRound := map[int64]report.Decision{}
		for _, c := range listed {
			if c.Decision != nil {
				byRound[c.ID], want[c.ID] = *c.Decision, *c.Decision
			}
		}
		got, err := s.RoundDecisions(ctx, rid)
		must(t, "RoundDecisions", err)
		sameDecisions(t, "RoundDecisions", got, byRound)
	}
	if len(want) != 5 || want[cs[1].ID].LinkBlock != next.Doc.Blocks[3].ID || want[cs[1].ID].LinkConfirmed || want[cs[1].ID].LinkVersion != next.ID {
		t.Errorf("decisions listed %+v", want)
	}
	got, err := s.WorkspaceDecisions(ctx, f.ws.ID)
	must(t, "WorkspaceDecisions", err)
	sameDecisions(t, "WorkspaceDecisions", got, want)
}

// sameDecisions compares decisions by comment, their times to the microsecond (PostgreSQL's).
func sameDecisions(t *testing.T, what string, got, want map[int64]report.Decision) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d decisions, want %d", what, len(got), len(want))
	}
	for id, w := range want {
		g, ok := got[id]
		if !ok || !g.At.Truncate(time.Microsecond).Equal(w.At.Truncate(time.Microsecond)) {
			t.Errorf("%s: comment %d: %+v, want %+v", what, id, g, w)
			continue
		}
		g.At, w.At = time.Time{}, time.Time{}
		if g != w {
			t.Errorf("%s: comment %d: %+v, want %+v", what, id, g, w)
		}
	}
}

// testConcurrentComments: one unit's members post batches of drafts at once while the unit
// sends, as a busy township on the last afternoon does. Every batch is stored whole or not at
// all, the unit's limit holds, and nothing is drafted after the unit has answered.
func testConcurrentComments(t *testing.T, newDSN func(t testing.TB) string) {
	s := open(t, newDSN(t))
	ctx := context.Background()
	f := newConsultFixture(t, s)
	r := f.open(t, f.town)
	const batch, batches = 60, 20 // 1,200 wanted, 1,000 allowed
	errs := make(chan error, batches+1)
	start := make(chan struct{})
	for i := 0; i < batches; i++ {
		go func(i int) {
			<-start
			cs := make([]*report.Comment, batch)
			for k := range cs {
				cs[k] = f.draft(r, f.town, "第"+itoa(int64(i))+"批第"+itoa(int64(k))+"条")
			}
			errs <- s.AddComments(ctx, cs, by(f.contact.ID, ""))
		}(i)
	}
	close(start)
	refused := 0
	for i := 0; i < batches; i++ {
		if err := <-errs; err != nil {
			if report.ErrorCode(err) != report.ETOOLARGE {
				t.Fatalf("a batch failed otherwise than by the limit: %v", err)
			}
			refused++
		}
	}
	cs, err := s.Comments(ctx, report.CommentFilter{RoundID: r.ID, DraftsOf: f.town.ID})
	must(t, "Comments", err)
	if len(cs) > store.MaxDrafts || len(cs)%batch != 0 || len(cs) != (batches-refused)*batch {
		t.Fatalf("%d drafts stored from %d whole batches of %d (limit %d)", len(cs), batches-refused, batch, store.MaxDrafts)
	}
	// drafts posted while the unit sends: each is sent with the rest or refused, never left behind
	for _, c := range cs[:batch] {
		must(t, "DeleteComment", s.DeleteComment(ctx, c.ID, f.town.ID, by(f.contact.ID, "")))
	}
	done := make(chan error, 10)
	go func() {
		_, err := s.SendComments(ctx, r.ID, f.town.ID, f.contact.ID, by(f.contact.ID, ""))
		done <- err
	}()
	for i := 0; i < 9; i++ {
		go func(i int) {
			done <- s.AddComments(ctx, []*report.Comment{f.draft(r, f.town, "发送时的意见"+itoa(int64(i)))}, by(f.contact.ID, ""))
		}(i)
	}
	for i := 0; i < 10; i++ {
		if err := <-done; err != nil && report.ErrorCode(err) != report.ECONFLICT {
			t.Fatalf("during the send: %v", err)
		}
	}
	cs, err = s.Comments(ctx, report.CommentFilter{RoundID: r.ID, DraftsOf: f.town.ID})
	must(t, "Comments", err)
	for _, c := range cs {
		if c.State != report.CommentSent {
			t.Fatalf("a draft was left behind after the unit sent: %+v", c)
		}
	}
}
