package web

import (
	"fmt"
	"net/http"
	"sort"

	"qicao/report"
)

// access is the set of visitors a route admits.
type access uint8

const (
	public  access = 1 << iota // anyone, logged in or not
	admin                      // report.RoleAdmin
	writer                     // report.RoleWriter
	leader                     // report.RoleLeader
	contact                    // report.RoleContact

	anyUser = admin | writer | leader | contact
	// readers read the report and its versions. Contacts do not: what a contact sees is what is
	// addressed to their unit.
	readers = admin | writer | leader
)

// permissions is the one place that decides who may reach which route. Every registered pattern
// must have an entry: New panics otherwise. Decisions that depend on the thing asked for (a
// contact's own unit) are made by the can* functions below, also here.
var permissions = map[string]access{
	"GET /healthz":              public,
	"GET /static/{hash}/{name}": public,
	"GET /favicon.ico":          public,
	"GET /login":                public,
	"POST /login":               public,
	"POST /logout":              anyUser,

	"GET /{$}":               anyUser,
	"GET /w/{wid}":           anyUser,
	"GET /units/{uid}":       anyUser,
	"GET /account/password":  anyUser,
	"POST /account/password": anyUser,

	"GET /w/{wid}/versions/{vid}":           readers,
	"GET /w/{wid}/versions/{vid}/docx":      readers,
	"GET /w/{wid}/versions/{vid}/original":  readers,
	"GET /w/{wid}/compare":                  readers,
	"GET /w/{wid}/upload":                   writer,
	"POST /w/{wid}/versions":                writer,
	"POST /w/{wid}/versions/{vid}/withdraw": admin | writer,
	"POST /w/{wid}/versions/{vid}/restore":  admin,

	"POST /w/{wid}/versions/{vid}/dismissals": writer,
	"POST /w/{wid}/dismissals/delete":         writer,
	"GET /w/{wid}/lexicon":                    readers,
	"GET /w/{wid}/group":                      writer | admin,
	"POST /w/{wid}/group":                     writer | admin,
	"POST /w/{wid}/lexicon":                   writer,
	"POST /w/{wid}/lexicon/delete":            writer,
	"GET /api/v1/versions/{vid}/findings":     anyUser, // canReadVersion decides
	"POST /api/v1/versions/{vid}/dismissals":  writer,
	"POST /api/v1/workspaces/{wid}/lexicon":   writer,

	"GET /w/{wid}/campaigns":                                anyUser,
	"GET /w/{wid}/campaigns/new":                            writer,
	"POST /w/{wid}/campaigns":                               writer,
	"GET /w/{wid}/campaigns/{cid}":                          anyUser,
	"GET /w/{wid}/campaigns/{cid}/notice.docx":              anyUser,
	"GET /w/{wid}/campaigns/{cid}/board.xlsx":               readers,
	"POST /w/{wid}/campaigns/{cid}/remind":                  writer,
	"GET /w/{wid}/campaigns/{cid}/units/{uid}":              anyUser,
	"POST /w/{wid}/campaigns/{cid}/units/{uid}/items/{iid}": contact,
	"GET /w/{wid}/campaigns/{cid}/projects":                 readers,
	"POST /w/{wid}/campaigns/{cid}/projects":                writer,
	"GET /w/{wid}/campaigns/{cid}/projects.xlsx":            readers,
	"GET /w/{wid}/campaigns/{cid}/projects-template.xlsx":   anyUser,
	"GET /w/{wid}/submissions/{sid}":                        anyUser,
	"GET /w/{wid}/submissions/{sid}/file":                   anyUser,
	"GET /w/{wid}/materials":                                readers,
	"GET /w/{wid}/excerpts":                                 readers,
	"POST /w/{wid}/excerpts":                                writer,
	"GET /w/{wid}/research":                                 readers,
	"POST /w/{wid}/research/teams":                          writer,
	"POST /w/{wid}/research/visits":                         writer,
	"GET /w/{wid}/research/visits/{rid}":                    readers,
	"POST /w/{wid}/research/visits/{rid}/minutes":           writer,
	"GET /w/{wid}/minutes/{mid}":                            readers,
	"GET /w/{wid}/minutes/{mid}/file":                       readers,
	"POST /api/v1/workspaces/{wid}/campaigns":               writer,
	"POST /api/v1/campaigns/{cid}/submissions":              contact,
	"GET /api/v1/campaigns/{cid}/status":                    anyUser,
	"GET /api/v1/workspaces/{wid}/materials":                readers,
	"GET /w/{wid}/figures":                                  anyUser, // a department sees its own figures
	"POST /w/{wid}/figures":                                 writer,
	"GET /w/{wid}/figures/{fid}":                            anyUser,                   // indicatorIn decides
	"POST /w/{wid}/figures/{fid}":                           writer | leader | contact, // canFillFigure decides
	"POST /w/{wid}/figures/confirm":                         leader | contact,          // the owning department
	"GET /w/{wid}/figures/template.xlsx":                    writer | contact,
	"POST /w/{wid}/figures/template.xlsx":                   contact,
	"POST /w/{wid}/figures/owners":                          writer,
	"GET /w/{wid}/figures/round":                            readers,
	"POST /w/{wid}/figures/remind":                          writer,
	"POST /w/{wid}/versions/{vid}/figures":                  writer,
	"GET /w/{wid}/versions/{vid}/filled.docx":               readers,
	"GET /w/{wid}/versions/{vid}/filled.txt":                readers,
	"GET /api/v1/versions/{vid}/figures":                    anyUser,                   // canReadVersion decides
	"GET /api/v1/versions/{vid}/filled.txt":                 anyUser,                   // canReadVersion decides
	"PUT /api/v1/indicators/{fid}":                          writer | leader | contact, // canFillFigure decides

	"GET /w/{wid}/stages":                             readers,
	"POST /w/{wid}/stages":                            writer,
	"GET /w/{wid}/meetings":                           readers,
	"POST /w/{wid}/meetings":                          writer | leader,
	"GET /w/{wid}/meetings/{mtg}":                     readers,
	"POST /w/{wid}/meetings/{mtg}/minutes":            writer | leader,
	"POST /w/{wid}/meetings/{mtg}/instructions":       writer | leader,
	"GET /w/{wid}/meetings/{mtg}/carry":               readers,
	"GET /w/{wid}/meetings/{mtg}/carry.docx":          readers,
	"POST /w/{wid}/instructions/{ins}/mark":           writer,
	"GET /w/{wid}/compare/print":                      readers,
	"GET /w/{wid}/compare/docx":                       readers,
	"GET /w/{wid}/explanation":                        readers,
	"GET /w/{wid}/explanation.md":                     readers,
	"GET /w/{wid}/explanation.docx":                   readers,
	"POST /w/{wid}/explanation/principles":            writer,
	"GET /w/{wid}/timeline":                           readers,
	"POST /api/v1/workspaces/{wid}/meetings":          writer | leader,
	"POST /api/v1/meetings/{mtg}/instructions":        writer | leader,
	"POST /api/v1/instructions/{ins}/status":          writer,
	"GET /api/v1/versions/{vid}/instructions":         readers,
	"GET /api/v1/workspaces/{wid}/explanation":        readers,
	"GET /w/{wid}/rounds":                             anyUser, // a contact sees the rounds sent to their unit
	"GET /w/{wid}/rounds/new":                         writer,
	"POST /w/{wid}/rounds":                            writer,
	"GET /w/{wid}/rounds/{round}":                     anyUser, // canSeeRound decides; a contact goes to the reading page
	"GET /w/{wid}/rounds/{round}/notice.docx":         anyUser, // canSeeRound decides
	"GET /w/{wid}/rounds/{round}/table.xlsx":          readers,
	"GET /w/{wid}/rounds/{round}/table.docx":          readers,
	"POST /w/{wid}/rounds/{round}/extend":             writer,
	"POST /w/{wid}/rounds/{round}/close":              writer,
	"POST /w/{wid}/rounds/{round}/remind":             writer,
	"GET /w/{wid}/rounds/{round}/seminar":             writer,
	"POST /w/{wid}/rounds/{round}/seminar":            writer,
	"POST /w/{wid}/rounds/{round}/seminar/{comment}":  writer, // the store decides: the writer who entered it
	"POST /w/{wid}/rounds/{round}/decisions":          writer,
	"POST /w/{wid}/rounds/{round}/links":              writer,
	"POST /w/{wid}/rounds/{round}/apply":              writer,
	"GET /w/{wid}/rounds/{round}/read":                anyUser,          // invited decides: the unit's contact or head
	"POST /w/{wid}/rounds/{round}/comments":           leader | contact, // invited decides
	"POST /w/{wid}/rounds/{round}/comments/{comment}": leader | contact, // the draft's own unit
	"POST /w/{wid}/rounds/{round}/send":               leader | contact, // invited decides
	"POST /w/{wid}/rounds/{round}/no-comments":        leader | contact, // invited decides
	"GET /w/{wid}/versions/{vid}/comments":            readers,
	"POST /api/v1/workspaces/{wid}/rounds":            writer,
	"POST /api/v1/rounds/{round}/comments":            writer | leader | contact, // a writer enters seminar opinions
	"POST /api/v1/rounds/{round}/send":                leader | contact,
	"POST /api/v1/rounds/{round}/no-comments":         leader | contact,
	"GET /api/v1/rounds/{round}/status":               anyUser, // canSeeRound decides
	"GET /api/v1/rounds/{round}/table.xlsx":           readers,
	"GET /api/v1/rounds/{round}/table.docx":           readers,
	"GET /api/v1/versions/{vid}/comments":             readers,
	"POST /api/v1/comments/{comment}/decision":        writer,

	"GET /admin/workspaces":           admin,
	"POST /admin/workspaces":          admin,
	"GET /admin/units":                admin,
	"POST /admin/units":               admin,
	"GET /admin/units/{uid}/edit":     admin,
	"POST /admin/units/{uid}":         admin,
	"GET /admin/users":                admin,
	"GET /admin/users/new":            admin,
	"POST /admin/users":               admin,
	"GET /admin/users/{id}/edit":      admin,
	"POST /admin/users/{id}":          admin,
	"GET /admin/users/{id}/password":  admin,
	"POST /admin/users/{id}/password": admin,
	"POST /admin/users/{id}/unlock":   admin,
	"GET /admin/audit":                admin,
	"GET /admin/audit.xlsx":           admin,

	"GET /api/v1/workspaces":                 anyUser,
	"GET /api/v1/units":                      anyUser,
	"POST /api/v1/workspaces/{wid}/versions": writer,
	"GET /api/v1/versions/{vid}":             anyUser, // canReadVersion decides
}

// roleAccess maps a user's role to its bit in the table.
func roleAccess(r report.Role) access {
	switch r {
	case report.RoleAdmin:
		return admin
	case report.RoleWriter:
		return writer
	case report.RoleLeader:
		return leader
	case report.RoleContact:
		return contact
	}
	return 0
}

// allowed reports whether u (nil when nobody is logged in) may use a route admitting a.
func allowed(a access, u *report.User) bool {
	if a&public != 0 {
		return true
	}
	return u != nil && a&roleAccess(u.Role) != 0
}

// canSeeUnit reports whether u may see a unit's page: a contact only their own unit's.
func canSeeUnit(u *report.User, unitID int64) bool {
	if u.Role == report.RoleContact {
		return u.UnitID == unitID
	}
	return true
}

// canReadReport reports whether u may read the report's versions.
func canReadReport(u *report.User) bool { return allowed(readers, u) }

// canReadVersion reports whether u may read a version: readers any version; a contact only a
// version sent to their unit (the processes that send one extend this).
func (s *Server) canReadVersion(r *http.Request, v *report.Version) (bool, error) {
	u := currentUser(r)
	if canReadReport(u) {
		return true, nil
	}
	if u.Role != report.RoleContact || u.UnitID == 0 {
		return false, nil
	}
	// a contact reads the version a comment round sent to their unit
	rs, err := s.store.Rounds(r.Context(), v.WorkspaceID)
	if err != nil {
		return false, err
	}
	for _, sum := range rs {
		if sum.VersionID != v.ID {
			continue
		}
		rd, err := s.store.Round(r.Context(), sum.ID)
		if err != nil {
			return false, err
		}
		if rd.Recipient(u.UnitID) != nil {
			return true, nil
		}
	}
	return false, nil
}

// canUpload reports whether u may add a version.
func canUpload(u *report.User) bool { return u != nil && u.Role == report.RoleWriter }

// isAdmin reports whether u manages units, users and reads the audit log.
func isAdmin(u *report.User) bool { return u != nil && u.Role == report.RoleAdmin }

// handle registers a handler behind the authorisation table, the body limit and the CSRF check.
func (s *Server) handle(pattern string, h http.HandlerFunc) {
	a, ok := permissions[pattern]
	if !ok {
		panic(fmt.Sprintf("web: route %q has no entry in the permissions table", pattern))
	}
	s.routes = append(s.routes, pattern)
	s.mux.Handle(pattern, s.authorize(pattern, a, s.limitBody(pattern, s.checkCSRF(h))))
}

// beforePasswordChange are the routes a user whose password an administrator handed out may
// use before changing it; every other page leads to the password page.
var beforePasswordChange = map[string]bool{
	"GET /account/password": true, "POST /account/password": true, "POST /logout": true,
	"GET /login": true, "POST /login": true, "GET /static/{hash}/{name}": true, "GET /healthz": true,
	"GET /favicon.ico": true,
}

// checkAccessTable panics when the table names a route nobody registered, so the table cannot
// drift from the routes.
func (s *Server) checkAccessTable() {
	registered := make(map[string]bool, len(s.routes))
	for _, p := range s.routes {
		registered[p] = true
	}
	var stale []string
	for p := range permissions {
		if !registered[p] {
			stale = append(stale, p)
		}
	}
	sort.Strings(stale)
	if len(stale) > 0 {
		panic(fmt.Sprintf("web: permissions for unregistered routes: %v", stale))
	}
}

// authorize admits the visitors the table allows: nobody logged in is sent to the login page,
// a user without the role gets 403.
func (s *Server) authorize(pattern string, a access, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := currentUser(r)
		if u != nil && u.MustChangePassword && !usedToken(r) && !beforePasswordChange[pattern] {
			if r.Method == http.MethodGet && !isAPI(r) {
				http.Redirect(w, r, "/account/password", http.StatusSeeOther)
				return
			}
			s.fail(w, r, report.Errorf(report.EFORBIDDEN, "请先修改管理员分配的初始密码"))
			return
		}
		if allowed(a, u) {
			next.ServeHTTP(w, r)
			return
		}
		if u == nil && isAPI(r) {
			s.fail(w, r, report.Errorf(report.EUNAUTHORIZED, "请先登录，或在 Authorization 头中提供 API 令牌"))
			return
		}
		if u == nil {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		s.fail(w, r, report.Errorf(report.EFORBIDDEN, "您没有权限访问此页面"))
	})
}
