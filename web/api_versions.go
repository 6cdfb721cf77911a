package web

import (
	"net/http"
	"strings"
	"time"

	"qicao/report"
)

// The API's workspaces, units and versions: the shapes scripts see. They are the store's values
// with stable JSON names, so a change to the Go types does not change the API.

type apiWorkspace struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Year int    `json:"year"`
}

type apiUnit struct {
	ID   int64           `json:"id"`
	Name string          `json:"name"`
	Kind report.UnitKind `json:"kind"`
}

type apiVersion struct {
	ID          int64      `json:"id"`
	WorkspaceID int64      `json:"workspace_id"`
	Number      int        `json:"number"`
	Label       string     `json:"label"`
	Note        string     `json:"note"`
	Filename    string     `json:"filename"`
	Stage       string     `json:"stage,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	Title       string     `json:"title,omitempty"`
	Blocks      []apiBlock `json:"blocks,omitempty"`
}

type apiBlock struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Level int    `json:"level,omitempty"`
	Text  string `json:"text"`
}

func toAPIVersion(v *report.Version) apiVersion {
	out := apiVersion{ID: v.ID, WorkspaceID: v.WorkspaceID, Number: v.Number, Label: v.Label, Note: v.Note, Filename: v.Filename, Stage: v.Stage, CreatedAt: v.CreatedAt}
	if v.Doc != nil {
		out.Title = v.Doc.Title
		out.Blocks = make([]apiBlock, len(v.Doc.Blocks))
		for i := range v.Doc.Blocks {
			b := &v.Doc.Blocks[i]
			out.Blocks[i] = apiBlock{ID: b.ID, Kind: b.Kind.String(), Level: b.Level, Text: b.Text}
		}
	}
	return out
}

// apiWorkspaces lists the workspaces.
func (s *Server) apiWorkspaces(w http.ResponseWriter, r *http.Request) {
	ws, err := s.store.Workspaces(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiWorkspace, len(ws))
	for i, x := range ws {
		out[i] = apiWorkspace{ID: x.ID, Name: x.Name, Year: x.Year}
	}
	writeJSON(w, http.StatusOK, out)
}

// apiUnits lists the units a user may see: all of them, or a contact's own.
func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) {
	us, err := s.store.Units(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	out := []apiUnit{}
	for _, x := range us {
		if canSeeUnit(u, x.ID) {
			out = append(out, apiUnit{ID: x.ID, Name: x.Name, Kind: x.Kind})
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// apiAddVersion adds a version from a multipart upload: file, label, note.
func (s *Server) apiAddVersion(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name, data, err := uploadedFile(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	label := strings.TrimSpace(r.PostFormValue("label"))
	v, err := s.addVersion(r, ws, label, strings.TrimSpace(r.PostFormValue("note")), strings.TrimSpace(r.PostFormValue("stage")), name, data)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIVersion(v))
}

// apiVersion returns a version with its blocks.
func (s *Server) apiVersion(w http.ResponseWriter, r *http.Request) {
	v, err := s.readableVersion(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIVersion(v))
}

// readableVersion loads the version named by {vid} if the user may read it; otherwise it does
// not exist for them.
func (s *Server) readableVersion(r *http.Request) (*report.Version, error) {
	id, err := pathID(r, "vid")
	if err != nil {
		return nil, err
	}
	v, err := s.store.Version(r.Context(), id)
	if report.ErrorCode(err) == report.ENOTFOUND {
		return nil, notFound()
	} else if err != nil {
		return nil, err
	}
	ok, err := s.canReadVersion(r, v)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound()
	}
	return v, nil
}
