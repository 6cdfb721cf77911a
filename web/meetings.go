package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"qicao/anchor"
	"qicao/chronicle"
	"qicao/compare"
	"qicao/report"
)

// 审议: stages of the drafting year, review meetings, their instructions bound to passages with
// the one anchor, and how each instruction was carried out in later versions. The pages and the
// API (meetings_api.go) call the functions here.

// stageRow is a stage as the home page shows it.
type stageRow struct {
	Name  string
	Due   time.Time
	State string // done, current, todo
}

// stageStatus is where the report stands: the workspace's stages, the current one (the stage
// the latest version was made for) and the next.
type stageStatus struct {
	Rows          []stageRow
	Current, Next *stageRow
	Custom        bool // the workspace set its own list
}

// CurrentName is the current stage's name, "" when none.
func (st *stageStatus) CurrentName() string {
	if st == nil || st.Current == nil {
		return ""
	}
	return st.Current.Name
}

func (s *Server) stageStatus(ctx context.Context, wid int64) (*stageStatus, error) {
	stages, err := s.store.Stages(ctx, wid)
	if err != nil {
		return nil, err
	}
	st := &stageStatus{Custom: len(stages) > 0}
	if !st.Custom {
		for _, n := range report.DefaultStages {
			stages = append(stages, report.Stage{Name: n})
		}
	}
	vs, err := s.store.Versions(ctx, wid)
	if err != nil {
		return nil, err
	}
	cur := 0
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].Stage == "" {
			continue
		}
		for k, sg := range stages {
			if sg.Name == vs[i].Stage {
				cur = k
			}
		}
		break
	}
	for k, sg := range stages {
		row := stageRow{Name: sg.Name, Due: sg.Due, State: "todo"}
		switch {
		case k < cur:
			row.State = "done"
		case k == cur:
			row.State = "current"
		}
		st.Rows = append(st.Rows, row)
	}
	st.Current = &st.Rows[cur]
	if cur+1 < len(st.Rows) {
		st.Next = &st.Rows[cur+1]
	}
	return st, nil
}

// parseStages reads the stages form: one stage a line, optionally followed by its planned day
// (起草 2026-12-20).
func parseStages(text string) ([]report.Stage, error) {
	var out []report.Stage
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(strings.ReplaceAll(line, "\u3000", " "))
		if line == "" {
			continue
		}
		sg := report.Stage{Name: line}
		if k := strings.LastIndexByte(line, ' '); k > 0 {
			if d, err := time.Parse("2006-01-02", strings.TrimSpace(line[k+1:])); err == nil {
				sg = report.Stage{Name: strings.TrimSpace(line[:k]), Due: d}
			} else if strings.ContainsAny(line[k+1:], "0123456789") {
				return nil, report.Errorf(report.EINVALID, "第%d行的日期“%s”应写成 2026-12-20", i+1, strings.TrimSpace(line[k+1:]))
			}
		}
		out = append(out, sg)
	}
	return out, nil
}

// saveStages replaces the workspace's stages.
func (s *Server) saveStages(r *http.Request, ws *report.Workspace, stages []report.Stage) error {
	audit := s.entry(r, "stages.set", workspaceTarget(ws.ID), "")
	audit.WorkspaceID = ws.ID
	return s.store.SetStages(r.Context(), ws.ID, stages, audit)
}

// meetingIn loads a meeting of ws; a meeting of another workspace does not exist here.
func (s *Server) meetingIn(ctx context.Context, ws *report.Workspace, id int64) (*report.Meeting, error) {
	m, err := s.store.Meeting(ctx, id)
	if report.ErrorCode(err) == report.ENOTFOUND || (err == nil && m.WorkspaceID != ws.ID) {
		return nil, notFound()
	}
	return m, err
}

// createMeeting records a review meeting.
func (s *Server) createMeeting(r *http.Request, ws *report.Workspace, m *report.Meeting) error {
	if err := checkText("会议纪要", m.MinutesText, 0, maxTyped); err != nil {
		return err
	}
	m.WorkspaceID, m.CreatedBy = ws.ID, currentUser(r).ID
	audit := s.entry(r, "meeting.create", "", m.Kind+" "+m.Date.Format("2006-01-02"))
	audit.WorkspaceID = ws.ID
	return s.store.CreateMeeting(r.Context(), m, audit)
}

// setMinutes records a meeting's minutes, typed or read from an uploaded file.
func (s *Server) setMinutes(r *http.Request, ws *report.Workspace, m *report.Meeting, name string, data []byte, text string) error {
	if data != nil {
		doc, err := s.readMaterial(r.Context(), data)
		if err != nil {
			return err
		}
		text = doc.PlainText()
	} else {
		name = ""
		text = strings.TrimSpace(text)
		if text == "" {
			return report.Errorf(report.EINVALID, "会议纪要还没有内容：请上传文件或直接填写")
		}
	}
	if err := checkText("会议纪要", text, 1, maxTyped); err != nil {
		return err
	}
	audit := s.entry(r, "meeting.minutes", "", name)
	audit.WorkspaceID = ws.ID
	return s.store.SetMinutes(r.Context(), m.ID, name, text, audit)
}

// instructionInput is an instruction as a form or a script gives it. A passage is given by
// block and rune offsets, by block and a quote found in it, or by block alone (the whole
// paragraph); no block is an instruction on the report as a whole.
type instructionInput struct {
	VersionID  int64 // optional: must be the meeting's version
	BlockID    string
	Start, End int
	Quote      string
	Text       string
	GivenBy    string
	AssigneeID int64
}

// addInstruction anchors an instruction on the meeting's version and stores it.
func (s *Server) addInstruction(r *http.Request, ws *report.Workspace, m *report.Meeting, in instructionInput) (*report.Instruction, error) {
	if in.VersionID != 0 && in.VersionID != m.VersionID {
		return nil, report.Errorf(report.EINVALID, "审议意见只能针对会议所审议的版本中的段落，不能指向其他版本")
	}
	if err := checkText("审议意见", strings.TrimSpace(in.Text), 1, 2000); err != nil {
		return nil, err
	}
	if err := checkText("提出人", in.GivenBy, 0, 60); err != nil {
		return nil, err
	}
	v, err := s.store.Version(r.Context(), m.VersionID)
	if err != nil {
		return nil, err
	}
	var a anchor.Anchor
	switch {
	case in.BlockID == "":
		a, err = anchor.New(v.ID, v.Doc, "", in.Start, in.End)
	case in.Start == 0 && in.End == 0 && in.Quote != "":
		b := v.Doc.Block(in.BlockID)
		if b == nil {
			return nil, report.Errorf(report.EINVALID, "会议审议的版本中没有所指的段落（%s）", in.BlockID)
		}
		k := strings.Index(b.Text, in.Quote)
		if k < 0 {
			return nil, report.Errorf(report.EINVALID, "所引文字“%s”不在所选段落中", in.Quote)
		}
		start := utf8.RuneCountInString(b.Text[:k])
		a, err = anchor.New(v.ID, v.Doc, in.BlockID, start, start+utf8.RuneCountInString(in.Quote))
	case in.Start == 0 && in.End == 0:
		a, err = anchor.Paragraph(v.ID, v.Doc, in.BlockID)
	case in.Quote != "":
		a, err = anchor.NewQuoted(v.ID, v.Doc, in.BlockID, in.Start, in.End, in.Quote)
	default:
		a, err = anchor.New(v.ID, v.Doc, in.BlockID, in.Start, in.End)
	}
	if err != nil {
		return nil, err
	}
	ins := &report.Instruction{MeetingID: m.ID, VersionID: v.ID, BlockID: a.BlockID, Start: a.Start, End: a.End, Quote: a.Quote,
		Prefix: a.Prefix, Suffix: a.Suffix, Text: strings.TrimSpace(in.Text), GivenBy: strings.TrimSpace(in.GivenBy),
		AssigneeID: in.AssigneeID, CreatedBy: currentUser(r).ID}
	audit := s.entry(r, "instruction.add", "", ins.Text)
	audit.WorkspaceID = ws.ID
	if err := s.store.AddInstruction(r.Context(), ins, audit); err != nil {
		return nil, err
	}
	return ins, nil
}

// carryStatus reads a status as forms and scripts name it: done, not_done, pending.
func carryStatus(s string) (report.CarryStatus, error) {
	switch s {
	case "pending":
		return report.CarryPending, nil
	case string(report.CarryDone), string(report.CarryNotDone):
		return report.CarryStatus(s), nil
	case "":
		return "", report.Errorf(report.EINVALID, "请选择落实情况：已落实、未落实或待落实")
	}
	return "", report.Errorf(report.EINVALID, "落实情况只能是 done（已落实）、not_done（未落实）或 pending（待落实）")
}

// markInstruction records 已落实 or 未落实 of an instruction of ws in a version.
func (s *Server) markInstruction(r *http.Request, ws *report.Workspace, id int64, status report.CarryStatus, outcome string, versionID int64) (*report.Instruction, error) {
	in, err := s.store.Instruction(r.Context(), id)
	if report.ErrorCode(err) == report.ENOTFOUND {
		return nil, notFound()
	} else if err != nil {
		return nil, err
	}
	if _, err := s.meetingIn(r.Context(), ws, in.MeetingID); err != nil {
		return nil, err
	}
	audit := s.entry(r, "instruction.mark", "", "")
	audit.WorkspaceID = ws.ID
	if err := s.store.MarkInstruction(r.Context(), id, status, outcome, versionID, currentUser(r).ID, audit); err != nil {
		return nil, err
	}
	return s.store.Instruction(r.Context(), id)
}

// instructionView is an instruction as it stands in a version: where its passage went and how
// it changed, and how the writers answered it.
type instructionView struct {
	report.Instruction
	Meeting  *report.Meeting
	Assignee string
	// State is general (no passage), exact, moved, changed or orphaned in the version shown.
	State     string
	StateName string
	Now       string     // the passage's text in the version shown
	Diff      []diffSpan // how the passage changed, for changed
	In        *report.Version
	At        *report.Version // the version shown
}

// diffSpan is a run of text in a change: kept, deleted or inserted.
type diffSpan struct {
	Text string
	Kind string // "", del, ins
}

var stateNames = map[string]string{
	"general":  "针对全文",
	"exact":    "原文未改",
	"moved":    "段落已移动，文字未改",
	"changed":  "所指文字已修改",
	"orphaned": "所指文字已删除",
}

// instructionViews carries the instructions' passages into version to.
func (s *Server) instructionViews(ctx context.Context, ins []report.Instruction, to *report.Version) ([]instructionView, error) {
	users, err := s.store.Users(ctx)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = displayName(u)
	}
	meetings := map[int64]*report.Meeting{}
	var anchors []anchor.Anchor
	var bound []int
	out := make([]instructionView, len(ins))
	for i, in := range ins {
		out[i] = instructionView{Instruction: in, Assignee: names[in.AssigneeID], At: to, State: "general"}
		if meetings[in.MeetingID] == nil {
			m, err := s.store.Meeting(ctx, in.MeetingID)
			if err != nil {
				return nil, err
			}
			meetings[in.MeetingID] = m
		}
		out[i].Meeting = meetings[in.MeetingID]
		if in.InVersion != 0 {
			if v, err := s.store.Version(ctx, in.InVersion); err == nil {
				out[i].In = v
			}
		}
		if in.BlockID != "" {
			anchors = append(anchors, anchor.Anchor{VersionID: in.VersionID, BlockID: in.BlockID, Start: in.Start, End: in.End,
				Quote: in.Quote, Prefix: in.Prefix, Suffix: in.Suffix})
			bound = append(bound, i)
		}
	}
	if len(anchors) > 0 {
		located, err := s.anchors.Carry(ctx, to, anchors)
		if err != nil {
			return nil, err
		}
		for k, l := range located {
			v := &out[bound[k]]
			v.State, v.Now = string(l.State), l.Anchor.Quote
			if l.State == anchor.Changed {
				v.Diff = diffSpans(l.Old, l.Anchor.Quote)
			}
		}
	}
	for i := range out {
		out[i].StateName = stateNames[out[i].State]
	}
	return out, nil
}

// diffSpans is the character difference of two texts as runs.
func diffSpans(a, b string) []diffSpan {
	ra, rb := []rune(a), []rune(b)
	var out []diffSpan
	i, j := 0, 0
	for _, e := range compare.Edits(a, b) {
		switch e.Kind {
		case compare.Equal:
			out = append(out, diffSpan{Text: string(ra[i : i+e.Len])})
			i += e.Len
			j += e.Len
		case compare.Delete:
			out = append(out, diffSpan{Text: string(ra[i : i+e.Len]), Kind: "del"})
			i += e.Len
		case compare.Insert:
			out = append(out, diffSpan{Text: string(rb[j : j+e.Len]), Kind: "ins"})
			j += e.Len
		}
	}
	return out
}

// versionInstructions lists the instructions of every meeting that reviewed version to or an
// earlier version of its workspace, carried into to.
func (s *Server) versionInstructions(ctx context.Context, to *report.Version) ([]instructionView, error) {
	all, err := s.store.Instructions(ctx, to.WorkspaceID, 0)
	if err != nil {
		return nil, err
	}
	vs, err := s.store.Versions(ctx, to.WorkspaceID)
	if err != nil {
		return nil, err
	}
	number := map[int64]int{}
	for _, v := range vs {
		number[v.ID] = v.Number
	}
	var ins []report.Instruction
	for _, in := range all {
		if number[in.VersionID] <= to.Number {
			ins = append(ins, in)
		}
	}
	return s.instructionViews(ctx, ins, to)
}

// instructionTodos lists a writer's instructions still to carry out.
func (s *Server) instructionTodos(ctx context.Context, u *report.User, ws *report.Workspace) ([]todoItem, error) {
	if u.Role != report.RoleWriter {
		return nil, nil
	}
	ins, err := s.store.Instructions(ctx, ws.ID, 0)
	if err != nil {
		return nil, err
	}
	var items []todoItem
	meetings := map[int64]*report.Meeting{}
	for _, in := range ins {
		if in.AssigneeID != u.ID || in.Status != report.CarryPending {
			continue
		}
		m := meetings[in.MeetingID]
		if m == nil {
			if m, err = s.store.Meeting(ctx, in.MeetingID); err != nil {
				return nil, err
			}
			meetings[in.MeetingID] = m
		}
		detail := m.Kind + " " + m.Date.Format("1月2日")
		if in.GivenBy != "" {
			detail += " · " + in.GivenBy
		}
		items = append(items, todoItem{
			Subject: fmt.Sprintf("instruction:%d", in.ID),
			Title:   "落实审议意见：" + shorten(in.Text, 30),
			Detail:  detail,
			URL:     fmt.Sprintf("/w/%d/meetings/%d#i%d", ws.ID, m.ID, in.ID),
		})
	}
	return items, nil
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// refURL is the page of the record a sentence or an event came from.
func refURL(wid int64, ref chronicle.Ref) string {
	switch ref.Kind {
	case "version":
		return fmt.Sprintf("/w/%d/versions/%d", wid, ref.ID)
	case "group":
		return fmt.Sprintf("/w/%d#group", wid)
	case "stage":
		return fmt.Sprintf("/w/%d/stages", wid)
	case "campaign":
		return fmt.Sprintf("/w/%d/campaigns/%d", wid, ref.ID)
	case "research":
		return fmt.Sprintf("/w/%d/research", wid)
	case "visit":
		return fmt.Sprintf("/w/%d/research/visits/%d", wid, ref.ID)
	case "round", "seminar":
		return fmt.Sprintf("/w/%d/rounds/%d", wid, ref.ID)
	case "meeting":
		return fmt.Sprintf("/w/%d/meetings/%d", wid, ref.ID)
	case "figures":
		return fmt.Sprintf("/w/%d/figures/round", wid)
	}
	return ""
}
