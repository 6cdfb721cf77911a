package web

import (
	"fmt"
	"net/http"
	"strconv"

	"qicao/report"
)

func userTarget(id int64) string      { return fmt.Sprintf("user:%d", id) }
func unitTarget(id int64) string      { return fmt.Sprintf("unit:%d", id) }
func versionTarget(id int64) string   { return fmt.Sprintf("version:%d", id) }
func workspaceTarget(id int64) string { return fmt.Sprintf("workspace:%d", id) }

// entry is the audit record of a change the current user makes.
func (s *Server) entry(r *http.Request, action, target, detail string) report.AuditEntry {
	var uid int64
	if u := currentUser(r); u != nil {
		uid = u.ID
	}
	return report.AuditEntry{At: s.now(), UserID: uid, Action: action, Target: target, Detail: detail, RemoteAddr: s.clientAddr(r)}
}

// audit records an event that changes nothing else, such as a failed login.
func (s *Server) audit(r *http.Request, action, target, detail string) {
	s.record(r, s.entry(r, action, target, detail))
}

func (s *Server) auditAs(r *http.Request, uid int64, action, target, detail string) {
	e := s.entry(r, action, target, detail)
	e.UserID = uid
	s.record(r, e)
}

func (s *Server) record(r *http.Request, e report.AuditEntry) {
	if err := s.store.Audit(r.Context(), e); err != nil {
		s.log.Error("writing audit entry", "action", e.Action, "err", err)
	}
}

type auditPage struct {
	page
	Entries []auditRow
	Page    int
	Prev    int
	Next    int
}

type auditRow struct {
	report.AuditEntry
	Who string
}

const auditPageSize = 100

func (s *Server) showAuditPage(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if n < 1 || n > 100000 {
		n = 1
	}
	entries, err := s.store.AuditLog(r.Context(), auditPageSize+1, (n-1)*auditPageSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := make(map[int64]string, len(users))
	for _, u := range users {
		names[u.ID] = u.Username
	}
	p := &auditPage{page: s.newPage(r, "审计日志"), Page: n}
	p.Nav = "audit"
	if len(entries) > auditPageSize {
		entries = entries[:auditPageSize]
		p.Next = n + 1
	}
	if n > 1 {
		p.Prev = n - 1
	}
	for _, e := range entries {
		who := names[e.UserID]
		if e.UserID == 0 {
			who = "（系统或匿名）"
		}
		p.Entries = append(p.Entries, auditRow{AuditEntry: e, Who: who})
	}
	s.render(w, r, http.StatusOK, "audit", p)
}
