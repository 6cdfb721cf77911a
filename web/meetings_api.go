package web

import (
	"net/http"
	"strings"
	"time"

	"qicao/anchor"
	"qicao/report"
)

// The API of 审议 and 起草说明 (docs/api.md): the same service functions as the pages.

type apiMeetingIn struct {
	Kind        string   `json:"kind"`
	Date        string   `json:"date"` // 2027-01-12
	VersionID   int64    `json:"version_id"`
	PresidingID int64    `json:"presiding_id"`
	Attendees   []string `json:"attendees"`
	Minutes     string   `json:"minutes"`
}

type apiMeeting struct {
	ID          int64     `json:"id"`
	WorkspaceID int64     `json:"workspace_id"`
	Kind        string    `json:"kind"`
	Date        string    `json:"date"`
	VersionID   int64     `json:"version_id"`
	PresidingID int64     `json:"presiding_id,omitempty"`
	Attendees   []string  `json:"attendees"`
	Minutes     string    `json:"minutes,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

func toAPIMeeting(m *report.Meeting) apiMeeting {
	att := m.Attendees
	if att == nil {
		att = []string{}
	}
	return apiMeeting{ID: m.ID, WorkspaceID: m.WorkspaceID, Kind: m.Kind, Date: m.Date.Format("2006-01-02"), VersionID: m.VersionID,
		PresidingID: m.PresidingID, Attendees: att, Minutes: m.MinutesText, CreatedAt: m.CreatedAt}
}

// apiCreateMeeting records a review meeting.
func (s *Server) apiCreateMeeting(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in apiMeetingIn
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := time.Parse("2006-01-02", strings.TrimSpace(in.Date))
	if err != nil {
		s.fail(w, r, report.Errorf(report.EINVALID, "会议日期（date）格式应为 2027-01-12"))
		return
	}
	m := &report.Meeting{Kind: in.Kind, Date: d, VersionID: in.VersionID, PresidingID: in.PresidingID, Attendees: in.Attendees,
		MinutesText: strings.TrimSpace(in.Minutes)}
	if err := s.createMeeting(r, ws, m); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIMeeting(m))
}

type apiInstructionIn struct {
	VersionID  int64  `json:"version_id"`
	BlockID    string `json:"block_id"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	Quote      string `json:"quote"`
	Text       string `json:"text"`
	GivenBy    string `json:"given_by"`
	AssigneeID int64  `json:"assignee_id"`
}

type apiInstruction struct {
	ID          int64          `json:"id"`
	MeetingID   int64          `json:"meeting_id"`
	MeetingKind string         `json:"meeting_kind,omitempty"`
	MeetingDate string         `json:"meeting_date,omitempty"`
	Text        string         `json:"text"`
	GivenBy     string         `json:"given_by"`
	AssigneeID  int64          `json:"assignee_id,omitempty"`
	Anchor      *anchor.Anchor `json:"anchor,omitempty"` // in the meeting's version; absent for the report as a whole
	State       string         `json:"state,omitempty"`  // in the version asked for: general, exact, moved, changed, orphaned
	Current     string         `json:"current,omitempty"`
	Status      string         `json:"status"` // pending, done, not_done
	Outcome     string         `json:"outcome,omitempty"`
	InVersion   int64          `json:"in_version,omitempty"`
}

func toAPIInstruction(in *report.Instruction) apiInstruction {
	out := apiInstruction{ID: in.ID, MeetingID: in.MeetingID, Text: in.Text, GivenBy: in.GivenBy, AssigneeID: in.AssigneeID,
		Status: string(in.Status), Outcome: in.Outcome, InVersion: in.InVersion}
	if out.Status == "" {
		out.Status = "pending"
	}
	if in.BlockID != "" {
		out.Anchor = &anchor.Anchor{VersionID: in.VersionID, BlockID: in.BlockID, Start: in.Start, End: in.End, Quote: in.Quote, Prefix: in.Prefix, Suffix: in.Suffix}
	}
	return out
}

// apiAddInstruction records an instruction of a meeting on its version.
func (s *Server) apiAddInstruction(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "mtg")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.store.Meeting(r.Context(), id)
	if report.ErrorCode(err) == report.ENOTFOUND {
		s.fail(w, r, notFound())
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	ws, err := s.store.Workspace(r.Context(), m.WorkspaceID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in apiInstructionIn
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	got, err := s.addInstruction(r, ws, m, instructionInput{VersionID: in.VersionID, BlockID: in.BlockID, Start: in.Start, End: in.End,
		Quote: in.Quote, Text: in.Text, GivenBy: in.GivenBy, AssigneeID: in.AssigneeID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIInstruction(got))
}

// apiVersionInstructions lists the instructions of the meetings on this version or an earlier
// one, each with where its passage stands in this version and how it was carried out.
func (s *Server) apiVersionInstructions(w http.ResponseWriter, r *http.Request) {
	v, err := s.readableVersion(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	views, err := s.versionInstructions(r.Context(), v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiInstruction, 0, len(views))
	for i := range views {
		a := toAPIInstruction(&views[i].Instruction)
		a.MeetingKind, a.MeetingDate = views[i].Meeting.Kind, views[i].Meeting.Date.Format("2006-01-02")
		a.State, a.Current = views[i].State, views[i].Now
		out = append(out, a)
	}
	writeJSON(w, http.StatusOK, out)
}

type apiMarkIn struct {
	Status    string `json:"status"` // done, not_done, pending
	Outcome   string `json:"outcome"`
	VersionID int64  `json:"version_id"`
}

// apiMarkInstruction records 已落实 or 未落实.
func (s *Server) apiMarkInstruction(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "ins")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := s.store.Instruction(r.Context(), id)
	if report.ErrorCode(err) == report.ENOTFOUND {
		s.fail(w, r, notFound())
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.store.Meeting(r.Context(), in.MeetingID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ws, err := s.store.Workspace(r.Context(), m.WorkspaceID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var body apiMarkIn
	if err := decodeJSON(r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	status, err := carryStatus(body.Status)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	got, err := s.markInstruction(r, ws, id, status, body.Outcome, body.VersionID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIInstruction(got))
}

// apiExplanation answers the 起草说明 of a version as JSON (sections of sentences, each with
// the record it came from), Markdown or .docx.
func (s *Server) apiExplanation(w http.ResponseWriter, r *http.Request) {
	switch f := r.URL.Query().Get("format"); f {
	case "md", "docx":
		s.sendExplanation(w, r, f)
		return
	case "", "json":
	default:
		s.fail(w, r, report.Errorf(report.EINVALID, "format 只能是 md、docx 或 json"))
		return
	}
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, _, err := s.explanation(r, ws, r.URL.Query().Get("version"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, e)
}
