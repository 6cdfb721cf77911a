package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"qicao/docx"
	"qicao/report"
)

type meetingsPage struct {
	page
	Stages   *stageStatus
	Meetings []meetingRow
	Versions []report.Version
	Leaders  []report.User
	Kinds    []string
	Today    string
	CanWrite bool
	Message  string
	Form     meetingForm
}

type meetingForm struct {
	Kind, Date, Attendees, Minutes string
	VersionID, PresidingID         int64
}

type meetingRow struct {
	report.Meeting
	Version                  string
	Presiding                string
	Total, Done, NotDone, Up int
}

// canRecordMeeting: the writing team records meetings, and leaders may record their own.
func canRecordMeeting(u *report.User) bool {
	return u != nil && (u.Role == report.RoleWriter || u.Role == report.RoleLeader)
}

func (s *Server) showMeetingsPage(w http.ResponseWriter, r *http.Request) {
	s.renderMeetings(w, r, http.StatusOK, "", meetingForm{})
}

func (s *Server) renderMeetings(w http.ResponseWriter, r *http.Request, status int, msg string, form meetingForm) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	p := &meetingsPage{page: s.newPage(r, "审议 · "+ws.Name), Kinds: report.MeetingKinds, Today: s.now().In(report.China).Format("2006-01-02"),
		CanWrite: canRecordMeeting(currentUser(r)), Message: msg, Form: form}
	p.Workspace, p.Nav = ws, "meetings"
	if p.Stages, err = s.stageStatus(ctx, ws.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Versions, err = s.store.Versions(ctx, ws.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	users, err := s.store.Users(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = u.Title + displayName(u)
		if u.Role == report.RoleLeader && !u.Disabled {
			p.Leaders = append(p.Leaders, u)
		}
	}
	ms, err := s.store.Meetings(ctx, ws.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ins, err := s.store.Instructions(ctx, ws.ID, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for i := len(ms) - 1; i >= 0; i-- {
		row := meetingRow{Meeting: ms[i], Presiding: names[ms[i].PresidingID]}
		for _, v := range p.Versions {
			if v.ID == ms[i].VersionID {
				row.Version = fmt.Sprintf("第%d版 %s", v.Number, v.Label)
			}
		}
		for _, in := range ins {
			if in.MeetingID != ms[i].ID {
				continue
			}
			row.Total++
			switch in.Status {
			case report.CarryDone:
				row.Done++
			case report.CarryNotDone:
				row.NotDone++
			default:
				row.Up++
			}
		}
		p.Meetings = append(p.Meetings, row)
	}
	if form.Date == "" {
		p.Form.Date = p.Today
	}
	if form.VersionID == 0 && len(p.Versions) > 0 {
		p.Form.VersionID = p.Versions[len(p.Versions)-1].ID
	}
	s.render(w, r, status, "meetings", p)
}

// splitNames reads a list of people separated by lines, 、 or commas.
func splitNames(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return r == '\n' || r == '\r' || r == '、' || r == ',' || r == '，' || r == ';' || r == '；'
	}) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (s *Server) createMeetingForm(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form := meetingForm{Kind: r.PostFormValue("kind"), Date: r.PostFormValue("date"), Attendees: r.PostFormValue("attendees"), Minutes: r.PostFormValue("minutes")}
	form.VersionID, _ = strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	form.PresidingID, _ = strconv.ParseInt(r.PostFormValue("presiding"), 10, 64)
	fail := func(err error) {
		s.formError(w, r, err, func(status int, msg string) { s.renderMeetings(w, r, status, msg, form) })
	}
	d, err := parseDay("会议日期", form.Date)
	if err != nil {
		fail(err)
		return
	}
	m := &report.Meeting{Kind: form.Kind, Date: time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), VersionID: form.VersionID,
		PresidingID: form.PresidingID, Attendees: splitNames(form.Attendees), MinutesText: strings.TrimSpace(form.Minutes)}
	if err := s.createMeeting(r, ws, m); err != nil {
		fail(err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/meetings/%d", ws.ID, m.ID), http.StatusSeeOther)
}

type meetingPage struct {
	page
	Meeting      *report.Meeting
	Version      *report.Version
	Presiding    string
	Versions     []report.Version
	At           *report.Version
	Later        bool // At is later than the meeting's version: instructions can be marked
	Instructions []instructionView
	Paragraphs   []paragraphOption
	Writers      []report.User
	CanRecord    bool
	CanMark      bool
	Message      string
}

type paragraphOption struct {
	ID, Label string
}

func (s *Server) showMeetingPage(w http.ResponseWriter, r *http.Request) {
	s.renderMeeting(w, r, http.StatusOK, "")
}

func (s *Server) meetingFrom(r *http.Request) (*report.Workspace, *report.Meeting, error) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		return nil, nil, err
	}
	id, err := pathID(r, "mtg")
	if err != nil {
		return nil, nil, err
	}
	m, err := s.meetingIn(r.Context(), ws, id)
	return ws, m, err
}

func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, status int, msg string) {
	ws, m, err := s.meetingFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	u := currentUser(r)
	p := &meetingPage{page: s.newPage(r, m.Kind+" · "+ws.Name), Meeting: m, Message: msg, CanRecord: canRecordMeeting(u), CanMark: canWrite(u)}
	p.Workspace, p.Nav = ws, "meetings"
	if p.Version, err = s.store.Version(ctx, m.VersionID); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Versions, err = s.store.Versions(ctx, ws.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	p.At = p.Version
	if len(p.Versions) > 0 {
		last := p.Versions[len(p.Versions)-1]
		p.At = &last
	}
	if raw := r.URL.Query().Get("at"); raw != "" {
		v, err := s.versionIn(r, ws.ID, raw)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.At = &v.Version
	}
	if p.At.ID != p.Version.ID {
		at, err := s.store.Version(ctx, p.At.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.At = at
	} else {
		p.At = p.Version
	}
	p.Later = p.At.Number > p.Version.Number
	users, err := s.store.Users(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, x := range users {
		if x.ID == m.PresidingID {
			p.Presiding = x.Title + displayName(x)
		}
		if x.Role == report.RoleWriter && !x.Disabled {
			p.Writers = append(p.Writers, x)
		}
	}
	ins, err := s.store.Instructions(ctx, ws.ID, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Instructions, err = s.instructionViews(ctx, ins, p.At); err != nil {
		s.fail(w, r, err)
		return
	}
	for i, b := range p.Version.Doc.Blocks {
		if b.Text == "" || b.Kind == report.Table {
			continue
		}
		p.Paragraphs = append(p.Paragraphs, paragraphOption{ID: b.ID, Label: fmt.Sprintf("第%d段：%s", i+1, shorten(b.Text, 36))})
	}
	s.render(w, r, status, "meeting", p)
}

func (s *Server) saveMeetingMinutes(w http.ResponseWriter, r *http.Request) {
	ws, m, err := s.meetingFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name, data, err := optionalFile(r)
	if err == nil {
		err = s.setMinutes(r, ws, m, name, data, r.PostFormValue("text"))
	}
	if err != nil {
		s.formError(w, r, err, func(status int, msg string) { s.renderMeeting(w, r, status, msg) })
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/meetings/%d", ws.ID, m.ID), http.StatusSeeOther)
}

func (s *Server) createInstructionForm(w http.ResponseWriter, r *http.Request) {
	ws, m, err := s.meetingFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := instructionInput{BlockID: r.PostFormValue("block"), Quote: strings.TrimSpace(r.PostFormValue("quote")),
		Text: r.PostFormValue("text"), GivenBy: r.PostFormValue("given_by")}
	in.AssigneeID, _ = strconv.ParseInt(r.PostFormValue("assignee"), 10, 64)
	if in.BlockID == "" && in.Quote != "" {
		err = report.Errorf(report.EINVALID, "引用原文时请选择所在段落")
	} else {
		_, err = s.addInstruction(r, ws, m, in)
	}
	if err != nil {
		s.formError(w, r, err, func(status int, msg string) { s.renderMeeting(w, r, status, msg) })
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/meetings/%d", ws.ID, m.ID), http.StatusSeeOther)
}

func (s *Server) saveInstructionMark(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := pathID(r, "ins")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	status, err := carryStatus(r.PostFormValue("status"))
	var in *report.Instruction
	if err == nil {
		in, err = s.markInstruction(r, ws, id, status, r.PostFormValue("outcome"), version)
	}
	if err != nil {
		if report.ErrorCode(err) == report.EINVALID {
			// back to the meeting page with the message
			if old, err2 := s.store.Instruction(r.Context(), id); err2 == nil {
				r.SetPathValue("mtg", strconv.FormatInt(old.MeetingID, 10))
				q := r.URL.Query()
				if version > 0 {
					q.Set("at", strconv.FormatInt(version, 10))
				}
				r.URL.RawQuery = q.Encode()
				s.renderMeeting(w, r, http.StatusBadRequest, report.ErrorMessage(err))
				return
			}
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/meetings/%d?at=%d#i%d", ws.ID, in.MeetingID, version, in.ID), http.StatusSeeOther)
}

// carryReport is the 审议意见落实情况 of one meeting in one version.
type carryReport struct {
	Title, Intro string
	Rows         []instructionView
}

func (s *Server) carryReport(r *http.Request, ws *report.Workspace, m *report.Meeting) (*carryReport, *report.Version, error) {
	ctx := r.Context()
	vs, err := s.store.Versions(ctx, ws.ID)
	if err != nil {
		return nil, nil, err
	}
	at, err := s.store.Version(ctx, vs[len(vs)-1].ID)
	if err != nil {
		return nil, nil, err
	}
	reviewed, err := s.store.Version(ctx, m.VersionID)
	if err != nil {
		return nil, nil, err
	}
	ins, err := s.store.Instructions(ctx, ws.ID, m.ID)
	if err != nil {
		return nil, nil, err
	}
	views, err := s.instructionViews(ctx, ins, at)
	if err != nil {
		return nil, nil, err
	}
	done, notDone := 0, 0
	for _, v := range views {
		switch v.Status {
		case report.CarryDone:
			done++
		case report.CarryNotDone:
			notDone++
		}
	}
	c := &carryReport{Title: m.Kind + "审议意见落实情况", Rows: views}
	c.Intro = fmt.Sprintf("%s，%s审议了《报告（%s）》，提出审议意见%d条。对照第%d版《%s》，已落实%d条，未落实%d条，待落实%d条。",
		m.Date.Format("2006年1月2日"), m.Kind, reviewed.Label, len(views), at.Number, at.Label, done, notDone, len(views)-done-notDone)
	return c, at, nil
}

type carryPage struct {
	page
	Meeting *report.Meeting
	Report  *carryReport
}

func (s *Server) showCarryPage(w http.ResponseWriter, r *http.Request) {
	ws, m, err := s.meetingFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, _, err := s.carryReport(r, ws, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &carryPage{page: s.newPage(r, c.Title), Meeting: m, Report: c}
	p.Workspace, p.Nav = ws, "meetings"
	s.render(w, r, http.StatusOK, "carry", p)
}

// carryDocument is the 落实情况 as a GB/T 9704 document: an opening paragraph and a table.
func carryDocument(c *carryReport) *report.Document {
	doc := &report.Document{Title: c.Title}
	doc.Blocks = append(doc.Blocks, report.Block{Kind: report.Paragraph, Text: c.Intro})
	// Three columns: the writer's table has equal columns, and a narrow 序号 or 提出人 column
	// would squeeze the text into a character a line.
	rows := [][]string{{"审议意见", "落实情况", "修改情况"}}
	for i, v := range c.Rows {
		said := strconv.Itoa(i+1) + ". " + v.Text
		if v.GivenBy != "" {
			said += "（" + v.GivenBy + "）"
		}
		if v.BlockID != "" {
			said += "\n所指原文：“" + v.Quote + "”"
		} else {
			said += "\n针对全文"
		}
		carried := v.Status.Name()
		if v.Outcome != "" {
			carried += "：" + v.Outcome
		}
		change := v.StateName
		if v.State == "changed" {
			change += "，现为“" + v.Now + "”"
		}
		if v.State == "general" {
			change = "—"
		}
		rows = append(rows, []string{said, carried, change})
	}
	var lines []string
	for _, row := range rows {
		lines = append(lines, strings.Join(row, "\t"))
	}
	doc.Blocks = append(doc.Blocks, report.Block{Kind: report.Table, Text: strings.Join(lines, "\n"), Rows: rows})
	doc.Finish()
	return doc
}

func (s *Server) downloadCarry(w http.ResponseWriter, r *http.Request) {
	ws, m, err := s.meetingFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, _, err := s.carryReport(r, ws, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := docx.Write(&buf, carryDocument(c)); err != nil {
		s.fail(w, r, err)
		return
	}
	sendDocx(w, fmt.Sprintf("meeting-%d.docx", m.ID), c.Title+".docx", buf.Bytes())
}

// sendDocx answers a .docx download.
func sendDocx(w http.ResponseWriter, ascii, name string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, url.PathEscape(name)))
	h.Set("Cache-Control", "private, no-store")
	w.Write(data)
}

type stagesPage struct {
	page
	Stages   *stageStatus
	Text     string
	CanWrite bool
	Message  string
}

func (s *Server) showStagesPage(w http.ResponseWriter, r *http.Request) {
	s.renderStages(w, r, http.StatusOK, "", "")
}

func (s *Server) renderStages(w http.ResponseWriter, r *http.Request, status int, msg, text string) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &stagesPage{page: s.newPage(r, "阶段 · "+ws.Name), CanWrite: canWrite(currentUser(r)), Message: msg, Text: text}
	p.Workspace, p.Nav = ws, "meetings"
	if p.Stages, err = s.stageStatus(r.Context(), ws.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Text == "" {
		var lines []string
		for _, row := range p.Stages.Rows {
			l := row.Name
			if !row.Due.IsZero() {
				l += " " + row.Due.Format("2006-01-02")
			}
			lines = append(lines, l)
		}
		p.Text = strings.Join(lines, "\n")
	}
	s.render(w, r, status, "stages", p)
}

func (s *Server) saveStagesForm(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	text := r.PostFormValue("stages")
	stages, err := parseStages(text)
	if err == nil {
		err = s.saveStages(r, ws, stages)
	}
	if err != nil {
		s.formError(w, r, err, func(status int, msg string) { s.renderStages(w, r, status, msg, text) })
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/stages", ws.ID), http.StatusSeeOther)
}
