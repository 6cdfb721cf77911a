package web

import (
	"net/http"
	"strconv"
	"strings"

	"qicao/report"
)

var roles = []report.Role{report.RoleAdmin, report.RoleWriter, report.RoleLeader, report.RoleContact}

type adminUsersPage struct {
	page
	Users []userRow
}

type userRow struct {
	report.User
	Unit string
}

func (s *Server) showAdminUsersPage(w http.ResponseWriter, r *http.Request) {
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	units, err := s.unitNames(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &adminUsersPage{page: s.newPage(r, "用户管理")}
	p.Nav = "users"
	for _, u := range users {
		p.Users = append(p.Users, userRow{User: u, Unit: units[u.UnitID]})
	}
	s.render(w, r, http.StatusOK, "admin_users", p)
}

func (s *Server) unitNames(r *http.Request) (map[int64]string, error) {
	units, err := s.store.Units(r.Context())
	if err != nil {
		return nil, err
	}
	m := make(map[int64]string, len(units))
	for _, u := range units {
		m[u.ID] = u.Name
	}
	return m, nil
}

type editUserPage struct {
	page
	New         bool
	Edited      report.User
	Units       []report.Unit
	Roles       []report.Role
	Message     string
	NewPassword string // shown once, after creating a user or resetting a password
	Notice      string
	Failures    int                    // failed logins at this account within the throttle's window
	Confirm     bool                   // the reset's confirmation page
	RoleUnits   map[report.Role]string // the unit kinds each role allows, for the form's script
}

func (s *Server) userForm(r *http.Request, status int, p *editUserPage) (*editUserPage, error) {
	units, err := s.store.Units(r.Context())
	if err != nil {
		return nil, err
	}
	p.page = s.newPage(r, "编辑用户")
	if p.New {
		p.Title = "新建用户"
	}
	p.Nav = "users"
	p.Units, p.Roles = units, roles
	p.RoleUnits = make(map[report.Role]string)
	for role, kinds := range roleUnits {
		var ks []string
		for _, k := range kinds {
			ks = append(ks, string(k))
		}
		p.RoleUnits[role] = strings.Join(ks, " ")
	}
	return p, nil
}

func (s *Server) renderUserForm(w http.ResponseWriter, r *http.Request, status int, p *editUserPage) {
	p, err := s.userForm(r, status, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "admin_user_edit", p)
}

// showNewUserPage offers a form whose defaults are valid together: most new users are the
// townships' and departments' contacts, so a contact of the first such unit.
func (s *Server) showNewUserPage(w http.ResponseWriter, r *http.Request) {
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := report.User{Role: report.RoleContact}
	for _, unit := range units {
		if roleFitsUnit(u.Role, unit.Kind) {
			u.UnitID = unit.ID
			break
		}
	}
	s.renderUserForm(w, r, http.StatusOK, &editUserPage{New: true, Edited: u})
}

func (s *Server) showEditUserPage(w http.ResponseWriter, r *http.Request) {
	s.showUser(w, r, false)
}

// showResetPage asks the administrator to confirm a password reset.
func (s *Server) showResetPage(w http.ResponseWriter, r *http.Request) {
	s.showUser(w, r, true)
}

func (s *Server) showUser(w http.ResponseWriter, r *http.Request, confirm bool) {
	u, err := s.userFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &editUserPage{Edited: *u, Confirm: confirm}
	if f := s.takeFlash(w, r, u.ID); f != nil && !confirm {
		p.NewPassword, p.Notice = f.Password, f.Notice
	}
	if p.Failures, _, err = s.store.LoginFailures(r.Context(), accountKey(u.Username), s.now(), throttleWindow); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderUserForm(w, r, http.StatusOK, p)
}

// unlockUser forgets the failed logins at an account from every address, lifting the delays.
func (s *Server) unlockUser(w http.ResponseWriter, r *http.Request) {
	u, err := s.userFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.ClearLoginFailures(r.Context(), accountKey(u.Username)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, "user.unlock", userTarget(u.ID), "")
	s.redirectWithFlash(w, r, u.ID, flash{For: u.ID, Notice: "已解除登录限制：此前的登录失败记录已清除"})
}

// redirectWithFlash ends a POST on the user's page, which shows f once.
func (s *Server) redirectWithFlash(w http.ResponseWriter, r *http.Request, id int64, f flash) {
	if err := s.setFlash(w, r, f); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/users/"+idString(id)+"/edit", http.StatusSeeOther)
}

// readUserFields copies the form onto u, refusing what the form could not have sent.
func (s *Server) readUserFields(r *http.Request, u *report.User) error {
	u.Name = strings.TrimSpace(r.PostFormValue("name"))
	u.Title = strings.TrimSpace(r.PostFormValue("title"))
	u.Role = report.Role(r.PostFormValue("role"))
	if err := checkText("姓名", u.Name, 1, 30); err != nil {
		return err
	}
	if err := checkText("职务", u.Title, 0, 50); err != nil {
		return err
	}
	if roleAccess(u.Role) == 0 {
		return report.Errorf(report.EINVALID, "请选择角色")
	}
	id, err := strconv.ParseInt(r.PostFormValue("unit"), 10, 64)
	if err != nil || id <= 0 {
		return report.Errorf(report.EINVALID, "请选择所属单位")
	}
	unit, err := s.store.Unit(r.Context(), id)
	if report.ErrorCode(err) == report.ENOTFOUND {
		return report.Errorf(report.EINVALID, "所选单位不存在")
	} else if err != nil {
		return err
	}
	if !roleFitsUnit(u.Role, unit.Kind) {
		return report.Errorf(report.EINVALID, "%s应属于%s，所选单位“%s”是%s", roleName(u.Role), unitKindsText(roleUnits[u.Role]), unit.Name, unitKindName(unit.Kind))
	}
	u.UnitID = unit.ID
	return nil
}

// roleUnits are the kinds of unit each role's people belong to: contacts to the townships and
// departments they speak for, writers to the writing team, leaders to the city's leadership or
// the department they head; an administrator may sit anywhere. The form offers only these.
var roleUnits = map[report.Role][]report.UnitKind{
	report.RoleContact: {report.UnitTownship, report.UnitDepartment},
	report.RoleWriter:  {report.UnitWriting},
	report.RoleLeader:  {report.UnitLeadership, report.UnitDepartment},
	report.RoleAdmin:   {report.UnitWriting, report.UnitLeadership, report.UnitDepartment, report.UnitTownship},
}

func roleFitsUnit(role report.Role, kind report.UnitKind) bool {
	for _, k := range roleUnits[role] {
		if k == kind {
			return true
		}
	}
	return false
}

func unitKindsText(kinds []report.UnitKind) string {
	var names []string
	for _, k := range kinds {
		names = append(names, unitKindName(k))
	}
	return strings.Join(names, "或")
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	u := &report.User{Username: strings.ToLower(strings.TrimSpace(r.PostFormValue("username"))), CreatedAt: s.now(), MustChangePassword: true}
	password := NewPassword()
	err := s.readUserFields(r, u)
	if err == nil && !validUsername(u.Username) {
		err = report.Errorf(report.EINVALID, "用户名应为 2–32 位小写字母、数字、点、横线或下划线，以字母或数字开头")
	}
	if err == nil {
		u.PasswordHash, err = HashPassword(password)
	}
	if err == nil {
		err = s.store.CreateUser(r.Context(), u, s.entry(r, "user.create", "", u.Username+" "+roleName(u.Role)))
	}
	if report.ErrorCode(err) == report.ECONFLICT {
		err = report.Errorf(report.ECONFLICT, "用户名 %s 已被使用", u.Username)
	}
	if err != nil {
		s.formError(w, r, err, func(status int, msg string) {
			s.renderUserForm(w, r, status, &editUserPage{New: true, Edited: *u, Message: msg})
		})
		return
	}
	s.redirectWithFlash(w, r, u.ID, flash{For: u.ID, Password: password, Notice: "已创建用户"})
}

func (s *Server) saveUser(w http.ResponseWriter, r *http.Request) {
	u, err := s.userFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	me := currentUser(r)
	edited := *u
	err = s.readUserFields(r, &edited)
	edited.Disabled = r.PostFormValue("disabled") == "on"
	if err == nil && edited.ID == me.ID && (edited.Disabled || edited.Role != report.RoleAdmin) {
		err = report.Errorf(report.EINVALID, "不能停用自己的账号或取消自己的管理员角色")
	}
	var units map[int64]string
	if err == nil {
		units, err = s.unitNames(r)
	}
	if err == nil {
		err = s.store.UpdateUser(r.Context(), &edited, s.entry(r, "user.update", userTarget(u.ID), userChange(u, &edited, units)))
	}
	s.logins.forgetUser(u.ID)
	if err != nil {
		s.formError(w, r, err, func(status int, msg string) {
			s.renderUserForm(w, r, status, &editUserPage{Edited: edited, Message: msg})
		})
		return
	}
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
}

// userChange describes an edit for the audit log.
func userChange(old, new *report.User, units map[int64]string) string {
	var parts []string
	if old.Role != new.Role {
		parts = append(parts, "角色 "+roleName(old.Role)+"→"+roleName(new.Role))
	}
	if old.UnitID != new.UnitID {
		parts = append(parts, "单位 "+units[old.UnitID]+"→"+units[new.UnitID])
	}
	if old.Disabled != new.Disabled {
		parts = append(parts, map[bool]string{true: "停用", false: "启用"}[new.Disabled])
	}
	if old.Name != new.Name || old.Title != new.Title {
		parts = append(parts, "资料")
	}
	return strings.Join(parts, "，")
}

// resetPassword gives a user a new generated password, shown once to the admin: the user must
// change it at the next login. It also lifts any login delay, since the old password's
// guessers are now guessing the wrong thing.
func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	u, err := s.userFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		s.fail(w, r, report.Errorf(report.EINVALID, "请在确认页面上确认重置密码"))
		return
	}
	password := NewPassword()
	if u.PasswordHash, err = HashPassword(password); err != nil {
		s.fail(w, r, err)
		return
	}
	u.MustChangePassword = true
	if err := s.store.UpdateUser(r.Context(), u, s.entry(r, "user.password", userTarget(u.ID), "管理员重置")); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.DeleteUserSessions(r.Context(), u.ID, ""); err != nil {
		s.fail(w, r, err)
		return
	}
	s.logins.forgetUser(u.ID)
	if err := s.store.ClearLoginFailures(r.Context(), accountKey(u.Username)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, u.ID, flash{For: u.ID, Password: password, Notice: "密码已重置，登录限制已解除"})
}

func (s *Server) userFrom(r *http.Request) (*report.User, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	u, err := s.store.User(r.Context(), id)
	if report.ErrorCode(err) == report.ENOTFOUND {
		return nil, notFound()
	}
	return u, err
}

// validUsername matches usernames, which are typed on phones and read aloud: plain ASCII,
// ^[a-z0-9][a-z0-9._-]{1,31}$, by hand: a regexp compiled at package
// initialisation would slow every qicao command, not only the server.
func validUsername(s string) bool {
	if len(s) < 2 || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || c != '.' && c != '_' && c != '-') {
			return false
		}
	}
	return true
}
