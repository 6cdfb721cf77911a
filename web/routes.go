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
