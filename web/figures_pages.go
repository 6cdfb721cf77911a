package web

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"qicao/docx"
	"qicao/figures"
	"qicao/render"
	"qicao/report"
)

// The 数据指标 pages: the register, one indicator, the confirmation board, the 填充稿 downloads,
// binding a selection on the version page and the departments' .xlsx template.

type indicatorRow struct {
	report.Indicator
	Owner    string
	Display  string
	Sentence string
	CanFill  bool
}

type figuresPage struct {
	page
	Rows      []indicatorRow
	Units     []report.Unit // departments and townships, for owners
	Owners    []ownerRow
	Statuses  []report.FigureStatus
	Mine      bool // a department's view: its own figures, with the fill forms
	MyUnit    string
	Counts    map[report.FigureStatus]int
	Message   string
	Notice    string
	CanManage bool
}

type ownerRow struct {
	Name string
	Unit string
}

func (s *Server) showFiguresPage(w http.ResponseWriter, r *http.Request) {
	s.renderFigures(w, r, http.StatusOK, "", r.URL.Query().Get("done"))
}

// notices are the short confirmations shown after a redirect.
var notices = map[string]string{
	"confirm":  "已确认本单位全部数据。",
	"import":   "已导入填报表。",
	"saved":    "已保存。",
	"created":  "已新增指标。",
	"owner":    "已保存指标与单位的对应关系。",
	"reminded": "已催办。",
}

func (s *Server) renderFigures(w http.ResponseWriter, r *http.Request, status int, msg, done string) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	inds, err := s.store.Indicators(r.Context(), ws.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names, units, err := s.unitIndex(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &figuresPage{page: s.newPage(r, "数据指标 · "+ws.Name), Statuses: report.FigureStatuses, Message: msg, Notice: notices[done],
		Counts: map[report.FigureStatus]int{}, CanManage: u.Role == report.RoleWriter}
	p.Workspace, p.Nav = ws, "figures"
	p.Mine = u.Role == report.RoleContact
	p.MyUnit = names[u.UnitID]
	sentences := s.latestSentences(r.Context(), ws)
	for _, ind := range inds {
		if p.Mine && ind.OwnerID != u.UnitID {
			continue
		}
		p.Counts[ind.Status]++
		p.Rows = append(p.Rows, indicatorRow{Indicator: ind, Owner: names[ind.OwnerID], Display: figures.Display(&ind), Sentence: sentences[ind.ID], CanFill: canFillFigure(u, &ind)})
	}
	for _, un := range units {
		if un.Kind == report.UnitDepartment || un.Kind == report.UnitTownship {
			p.Units = append(p.Units, un)
		}
	}
	if p.CanManage {
		os, err := s.store.FigureOwners(r.Context(), ws.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, o := range os {
			p.Owners = append(p.Owners, ownerRow{Name: o.Name, Unit: names[o.UnitID]})
		}
	}
	s.render(w, r, status, "figures", p)
}

func figuresURL(ws *report.Workspace, done string) string {
	return fmt.Sprintf("/w/%d/figures?done=%s", ws.ID, done)
}

// createIndicator adds an indicator to the register by hand.
func (s *Server) createIndicator(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	kind, err := figures.ParseKind(r.PostFormValue("kind"))
	if err != nil {
		s.renderFigures(w, r, http.StatusBadRequest, report.ErrorMessage(err), "")
		return
	}
	owner, _ := strconv.ParseInt(r.PostFormValue("owner"), 10, 64)
	ind := &report.Indicator{WorkspaceID: ws.ID, Name: figures.NormalizeName(r.PostFormValue("name")), Unit: figures.NormalizeUnit(r.PostFormValue("unit")),
		Period: strings.TrimSpace(r.PostFormValue("period")), Kind: kind, OwnerID: owner, Status: report.StatusPending,
		AllowText: r.PostFormValue("allow_text") != "", UpdatedBy: currentUser(r).ID}
	if ind.Period == "" {
		ind.Period = fmt.Sprintf("%d年", ws.Year-1)
	}
	audit := s.entry(r, "indicator.create", "", ind.Name)
	audit.WorkspaceID = ws.ID
	if err := s.store.CreateIndicator(r.Context(), ind, audit); err != nil {
		if report.ErrorCode(err) == report.EINTERNAL {
			s.fail(w, r, err)
			return
		}
		s.renderFigures(w, r, statusOf[report.ErrorCode(err)], report.ErrorMessage(err), "")
		return
	}
	http.Redirect(w, r, figuresURL(ws, "created"), http.StatusSeeOther)
}

// saveFigureOwner maps an indicator name to a department for later uploads.
func (s *Server) saveFigureOwner(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	unit, _ := strconv.ParseInt(r.PostFormValue("unit"), 10, 64)
	o := report.FigureOwner{WorkspaceID: ws.ID, Name: figures.NormalizeName(r.PostFormValue("name")), UnitID: unit}
	audit := s.entry(r, "figures.owner", workspaceTarget(ws.ID), o.Name)
	audit.WorkspaceID = ws.ID
	if err := s.store.SetFigureOwner(r.Context(), o, audit); err != nil {
		if report.ErrorCode(err) == report.EINTERNAL {
			s.fail(w, r, err)
			return
		}
		s.renderFigures(w, r, statusOf[report.ErrorCode(err)], report.ErrorMessage(err), "")
		return
	}
	http.Redirect(w, r, figuresURL(ws, "owner"), http.StatusSeeOther)
}

type figurePage struct {
	page
	Ind      *report.Indicator
	Owner    string
	Display  string
	History  []historyRow
	Places   []figureRow
	Units    []report.Unit
	Statuses []report.FigureStatus
	CanFill  bool
	Writer   bool
	Message  string
	Notice   string
	Deadline string
}

type historyRow struct {
	report.IndicatorChange
	Who string
}

func (s *Server) showFigurePage(w http.ResponseWriter, r *http.Request) {
	s.renderFigure(w, r, http.StatusOK, "", r.URL.Query().Get("done"))
}

func (s *Server) renderFigure(w http.ResponseWriter, r *http.Request, status int, msg, done string) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := pathID(r, "fid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	ind, err := s.indicatorIn(r.Context(), u, ws, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names, units, err := s.unitIndex(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hist, err := s.store.IndicatorHistory(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	who := map[int64]string{}
	for _, x := range users {
		who[x.ID] = displayName(x) + "（" + names[x.UnitID] + "）"
	}
	p := &figurePage{page: s.newPage(r, ind.Name+" · 数据指标"), Ind: ind, Owner: names[ind.OwnerID], Display: figures.Display(ind),
		Statuses: report.FigureStatuses, CanFill: canFillFigure(u, ind), Writer: u.Role == report.RoleWriter, Message: msg, Notice: notices[done]}
	p.Workspace, p.Nav = ws, "figures"
	if !ind.Deadline.IsZero() {
		p.Deadline = ind.Deadline.In(report.China).Format("2006-01-02")
	}
	for i := len(hist) - 1; i >= 0; i-- {
		p.History = append(p.History, historyRow{IndicatorChange: hist[i], Who: who[hist[i].By]})
	}
	for _, un := range units {
		if un.Kind == report.UnitDepartment || un.Kind == report.UnitTownship {
			p.Units = append(p.Units, un)
		}
	}
	if vs, err := s.store.Versions(r.Context(), ws.ID); err == nil && len(vs) > 0 {
		if ver, err := s.store.Version(r.Context(), vs[len(vs)-1].ID); err == nil {
			if set, err := s.figuresOf(r.Context(), ver); err == nil {
				for _, row := range set.Rows {
					if row.Indicator.ID == ind.ID {
						p.Places = append(p.Places, row)
					}
				}
			}
		}
	}
	s.render(w, r, status, "figure", p)
}

// figureForm reads the fill form: a department's three fields, and a writer's others.
func figureForm(r *http.Request, writer bool) figureInput {
	str := func(k string) *string {
		if _, ok := r.PostForm[k]; !ok {
			return nil
		}
		v := r.PostFormValue(k)
		return &v
	}
	in := figureInput{Value: str("value"), Status: str("status"), Note: str("note"), Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	if writer && r.PostFormValue("full") != "" {
		in.Name, in.Unit, in.Period, in.Kind, in.Source, in.LastYear, in.Deadline = str("name"), str("unit"), str("period"), str("kind"), str("source"), str("last_year"), str("deadline")
		allow := r.PostFormValue("allow_text") != ""
		in.AllowText = &allow
		if o := str("owner"); o != nil {
			id, _ := strconv.ParseInt(*o, 10, 64)
			in.OwnerID = &id
		}
	}
	return in
}

// saveFigure fills or corrects one indicator.
func (s *Server) saveFigure(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := pathID(r, "fid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	ind, err := s.indicatorFor(r.Context(), ws, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.updateFigure(r, ind, figureForm(r, u.Role == report.RoleWriter)); err != nil {
		code := report.ErrorCode(err)
		if code == report.EINTERNAL || code == report.EFORBIDDEN {
			s.fail(w, r, err)
			return
		}
		if r.PostFormValue("back") == "list" {
			s.renderFigures(w, r, statusOf[code], report.ErrorMessage(err), "")
			return
		}
		s.renderFigure(w, r, statusOf[code], report.ErrorMessage(err), "")
		return
	}
	if r.PostFormValue("back") == "list" {
		http.Redirect(w, r, figuresURL(ws, "saved"), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/figures/%d?done=saved", ws.ID, id), http.StatusSeeOther)
}

// confirmMyFigures is a department's 数据确认 of all its figures.
func (s *Server) confirmMyFigures(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.confirmFigures(r, ws); err != nil {
		if code := report.ErrorCode(err); code == report.EINTERNAL || code == report.EFORBIDDEN {
			s.fail(w, r, err)
			return
		}
		s.renderFigures(w, r, statusOf[report.ErrorCode(err)], report.ErrorMessage(err), "")
		return
	}
	http.Redirect(w, r, figuresURL(ws, "confirm"), http.StatusSeeOther)
}

// templateRows are the figures a unit fills, with their sentences.
func (s *Server) templateRows(r *http.Request, ws *report.Workspace, unitID int64) ([]figures.Row, []report.Indicator, error) {
	inds, err := s.store.Indicators(r.Context(), ws.ID)
	if err != nil {
		return nil, nil, err
	}
	sentences := s.latestSentences(r.Context(), ws)
	var rows []figures.Row
	var mine []report.Indicator
	for _, ind := range inds {
		if ind.OwnerID == unitID {
			rows = append(rows, figures.Row{Indicator: ind, Sentence: sentences[ind.ID]})
			mine = append(mine, ind)
		}
	}
	return rows, mine, nil
}

// exportFigures sends a unit's figures as the .xlsx template: a department its own, a writer
// any unit's (?unit=).
func (s *Server) exportFigures(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	unit := u.UnitID
	if u.Role != report.RoleContact {
		if unit, err = strconv.ParseInt(r.URL.Query().Get("unit"), 10, 64); err != nil {
			s.fail(w, r, report.Errorf(report.EINVALID, "请选择要导出的单位"))
			return
		}
	}
	rows, _, err := s.templateRows(r, ws, unit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := s.unitName(r.Context(), unit)
	var buf bytes.Buffer
	if err := figures.WriteTemplate(&buf, name, rows); err != nil {
		s.fail(w, r, err)
		return
	}
	file := fmt.Sprintf("%s-%s数据填报.xlsx", ws.Name, name)
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"figures.xlsx\"; filename*=UTF-8''%s", url.PathEscape(file)))
	h.Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes())
}

// importFigures reads a department's filled template: every row is checked first, then all the
// changes are stored in one transaction, or none.
func (s *Server) importFigures(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.importTemplate(r, ws); err != nil {
		if code := report.ErrorCode(err); code == report.EINTERNAL || code == report.EFORBIDDEN {
			s.fail(w, r, err)
			return
		}
		s.renderFigures(w, r, statusOf[report.ErrorCode(err)], report.ErrorMessage(err), "")
		return
	}
	http.Redirect(w, r, figuresURL(ws, "import"), http.StatusSeeOther)
}

func (s *Server) importTemplate(r *http.Request, ws *report.Workspace) error {
	u := currentUser(r)
	f, _, err := r.FormFile("file")
	if err != nil {
		return report.Errorf(report.EINVALID, "请选择填好的 .xlsx 填报表")
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	_, mine, err := s.templateRows(r, ws, u.UnitID)
	if err != nil {
		return err
	}
	ups, err := figures.ReadTemplate(bytes.NewReader(data), mine)
	if err != nil {
		return err
	}
	byID := map[int64]*report.Indicator{}
	for i := range mine {
		byID[mine[i].ID] = &mine[i]
	}
	var changed []*report.Indicator
	var problems []string
	for _, up := range ups {
		ind := byID[up.IndicatorID]
		next := *ind
		if up.Value == "" {
			next.Value = ""
		} else if v, err := figures.ParseValue(ind, up.Value); err != nil {
			problems = append(problems, fmt.Sprintf("第 %d 行：%s", up.Row, report.ErrorMessage(err)))
			continue
		} else {
			next.Value = v
		}
		if up.Status != "" {
			st, err := figures.ParseStatus(up.Status)
			if err != nil {
				problems = append(problems, fmt.Sprintf("第 %d 行：%s", up.Row, report.ErrorMessage(err)))
				continue
			}
			next.Status = st
		}
		if next.Value == "" {
			next.Status = report.StatusPending
		} else if next.Status == report.StatusPending {
			next.Status = report.StatusEstimate
		}
		if next.Status == report.StatusConfirmed {
			next.Reconfirm = false
		}
		next.Note = up.Note
		if next.Value == ind.Value && next.Status == ind.Status && next.Note == ind.Note && next.Reconfirm == ind.Reconfirm {
			continue
		}
		next.UpdatedBy = u.ID
		changed = append(changed, &next)
	}
	if len(problems) > 0 {
		return report.Errorf(report.EINVALID, "填报表有误，未导入任何数据：%s", strings.Join(problems, "；"))
	}
	if len(changed) == 0 {
		return nil
	}
	audit := s.entry(r, "figures.import", unitTarget(u.UnitID), fmt.Sprintf("导入填报表，修改 %d 项", len(changed)))
	audit.WorkspaceID = ws.ID
	return s.store.UpdateIndicators(r.Context(), changed, "导入填报表", audit)
}

// roundRow is one department on the confirmation board.
type roundRow struct {
	UnitID    int64
	Unit      string
	Total     int
	Filled    int
	Confirmed int
	Reconfirm int
	Last      time.Time // its latest confirmation
	Done      bool
}

type roundPage struct {
	page
	Rows      []roundRow
	Total     int
	Confirmed int
	Pending   int
	Overrides []report.FinalOverride
	CanRemind bool
	Notice    string
}

// showFigureRound is the confirmation round board before sign-off: who has confirmed.
func (s *Server) showFigureRound(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	inds, err := s.store.Indicators(r.Context(), ws.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cs, err := s.store.Confirmations(r.Context(), ws.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ovs, err := s.store.FinalOverrides(r.Context(), ws.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names, _, err := s.unitIndex(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	by := map[int64]*roundRow{}
	var order []int64
	p := &roundPage{page: s.newPage(r, "数据确认 · "+ws.Name), Overrides: ovs, CanRemind: currentUser(r).Role == report.RoleWriter, Notice: notices[r.URL.Query().Get("done")]}
	p.Workspace, p.Nav = ws, "figures"
	for _, ind := range inds {
		row := by[ind.OwnerID]
		if row == nil {
			row = &roundRow{UnitID: ind.OwnerID, Unit: names[ind.OwnerID]}
			if ind.OwnerID == 0 {
				row.Unit = "（未指定责任单位）"
			}
			by[ind.OwnerID] = row
			order = append(order, ind.OwnerID)
		}
		row.Total++
		p.Total++
		if ind.Value != "" {
			row.Filled++
		}
		if ind.Status == report.StatusConfirmed && !ind.Reconfirm {
			row.Confirmed++
			p.Confirmed++
		}
		if ind.Reconfirm {
			row.Reconfirm++
		}
	}
	for _, c := range cs {
		if row := by[c.UnitID]; row != nil {
			row.Last = c.At
		}
	}
	for _, id := range order {
		row := by[id]
		row.Done = row.Confirmed == row.Total
		p.Rows = append(p.Rows, *row)
	}
	sort.SliceStable(p.Rows, func(i, j int) bool {
		if p.Rows[i].Done != p.Rows[j].Done {
			return !p.Rows[i].Done
		}
		return p.Rows[i].Unit < p.Rows[j].Unit
	})
	p.Pending = p.Total - p.Confirmed
	s.render(w, r, http.StatusOK, "figures_round", p)
}

// remindFigures sends a 催办 to a department about its figures.
func (s *Server) remindFigures(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	unit, err := strconv.ParseInt(r.PostFormValue("unit"), 10, 64)
	if err != nil || unit <= 0 {
		s.fail(w, r, report.Errorf(report.EINVALID, "请选择要催办的单位"))
		return
	}
	if _, err := s.store.Unit(r.Context(), unit); err != nil {
		s.fail(w, r, report.Errorf(report.EINVALID, "要催办的单位不存在"))
		return
	}
	if err := s.remindUnit(r, ws, unit, figuresSubject, strings.TrimSpace(r.PostFormValue("note"))); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/figures/round?done=reminded", ws.ID), http.StatusSeeOther)
}

// versionOf loads the version of the URL with its document, for the 填充稿 and binding.
func (s *Server) versionOf(r *http.Request) (*report.Workspace, *report.Version, error) {
	ws, v, err := s.versionFrom(r)
	if err != nil {
		return nil, nil, err
	}
	ver := v.Version
	ver.Doc = v.Doc
	return ws, &ver, nil
}

// downloadFilled sends the 填充稿: the version with current values, as GB/T 9704 .docx or text.
func (s *Server) downloadFilled(w http.ResponseWriter, r *http.Request) {
	ws, ver, err := s.versionOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	doc, err := s.filledDoc(r.Context(), ver)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	h := w.Header()
	name := fmt.Sprintf("%s-第%d版-%s-填充稿", ws.Name, ver.Number, ver.Label)
	if strings.HasSuffix(r.URL.Path, ".txt") {
		if err := render.Text(&buf, doc); err != nil {
			s.fail(w, r, err)
			return
		}
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("Content-Disposition", fmt.Sprintf("inline; filename=\"filled-%d.txt\"; filename*=UTF-8''%s", ver.Number, url.PathEscape(name+".txt")))
	} else {
		if err := docx.Write(&buf, doc); err != nil {
			s.fail(w, r, err)
			return
		}
		h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"filled-%d.docx\"; filename*=UTF-8''%s", ver.Number, url.PathEscape(name+".docx")))
	}
	h.Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes())
	s.audit(r, "figures.filled", versionTarget(ver.ID), "")
}

// bindFigure binds a number selected on the version page.
func (s *Server) bindFigure(w http.ResponseWriter, r *http.Request) {
	ws, ver, err := s.versionOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := bindInput{BlockID: r.PostFormValue("block"), Name: r.PostFormValue("name"), Unit: r.PostFormValue("unit"), Kind: r.PostFormValue("kind")}
	in.Start, _ = strconv.Atoi(r.PostFormValue("start"))
	in.End, _ = strconv.Atoi(r.PostFormValue("end"))
	in.IndicatorID, _ = strconv.ParseInt(r.PostFormValue("indicator"), 10, 64)
	in.OwnerID, _ = strconv.ParseInt(r.PostFormValue("owner"), 10, 64)
	if _, err := s.bindSelection(r, ws, ver, in); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/versions/%d#figures", ws.ID, ver.ID), http.StatusSeeOther)
}

// figuresPanel is what the version page adds about the version's figures.
type figuresPanel struct {
	WorkspaceID int64
	VersionID   int64
	CSRF        string
	RowsHTML    template.HTML // the table of Rows, rendered with the paper
	Rows        []figureRow
	Unfilled    int
	Confirmed   int
	Findings    int
	Problems    []figures.Problem
	Indicators  []report.Indicator // for binding a selection to an existing one
	Units       []report.Unit
	CanBind     bool
}

// figureDoc renders the version's paper with its figures marked, and the 数据 findings at their
// paragraphs; the rest of the page is the cached rendering.
func (s *Server) figureDoc(v *versionView, set *figureSet) (template.HTML, error) {
	blocks := make([]bodyBlock, len(v.body.Blocks))
	copy(blocks, v.body.Blocks)
	byBlock := map[int][]figureRow{}
	for _, row := range set.Rows {
		byBlock[row.Block] = append(byBlock[row.Block], row)
	}
	for _, f := range set.Findings {
		sev, _ := f.Severity.MarshalText()
		b := &blocks[f.Block]
		b.Findings = append(append([]finding(nil), b.Findings...), finding{Block: f.Block, Start: f.Start, End: f.End, Severity: string(sev), Level: figures.FamilyName + f.Severity.String(), Message: f.Message})
	}
	for i, rows := range byBlock {
		blocks[i].Segments = figureSegments(blocks[i].Text, rows)
	}
	var buf bytes.Buffer
	if err := s.pages.byName["version"].ExecuteTemplate(&buf, "doc", docView{versionView: v, Body: bodyView{Title: v.body.Title, Blocks: blocks}}); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// figureSegments cuts a paragraph at its figures: each marked by its state.
func figureSegments(text string, rows []figureRow) []segment {
	rs := []rune(text)
	var segs []segment
	pos := 0
	for _, r := range rows {
		if r.Start < pos || r.End > len(rs) {
			continue
		}
		if r.Start > pos {
			segs = append(segs, segment{Text: string(rs[pos:r.Start])})
		}
		class, note := "fig-filled", r.Indicator.Name+"："+r.Display+"（"+string(r.Indicator.Status)+"）"
		switch {
		case r.Unfilled():
			class, note = "fig-unfilled", r.Indicator.Name+"：待填（"+r.Owner+"）"
		case r.Differs:
			class = "fig-differs"
			note += "，与文中不一致"
		case r.Indicator.Status == report.StatusConfirmed && !r.Indicator.Reconfirm:
			class = "fig-confirmed"
		}
		segs = append(segs, segment{Text: string(rs[r.Start:r.End]), Fig: class, Note: note})
		pos = r.End
	}
	if pos < len(rs) {
		segs = append(segs, segment{Text: string(rs[pos:])})
	}
	return segs
}

// addFigures adds the version's bound figures to its page: the panel, and the paper re-rendered
// with the figures marked and the 数据 findings at their paragraphs. A version without figures
// keeps its cached rendering.
func (s *Server) addFigures(r *http.Request, p *versionPage) error {
	ver := p.versionView.Version
	ver.Doc = p.versionView.Doc
	set, err := s.figuresOf(r.Context(), &ver)
	if err != nil {
		return err
	}
	u := currentUser(r)
	probs := p.versionView.problems
	canBind := canUpload(u)
	if len(set.Rows) == 0 && len(probs) == 0 && !canBind {
		return nil
	}
	panel := &figuresPanel{WorkspaceID: ver.WorkspaceID, VersionID: ver.ID, CSRF: p.CSRF, Rows: set.Rows, Findings: len(set.Findings), Problems: probs, CanBind: canBind}
	for _, row := range set.Rows {
		if row.Unfilled() {
			panel.Unfilled++
		} else if row.Indicator.Status == report.StatusConfirmed && !row.Indicator.Reconfirm {
			panel.Confirmed++
		}
	}
	if canBind {
		inds := set.Indicators
		if len(set.Rows) == 0 {
			all, err := s.store.Indicators(r.Context(), ver.WorkspaceID)
			if err != nil {
				return err
			}
			inds = map[int64]*report.Indicator{}
			for i := range all {
				inds[all[i].ID] = &all[i]
			}
		}
		for _, ind := range inds {
			panel.Indicators = append(panel.Indicators, *ind)
		}
		sort.Slice(panel.Indicators, func(i, j int) bool { return panel.Indicators[i].ID < panel.Indicators[j].ID })
		_, units, err := s.unitIndex(r.Context())
		if err != nil {
			return err
		}
		for _, un := range units {
			if un.Kind == report.UnitDepartment || un.Kind == report.UnitTownship {
				panel.Units = append(panel.Units, un)
			}
		}
	}
	p.Figures = panel
	if len(set.Rows) > 0 {
		v := p.versionView
		key := set.key()
		v.figures.Lock()
		defer v.figures.Unlock()
		if v.figures.key != key || v.figures.page == "" {
			page, err := s.figureDoc(v, set)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := s.pages.byName["version"].ExecuteTemplate(&buf, "figure-rows", panel); err != nil {
				return err
			}
			v.figures.key, v.figures.page, v.figures.rows = key, page, template.HTML(buf.String())
		}
		p.Page, panel.RowsHTML = v.figures.page, v.figures.rows
	}
	return nil
}

// key sums up what the paper shows of a set of figures, so that an unchanged set reuses its
// rendering.
func (fs *figureSet) key() uint64 {
	h := fnv.New64a()
	for _, r := range fs.Rows {
		fmt.Fprintf(h, "%d|%d|%d|%d|%s|%s|%s|%t|%t|%s\n", r.Binding.ID, r.Block, r.Start, r.End, r.Indicator.Name, r.Display, r.Indicator.Status, r.Indicator.Reconfirm, r.Differs, r.Owner)
	}
	for _, f := range fs.Findings {
		fmt.Fprintf(h, "%d|%d|%s\n", f.Block, f.Start, f.Message)
	}
	return h.Sum64()
}
