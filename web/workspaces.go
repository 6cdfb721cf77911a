package web

import (
	"net/http"
	"strconv"
	"strings"

	"qicao/report"
)

type adminWorkspacesPage struct {
	page
	Workspaces []report.Workspace
	Year       int
	Message    string
}

// showAdminWorkspacesPage offers next year's report, or the first year after it that has no
// workspace yet, so that the default can be created as it stands.
func (s *Server) showAdminWorkspacesPage(w http.ResponseWriter, r *http.Request) {
	ws, err := s.store.Workspaces(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderAdminWorkspaces(w, r, http.StatusOK, freeYear(ws, s.now().Year()+1), "")
}

func freeYear(ws []report.Workspace, year int) int {
	taken := make(map[int]bool, len(ws))
	for _, w := range ws {
		taken[w.Year] = true
	}
	for taken[year] {
		year++
	}
	return year
}

func (s *Server) renderAdminWorkspaces(w http.ResponseWriter, r *http.Request, status, year int, msg string) {
	ws, err := s.store.Workspaces(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &adminWorkspacesPage{page: s.newPage(r, "工作区管理"), Workspaces: ws, Year: year, Message: msg}
	p.Nav = "workspaces"
	s.render(w, r, status, "admin_workspaces", p)
}

// saveWorkspace opens a new year's report.
func (s *Server) saveWorkspace(w http.ResponseWriter, r *http.Request) {
	year, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("year")))
	if err != nil || year < 2000 || year > 2100 {
		s.renderAdminWorkspaces(w, r, http.StatusBadRequest, s.now().Year()+1, "请填写 2000 到 2100 之间的年份")
		return
	}
	ws := &report.Workspace{Name: strconv.Itoa(year) + "年政府工作报告", Year: year, CreatedAt: s.now()}
	if err := s.store.CreateWorkspace(r.Context(), ws, s.entry(r, "workspace.create", "", ws.Name)); err != nil {
		s.formError(w, r, err, func(status int, msg string) { s.renderAdminWorkspaces(w, r, status, year, msg) })
		return
	}
	http.Redirect(w, r, "/w/"+strconv.FormatInt(ws.ID, 10), http.StatusSeeOther)
}
