package web

import (
	"context"
	"net/http"
	"strings"
	"time"

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

// login checks a username and password under the throttle (throttle.go). The throttle is read
// while holding a hashing slot, so that at most as many attempts as there are slots can pass
// the check before their failures are counted.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	username := strings.TrimSpace(r.PostFormValue("username"))
	password := r.PostFormValue("password")
	addr := s.clientAddr(r)
	shown := printable(username)
	again := func(status int, msg string) {
		p := s.newPage(r, "登录")
		p.CSRF = s.loginCSRF(w, r)
		s.render(w, r, status, "login", &loginPage{page: p, Username: strings.ToValidUTF8(username, ""), Message: msg})
	}
	if username == "" || password == "" || len(username) > 64 || len(password) > 512 {
		again(http.StatusBadRequest, "请输入用户名和密码")
		return
	}
	u, err := s.store.UserByName(r.Context(), username)
	if err != nil && report.ErrorCode(err) != report.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	device := s.knownDevice(r, u)
	keys := throttleKeys(username, addr, device)
	ok, wait, by, err := s.checkPassword(r.Context(), u, password, keys)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wait > 0 {
		s.auditSummed(r, "login.throttled", "login:"+shown, by, shown)
		again(http.StatusTooManyRequests, "登录尝试过于频繁，请 "+waitText(wait)+"后再试；在本浏览器登录过的用户不受影响")
		return
	}
	if !ok {
		if u == nil {
			s.auditSummed(r, "login.failed", "login:"+shown, "addr:"+addr, shown)
		} else {
			s.audit(r, "login.failed", userTarget(u.ID), "用户名："+shown)
		}
		again(http.StatusUnauthorized, "用户名或密码错误")
		return
	}
	// the success proves this pair only: the account's and the address's counts stay
	if err := s.store.ClearLoginFailures(r.Context(), keys[0].key); err != nil {
		s.fail(w, r, err)
		return
	}
	// a login over an existing session ends that session, whoever it belonged to
	if err := s.endSession(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.giveDevice(w, r, u, device); err != nil {
		s.fail(w, r, err)
		return
	}
	s.auditAs(r, u.ID, "login", userTarget(u.ID), "")
	http.SetCookie(w, s.cookie(r, loginCSRFCookie, "", -1))
	if u.MustChangePassword {
		http.Redirect(w, r, "/account/password", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// checkPassword compares password with u's (with a dummy hash when u is nil, so that an unknown
// name takes as long) unless the throttle asks to wait, and counts a failure on keys.
func (s *Server) checkPassword(ctx context.Context, u *report.User, password string, keys []throttleKey) (ok bool, wait time.Duration, by string, err error) {
	s.hashing <- struct{}{}
	defer func() { <-s.hashing }()
	now := s.now()
	if wait, by, err = s.throttleWait(ctx, keys, now); err != nil || wait > 0 {
		return false, wait, by, err
	}
	hash := dummyHash()
	if u != nil {
		hash = u.PasswordHash
	}
	ok = passwordMatches(password, hash) && u != nil && !u.Disabled
	if !ok {
		err = s.recordFailure(ctx, keys, now)
	}
	return ok, 0, "", err
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
