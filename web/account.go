package web

import (
	"net/http"

	"qicao/report"
)

type passwordPage struct {
	page
	Message string
	Done    bool
	Must    bool // the password was handed out by an administrator
}

func (s *Server) showPasswordPage(w http.ResponseWriter, r *http.Request) {
	p := &passwordPage{page: s.newPage(r, "修改密码"), Must: currentUser(r).MustChangePassword}
	p.Nav = "password"
	s.render(w, r, http.StatusOK, "password", p)
}

// savePassword changes the current user's password; it asks for the old one, so a borrowed
// browser cannot take the account over.
func (s *Server) savePassword(w http.ResponseWriter, r *http.Request) {
	u := *currentUser(r)
	p := &passwordPage{page: s.newPage(r, "修改密码"), Must: u.MustChangePassword}
	p.Nav = "password"
	oldPw, newPw, again := r.PostFormValue("old"), r.PostFormValue("new"), r.PostFormValue("again")
	s.hashing <- struct{}{}
	ok := passwordMatches(oldPw, u.PasswordHash)
	<-s.hashing
	var err error
	switch {
	case !ok:
		err = report.Errorf(report.EINVALID, "原密码不正确")
	case newPw != again:
		err = report.Errorf(report.EINVALID, "两次输入的新密码不一致")
	case newPw == oldPw:
		err = report.Errorf(report.EINVALID, "新密码不能与原密码相同")
	default:
		if err = CheckPassword(newPw, u.Username); err == nil {
			u.PasswordHash, err = HashPassword(newPw)
			u.MustChangePassword = false
		}
	}
	if err == nil {
		err = s.store.UpdateUser(r.Context(), &u, s.entry(r, "user.password", userTarget(u.ID), "本人修改"))
	}
	if err == nil {
		err = s.store.DeleteUserSessions(r.Context(), u.ID, currentSession(r).TokenHash)
	}
	s.logins.forgetUser(u.ID)
	if err != nil {
		if report.ErrorCode(err) == report.EINTERNAL {
			s.fail(w, r, err)
			return
		}
		p.Message = report.ErrorMessage(err)
		s.render(w, r, http.StatusBadRequest, "password", p)
		return
	}
	p.Done, p.Must = true, false
	s.render(w, r, http.StatusOK, "password", p)
}
