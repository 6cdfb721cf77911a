package web

import (
	"net/http"
	"strconv"

	"qicao/report"
)

// groupRoles are the choices of the group page, 不在小组中 first.
var groupRoles = []report.GroupRole{report.GroupNone, report.GroupHead, report.GroupDeputy, report.GroupMember}

// groupPage sets a workspace's drafting leadership group (起草领导小组): one row per person who
// may be in it (contacts and disabled accounts may not), each with its place.
type groupPage struct {
	page
	Rows    []groupRow
	Roles   []report.GroupRole
	Message string
}

type groupRow struct {
	User report.User
	Unit string
	Role report.GroupRole
}

func (s *Server) showGroupPage(w http.ResponseWriter, r *http.Request) {
	s.renderGroup(w, r, http.StatusOK, nil, "")
}

// renderGroup shows the form with the places in chosen (the stored group when nil).
func (s *Server) renderGroup(w http.ResponseWriter, r *http.Request, status int, chosen map[int64]report.GroupRole, msg string) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if chosen == nil {
		seats, err := s.store.WorkspaceGroup(r.Context(), ws.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		chosen = map[int64]report.GroupRole{}
		for _, st := range seats {
			chosen[st.UserID] = st.Role
		}
	}
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, u := range units {
		names[u.ID] = u.Name
	}
	p := &groupPage{page: s.newPage(r, "起草领导小组 · "+ws.Name), Roles: groupRoles, Message: msg}
	p.Workspace, p.Nav = ws, "group"
	for _, u := range users {
		if u.Role == report.RoleContact || u.Disabled {
			continue
		}
		p.Rows = append(p.Rows, groupRow{User: u, Unit: names[u.UnitID], Role: chosen[u.ID]})
	}
	s.render(w, r, status, "group", p)
}

// setGroup replaces the workspace's group with the places the form gives; on a broken rule the
// form comes back with the choices kept and the reason, nothing stored.
func (s *Server) setGroup(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, report.Errorf(report.EINVALID, "表单无法读取"))
		return
	}
	ids, roles := r.PostForm["user"], r.PostForm["role"]
	if len(ids) == 0 || len(ids) != len(roles) {
		s.fail(w, r, report.Errorf(report.EINVALID, "表单不完整，请刷新页面后再试"))
		return
	}
	var seats []report.GroupSeat
	chosen := map[int64]report.GroupRole{}
	for i, v := range ids {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			s.fail(w, r, report.Errorf(report.EINVALID, "表单中的人员无效，请刷新页面后再试"))
			return
		}
		g := report.GroupRole(roles[i])
		chosen[id] = g
		if g != report.GroupNone {
			seats = append(seats, report.GroupSeat{UserID: id, Role: g})
		}
	}
	if err := s.store.SetWorkspaceGroup(r.Context(), ws.ID, seats, s.entry(r, "group.set", "", "")); err != nil {
		if report.ErrorCode(err) == report.EINVALID {
			s.renderGroup(w, r, http.StatusBadRequest, chosen, report.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/w/"+strconv.FormatInt(ws.ID, 10)+"#group", http.StatusSeeOther)
}
