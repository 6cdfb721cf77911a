package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"qicao/anchor"
	"qicao/consult"
	"qicao/render"
	"qicao/report"
	"qicao/store"
)

// The service functions of 征求意见 (the comment round). The pages (consult_pages.go) and the
// JSON API (consult_api.go) both call these, never a copy of them.

// roundSubject is what reminders and to-do items call a round.
func roundSubject(id int64) string { return fmt.Sprintf("round:%d", id) }

// roundInput is what opening a round takes, from the form or from JSON.
type roundInput struct {
	VersionID      int64
	Title, Note    string
	Contact, Phone string
	Deadline       time.Time
	UnitIDs        []int64
	Kinds          []report.UnitKind // every unit of these kinds is invited too
}

// openRound checks in and opens a round of ws on one of its versions.
func (s *Server) openRound(r *http.Request, ws *report.Workspace, in roundInput) (*report.Round, error) {
	u := currentUser(r)
	if !canWrite(u) {
		return nil, report.Errorf(report.EFORBIDDEN, "只有写作组可以发起征求意见")
	}
	in.Title, in.Note, in.Contact, in.Phone = strings.TrimSpace(in.Title), strings.TrimSpace(in.Note), strings.TrimSpace(in.Contact), strings.TrimSpace(in.Phone)
	for _, f := range []struct {
		name, v  string
		min, max int
	}{{"通知标题", in.Title, 1, 200}, {"说明", in.Note, 0, 5000}, {"联系人", in.Contact, 0, 40}, {"联系电话", in.Phone, 0, 40}} {
		if err := checkText(f.name, f.v, f.min, f.max); err != nil {
			return nil, err
		}
	}
	if in.Deadline.IsZero() {
		return nil, report.Errorf(report.EINVALID, "请填写反馈截止时间")
	}
	if !in.Deadline.After(s.now()) {
		return nil, report.Errorf(report.EINVALID, "反馈截止时间应在现在之后")
	}
	v, err := s.store.Version(r.Context(), in.VersionID)
	if report.ErrorCode(err) == report.ENOTFOUND || (err == nil && v.WorkspaceID != ws.ID) {
		return nil, report.Errorf(report.EINVALID, "征求意见的版本不存在")
	}
	if err != nil {
		return nil, err
	}
	ids, err := s.recipients(r.Context(), in.UnitIDs, in.Kinds)
	if err != nil {
		return nil, err
	}
	rd := &report.Round{WorkspaceID: ws.ID, VersionID: v.ID, Title: in.Title, Deadline: in.Deadline, Note: in.Note,
		Contact: in.Contact, Phone: in.Phone, OpenedBy: u.ID}
	for _, id := range ids {
		rd.Recipients = append(rd.Recipients, report.Recipient{UnitID: id})
	}
	audit := s.entry(r, "round.open", "", fmt.Sprintf("%s（%s），征求 %d 个单位意见", rd.Title, v.Label, len(ids)))
	audit.WorkspaceID = ws.ID
	if err := s.store.OpenRound(r.Context(), rd, audit); err != nil {
		return nil, err
	}
	return rd, nil
}

// recipients resolves units chosen one by one and by kind into unit IDs, each once.
func (s *Server) recipients(ctx context.Context, unitIDs []int64, kinds []report.UnitKind) ([]int64, error) {
	units, err := s.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	known := map[int64]bool{}
	for _, un := range units {
		known[un.ID] = true
	}
	chosen := map[int64]bool{}
	var ids []int64
	add := func(id int64) {
		if !chosen[id] {
			chosen[id] = true
			ids = append(ids, id)
		}
	}
	for _, id := range unitIDs {
		if !known[id] {
			return nil, report.Errorf(report.EINVALID, "征求意见的单位不存在")
		}
		add(id)
	}
	for _, k := range kinds {
		if !validKind(k) || k == report.UnitWriting {
			return nil, report.Errorf(report.EINVALID, "单位类别无效：%s", k)
		}
		for _, un := range units {
			if un.Kind == k {
				add(un.ID)
			}
		}
	}
	if len(ids) == 0 {
		return nil, report.Errorf(report.EINVALID, "请至少选择一个征求意见的单位")
	}
	return ids, nil
}

// canSeeRound: readers see every round, a contact those sent to their unit.
func canSeeRound(u *report.User, rd *report.Round) bool {
	if u.Role == report.RoleContact {
		return rd.Recipient(u.UnitID) != nil
	}
	return canReadReport(u)
}

// roundByID loads a round the current user may see; anything else does not exist.
func (s *Server) roundByID(r *http.Request, id int64) (*report.Round, error) {
	rd, err := s.loadRound(r.Context(), id)
	if report.ErrorCode(err) == report.ENOTFOUND {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	if !canSeeRound(currentUser(r), rd) {
		return nil, notFound()
	}
	return rd, nil
}

// invited reports whether u speaks for a unit invited to rd: its contact, or its head (a
// leader of the unit). The leadership's own members are invited as the leadership unit.
func invited(u *report.User, rd *report.Round) bool {
	return (u.Role == report.RoleContact || u.Role == report.RoleLeader) && u.UnitID != 0 && rd.Recipient(u.UnitID) != nil
}

// extendRound moves an open round's deadline later.
func (s *Server) extendRound(r *http.Request, rd *report.Round, deadline time.Time) error {
	if !canWrite(currentUser(r)) {
		return report.Errorf(report.EFORBIDDEN, "只有写作组可以延期")
	}
	audit := s.entry(r, "round.extend", "", "截止时间延至 "+deadline.In(report.China).Format("2006-01-02 15:04"))
	audit.WorkspaceID = rd.WorkspaceID
	return s.store.ExtendRound(r.Context(), rd.ID, deadline, audit)
}

// closeRound ends a round.
func (s *Server) closeRound(r *http.Request, rd *report.Round) error {
	if !canWrite(currentUser(r)) {
		return report.Errorf(report.EFORBIDDEN, "只有写作组可以结束征求意见")
	}
	audit := s.entry(r, "round.close", "", rd.Title)
	audit.WorkspaceID = rd.WorkspaceID
	return s.store.CloseRound(r.Context(), rd.ID, audit)
}

// commentInput is one comment as a form or a script sends it.
type commentInput struct {
	BlockID string // "" for the report as a whole
	// Start and End are rune offsets in the block's text; with UTF16 they count UTF-16 code
	// units, as a browser's selection does, and are converted.
	Start, End int
	UTF16      bool
	Whole      bool   // the whole paragraph (Start and End are ignored)
	Quote      string // the selected text as the user saw it; checked when given
	Text       string
	Proposal   string
	UnitID     int64 // a seminar opinion: the unit present, entered by a writer
	// HeldOn is the day the seminar was held (midnight UTC); today in China when not given
	HeldOn    time.Time
	VersionID int64 // the version the comment was made on, when the caller says; 0: the round's
}

// addComments stores comments on rd together, all or none: the drafts of the current user's
// unit, or, from a writer, seminar (座谈会) opinions on behalf of the units present.
func (s *Server) addComments(r *http.Request, rd *report.Round, ins []commentInput) ([]*report.Comment, error) {
	u := currentUser(r)
	seminar := canWrite(u)
	switch {
	case len(ins) == 0:
		return nil, report.Errorf(report.EINVALID, "没有要保存的意见")
	case len(ins) > store.MaxDrafts:
		return nil, report.Errorf(report.ETOOLARGE, "一次最多提交 %d 条意见", store.MaxDrafts)
	case !seminar && !invited(u, rd):
		return nil, report.Errorf(report.EFORBIDDEN, "本单位不在此次征求意见的范围内")
	case !rd.Open():
		return nil, report.Errorf(report.ECONFLICT, "征求意见已结束")
	}
	v, err := s.versionView(r, rd.VersionID)
	if err != nil {
		return nil, err
	}
	cs := make([]*report.Comment, 0, len(ins))
	for i, in := range ins {
		c, err := s.newComment(rd, v.Doc, u, in, seminar)
		if err != nil {
			if len(ins) > 1 {
				return nil, report.Errorf(report.ErrorCode(err), "第 %d 条意见：%s", i+1, report.ErrorMessage(err))
			}
			return nil, err
		}
		cs = append(cs, c)
	}
	detail := truncate(cs[0].Text, 60)
	if len(cs) > 1 {
		detail = fmt.Sprintf("%d 条意见", len(cs))
	}
	if seminar {
		detail = "座谈会意见：" + detail
	}
	// drafts and seminar opinions are told apart in the log: a draft changes nothing the
	// writers' cached views show (viewCache.unseen), an opinion entered sent does
	action := "comment.add"
	if seminar {
		action = "comment.seminar"
	}
	audit := s.entry(r, action, "", detail)
	audit.WorkspaceID = rd.WorkspaceID
	if err := s.store.AddComments(r.Context(), cs, audit); err != nil {
		return nil, err
	}
	return cs, nil
}

// newComment anchors one input in the round's version.
func (s *Server) newComment(rd *report.Round, doc *report.Document, u *report.User, in commentInput, seminar bool) (*report.Comment, error) {
	if in.VersionID != 0 && in.VersionID != rd.VersionID {
		return nil, report.Errorf(report.EINVALID, "只能对本次征求意见的版本（第%d号版本）提意见", rd.VersionID)
	}
	in.Text, in.Proposal = strings.TrimSpace(in.Text), strings.TrimSpace(in.Proposal)
	if err := checkText("意见内容", in.Text, 1, store.MaxCommentRunes); err != nil {
		return nil, err
	}
	if err := checkText("修改建议", in.Proposal, 0, store.MaxCommentRunes); err != nil {
		return nil, err
	}
	if in.BlockID == "" && in.Proposal != "" {
		return nil, report.Errorf(report.EINVALID, "对全文的意见不能提出替换文字，请在意见内容中说明")
	}
	var a anchor.Anchor
	var err error
	switch {
	case in.BlockID == "":
		a, err = anchor.New(rd.VersionID, doc, "", in.Start, in.End)
	case in.Whole:
		a, err = anchor.Paragraph(rd.VersionID, doc, in.BlockID)
	default:
		start, end := in.Start, in.End
		if in.UTF16 {
			b := doc.Block(in.BlockID)
			if b == nil {
				return nil, report.Errorf(report.EINVALID, "这一版中没有所指的段落（%s）", in.BlockID)
			}
			if start, err = anchor.RuneOffset(b.Text, in.Start); err != nil {
				return nil, err
			}
			if end, err = anchor.RuneOffset(b.Text, in.End); err != nil {
				return nil, err
			}
		}
		if in.Quote != "" {
			a, err = anchor.NewQuoted(rd.VersionID, doc, in.BlockID, start, end, in.Quote)
		} else {
			a, err = anchor.New(rd.VersionID, doc, in.BlockID, start, end)
		}
	}
	if err != nil {
		return nil, err
	}
	c := &report.Comment{RoundID: rd.ID, UnitID: u.UnitID, AuthorID: u.ID, VersionID: rd.VersionID, BlockID: a.BlockID,
		Start: a.Start, End: a.End, Quote: a.Quote, Prefix: a.Prefix, Suffix: a.Suffix, Text: in.Text, Proposal: in.Proposal,
		State: report.CommentDraft}
	if seminar {
		if in.UnitID == 0 || rd.Recipient(in.UnitID) == nil {
			return nil, report.Errorf(report.EINVALID, "请选择提出座谈会意见的单位（须在此次征求意见范围内）")
		}
		c.UnitID, c.Seminar, c.State, c.HeldOn = in.UnitID, true, report.CommentSent, in.HeldOn
		today := chinaDay(s.now())
		if c.HeldOn.IsZero() {
			c.HeldOn = today
		}
		if c.HeldOn.After(today) {
			return nil, report.Errorf(report.EINVALID, "座谈会日期不能晚于今天")
		}
	}
	return c, nil
}

// chinaDay is the day t falls on in China, as midnight UTC: how the store keeps days.
func chinaDay(t time.Time) time.Time {
	y, m, d := t.In(report.China).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// correctSeminar changes or deletes a seminar opinion the current writer entered; the store
// refuses once the opinion is decided or the round closed.
func (s *Server) correctSeminar(r *http.Request, rd *report.Round, id int64, del bool, text, proposal string) error {
	u := currentUser(r)
	if !canWrite(u) {
		return report.Errorf(report.EFORBIDDEN, "只有写作组可以更正座谈会意见")
	}
	text, proposal = strings.TrimSpace(text), strings.TrimSpace(proposal)
	if !del {
		if err := checkText("意见内容", text, 1, store.MaxCommentRunes); err != nil {
			return err
		}
		if err := checkText("修改建议", proposal, 0, store.MaxCommentRunes); err != nil {
			return err
		}
	}
	c, err := s.store.Comment(r.Context(), id)
	if err != nil {
		return err
	}
	if c.RoundID != rd.ID || !c.Seminar {
		return report.Errorf(report.ENOTFOUND, "座谈会意见不存在")
	}
	names, err := s.unitNamesCtx(r.Context())
	if err != nil {
		return err
	}
	// the log names the round and the unit, as it does for the other actions on a round
	what := fmt.Sprintf("%s · %s：%s", truncate(rd.Title, 40), names[c.UnitID], truncate(c.Text, 40))
	if del {
		audit := s.entry(r, "comment.seminar.delete", "", what)
		audit.WorkspaceID = rd.WorkspaceID
		return s.store.DeleteSeminar(r.Context(), id, u.ID, audit)
	}
	audit := s.entry(r, "comment.seminar.edit", "", what+" → "+truncate(text, 40))
	audit.WorkspaceID = rd.WorkspaceID
	return s.store.CorrectSeminar(r.Context(), id, u.ID, text, proposal, audit)
}

// editComment changes a draft of the current user's unit.
func (s *Server) editComment(r *http.Request, rd *report.Round, id int64, text, proposal string) error {
	u := currentUser(r)
	if !invited(u, rd) {
		return report.Errorf(report.EFORBIDDEN, "只能修改本单位的意见")
	}
	text, proposal = strings.TrimSpace(text), strings.TrimSpace(proposal)
	if err := checkText("意见内容", text, 1, store.MaxCommentRunes); err != nil {
		return err
	}
	if err := checkText("修改建议", proposal, 0, store.MaxCommentRunes); err != nil {
		return err
	}
	if err := s.commentOf(r, rd, id); err != nil {
		return err
	}
	audit := s.entry(r, "comment.edit", "", truncate(text, 60))
	audit.WorkspaceID = rd.WorkspaceID
	return s.store.UpdateComment(r.Context(), id, u.UnitID, text, proposal, audit)
}

// deleteComment deletes a draft of the current user's unit.
func (s *Server) deleteComment(r *http.Request, rd *report.Round, id int64) error {
	u := currentUser(r)
	if !invited(u, rd) {
		return report.Errorf(report.EFORBIDDEN, "只能删除本单位的意见")
	}
	if err := s.commentOf(r, rd, id); err != nil {
		return err
	}
	audit := s.entry(r, "comment.delete", "", "")
	audit.WorkspaceID = rd.WorkspaceID
	return s.store.DeleteComment(r.Context(), id, u.UnitID, audit)
}

// commentOf checks that comment id belongs to rd.
func (s *Server) commentOf(r *http.Request, rd *report.Round, id int64) error {
	c, err := s.store.Comment(r.Context(), id)
	if err != nil {
		return err
	}
	if c.RoundID != rd.ID {
		return report.Errorf(report.ENOTFOUND, "意见不存在")
	}
	return nil
}

// sendComments sends the drafts of the current user's unit as its official reply.
func (s *Server) sendComments(r *http.Request, rd *report.Round) (int, error) {
	u := currentUser(r)
	if !invited(u, rd) {
		return 0, report.Errorf(report.EFORBIDDEN, "只有受邀单位的联络员或负责人可以发送本单位意见")
	}
	audit := s.entry(r, "round.send", "", "")
	audit.WorkspaceID = rd.WorkspaceID
	return s.store.SendComments(r.Context(), rd.ID, u.UnitID, u.ID, audit)
}

// noComments records the current user's unit's 无意见 reply.
func (s *Server) noComments(r *http.Request, rd *report.Round) error {
	u := currentUser(r)
	if !invited(u, rd) {
		return report.Errorf(report.EFORBIDDEN, "只有受邀单位的联络员或负责人可以答复无意见")
	}
	audit := s.entry(r, "round.no_comment", "", "")
	audit.WorkspaceID = rd.WorkspaceID
	return s.store.NoComments(r.Context(), rd.ID, u.UnitID, u.ID, audit)
}

// markViewed records the first time the user's unit opened the round's version.
func (s *Server) markViewed(r *http.Request, rd *report.Round) error {
	u := currentUser(r)
	rc := rd.Recipient(u.UnitID)
	if !invited(u, rd) || rc == nil || !rc.ViewedAt.IsZero() {
		return nil
	}
	audit := s.entry(r, "round.view", "", "")
	audit.WorkspaceID = rd.WorkspaceID
	return s.store.MarkViewed(r.Context(), rd.ID, u.UnitID, audit)
}

// parseDecision reads a decision as the API names it or as the office writes it.
func parseDecision(v string) (report.DecisionKind, error) {
	v = strings.TrimSpace(v)
	for _, k := range []report.DecisionKind{report.Adopted, report.Partly, report.Rejected, report.Reflected} {
		if v == string(k) || v == k.Name() {
			return k, nil
		}
	}
	return "", report.Errorf(report.EINVALID, "处理意见无效，应为采纳、部分采纳、未采纳或已体现")
}

// decide records one decision with one reason on each of the comments, all or none.
func (s *Server) decide(r *http.Request, wid int64, ids []int64, kind report.DecisionKind, reason string) error {
	u := currentUser(r)
	if !canWrite(u) {
		return report.Errorf(report.EFORBIDDEN, "只有写作组可以处理意见")
	}
	if len(ids) == 0 {
		return report.Errorf(report.EINVALID, "请选择要处理的意见")
	}
	if len(ids) > 10000 {
		return report.Errorf(report.ETOOLARGE, "一次最多处理 10000 条意见")
	}
	reason = strings.TrimSpace(reason)
	if err := checkText("理由", reason, 0, store.MaxCommentRunes); err != nil {
		return err
	}
	if kind.NeedsReason() && reason == "" {
		return report.Errorf(report.EINVALID, "%s须填写理由", kind.Name())
	}
	ds := make([]report.Decision, len(ids))
	for i, id := range ids {
		ds[i] = report.Decision{CommentID: id, Kind: kind, Reason: reason, By: u.ID}
	}
	detail := fmt.Sprintf("%s %d 条", kind.Name(), len(ids))
	if reason != "" {
		detail += "：" + truncate(reason, 60)
	}
	audit := s.entry(r, "comment.decide", "", detail)
	audit.WorkspaceID = wid
	return s.store.Decide(r.Context(), ds, audit)
}

// remindRound raises the round in the to-do lists of the given units, or, with none given, of
// every invited unit that has not answered. It returns how many units were reminded.
func (s *Server) remindRound(r *http.Request, rd *report.Round, units []int64, note string) (int, error) {
	if !canWrite(currentUser(r)) {
		return 0, report.Errorf(report.EFORBIDDEN, "只有写作组可以催办")
	}
	if !rd.Open() {
		return 0, report.Errorf(report.ECONFLICT, "征求意见已结束，无需催办")
	}
	ws, err := s.store.Workspace(r.Context(), rd.WorkspaceID)
	if err != nil {
		return 0, err
	}
	note = strings.TrimSpace(note)
	if err := checkText("催办说明", note, 0, 500); err != nil {
		return 0, err
	}
	now := s.now()
	if len(units) == 0 {
		for i := range rd.Recipients {
			if !consult.StatusOf(rd, &rd.Recipients[i], now).Replied() {
				units = append(units, rd.Recipients[i].UnitID)
			}
		}
		if len(units) == 0 {
			return 0, report.Errorf(report.EINVALID, "所有单位都已反馈，无需催办")
		}
	}
	for _, id := range units {
		rc := rd.Recipient(id)
		if rc == nil {
			return 0, report.Errorf(report.EINVALID, "所选单位不在此次征求意见的范围内")
		}
		if consult.StatusOf(rd, rc, now).Replied() {
			return 0, report.Errorf(report.EINVALID, "所选单位已经反馈，无需催办")
		}
	}
	// all together or none: a 一键催办 of 800 units half done would leave the writer guessing
	rs := make([]*report.Reminder, len(units))
	for i, id := range units {
		rs[i] = &report.Reminder{WorkspaceID: ws.ID, UnitID: id, Subject: roundSubject(rd.ID), Note: note, By: currentUser(r).ID}
	}
	// one entry per unit, its target the unit (named on the log's page): the detail names the round
	detail := "征求意见“" + truncate(rd.Title, 60) + "”"
	if note != "" {
		detail += "：" + truncate(note, 60)
	}
	audit := s.entry(r, "remind", "", detail)
	audit.WorkspaceID = ws.ID
	if err := s.store.RemindAll(r.Context(), rs, audit); err != nil {
		return 0, err
	}
	return len(units), nil
}

// recipientRow is one invited unit and where it stands, as the writers' table and the API show
// it.
type recipientRow struct {
	UnitID      int64           `json:"unit_id"`
	Unit        string          `json:"unit"`
	Kind        report.UnitKind `json:"kind"`
	Status      consult.Status  `json:"status"`
	ViewedAt    *time.Time      `json:"viewed_at,omitempty"`
	SentAt      *time.Time      `json:"sent_at,omitempty"`
	NoCommentAt *time.Time      `json:"no_comment_at,omitempty"`
	Drafts      int             `json:"drafts"`
	Comments    int             `json:"comments"`
	Contact     string          `json:"contact,omitempty"`
	Phone       string          `json:"phone,omitempty"`
}

// Answered reports whether the unit replied, by itself or at a seminar: no reminder for it.
func (r recipientRow) Answered() bool { return r.Status.Replied() }

// Class is the status cell's CSS class.
func (r recipientRow) Class() string {
	switch r.Status {
	case consult.Answered, consult.AtSeminar, consult.NoComment:
		return "st-sent"
	case consult.Overdue:
		return "st-missing"
	case consult.Drafting:
		return "st-late"
	}
	return "st-none"
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// recipientRows lists a round's units with their status, contact person and phone.
func (s *Server) recipientRows(ctx context.Context, rd *report.Round) ([]recipientRow, error) {
	units, err := s.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	contacts, err := s.unitContacts(ctx, rd.WorkspaceID)
	if err != nil {
		return nil, err
	}
	return s.rowsOf(rd, units, contacts), nil
}

// rowsOf is recipientRows from the units and contacts at hand; the status depends on the time.
func (s *Server) rowsOf(rd *report.Round, units []report.Unit, contacts map[int64]unitContact) []recipientRow {
	byID := make(map[int64]*report.Unit, len(units))
	for i := range units {
		byID[units[i].ID] = &units[i]
	}
	now := s.now()
	out := make([]recipientRow, 0, len(rd.Recipients))
	for i := range rd.Recipients {
		rc := &rd.Recipients[i]
		row := recipientRow{UnitID: rc.UnitID, Status: consult.StatusOf(rd, rc, now),
			ViewedAt: timePtr(rc.ViewedAt), SentAt: timePtr(rc.SentAt), NoCommentAt: timePtr(rc.NoCommentAt),
			Drafts: rc.Drafts, Comments: rc.Sent}
		if un := byID[rc.UnitID]; un != nil {
			row.Unit, row.Kind = un.Name, un.Kind
		}
		if c, ok := contacts[rc.UnitID]; ok {
			row.Contact, row.Phone = c.name, c.phone
		}
		out = append(out, row)
	}
	return out
}

type unitContact struct{ name, phone string }

// unitContacts is, for each unit, who to call about a round: its contacts' names (its head's
// when it has no contact), and the phone number the unit last gave in a 材料报送 of the
// workspace, the one place where units give a number.
func (s *Server) unitContacts(ctx context.Context, wid int64) (map[int64]unitContact, error) {
	users, err := s.store.Users(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]unitContact{}
	for _, role := range []report.Role{report.RoleContact, report.RoleLeader} {
		for _, u := range users {
			if u.Role != role || u.Disabled || u.UnitID == 0 {
				continue
			}
			c := out[u.UnitID]
			if role == report.RoleLeader && c.name != "" {
				continue
			}
			if c.name != "" {
				c.name += "、"
			}
			c.name += displayName(u)
			out[u.UnitID] = c
		}
	}
	cs, err := s.store.Campaigns(ctx, wid)
	if err != nil {
		return nil, err
	}
	latest := map[int64]time.Time{}
	for _, camp := range cs {
		subs, err := s.store.Submissions(ctx, camp.ID, 0)
		if err != nil {
			return nil, err
		}
		for _, sub := range subs {
			if sub.Phone == "" || sub.At.Before(latest[sub.UnitID]) {
				continue
			}
			latest[sub.UnitID] = sub.At
			c := out[sub.UnitID]
			c.phone = sub.Phone
			if c.name == "" {
				c.name = sub.Contact
			}
			out[sub.UnitID] = c
		}
	}
	return out, nil
}

// shownComment is a comment where it stands in the version it is shown in.
type shownComment struct {
	report.Comment
	Unit  string
	Part  string // the part (level-1 heading) of its paragraph in the round's version
	Place string // 稿件位置 in the round's version
	// In the version it is shown in: the state of its anchor, the paragraph and offsets there,
	// and the text there now (differs from Quote when Changed).
	State anchor.State
	At    anchor.Anchor
}

// Decided reports whether the writers answered the comment.
func (c *shownComment) Decided() bool { return c.Decision != nil }

// DecisionName is the decision as the office writes it, 待处理 when none.
func (c *shownComment) DecisionName() string {
	if c.Decision == nil {
		return "待处理"
	}
	return c.Decision.Kind.Name()
}

// StateName is the anchor's state in words.
func (c *shownComment) StateName() string {
	switch c.State {
	case anchor.Moved:
		return "段落已移动"
	case anchor.Changed:
		return "原文已修改"
	case anchor.Orphaned:
		return "原文已删除"
	}
	return "原位"
}

// showComments places comments (of rounds of one workspace) in version v: each anchor carried
// from its own version into v. Comments made on versions after v are left out.
func (s *Server) showComments(ctx context.Context, v *report.Version, cs []report.Comment) ([]shownComment, error) {
	vs, err := s.store.Versions(ctx, v.WorkspaceID)
	if err != nil {
		return nil, err
	}
	number := make(map[int64]int, len(vs))
	for _, x := range vs {
		number[x.ID] = x.Number
	}
	names, err := s.unitNamesCtx(ctx)
	if err != nil {
		return nil, err
	}
	keep := cs[:0:0]
	for _, c := range cs {
		if number[c.VersionID] <= v.Number {
			keep = append(keep, c)
		}
	}
	anchors := make([]anchor.Anchor, len(keep))
	for i := range keep {
		c := &keep[i]
		anchors[i] = anchor.Anchor{VersionID: c.VersionID, BlockID: c.BlockID, Start: c.Start, End: c.End, Quote: c.Quote, Prefix: c.Prefix, Suffix: c.Suffix}
	}
	located, err := s.anchors.Carry(ctx, v, anchors)
	if err != nil {
		return nil, err
	}
	docs := map[int64]*report.Document{}
	places := map[placeKey][2]string{}
	out := make([]shownComment, len(keep))
	for i := range keep {
		c := &keep[i]
		doc, ok := docs[c.VersionID]
		if !ok {
			if c.VersionID == v.ID {
				doc = v.Doc
			} else {
				ov, err := s.store.Version(ctx, c.VersionID)
				if err != nil {
					return nil, err
				}
				doc = ov.Doc
			}
			docs[c.VersionID] = doc
		}
		// each a walk over the blocks: once per paragraph, not per comment
		key := placeKey{c.VersionID, c.BlockID}
		pl, ok := places[key]
		if !ok {
			pl = [2]string{consult.Place(doc, c.BlockID), partOf(doc, c.BlockID)}
			places[key] = pl
		}
		out[i] = shownComment{Comment: *c, Unit: names[c.UnitID], Place: pl[0], Part: pl[1],
			State: located[i].State, At: located[i].Anchor}
	}
	return out, nil
}

type placeKey struct {
	version int64
	block   string
}

// partOf is the title of the outermost heading above a block ("" for the report as a whole).
func partOf(doc *report.Document, blockID string) string {
	if blockID == "" || doc == nil {
		return ""
	}
	part := ""
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		if b.Kind == report.Heading && b.Level == 1 {
			part = strings.TrimRight(b.Text[:b.HeadEnd], "。")
		}
		if b.ID == blockID {
			return part
		}
	}
	return ""
}

// roundComments is a round's comments placed in its own version: the sent ones, and the
// current user's unit's drafts.
func (s *Server) roundComments(r *http.Request, rd *report.Round) ([]shownComment, *report.Version, error) {
	u := currentUser(r)
	f := report.CommentFilter{RoundID: rd.ID}
	if invited(u, rd) {
		f.DraftsOf = u.UnitID
	}
	cs, err := s.store.Comments(r.Context(), f)
	if err != nil {
		return nil, nil, err
	}
	v, err := s.store.Version(r.Context(), rd.VersionID)
	if err != nil {
		return nil, nil, err
	}
	shown, err := s.showComments(r.Context(), v, cs)
	return shown, v, err
}

// nextVersion is the version right after v in its workspace, nil when v is the latest.
func (s *Server) nextVersion(ctx context.Context, v *report.Version) (*report.Version, error) {
	vs, err := s.store.Versions(ctx, v.WorkspaceID)
	if err != nil {
		return nil, err
	}
	for _, x := range vs {
		if x.Number == v.Number+1 {
			return s.store.Version(ctx, x.ID)
		}
	}
	return nil, nil
}

// linkProposal is what qicao proposes as the change a decision caused in the next version.
type linkProposal struct {
	CommentID int64
	Version   *report.Version
	BlockID   string // the passage in the next version; "" when its text is gone
	State     anchor.State
	Old, New  string
	Flag      string // 采纳 with no change to the passage
	Confirmed bool
}

// proposeLinks carries the round's decided comments into the version after the round's and
// says, for each, how its passage changed there.
func (s *Server) proposeLinks(ctx context.Context, rd *report.Round, cs []shownComment) (map[int64]*linkProposal, *report.Version, error) {
	v, err := s.store.Version(ctx, rd.VersionID)
	if err != nil {
		return nil, nil, err
	}
	next, err := s.nextVersion(ctx, v)
	if err != nil || next == nil {
		return nil, nil, err
	}
	var decided []report.Comment
	for i := range cs {
		if cs[i].Decision != nil && cs[i].State != "" {
			decided = append(decided, cs[i].Comment)
		}
	}
	if len(decided) == 0 {
		return nil, next, nil
	}
	shown, err := s.showComments(ctx, next, decided)
	if err != nil {
		return nil, nil, err
	}
	out := make(map[int64]*linkProposal, len(shown))
	for i := range shown {
		c := &shown[i]
		p := &linkProposal{CommentID: c.ID, Version: next, State: c.State, Old: c.Quote, New: c.At.Quote}
		if c.State != anchor.Orphaned && c.At.VersionID == next.ID {
			p.BlockID = c.At.BlockID
		}
		p.decided(c.BlockID, c.Decision)
		out[c.ID] = p
	}
	return out, next, nil
}

// decided sets what a proposal says of the decision d on the comment, anchored in blockID of the
// round's version ("" on the whole report): the rest, where the passage is in the next version,
// does not depend on the decision.
func (p *linkProposal) decided(blockID string, d *report.Decision) {
	p.Flag = ""
	if blockID != "" && d.Kind == report.Adopted && (p.State == anchor.Exact || p.State == anchor.Moved) {
		p.Flag = "已采纳，但下一版中此处原文没有改动"
	}
	p.Confirmed = d.LinkVersion == p.Version.ID && d.LinkConfirmed
}

// confirmLinks records, for each comment, the passage proposed for it in the next version.
func (s *Server) confirmLinks(r *http.Request, rd *report.Round, ids []int64) (int, error) {
	if !canWrite(currentUser(r)) {
		return 0, report.Errorf(report.EFORBIDDEN, "只有写作组可以确认修改对应关系")
	}
	shown, _, err := s.roundComments(r, rd)
	if err != nil {
		return 0, err
	}
	props, next, err := s.proposeLinks(r.Context(), rd, shown)
	if err != nil {
		return 0, err
	}
	if next == nil {
		return 0, report.Errorf(report.EINVALID, "还没有下一版，无法对应修改")
	}
	if len(ids) == 0 {
		return 0, report.Errorf(report.EINVALID, "请选择要确认的意见")
	}
	n := 0
	for _, id := range ids {
		p, ok := props[id]
		if !ok {
			return n, report.Errorf(report.EINVALID, "意见 %d 不在此次征求意见中，或还没有处理", id)
		}
		audit := s.entry(r, "comment.link", "", fmt.Sprintf("对应 %s %s", next.Label, p.BlockID))
		audit.WorkspaceID = rd.WorkspaceID
		if err := s.store.LinkDecision(r.Context(), id, next.ID, p.BlockID, true, audit); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// tableRows walks the rows of the round's 意见采纳情况表 in the order the comments were sent,
// with the wording after revision read from the next version when the passage changed there,
// and returns the title, the summary line and the units that never answered. The comments are
// read twice, neither time held: first the decided ones, to carry their passages into the next
// version, then all of them for the rows.
func (s *Server) tableRows(ctx context.Context, rd *report.Round, begin func(title string) error, row func(*consult.Row) error) (summary string, silent []string, err error) {
	v, err := s.store.Version(ctx, rd.VersionID)
	if err != nil {
		return "", nil, err
	}
	names, err := s.unitNamesCtx(ctx)
	if err != nil {
		return "", nil, err
	}
	ws, err := s.store.Workspace(ctx, rd.WorkspaceID)
	if err != nil {
		return "", nil, err
	}
	revised := map[int64]string{}
	if next, err := s.nextVersion(ctx, v); err != nil {
		return "", nil, err
	} else if next != nil {
		var decided []report.Comment
		err := s.store.EachComment(ctx, report.CommentFilter{RoundID: rd.ID}, func(c *report.Comment) error {
			if c.Decision != nil && c.BlockID != "" && c.Decision.Kind != report.Rejected {
				decided = append(decided, *c)
			}
			return nil
		})
		if err != nil {
			return "", nil, err
		}
		if len(decided) > 0 {
			shown, err := s.showComments(ctx, next, decided)
			if err != nil {
				return "", nil, err
			}
			for _, c := range shown {
				if c.State == anchor.Changed {
					revised[c.ID] = c.At.Quote
				}
			}
		}
	}
	if err := begin(fmt.Sprintf("《%s（%s）》征求意见采纳情况表", ws.Name, v.Label)); err != nil {
		return "", nil, err
	}
	tally := consult.NewTally(rd, func(id int64) string { return names[id] })
	places := map[string]string{}
	n := 0
	err = s.store.EachComment(ctx, report.CommentFilter{RoundID: rd.ID}, func(c *report.Comment) error {
		place, ok := places[c.BlockID]
		if !ok {
			place = consult.Place(v.Doc, c.BlockID)
			places[c.BlockID] = place
		}
		n++
		tally.Add(c)
		r := consult.RowOf(n, c, names[c.UnitID], place, revised[c.ID])
		return row(&r)
	})
	if err != nil {
		return "", nil, err
	}
	return tally.Summary(), tally.Silent, nil
}

// roundTable is the round's 意见采纳情况表 held whole, for the .docx, whose summary line comes
// before the rows.
func (s *Server) roundTable(r *http.Request, rd *report.Round) (*consult.Table, error) {
	t := &consult.Table{}
	var err error
	t.Summary, t.Silent, err = s.tableRows(r.Context(), rd, func(title string) error {
		t.Title = title
		return nil
	}, func(row *consult.Row) error {
		t.Rows = append(t.Rows, *row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// applyWordings makes the next version from the workspace's latest one with the proposed
// wordings of the round's 采纳 comments put in place of their passages. A passage whose text
// has changed or gone since, or that overlaps another applied one, is left alone and listed.
// The new version goes through the same path as an upload, and each applied decision is linked
// to its passage in it.
func (s *Server) applyWordings(r *http.Request, ws *report.Workspace, rd *report.Round, label, note string) (*report.Version, int, []string, error) {
	if !canWrite(currentUser(r)) {
		return nil, 0, nil, report.Errorf(report.EFORBIDDEN, "只有写作组可以形成新版本")
	}
	ctx := r.Context()
	cs, err := s.store.Comments(ctx, report.CommentFilter{RoundID: rd.ID})
	if err != nil {
		return nil, 0, nil, err
	}
	var adopted []report.Comment
	for _, c := range cs {
		if c.Decision != nil && c.Decision.Kind == report.Adopted && c.Proposal != "" && c.BlockID != "" {
			adopted = append(adopted, c)
		}
	}
	if len(adopted) == 0 {
		return nil, 0, nil, report.Errorf(report.EINVALID, "没有已采纳且提出了修改建议的意见")
	}
	latest, err := s.latestVersion(ctx, ws.ID)
	if err != nil {
		return nil, 0, nil, err
	}
	shown, err := s.showComments(ctx, latest, adopted)
	if err != nil {
		return nil, 0, nil, err
	}
	names, err := s.unitNamesCtx(ctx)
	if err != nil {
		return nil, 0, nil, err
	}
	doc := cloneDoc(latest.Doc)
	type edit struct {
		start, end int
		text       string
		id         int64
	}
	edits := map[string][]edit{}
	var skipped []string
	for _, c := range shown {
		if c.State == anchor.Changed || c.State == anchor.Orphaned || c.At.VersionID != latest.ID {
			skipped = append(skipped, fmt.Sprintf("%s：“%s”（%s）", c.Unit, truncate(c.Quote, 20), c.StateName()))
			continue
		}
		edits[c.At.BlockID] = append(edits[c.At.BlockID], edit{c.At.Start, c.At.End, c.Proposal, c.ID})
	}
	applied := map[int64]string{}
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		es := edits[b.ID]
		if len(es) == 0 {
			continue
		}
		sort.SliceStable(es, func(x, y int) bool { return es[x].start < es[y].start })
		rs := []rune(b.Text)
		var out []rune
		pos := 0
		var done []int64
		for _, e := range es {
			if e.start < pos {
				skipped = append(skipped, fmt.Sprintf("%s：与另一条采纳意见的修改重叠", names[commentUnit(adopted, e.id)]))
				continue
			}
			out = append(out, rs[pos:e.start]...)
			out = append(out, []rune(e.text)...)
			pos = e.end
			done = append(done, e.id)
		}
		out = append(out, rs[pos:]...)
		b.Text = string(out)
		for _, id := range done {
			applied[id] = string(out)
		}
	}
	if len(applied) == 0 {
		return nil, 0, skipped, report.Errorf(report.EINVALID, "采纳的修改建议都无法应用：%s", strings.Join(skipped, "；"))
	}
	doc, err = reread(doc)
	if err != nil {
		return nil, 0, nil, err
	}
	label = strings.TrimSpace(label)
	if label == "" {
		label = "修改稿"
	}
	if strings.TrimSpace(note) == "" {
		note = fmt.Sprintf("根据“%s”采纳的 %d 条修改建议形成。", rd.Title, len(applied))
	}
	nv, err := s.storeVersion(r, ws, label, strings.TrimSpace(note), "", "", doc, nil)
	if err != nil {
		return nil, 0, nil, err
	}
	// each applied decision points at its passage in the new version
	var linked []report.Comment
	for _, c := range adopted {
		if _, ok := applied[c.ID]; ok {
			linked = append(linked, c)
		}
	}
	located, err := s.showComments(ctx, nv, linked)
	if err != nil {
		return nil, 0, nil, err
	}
	for _, c := range located {
		block := ""
		if c.State != anchor.Orphaned && c.At.VersionID == nv.ID {
			block = c.At.BlockID
		}
		audit := s.entry(r, "comment.link", "", "应用修改建议："+nv.Label)
		audit.WorkspaceID = ws.ID
		if err := s.store.LinkDecision(ctx, c.ID, nv.ID, block, true, audit); err != nil {
			return nil, 0, nil, err
		}
	}
	return nv, len(applied), skipped, nil
}

func commentUnit(cs []report.Comment, id int64) int64 {
	for _, c := range cs {
		if c.ID == id {
			return c.UnitID
		}
	}
	return 0
}

// cloneDoc copies a document's title block and blocks, so edits leave the cached one alone.
func cloneDoc(d *report.Document) *report.Document {
	c := *d
	c.Blocks = append([]report.Block(nil), d.Blocks...)
	return &c
}

func idList(vs []string) ([]int64, error) {
	out := make([]int64, 0, len(vs))
	for _, v := range vs {
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
			id, err := strconv.ParseInt(f, 10, 64)
			if err != nil || id <= 0 {
				return nil, report.Errorf(report.EINVALID, "意见编号无效：%s", f)
			}
			out = append(out, id)
		}
	}
	return out, nil
}

// roundsFor lists the rounds of ws the user sees, latest first.
func (s *Server) roundsFor(ctx context.Context, u *report.User, wid int64) ([]report.RoundSummary, error) {
	rs, err := s.store.Rounds(ctx, wid)
	if err != nil {
		return nil, err
	}
	if u.Role != report.RoleContact {
		return rs, nil
	}
	out := rs[:0]
	for _, sum := range rs {
		rd, err := s.store.Round(ctx, sum.ID)
		if err != nil {
			return nil, err
		}
		if rd.Recipient(u.UnitID) != nil {
			out = append(out, sum)
		}
	}
	return out, nil
}

// reread writes an edited document as Markdown and reads it back, so that headings, levels and
// block IDs are what an upload of the same text would give.
func reread(doc *report.Document) (*report.Document, error) {
	var buf bytes.Buffer
	if err := render.Markdown(&buf, doc); err != nil {
		return nil, err
	}
	return readReport(buf.Bytes())
}
