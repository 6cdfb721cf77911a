package web

import "net/http"

// registerRoutes lists every route; who may reach each is decided in authz.go.
func (s *Server) registerRoutes() {
	s.handle("GET /healthz", s.showHealth)
	s.handle("GET /static/{hash}/{name}", s.serveAsset)
	s.handle("GET /login", s.showLoginPage)
	s.handle("POST /login", s.login)
	s.handle("POST /logout", s.logout)

	s.handle("GET /{$}", s.showWorkspacesPage)
	s.handle("GET /w/{wid}", s.showHomePage)
	s.handle("GET /units/{uid}", s.showUnitPage)
	s.handle("GET /account/password", s.showPasswordPage)
	s.handle("POST /account/password", s.savePassword)

	s.handle("GET /w/{wid}/versions/{vid}", s.showVersionPage)
	s.handle("GET /w/{wid}/versions/{vid}/docx", s.downloadVersion)
	s.handle("GET /w/{wid}/compare", s.showComparePage)
	s.handle("GET /w/{wid}/upload", s.showUploadPage)
	s.handle("POST /w/{wid}/versions", s.saveVersion)

	s.handle("GET /w/{wid}/campaigns", s.showCampaignsPage)
	s.handle("GET /w/{wid}/campaigns/new", s.showNewCampaignPage)
	s.handle("POST /w/{wid}/campaigns", s.createCampaign)
	s.handle("GET /w/{wid}/campaigns/{cid}", s.showBoardPage)
	s.handle("GET /w/{wid}/campaigns/{cid}/notice.docx", s.downloadNotice)
	s.handle("GET /w/{wid}/campaigns/{cid}/board.xlsx", s.downloadBoard)
	s.handle("POST /w/{wid}/campaigns/{cid}/remind", s.remindUnits)
	s.handle("GET /w/{wid}/campaigns/{cid}/units/{uid}", s.showUnitSubmissionsPage)
	s.handle("POST /w/{wid}/campaigns/{cid}/units/{uid}/items/{iid}", s.saveSubmission)
	s.handle("GET /w/{wid}/campaigns/{cid}/projects", s.showProjectsPage)
	s.handle("POST /w/{wid}/campaigns/{cid}/projects", s.saveProjectSelection)
	s.handle("GET /w/{wid}/campaigns/{cid}/projects.xlsx", s.downloadProjects)
	s.handle("GET /w/{wid}/campaigns/{cid}/projects-template.xlsx", s.downloadProjectTemplate)
	s.handle("GET /w/{wid}/submissions/{sid}", s.showSubmissionPage)
	s.handle("GET /w/{wid}/submissions/{sid}/file", s.downloadSubmission)
	s.handle("GET /w/{wid}/materials", s.showMaterialsPage)
	s.handle("GET /w/{wid}/excerpts", s.showExcerptsPage)
	s.handle("POST /w/{wid}/excerpts", s.saveExcerpt)
	s.handle("GET /w/{wid}/research", s.showResearchPage)
	s.handle("POST /w/{wid}/research/teams", s.createTeam)
	s.handle("POST /w/{wid}/research/visits", s.createVisit)
	s.handle("GET /w/{wid}/research/visits/{rid}", s.showVisitPage)
	s.handle("POST /w/{wid}/research/visits/{rid}/minutes", s.saveMinutes)
	s.handle("GET /w/{wid}/minutes/{mid}", s.showMinutesPage)
	s.handle("GET /w/{wid}/minutes/{mid}/file", s.downloadMinutes)
	s.handle("POST /api/v1/workspaces/{wid}/campaigns", s.apiCreateCampaign)
	s.handle("POST /api/v1/campaigns/{cid}/submissions", s.apiSubmit)
	s.handle("GET /api/v1/campaigns/{cid}/status", s.apiCampaignStatus)
	s.handle("GET /api/v1/workspaces/{wid}/materials", s.apiSearchMaterials)

	s.handle("GET /admin/workspaces", s.showAdminWorkspacesPage)
	s.handle("POST /admin/workspaces", s.saveWorkspace)
	s.handle("GET /admin/units", s.showAdminUnitsPage)
	s.handle("POST /admin/units", s.createUnit)
	s.handle("GET /admin/units/{uid}/edit", s.showEditUnitPage)
	s.handle("POST /admin/units/{uid}", s.saveUnit)
	s.handle("GET /admin/users", s.showAdminUsersPage)
	s.handle("GET /admin/users/new", s.showNewUserPage)
	s.handle("POST /admin/users", s.createUser)
	s.handle("GET /admin/users/{id}/edit", s.showEditUserPage)
	s.handle("POST /admin/users/{id}", s.saveUser)
	s.handle("POST /admin/users/{id}/password", s.resetPassword)
	s.handle("GET /admin/audit", s.showAuditPage)

	s.handle("GET /api/v1/workspaces", s.apiWorkspaces)
	s.handle("GET /api/v1/units", s.apiUnits)
	s.handle("POST /api/v1/workspaces/{wid}/versions", s.apiAddVersion)
	s.handle("GET /api/v1/versions/{vid}", s.apiVersion)
}

// showHealth answers load balancers: 200 when the database answers.
func (s *Server) showHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if _, err := s.store.Workspaces(r.Context()); err != nil {
		s.log.Error("health check", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	w.Write([]byte("ok\n"))
}
