package web

import (
	"net/http"
	"strings"

	"qicao/report"
)

type loginPage struct {
	page
	Username string
	Message  string
}

func (s *Server) showLoginPage(w http.ResponseWriter, r *http.Request) {
	if currentUser(r) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	p := s.newPage(r, "登录")
	p.CSRF = s.loginCSRF(w, r)
	s.render(w, r, http.StatusOK, "login", &loginPage{page: p})
}

// login checks a username and password. Every attempt counts as a failure until it succeeds,
// so a locked name stays locked however the attempts end, and no store read can race the count.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	username := strings.TrimSpace(r.PostFormValue("username"))
	password := r.PostFormValue("password")
	addr := remoteAddr(r)
	again := func(status int, msg string) {
		p := s.newPage(r, "登录")
		p.CSRF = s.loginCSRF(w, r)
		s.render(w, r, status, "login", &loginPage{page: p, Username: username, Message: msg})
	}
	if username == "" || password == "" || len(username) > 64 || len(password) > 512 {
		again(http.StatusBadRequest, "请输入用户名和密码")
		return
	}
	now := s.now()
	nUser, err := s.store.RecordLoginFailure(r.Context(), "user:"+strings.ToLower(username), now, throttleWindow)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	nAddr, err := s.store.RecordLoginFailure(r.Context(), "addr:"+addr, now, throttleWindow)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if nUser > maxUserFailures || nAddr > maxAddrFailures {
		s.audit(r, "login.locked", "user:"+username, "")
		again(http.StatusTooManyRequests, "登录失败次数过多，账号已暂时锁定，请 15 分钟后再试")
		return
	}
	u, err := s.store.UserByName(r.Context(), username)
	if err != nil && report.ErrorCode(err) != report.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	hash := dummyHash()
	if u != nil {
		hash = u.PasswordHash
	}
	s.hashing <- struct{}{}
	ok := passwordMatches(password, hash)
	<-s.hashing
	if u == nil || !ok || u.Disabled {
		s.audit(r, "login.failed", "user:"+username, "")
		again(http.StatusUnauthorized, "用户名或密码错误")
		return
	}
	for _, key := range []string{"user:" + strings.ToLower(username), "addr:" + addr} {
		if err := s.store.ClearLoginFailures(r.Context(), key); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.auditAs(r, u.ID, "login", userTarget(u.ID), "")
	http.SetCookie(w, s.cookie(r, loginCSRFCookie, "", -1))
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	if err := s.endSession(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	s.auditAs(r, u.ID, "logout", userTarget(u.ID), "")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
