package web

import (
	"net/http"
	"strconv"
	"strings"

	"qicao/report"
)

// canWithdraw: the writers who upload versions, and administrators, may withdraw (撤回) one.
func canWithdraw(u *report.User) bool {
	return u != nil && (u.Role == report.RoleWriter || u.Role == report.RoleAdmin)
}

// withdrawVersion withdraws a wrongly uploaded version: kept with its reason, left out of every
// list, audited; an administrator may restore it.
func (s *Server) withdrawVersion(w http.ResponseWriter, r *http.Request) {
	ws, v, err := s.versionFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if err := checkText("撤回原因", reason, 1, 200); err != nil {
		s.fail(w, r, err)
		return
	}
	e := s.entry(r, "version.withdraw", versionTarget(v.Version.ID), reason)
	e.WorkspaceID = ws.ID
	if err := s.store.WithdrawVersion(r.Context(), v.Version.ID, reason, e); err != nil {
		s.fail(w, r, err)
		return
	}
	s.rendered.Remove(v.Version.ID)
	http.Redirect(w, r, "/w/"+strconv.FormatInt(ws.ID, 10)+"/versions/"+strconv.FormatInt(v.Version.ID, 10), http.StatusSeeOther)
}

func (s *Server) restoreVersion(w http.ResponseWriter, r *http.Request) {
	ws, v, err := s.versionFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e := s.entry(r, "version.restore", versionTarget(v.Version.ID), "")
	e.WorkspaceID = ws.ID
	if err := s.store.RestoreVersion(r.Context(), v.Version.ID, e); err != nil {
		s.fail(w, r, err)
		return
	}
	s.rendered.Remove(v.Version.ID)
	http.Redirect(w, r, "/w/"+strconv.FormatInt(ws.ID, 10)+"/versions/"+strconv.FormatInt(v.Version.ID, 10), http.StatusSeeOther)
}

// identicalTo returns the listed version whose text equals doc's, or nil.
func (s *Server) identicalTo(r *http.Request, wid int64, doc *report.Document) (*report.Version, error) {
	vs, err := s.store.Versions(r.Context(), wid)
	if err != nil {
		return nil, err
	}
	hash := doc.ContentHash()
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].ContentHash == hash {
			return &vs[i], nil
		}
	}
	return nil, nil
}
