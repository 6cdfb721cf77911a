package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"qicao/report"
)

// The 征求意见 API (docs/api.md): the same service functions as the pages.

type apiRecipient struct {
	UnitID int64 `json:"unit_id"`
}

type apiRound struct {
	ID          int64      `json:"id"`
	WorkspaceID int64      `json:"workspace_id"`
	VersionID   int64      `json:"version_id"`
	Title       string     `json:"title"`
	Deadline    time.Time  `json:"deadline"`
	Note        string     `json:"note"`
	Contact     string     `json:"contact"`
	Phone       string     `json:"phone"`
	OpenedAt    time.Time  `json:"opened_at"`
	ClosedAt    *time.Time `json:"closed_at,omitempty"`
	UnitIDs     []int64    `json:"unit_ids"`
}

func toAPIRound(rd *report.Round) apiRound {
	out := apiRound{ID: rd.ID, WorkspaceID: rd.WorkspaceID, VersionID: rd.VersionID, Title: rd.Title, Deadline: rd.Deadline,
		Note: rd.Note, Contact: rd.Contact, Phone: rd.Phone, OpenedAt: rd.OpenedAt, ClosedAt: timePtr(rd.ClosedAt), UnitIDs: []int64{}}
	for _, rc := range rd.Recipients {
		out.UnitIDs = append(out.UnitIDs, rc.UnitID)
	}
	return out
}

type apiRoundIn struct {
	VersionID int64             `json:"version_id"`
	Title     string            `json:"title"`
	Deadline  time.Time         `json:"deadline"`
	UnitIDs   []int64           `json:"unit_ids"`
	UnitKinds []report.UnitKind `json:"unit_kinds"`
	Note      string            `json:"note"`
	Contact   string            `json:"contact"`
	Phone     string            `json:"phone"`
}

// apiOpenRound opens a round: {version_id, title, deadline, unit_ids, unit_kinds, note, contact, phone}.
func (s *Server) apiOpenRound(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in apiRoundIn
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	rd, err := s.openRound(r, ws, roundInput{VersionID: in.VersionID, Title: in.Title, Note: in.Note, Contact: in.Contact,
		Phone: in.Phone, Deadline: in.Deadline, UnitIDs: in.UnitIDs, Kinds: in.UnitKinds})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIRound(rd))
}

// apiRoundFrom loads the round named by {round} if the user may see it.
func (s *Server) apiRoundFrom(r *http.Request) (*report.Round, error) {
	id, err := pathID(r, "round")
	if err != nil {
		return nil, err
	}
	return s.roundByID(r, id)
}

type apiCommentIn struct {
	BlockID  string `json:"block_id"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Quote    string `json:"quote"`
	Text     string `json:"text"`
	Proposal string `json:"proposal"`
	UnitID   int64  `json:"unit_id"`    // a writer's seminar opinion: the unit present
	HeldOn   string `json:"held_on"`    // a seminar opinion: the day of the seminar, 2026-12-05; today when none
	Version  int64  `json:"version_id"` // optional: checked to be the round's version
}

type apiComment struct {
	ID        int64      `json:"id"`
	RoundID   int64      `json:"round_id"`
	UnitID    int64      `json:"unit_id"`
	Unit      string     `json:"unit,omitempty"`
	VersionID int64      `json:"version_id"`
	BlockID   string     `json:"block_id"`
	Start     int        `json:"start"`
	End       int        `json:"end"`
	Quote     string     `json:"quote"`
	Text      string     `json:"text"`
	Proposal  string     `json:"proposal,omitempty"`
	State     string     `json:"state"`
	Seminar   bool       `json:"seminar,omitempty"`
	HeldOn    string     `json:"held_on,omitempty"` // a seminar opinion's seminar day
	SentAt    *time.Time `json:"sent_at,omitempty"`
	Anchor    string     `json:"anchor,omitempty"` // as seen in a version: exact, moved, changed, orphaned
	Original  string     `json:"original,omitempty"`
	Decision  string     `json:"decision,omitempty"`
	Reason    string     `json:"reason,omitempty"`
}

func toAPIComment(c *report.Comment) apiComment {
	out := apiComment{ID: c.ID, RoundID: c.RoundID, UnitID: c.UnitID, VersionID: c.VersionID, BlockID: c.BlockID, Start: c.Start,
		End: c.End, Quote: c.Quote, Text: c.Text, Proposal: c.Proposal, State: string(c.State), Seminar: c.Seminar, SentAt: timePtr(c.SentAt)}
	if d := c.Decision; d != nil {
		out.Decision, out.Reason = string(d.Kind), d.Reason
	}
	if !c.HeldOn.IsZero() {
		out.HeldOn = c.HeldOn.Format("2006-01-02")
	}
	return out
}

// apiAddComments drafts one comment {block_id, start, end, quote, text, proposal}, or a list
// of them stored all or none. Offsets count characters (runes) in the block's text.
func (s *Server) apiAddComments(w http.ResponseWriter, r *http.Request) {
	rid, err := pathID(r, "round")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rd, err := s.postingRound(r, rid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// one comment or a list of them: told by the first character
	var ins []apiCommentIn
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.fail(w, r, tooLarge(mbe.Limit))
			return
		}
		s.fail(w, r, err)
		return
	}
	one := !bytes.HasPrefix(bytes.TrimSpace(body), []byte("["))
	r.Body = io.NopCloser(bytes.NewReader(body))
	if one {
		var in apiCommentIn
		err = decodeJSON(r, &in)
		ins = []apiCommentIn{in}
	} else {
		err = decodeJSON(r, &ins)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cis := make([]commentInput, len(ins))
	for i, in := range ins {
		cis[i] = commentInput{BlockID: in.BlockID, Start: in.Start, End: in.End, Quote: in.Quote, Text: in.Text, Proposal: in.Proposal, UnitID: in.UnitID, VersionID: in.Version}
		if in.HeldOn != "" {
			if cis[i].HeldOn, err = time.Parse("2006-01-02", in.HeldOn); err != nil {
				s.fail(w, r, report.Errorf(report.EINVALID, "座谈会日期（held_on）格式应为 2026-12-05"))
				return
			}
		}
	}
	cs, err := s.addComments(r, rd, cis)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if one {
		writeJSON(w, http.StatusCreated, toAPIComment(cs[0]))
		return
	}
	out := make([]apiComment, len(cs))
	for i, c := range cs {
		out[i] = toAPIComment(c)
	}
	writeJSON(w, http.StatusCreated, out)
}

// apiSend sends the caller's unit's drafts.
func (s *Server) apiSend(w http.ResponseWriter, r *http.Request) {
	rd, err := s.apiRoundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.sendComments(r, rd)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"round_id": rd.ID, "unit_id": currentUser(r).UnitID, "sent": n})
}

// apiNoComments records the caller's unit's 无意见.
func (s *Server) apiNoComments(w http.ResponseWriter, r *http.Request) {
	rd, err := s.apiRoundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.noComments(r, rd); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"round_id": rd.ID, "unit_id": currentUser(r).UnitID, "status": "无意见"})
}

// apiRoundStatus is one row per recipient unit; a contact sees their own unit's row only.
func (s *Server) apiRoundStatus(w http.ResponseWriter, r *http.Request) {
	rd, err := s.apiRoundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, err := s.recipientRows(r.Context(), rd)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	out := []recipientRow{}
	for _, row := range rows {
		if canSeeUnit(u, row.UnitID) {
			out = append(out, row)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// apiVersionComments lists every sent comment of every round as seen in a version.
func (s *Server) apiVersionComments(w http.ResponseWriter, r *http.Request) {
	v, err := s.readableVersion(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	shown, err := s.versionComments(r, v.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiComment, len(shown))
	for i := range shown {
		c := &shown[i]
		ac := toAPIComment(&c.Comment)
		ac.Unit, ac.Anchor, ac.Original = c.Unit, string(c.State), c.Quote
		// where it is in this version; an orphan keeps its original place and text
		if c.At.VersionID == v.ID {
			ac.VersionID, ac.BlockID, ac.Start, ac.End, ac.Quote = v.ID, c.At.BlockID, c.At.Start, c.At.End, c.At.Quote
		}
		out[i] = ac
	}
	writeJSON(w, http.StatusOK, out)
}

type apiDecisionIn struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

// apiDecide records a decision on a comment: {decision: adopted|partly|rejected|reflected, reason}.
func (s *Server) apiDecide(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "comment")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in apiDecisionIn
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	kind, err := parseDecision(in.Decision)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.store.Comment(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rd, err := s.roundByID(r, c.RoundID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.decide(r, rd.WorkspaceID, []int64{id}, kind, in.Reason); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err = s.store.Comment(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIComment(c))
}

// apiRoundTable sends the 意见采纳情况表 as .xlsx or .docx.
func (s *Server) apiRoundTable(w http.ResponseWriter, r *http.Request) {
	rd, err := s.apiRoundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	format := "xlsx"
	if strings.HasSuffix(r.URL.Path, ".docx") {
		format = "docx"
	}
	s.sendTable(w, r, rd, format)
}
