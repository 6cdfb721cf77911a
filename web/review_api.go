package web

import (
	"net/http"
	"time"
)

type apiReviewFinding struct {
	N          int           `json:"n"`
	Rule       string        `json:"rule"`
	Family     string        `json:"family"`
	Severity   string        `json:"severity"`
	Part       string        `json:"part"`
	BlockID    string        `json:"block_id"`       // "" for the title block
	Note       int           `json:"note,omitempty"` // from 1: in the block's note-th footnote or endnote
	Start      int           `json:"start"`
	End        int           `json:"end"`
	Excerpt    string        `json:"excerpt"`
	Message    string        `json:"message"`
	Suggestion string        `json:"suggestion,omitempty"`
	Sentence   string        `json:"sentence"`
	Dismissed  *apiDismissal `json:"dismissed"`
}

type apiDismissal struct {
	ID     int64     `json:"id"`
	Reason string    `json:"reason"`
	By     int64     `json:"by"`
	At     time.Time `json:"at"`
}

// apiVersionFindings lists a version's findings as the version page does: by part, dismissed
// ones with their reasons.
func (s *Server) apiVersionFindings(w http.ResponseWriter, r *http.Request) {
	ver, err := s.readableVersion(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.versionView(r, ver.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	panel := newReviewPanel(v, "", false)
	part := map[int]string{}
	for _, p := range panel.Parts {
		for _, f := range p.Findings {
			part[f.N] = p.Title
		}
	}
	out := struct {
		VersionID int64              `json:"version_id"`
		Findings  []apiReviewFinding `json:"findings"`
	}{ver.ID, []apiReviewFinding{}}
	for _, f := range v.all {
		af := apiReviewFinding{N: f.N, Rule: f.Rule, Family: f.Family, Severity: f.Severity, Part: part[f.N], BlockID: f.BlockID, Note: f.Note,
			Start: f.Start, End: f.End, Excerpt: f.Excerpt, Message: f.Message, Suggestion: f.Suggestion, Sentence: f.Sentence}
		if d := f.Dismissed; d != nil {
			af.Dismissed = &apiDismissal{ID: d.ID, Reason: d.Reason, By: d.By, At: d.At}
		}
		out.Findings = append(out.Findings, af)
	}
	writeJSON(w, http.StatusOK, out)
}

// apiDismissFinding dismisses a finding of a version, named as the list names it.
func (s *Server) apiDismissFinding(w http.ResponseWriter, r *http.Request) {
	ver, err := s.readableVersion(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		Rule    string `json:"rule"`
		BlockID string `json:"block_id"`
		Note    int    `json:"note"`
		Start   int    `json:"start"`
		End     int    `json:"end"`
		Reason  string `json:"reason"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.versionView(r, ver.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	block := in.BlockID
	if block == "" {
		block = "title"
	}
	d, err := s.dismiss(r, v, in.Rule, block, in.Note, in.Start, in.End, in.Reason)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, apiDismissal{ID: d.ID, Reason: d.Reason, By: d.By, At: d.At})
}

// apiAddLexiconWord adds a word to a workspace's lexicon.
func (s *Server) apiAddLexiconWord(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		Word string `json:"word"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	lw, err := s.addWord(r, ws.ID, in.Word)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, struct {
		ID   int64  `json:"id"`
		Word string `json:"word"`
	}{lw.ID, lw.Word})
}
