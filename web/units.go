package web

import (
	"net/http"
	"strconv"
	"strings"

	"qicao/report"
)

type unitPage struct {
	page
	Unit   *report.Unit
	People []report.User
}

// showUnitPage shows a unit and its people. A contact sees only their own unit; any other ID,
// existing or not, is a page that does not exist for them.
func (s *Server) showUnitPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "uid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !canSeeUnit(currentUser(r), id) {
		s.fail(w, r, notFound())
		return
	}
	un, err := s.store.Unit(r.Context(), id)
	if report.ErrorCode(err) == report.ENOTFOUND {
		err = notFound()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &unitPage{page: s.newPage(r, un.Name), Unit: un}
	p.Nav = "unit"
	for _, u := range users {
		if u.UnitID == un.ID && !u.Disabled {
			p.People = append(p.People, u)
		}
	}
	s.render(w, r, http.StatusOK, "unit", p)
}

type adminUnitsPage struct {
	page
	Groups  []unitGroup
	Kinds   []report.UnitKind
	Name    string
	Kind    report.UnitKind
	Message string
}

func (s *Server) showAdminUnitsPage(w http.ResponseWriter, r *http.Request) {
	s.renderAdminUnits(w, r, http.StatusOK, "", "", "")
}

func (s *Server) renderAdminUnits(w http.ResponseWriter, r *http.Request, status int, name string, kind report.UnitKind, msg string) {
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &adminUnitsPage{page: s.newPage(r, "单位管理"), Groups: groupUnits(units, users), Kinds: kindOrder, Name: name, Kind: kind, Message: msg}
	p.Nav = "units"
	s.render(w, r, status, "admin_units", p)
}

// unitForm reads and validates a unit's fields.
func unitForm(r *http.Request) (string, report.UnitKind, error) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	kind := report.UnitKind(r.PostFormValue("kind"))
	if err := checkText("单位名称", name, 1, 50); err != nil {
		return name, kind, err
	}
	if !validKind(kind) {
		return name, kind, report.Errorf(report.EINVALID, "请选择单位类型")
	}
	return name, kind, nil
}

func validKind(k report.UnitKind) bool {
	for _, x := range kindOrder {
		if k == x {
			return true
		}
	}
	return false
}

func (s *Server) createUnit(w http.ResponseWriter, r *http.Request) {
	name, kind, err := unitForm(r)
	if err == nil {
		u := &report.Unit{Name: name, Kind: kind}
		err = s.store.CreateUnit(r.Context(), u, s.entry(r, "unit.create", "", name))
	}
	if err != nil {
		s.formError(w, r, err, func(status int, msg string) { s.renderAdminUnits(w, r, status, name, kind, msg) })
		return
	}
	http.Redirect(w, r, "/admin/units", http.StatusSeeOther)
}

type editUnitPage struct {
	page
	Unit    report.Unit
	Kinds   []report.UnitKind
	Message string
}

func (s *Server) showEditUnitPage(w http.ResponseWriter, r *http.Request) {
	un, err := s.unitFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &editUnitPage{page: s.newPage(r, "编辑单位"), Unit: *un, Kinds: kindOrder}
	p.Nav = "units"
	s.render(w, r, http.StatusOK, "admin_unit_edit", p)
}

func (s *Server) saveUnit(w http.ResponseWriter, r *http.Request) {
	un, err := s.unitFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name, kind, err := unitForm(r)
	if err == nil {
		un.Name, un.Kind = name, kind
		err = s.store.UpdateUnit(r.Context(), un, s.entry(r, "unit.update", unitTarget(un.ID), name))
	}
	if err != nil {
		s.formError(w, r, err, func(status int, msg string) {
			p := &editUnitPage{page: s.newPage(r, "编辑单位"), Unit: report.Unit{ID: un.ID, Name: name, Kind: kind}, Kinds: kindOrder, Message: msg}
			p.Nav = "units"
			s.render(w, r, status, "admin_unit_edit", p)
		})
		return
	}
	http.Redirect(w, r, "/admin/units", http.StatusSeeOther)
}

func (s *Server) unitFrom(r *http.Request) (*report.Unit, error) {
	id, err := pathID(r, "uid")
	if err != nil {
		return nil, err
	}
	un, err := s.store.Unit(r.Context(), id)
	if report.ErrorCode(err) == report.ENOTFOUND {
		return nil, notFound()
	}
	return un, err
}

// formError shows a user's mistake again on the form, and anything else as an error page.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, err error, again func(status int, msg string)) {
	switch report.ErrorCode(err) {
	case report.EINVALID, report.ECONFLICT, report.ETOOLARGE:
		again(statusOf[report.ErrorCode(err)], report.ErrorMessage(err))
	default:
		s.fail(w, r, err)
	}
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }
