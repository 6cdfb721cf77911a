package web

import (
	"net/http"
	"strconv"

	"qicao/report"
)

type workspacesPage struct {
	page
	Workspaces []report.Workspace
}

// showWorkspacesPage lists the years' reports; with only one, it goes straight to it.
func (s *Server) showWorkspacesPage(w http.ResponseWriter, r *http.Request) {
	ws, err := s.store.Workspaces(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(ws) == 1 {
		http.Redirect(w, r, "/w/"+strconv.FormatInt(ws[0].ID, 10), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "workspaces", &workspacesPage{page: s.newPage(r, "工作区"), Workspaces: ws})
}

type homePage struct {
	page
	Versions    []versionRow
	MyUnit      *report.Unit
	Units       []unitGroup
	Group       []groupRow
	CanSetGroup bool
	Latest      *versionRow
	Todos       []todoItem
	Stages      *stageStatus
	// Withdrawn are the withdrawn versions, shown to those who may withdraw or restore them.
	Withdrawn []report.Version
}

type versionRow struct {
	report.Version
	Author string
	Words  int
}

type unitGroup struct {
	Kind  report.UnitKind
	Units []unitRow
}

type unitRow struct {
	report.Unit
	People []report.User
}

func (s *Server) showHomePage(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	p := &homePage{page: s.newPage(r, ws.Name)}
	p.Workspace, p.Nav = ws, "home"
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if unit, err := s.store.Unit(r.Context(), u.UnitID); err == nil {
		p.MyUnit = unit
	} else if report.ErrorCode(err) != report.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	if p.Todos, err = s.todos(r.Context(), u, ws); err != nil {
		s.fail(w, r, err)
		return
	}
	if canReadReport(u) {
		if p.Versions, err = s.versionRows(r, ws.ID, users); err != nil {
			s.fail(w, r, err)
			return
		}
		if len(p.Versions) > 0 {
			p.Latest = &p.Versions[0]
		}
		if canWithdraw(u) {
			if p.Withdrawn, err = s.store.WithdrawnVersions(r.Context(), ws.ID); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		units, err := s.store.Units(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Units = groupUnits(units, users)
		if p.Stages, err = s.stageStatus(r.Context(), ws.ID); err != nil {
			s.fail(w, r, err)
			return
		}
		seats, err := s.store.WorkspaceGroup(r.Context(), ws.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Group = draftingGroup(seats, users)
		p.CanSetGroup = canWrite(u) || u.Role == report.RoleAdmin
	}
	s.render(w, r, http.StatusOK, "home", p)
}

// versionRows lists a workspace's versions, newest first, with their authors and 字数.
func (s *Server) versionRows(r *http.Request, wid int64, users []report.User) ([]versionRow, error) {
	vs, err := s.store.Versions(r.Context(), wid)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(users))
	for _, u := range users {
		names[u.ID] = displayName(u)
	}
	rows := make([]versionRow, 0, len(vs))
	for i := len(vs) - 1; i >= 0; i-- {
		view, err := s.versionView(r, vs[i].ID)
		if err != nil {
			return nil, err
		}
		rows = append(rows, versionRow{Version: vs[i], Author: names[vs[i].AuthorID], Words: view.Words})
	}
	return rows, nil
}

func displayName(u report.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Username
}

var kindOrder = []report.UnitKind{report.UnitLeadership, report.UnitWriting, report.UnitTownship, report.UnitDepartment}

func groupUnits(units []report.Unit, users []report.User) []unitGroup {
	people := make(map[int64][]report.User)
	for _, u := range users {
		if !u.Disabled {
			people[u.UnitID] = append(people[u.UnitID], u)
		}
	}
	var groups []unitGroup
	for _, k := range kindOrder {
		g := unitGroup{Kind: k}
		for _, un := range units {
			if un.Kind == k {
				g.Units = append(g.Units, unitRow{Unit: un, People: people[un.ID]})
			}
		}
		if len(g.Units) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}

// draftingGroup lists the workspace's 起草领导小组 as the store orders it (组长, 副组长, 成员),
// leaving out accounts disabled since.
func draftingGroup(seats []report.GroupSeat, users []report.User) []groupRow {
	byID := map[int64]report.User{}
	for _, u := range users {
		byID[u.ID] = u
	}
	var g []groupRow
	for _, st := range seats {
		if u, ok := byID[st.UserID]; ok && !u.Disabled {
			g = append(g, groupRow{User: u, Role: st.Role})
		}
	}
	return g
}

// workspaceFrom loads the workspace named in the URL. A workspace never changes once created
// (the store has no way to), so it is kept after the first use.
func (s *Server) workspaceFrom(r *http.Request) (*report.Workspace, error) {
	id, err := pathID(r, "wid")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	ws, ok := s.workspaces[id]
	s.mu.Unlock()
	if ok {
		return ws, nil
	}
	ws, err = s.store.Workspace(r.Context(), id)
	if report.ErrorCode(err) == report.ENOTFOUND {
		return nil, notFound()
	} else if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.workspaces[id] = ws
	s.mu.Unlock()
	return ws, nil
}

// pathID reads a numeric ID from the URL; anything else is a page that does not exist.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound()
	}
	return id, nil
}
