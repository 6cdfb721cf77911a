package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"qicao/material"
	"qicao/report"
)

// The pages of 材料征集 (campaigns, the board, submitting, 民生实事), reading and searching the
// material, excerpts, and 调研. Each action calls the service function in material.go.

type campaignsPage struct {
	page
	Campaigns []campaignRow
}

type campaignRow struct {
	report.Campaign
	Sent, Missing, Units int
	Mine                 string // for a contact: what their unit still owes
}

func (s *Server) showCampaignsPage(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	cs, err := s.campaignsFor(r.Context(), u, ws.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &campaignsPage{page: s.newPage(r, "材料征集")}
	p.Workspace, p.Nav = ws, "material"
	for i := range cs {
		b, err := s.board(r.Context(), &cs[i])
		if err != nil {
			s.fail(w, r, err)
			return
		}
		row := campaignRow{Campaign: cs[i], Sent: b.Sent, Missing: b.Missing, Units: len(b.Rows)}
		if u.Role == report.RoleContact {
			for _, br := range b.Rows {
				if br.Unit.ID == u.UnitID {
					row.Mine = fmt.Sprintf("尚有 %d 项必报材料未报送", br.Missing)
					if br.Missing == 0 {
						row.Mine = "必报材料已全部报送"
					}
				}
			}
		}
		p.Campaigns = append(p.Campaigns, row)
	}
	s.render(w, r, http.StatusOK, "campaigns", p)
}

type campaignFormPage struct {
	page
	Message string
	In      campaignForm
	Units   []unitGroup
}

// campaignForm is the form's fields as typed, shown again after a mistake.
type campaignForm struct {
	Title, Office, DocNumber, Date, Deadline, DeadlineTime, Note, ContactName, Phone string
	Items                                                                            []report.CampaignItem
	Units                                                                            map[int64]bool
	Kinds                                                                            map[string]bool
}

const formItems = 8

func (s *Server) showNewCampaignPage(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.now().In(report.China)
	in := campaignForm{
		Title:  fmt.Sprintf("关于报送%d年政府工作报告起草材料的通知", ws.Year),
		Office: "市人民政府办公室", Date: now.Format("2006-01-02"), Deadline: now.AddDate(0, 0, 14).Format("2006-01-02"),
		DeadlineTime: "18:00", Items: material.DefaultItems(), Kinds: map[string]bool{"township": true, "department": true},
		Note: fmt.Sprintf("为做好%d年政府工作报告起草工作，请各单位认真总结本年度工作，谋划下一年度工作思路，按要求报送以下材料。", ws.Year),
	}
	s.renderCampaignForm(w, r, ws, http.StatusOK, in, "")
}

func (s *Server) renderCampaignForm(w http.ResponseWriter, r *http.Request, ws *report.Workspace, status int, in campaignForm, msg string) {
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for len(in.Items) < formItems {
		in.Items = append(in.Items, report.CampaignItem{})
	}
	p := &campaignFormPage{page: s.newPage(r, "发起材料征集"), Message: msg, In: in, Units: groupUnits(units, nil)}
	p.Workspace, p.Nav = ws, "material"
	s.render(w, r, status, "campaign_new", p)
}

// parseDay reads a date typed as 2026-10-19.
func parseDay(field, v string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(v), report.China)
	if err != nil {
		return time.Time{}, report.Errorf(report.EINVALID, "%s格式应为 2026-10-19", field)
	}
	return t, nil
}

func (s *Server) createCampaign(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	in := campaignForm{Title: f.Get("title"), Office: f.Get("office"), DocNumber: f.Get("doc_number"), Date: f.Get("date"),
		Deadline: f.Get("deadline"), DeadlineTime: f.Get("deadline_time"), Note: f.Get("note"), ContactName: f.Get("contact_name"),
		Phone: f.Get("phone"), Units: map[int64]bool{}, Kinds: map[string]bool{}}
	names, notes := f["item_name"], f["item_note"]
	for i := 0; i < len(names) && i < 50; i++ {
		it := report.CampaignItem{Name: strings.TrimSpace(names[i])}
		if i < len(notes) {
			it.Note = notes[i]
		}
		idx := strconv.Itoa(i)
		it.Required = f.Get("item_required_"+idx) != ""
		it.Rows = f.Get("item_rows_"+idx) != ""
		in.Items = append(in.Items, it)
	}
	ci := campaignInput{Title: in.Title, Office: in.Office, DocNumber: in.DocNumber, Note: in.Note, ContactName: in.ContactName, Phone: in.Phone}
	for _, it := range in.Items {
		if it.Name != "" {
			ci.Items = append(ci.Items, it)
		}
	}
	if ci.Items == nil {
		ci.Items = []report.CampaignItem{}
	}
	for _, v := range f["unit"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.renderCampaignForm(w, r, ws, http.StatusBadRequest, in, "主送单位不存在")
			return
		}
		in.Units[id] = true
		ci.UnitIDs = append(ci.UnitIDs, id)
	}
	for _, k := range f["kind"] {
		if k == string(report.UnitTownship) || k == string(report.UnitDepartment) {
			in.Kinds[k] = true
			ci.Kinds = append(ci.Kinds, report.UnitKind(k))
		}
	}
	fail := func(err error) {
		s.formError(w, r, err, func(status int, msg string) { s.renderCampaignForm(w, r, ws, status, in, msg) })
	}
	if len(ci.Items) == 0 {
		fail(report.Errorf(report.EINVALID, "请至少列出一项报送材料"))
		return
	}
	if ci.Date, err = parseDay("成文日期", in.Date); err != nil {
		fail(err)
		return
	}
	if ci.Deadline, err = parseDeadline(in.Deadline, in.DeadlineTime); err != nil {
		fail(err)
		return
	}
	c, err := s.openCampaign(r, ws, ci)
	if err != nil {
		fail(err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/campaigns/%d", ws.ID, c.ID), http.StatusSeeOther)
}

// campaignFrom loads the workspace and the campaign named in the URL.
func (s *Server) campaignFrom(r *http.Request) (*report.Workspace, *report.Campaign, error) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		return nil, nil, err
	}
	id, err := pathID(r, "cid")
	if err != nil {
		return nil, nil, err
	}
	c, err := s.campaignByID(r, id)
	if err != nil {
		return nil, nil, err
	}
	if c.WorkspaceID != ws.ID {
		return nil, nil, notFound()
	}
	return ws, c, nil
}

type boardPage struct {
	page
	Campaign *report.Campaign
	Board    *material.Board
	Overdue  bool
	Message  string
	CanWrite bool
}

func (s *Server) showBoardPage(w http.ResponseWriter, r *http.Request) {
	ws, c, err := s.campaignFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	if u.Role == report.RoleContact {
		http.Redirect(w, r, fmt.Sprintf("/w/%d/campaigns/%d/units/%d", ws.ID, c.ID, u.UnitID), http.StatusSeeOther)
		return
	}
	b, err := s.board(r.Context(), c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &boardPage{page: s.newPage(r, c.Title), Campaign: c, Board: b, Overdue: s.now().After(c.Deadline), CanWrite: canWrite(u)}
	if r.URL.Query().Get("reminded") != "" {
		p.Message = "已催办：" + r.URL.Query().Get("reminded") + " 个单位的待办中将置顶此项"
	}
	p.Workspace, p.Nav = ws, "material"
	s.render(w, r, http.StatusOK, "campaign", p)
}

func (s *Server) downloadBoard(w http.ResponseWriter, r *http.Request) {
	_, c, err := s.campaignFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := s.board(r.Context(), c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := material.WriteBoard(&buf, b); err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, fmt.Sprintf("board-%d.xlsx", c.ID), "报送情况表.xlsx", "xlsx", buf.Bytes())
}

// sendFile sends bytes as a download named name (ascii is the fallback name).
func sendFile(w http.ResponseWriter, ascii, name, format string, data []byte) {
	downloadHeaders(w, ascii, name, format)
	w.Write(data)
}

// downloadHeaders marks a response as a download named name, for a file written straight into
// it.
func downloadHeaders(w http.ResponseWriter, ascii, name, format string) {
	h := w.Header()
	h.Set("Content-Type", material.ContentType(format))
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, url.PathEscape(name)))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}

type unitSubmissionsPage struct {
	page
	Campaign *report.Campaign
	Unit     *report.Unit
	Items    []unitItem
	Own      bool // the viewer is this unit's contact and may submit
	Overdue  bool
	Message  string
	Done     string
	Contact  string
	Phone    string
}

type unitItem struct {
	Item     report.CampaignItem
	Status   material.Status
	Current  *report.Submission
	History  []report.Submission // older ones, newest first
	Projects []report.Project
	Blank    []int // empty rows offered in the form
}

func (s *Server) showUnitSubmissionsPage(w http.ResponseWriter, r *http.Request) {
	s.renderUnitSubmissions(w, r, http.StatusOK, "")
}

func (s *Server) renderUnitSubmissions(w http.ResponseWriter, r *http.Request, status int, msg string) {
	ws, c, err := s.campaignFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	uid, err := pathID(r, "uid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	if !canSeeUnit(u, uid) || !c.Sent(uid) {
		s.fail(w, r, notFound())
		return
	}
	unit, err := s.store.Unit(r.Context(), uid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	subs, err := s.store.Submissions(r.Context(), c.ID, uid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	projects, err := s.store.Projects(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b := material.NewBoard(c, []report.Unit{*unit}, subs)
	p := &unitSubmissionsPage{page: s.newPage(r, unit.Name+" · "+c.Title), Campaign: c, Unit: unit,
		Own: u.Role == report.RoleContact && u.UnitID == uid, Overdue: s.now().After(c.Deadline), Message: msg,
		Done: r.URL.Query().Get("done"), Contact: displayName(*u)}
	for _, cell := range b.Rows[0].Cells {
		ui := unitItem{Item: cell.Item, Status: cell.Status, Current: cell.Submission}
		for i := len(subs) - 1; i >= 0; i-- {
			if subs[i].ItemID == cell.Item.ID && !subs[i].Current {
				ui.History = append(ui.History, subs[i])
			}
		}
		if cell.Submission != nil {
			p.Contact, p.Phone = cell.Submission.Contact, cell.Submission.Phone
			for _, pr := range projects {
				if pr.SubmissionID == cell.Submission.ID {
					ui.Projects = append(ui.Projects, pr)
				}
			}
		}
		ui.Blank = make([]int, max(3, len(ui.Projects)+1))
		p.Items = append(p.Items, ui)
	}
	p.Workspace, p.Nav = ws, "material"
	s.render(w, r, status, "campaign_unit", p)
}

func (s *Server) saveSubmission(w http.ResponseWriter, r *http.Request) {
	ws, c, err := s.campaignFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	uid, err := pathID(r, "uid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	iid, err := pathID(r, "iid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := submissionInput{ItemID: iid, Text: r.PostFormValue("text"), Contact: r.PostFormValue("contact"),
		Phone: r.PostFormValue("phone"), Reason: r.PostFormValue("reason")}
	if name, data, err := optionalFile(r); err != nil {
		s.formError(w, r, err, func(status int, msg string) { s.renderUnitSubmissions(w, r, status, msg) })
		return
	} else if data != nil {
		in.Filename, in.Data = name, data
	}
	f := r.PostForm
	names := f["p_name"]
	for i := range names {
		pr := report.Project{Name: names[i], Content: at(f["p_content"], i), Funds: at(f["p_funds"], i), Owner: at(f["p_owner"], i), Due: at(f["p_due"], i)}
		if strings.TrimSpace(pr.Name+pr.Content+pr.Funds+pr.Owner+pr.Due) == "" {
			continue
		}
		in.Projects = append(in.Projects, pr)
	}
	sub, err := s.submitMaterial(r, c, uid, in)
	if err != nil {
		if wantsText(r) {
			s.fail(w, r, err)
			return
		}
		s.formError(w, r, err, func(status int, msg string) { s.renderUnitSubmissions(w, r, status, msg) })
		return
	}
	done := "已报送"
	if sub.Late {
		done = "已报送（逾期）"
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/campaigns/%d/units/%d?done=%s", ws.ID, c.ID, uid, url.QueryEscape(done)), http.StatusSeeOther)
}

func at(vs []string, i int) string {
	if i < len(vs) {
		return vs[i]
	}
	return ""
}

// optionalFile reads the form's file when one was chosen: nil data when none.
func optionalFile(r *http.Request) (string, []byte, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 || r.MultipartForm.File["file"][0].Size == 0 && r.MultipartForm.File["file"][0].Filename == "" {
		return "", nil, nil
	}
	return uploadedFile(r)
}

func (s *Server) remindUnits(w http.ResponseWriter, r *http.Request) {
	ws, c, err := s.campaignFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var units []int64
	for _, v := range r.PostForm["unit"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.fail(w, r, report.Errorf(report.EINVALID, "单位不存在"))
			return
		}
		units = append(units, id)
	}
	if len(units) == 0 && r.PostFormValue("all") == "" {
		s.fail(w, r, report.Errorf(report.EINVALID, "请选择要催办的单位"))
		return
	}
	n, err := s.remind(r, c, units, r.PostFormValue("note"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/campaigns/%d?reminded=%d", ws.ID, c.ID, n), http.StatusSeeOther)
}

type projectsPage struct {
	page
	Campaign *report.Campaign
	Groups   []projectGroupView
	Total    int
	Selected int
	CanWrite bool
}

type projectGroupView struct {
	N        int
	Units    int
	Projects []projectView
}

type projectView struct {
	report.Project
	Unit string
}

func (s *Server) showProjectsPage(w http.ResponseWriter, r *http.Request) {
	ws, c, err := s.campaignFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	groups, names, err := s.projectGroups(r.Context(), c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &projectsPage{page: s.newPage(r, "民生实事建议"), Campaign: c, CanWrite: canWrite(currentUser(r))}
	for i, g := range groups {
		gv := projectGroupView{N: i + 1, Units: g.Units}
		for _, pr := range g.Projects {
			gv.Projects = append(gv.Projects, projectView{Project: pr, Unit: names[pr.UnitID]})
			p.Total++
			if pr.Selected {
				p.Selected++
			}
		}
		p.Groups = append(p.Groups, gv)
	}
	p.Workspace, p.Nav = ws, "material"
	s.render(w, r, http.StatusOK, "projects", p)
}

func (s *Server) saveProjectSelection(w http.ResponseWriter, r *http.Request) {
	ws, c, err := s.campaignFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostFormValue("save") == "" {
		s.fail(w, r, report.Errorf(report.EINVALID, "提交的内容不完整，请刷新页面后重试"))
		return
	}
	var ids []int64
	for _, v := range r.PostForm["project"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.fail(w, r, report.Errorf(report.EINVALID, "民生实事项目不存在"))
			return
		}
		ids = append(ids, id)
	}
	if err := s.selectProjects(r, c, ids); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/campaigns/%d/projects", ws.ID, c.ID), http.StatusSeeOther)
}

// selectProjects marks the proposals that go into the report.
func (s *Server) selectProjects(r *http.Request, c *report.Campaign, ids []int64) error {
	if !canWrite(currentUser(r)) {
		return report.Errorf(report.EFORBIDDEN, "只有写作组可以选定民生实事")
	}
	audit := s.entry(r, "projects.select", campaignTarget(c.ID), fmt.Sprintf("选定 %d 项民生实事", len(ids)))
	audit.WorkspaceID = c.WorkspaceID
	return s.store.SelectProjects(r.Context(), c.ID, ids, audit)
}

func (s *Server) downloadProjects(w http.ResponseWriter, r *http.Request) {
	_, c, err := s.campaignFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	groups, names, err := s.projectGroups(r.Context(), c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var lines []material.ProjectLine
	for i, g := range groups {
		for _, pr := range g.Projects {
			lines = append(lines, material.ProjectLine{Project: pr, Unit: names[pr.UnitID], Group: i + 1})
		}
	}
	var buf bytes.Buffer
	if err := material.WriteProjects(&buf, c.Title+" 民生实事建议汇总", lines); err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, fmt.Sprintf("projects-%d.xlsx", c.ID), "民生实事建议汇总.xlsx", "xlsx", buf.Bytes())
}

func (s *Server) downloadProjectTemplate(w http.ResponseWriter, r *http.Request) {
	if _, _, err := s.campaignFrom(r); err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := material.ProjectTemplate(&buf); err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, "projects-template.xlsx", "民生实事建议表.xlsx", "xlsx", buf.Bytes())
}

// materialDocPage shows one submission or minutes: its outline, counts and text.
type materialDocPage struct {
	page
	Heading   string
	Unit      string
	Meta      string
	Sub       *report.Submission
	Min       *report.Minutes
	Summary   docSummary
	Blocks    []report.Block
	Text      string
	FileURL   string
	Format    string
	Sections  []outlineItem // headings of the latest version, to file an excerpt under
	CanWrite  bool
	Message   string
	Highlight string
}

func (s *Server) showSubmissionPage(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := pathID(r, "sid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sub, c, err := s.submissionFor(r, ws, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names, err := s.unitNamesCtx(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	item := c.Item(sub.ItemID)
	p := &materialDocPage{page: s.newPage(r, item.Name+" · "+names[sub.UnitID]), Heading: item.Name, Unit: names[sub.UnitID], Sub: sub,
		Format: sub.Format, Highlight: r.URL.Query().Get("q")}
	p.Meta = fmt.Sprintf("%s · %s报送 · %s", c.Title, sub.Contact, sub.At.In(report.China).Format("2006-01-02 15:04"))
	if sub.Late {
		p.Meta += " · 逾期（" + sub.Reason + "）"
	}
	if sub.Size > 0 {
		p.FileURL = fmt.Sprintf("/w/%d/submissions/%d/file", ws.ID, sub.ID)
	}
	if err := s.fillDocPage(r, ws, p, sub.Doc, sub.Text); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "material_doc", p)
}

func (s *Server) fillDocPage(r *http.Request, ws *report.Workspace, p *materialDocPage, doc *report.Document, text string) error {
	p.Workspace, p.Nav = ws, "material"
	p.Summary = summarize(doc)
	if doc != nil {
		p.Blocks = doc.Blocks
	} else {
		p.Text = text
	}
	p.CanWrite = canWrite(currentUser(r))
	if p.CanWrite && text != "" {
		v, err := s.latestVersion(r.Context(), ws.ID)
		if err != nil {
			return err
		}
		if v != nil {
			p.Sections = summarize(v.Doc).Outline
		}
	}
	return nil
}

// submissionFor loads a submission of ws that the current user may read: readers all, a
// contact only their own unit's.
func (s *Server) submissionFor(r *http.Request, ws *report.Workspace, id int64) (*report.Submission, *report.Campaign, error) {
	sub, err := s.store.Submission(r.Context(), id)
	if report.ErrorCode(err) == report.ENOTFOUND {
		return nil, nil, notFound()
	}
	if err != nil {
		return nil, nil, err
	}
	u := currentUser(r)
	if !canReadReport(u) && !(u.Role == report.RoleContact && u.UnitID == sub.UnitID) {
		return nil, nil, notFound()
	}
	c, err := s.store.Campaign(r.Context(), sub.CampaignID)
	if err != nil {
		return nil, nil, err
	}
	if c.WorkspaceID != ws.ID {
		return nil, nil, notFound()
	}
	return sub, c, nil
}

func (s *Server) downloadSubmission(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := pathID(r, "sid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sub, _, err := s.submissionFor(r, ws, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.store.SubmissionFile(r.Context(), sub.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, fmt.Sprintf("submission-%d.%s", sub.ID, sub.Format), sub.Filename, sub.Format, data)
}

type searchPage struct {
	page
	Q       string
	Hits    []materialHit
	Total   int
	Message string
}

// More says the count stopped at the store's cap; Cap is that cap.
func (p *searchPage) More() bool { return p.Total > report.MaterialCountCap }
func (p *searchPage) Cap() int   { return report.MaterialCountCap }

func (s *Server) showMaterialsPage(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &searchPage{page: s.newPage(r, "材料检索"), Q: strings.TrimSpace(r.URL.Query().Get("q"))}
	p.Workspace, p.Nav = ws, "search"
	status := http.StatusOK
	p.Hits, p.Total, err = s.searchMaterial(r.Context(), ws, p.Q)
	if err != nil {
		if report.ErrorCode(err) != report.EINVALID {
			s.fail(w, r, err)
			return
		}
		status, p.Message = http.StatusBadRequest, report.ErrorMessage(err)
	}
	s.render(w, r, status, "materials", p)
}

func (s *Server) saveExcerpt(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e := &report.Excerpt{Quote: r.PostFormValue("quote"), Note: r.PostFormValue("note"), BlockID: r.PostFormValue("block")}
	e.SubmissionID, _ = strconv.ParseInt(r.PostFormValue("submission"), 10, 64)
	e.MinutesID, _ = strconv.ParseInt(r.PostFormValue("minutes"), 10, 64)
	if (e.SubmissionID > 0) == (e.MinutesID > 0) || e.SubmissionID < 0 || e.MinutesID < 0 {
		s.fail(w, r, report.Errorf(report.EINVALID, "摘录须来自一份报送材料或调研纪要"))
		return
	}
	if err := s.fileExcerpt(r, ws, e); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/excerpts#%s", ws.ID, e.BlockID), http.StatusSeeOther)
}

type excerptsPage struct {
	page
	Version  *report.Version
	Sections []sectionExcerpts
	Other    []excerptView // filed under headings the latest version no longer has
}

type sectionExcerpts struct {
	outlineItem
	Excerpts []excerptView
}

type excerptView struct {
	report.Excerpt
	Source string // 东湖镇 · 工作总结
	URL    string
	Who    string
}

// showExcerptsPage lists the latest version's sections with the excerpts filed under each,
// following each heading through later versions.
func (s *Server) showExcerptsPage(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &excerptsPage{page: s.newPage(r, "材料摘录")}
	p.Workspace, p.Nav = ws, "excerpts"
	views, err := s.excerptViews(r, ws)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.latestVersion(r.Context(), ws.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if v == nil {
		p.Other = views
		s.render(w, r, http.StatusOK, "excerpts", p)
		return
	}
	p.Version = v
	at, err := s.carryBlocks(r, ws.ID, v.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	bySection := map[string][]excerptView{}
	for _, e := range views {
		block := e.BlockID
		if e.VersionID != v.ID {
			block = at[[2]string{strconv.FormatInt(e.VersionID, 10), e.BlockID}]
		}
		if block == "" {
			p.Other = append(p.Other, e)
			continue
		}
		bySection[block] = append(bySection[block], e)
	}
	for _, o := range summarize(v.Doc).Outline {
		p.Sections = append(p.Sections, sectionExcerpts{outlineItem: o, Excerpts: bySection[o.ID]})
	}
	s.render(w, r, http.StatusOK, "excerpts", p)
}

// carryBlocks maps (version, block) of every earlier version to the block continuing it in
// version to, following the successor links version by version.
func (s *Server) carryBlocks(r *http.Request, wid, to int64) (map[[2]string]string, error) {
	vs, err := s.store.Versions(r.Context(), wid)
	if err != nil {
		return nil, err
	}
	out := map[[2]string]string{}
	// walk backwards: next maps a block of version i+1 to its block in `to`
	next := map[string]string{}
	started := false
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].ID == to {
			started = true
			continue
		}
		if !started {
			continue
		}
		links, err := s.store.Successors(r.Context(), vs[i].ID)
		if err != nil {
			return nil, err
		}
		cur := map[string]string{}
		for _, l := range links {
			if l.ToVersion != vs[i+1].ID || l.ToBlock == "" {
				continue
			}
			target := l.ToBlock
			if vs[i+1].ID != to {
				target = next[l.ToBlock]
			}
			if target != "" {
				cur[l.FromBlock] = target
				out[[2]string{strconv.FormatInt(vs[i].ID, 10), l.FromBlock}] = target
			}
		}
		next = cur
	}
	return out, nil
}

func (s *Server) excerptViews(r *http.Request, ws *report.Workspace) ([]excerptView, error) {
	es, err := s.store.Excerpts(r.Context(), ws.ID)
	if err != nil {
		return nil, err
	}
	names, err := s.unitNamesCtx(r.Context())
	if err != nil {
		return nil, err
	}
	users, err := s.store.Users(r.Context())
	if err != nil {
		return nil, err
	}
	who := map[int64]string{}
	for _, u := range users {
		who[u.ID] = displayName(u)
	}
	campaigns := map[int64]*report.Campaign{}
	var out []excerptView
	for _, e := range es {
		ev := excerptView{Excerpt: e, Who: who[e.By]}
		if e.SubmissionID != 0 {
			sub, err := s.store.Submission(r.Context(), e.SubmissionID)
			if err != nil {
				return nil, err
			}
			c, ok := campaigns[sub.CampaignID]
			if !ok {
				if c, err = s.store.Campaign(r.Context(), sub.CampaignID); err != nil {
					return nil, err
				}
				campaigns[sub.CampaignID] = c
			}
			item := "材料"
			if it := c.Item(sub.ItemID); it != nil {
				item = it.Name
			}
			ev.Source, ev.URL = names[sub.UnitID]+" · "+item, fmt.Sprintf("/w/%d/submissions/%d", ws.ID, sub.ID)
		} else {
			m, err := s.store.Minutes(r.Context(), e.MinutesID)
			if err != nil {
				return nil, err
			}
			v, err := s.store.Visit(r.Context(), m.VisitID)
			if err != nil {
				return nil, err
			}
			ev.Source, ev.URL = names[v.UnitID]+" · 调研纪要", fmt.Sprintf("/w/%d/minutes/%d", ws.ID, m.ID)
		}
		out = append(out, ev)
	}
	return out, nil
}

type researchPage struct {
	page
	Teams    []teamView
	Days     []visitDay
	Units    []unitGroup
	CanWrite bool
	Message  string
	Today    string
}

type teamView struct {
	report.Team
	Visits int
}

type visitDay struct {
	Date   time.Time
	Visits []visitView
}

type visitView struct {
	report.Visit
	Team    string
	Unit    string
	Minutes int
}

func (s *Server) showResearchPage(w http.ResponseWriter, r *http.Request) {
	s.renderResearch(w, r, http.StatusOK, "")
}

func (s *Server) renderResearch(w http.ResponseWriter, r *http.Request, status int, msg string) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ev, err := s.store.MaterialEvents(r.Context(), ws.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	teams, err := s.store.Teams(r.Context(), ws.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &researchPage{page: s.newPage(r, "调研"), CanWrite: canWrite(currentUser(r)), Message: msg,
		Units: groupUnits(units, nil), Today: s.now().In(report.China).Format("2006-01-02")}
	count := map[int64]int{}
	for _, v := range ev.Visits {
		count[v.TeamID]++
		vv := visitView{Visit: report.Visit{ID: v.ID, TeamID: v.TeamID, UnitID: v.UnitID, Date: v.Date, Topic: v.Topic},
			Team: v.TeamName, Unit: v.UnitName, Minutes: v.Minutes}
		if n := len(p.Days); n > 0 && p.Days[n-1].Date.Equal(v.Date) {
			p.Days[n-1].Visits = append(p.Days[n-1].Visits, vv)
		} else {
			p.Days = append(p.Days, visitDay{Date: v.Date, Visits: []visitView{vv}})
		}
	}
	for _, t := range teams {
		p.Teams = append(p.Teams, teamView{Team: t, Visits: count[t.ID]})
	}
	p.Workspace, p.Nav = ws, "research"
	s.render(w, r, status, "research", p)
}

func (s *Server) createTeam(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := &report.Team{Name: r.PostFormValue("name"), Leader: r.PostFormValue("leader"), Members: r.PostFormValue("members")}
	if err := s.addTeam(r, ws, t); err != nil {
		s.formError(w, r, err, func(status int, msg string) { s.renderResearch(w, r, status, msg) })
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/research", ws.ID), http.StatusSeeOther)
}

// addTeam forms a research team.
func (s *Server) addTeam(r *http.Request, ws *report.Workspace, t *report.Team) error {
	t.Name, t.Leader, t.Members = strings.TrimSpace(t.Name), strings.TrimSpace(t.Leader), strings.TrimSpace(t.Members)
	for _, f := range []struct {
		name, v  string
		min, max int
	}{{"调研组名称", t.Name, 1, 40}, {"组长", t.Leader, 0, 40}, {"成员", t.Members, 0, 500}} {
		if err := checkText(f.name, f.v, f.min, f.max); err != nil {
			return err
		}
	}
	t.WorkspaceID, t.CreatedBy = ws.ID, currentUser(r).ID
	audit := s.entry(r, "team.create", "", t.Name)
	audit.WorkspaceID = ws.ID
	return s.store.CreateTeam(r.Context(), t, audit)
}

func (s *Server) createVisit(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fail := func(err error) {
		s.formError(w, r, err, func(status int, msg string) { s.renderResearch(w, r, status, msg) })
	}
	v := &report.Visit{Topic: strings.TrimSpace(r.PostFormValue("topic"))}
	v.TeamID, _ = strconv.ParseInt(r.PostFormValue("team"), 10, 64)
	v.UnitID, _ = strconv.ParseInt(r.PostFormValue("unit"), 10, 64)
	day, err := parseDay("调研日期", r.PostFormValue("date"))
	if err != nil {
		fail(err)
		return
	}
	v.Date = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	if err := s.addVisit(r, ws, v); err != nil {
		fail(err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/research", ws.ID), http.StatusSeeOther)
}

// addVisit records a team's visit to a unit.
func (s *Server) addVisit(r *http.Request, ws *report.Workspace, v *report.Visit) error {
	if err := checkText("调研主题", v.Topic, 0, 200); err != nil {
		return err
	}
	teams, err := s.store.Teams(r.Context(), ws.ID)
	if err != nil {
		return err
	}
	ok := false
	for _, t := range teams {
		ok = ok || t.ID == v.TeamID
	}
	if !ok {
		return report.Errorf(report.EINVALID, "请选择调研组")
	}
	if _, err := s.store.Unit(r.Context(), v.UnitID); err != nil {
		return report.Errorf(report.EINVALID, "请选择调研单位")
	}
	v.CreatedBy = currentUser(r).ID
	audit := s.entry(r, "visit.add", "", v.Date.Format("2006-01-02")+" "+v.Topic)
	audit.WorkspaceID = ws.ID
	return s.store.AddVisit(r.Context(), v, audit)
}

type visitPage struct {
	page
	Visit    *report.Visit
	Team     string
	Unit     string
	Minutes  []report.Minutes
	CanWrite bool
	Message  string
}

// visitFrom loads a visit of ws named in the URL.
func (s *Server) visitFrom(r *http.Request, ws *report.Workspace) (*report.Visit, *report.Team, error) {
	id, err := pathID(r, "rid")
	if err != nil {
		return nil, nil, err
	}
	return s.visitIn(r, ws, id)
}

// visitIn loads a visit and its team; a visit of another workspace's team does not exist here.
func (s *Server) visitIn(r *http.Request, ws *report.Workspace, id int64) (*report.Visit, *report.Team, error) {
	v, err := s.store.Visit(r.Context(), id)
	if report.ErrorCode(err) == report.ENOTFOUND {
		return nil, nil, notFound()
	}
	if err != nil {
		return nil, nil, err
	}
	teams, err := s.store.Teams(r.Context(), ws.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range teams {
		if t.ID == v.TeamID {
			return v, &t, nil
		}
	}
	return nil, nil, notFound()
}

func (s *Server) showVisitPage(w http.ResponseWriter, r *http.Request) {
	s.renderVisit(w, r, http.StatusOK, "")
}

func (s *Server) renderVisit(w http.ResponseWriter, r *http.Request, status int, msg string) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, t, err := s.visitFrom(r, ws)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ms, err := s.store.MinutesOf(r.Context(), v.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names, err := s.unitNamesCtx(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &visitPage{page: s.newPage(r, "调研 · "+names[v.UnitID]), Visit: v, Team: t.Name, Unit: names[v.UnitID], Minutes: ms,
		CanWrite: canWrite(currentUser(r)), Message: msg}
	p.Workspace, p.Nav = ws, "research"
	s.render(w, r, status, "visit", p)
}

func (s *Server) saveMinutes(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, _, err := s.visitFrom(r, ws)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name, data, err := optionalFile(r)
	if err == nil {
		_, err = s.addMinutes(r, ws, v, name, data, r.PostFormValue("text"))
	}
	if err != nil {
		s.formError(w, r, err, func(status int, msg string) { s.renderVisit(w, r, status, msg) })
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/research/visits/%d", ws.ID, v.ID), http.StatusSeeOther)
}

// addMinutes stores a visit's minutes: a file read like a submission, or typed text.
func (s *Server) addMinutes(r *http.Request, ws *report.Workspace, v *report.Visit, name string, data []byte, text string) (*report.Minutes, error) {
	if !canWrite(currentUser(r)) {
		return nil, report.Errorf(report.EFORBIDDEN, "只有写作组可以上传调研纪要")
	}
	m := &report.Minutes{VisitID: v.ID, By: currentUser(r).ID}
	switch {
	case data != nil:
		m.Filename = name
		if f := material.Attachment(data); f != "" {
			m.Format = f
			break
		}
		doc, err := s.readMaterial(r.Context(), data)
		if err != nil {
			return nil, err
		}
		m.Doc, m.Text, m.Format = doc, doc.PlainText(), textFormat(data, name)
	default:
		text = strings.TrimSpace(text)
		if text == "" {
			return nil, report.Errorf(report.EINVALID, "调研纪要还没有内容：请上传文件或直接填写")
		}
		if err := checkText("调研纪要", text, 1, maxTyped); err != nil {
			return nil, err
		}
		doc, err := readText([]byte(text))
		if err != nil {
			return nil, err
		}
		m.Doc, m.Text, m.Format = doc, text, "typed"
	}
	audit := s.entry(r, "minutes.add", "", m.Filename)
	audit.WorkspaceID = ws.ID
	if err := s.store.AddMinutes(r.Context(), m, data, audit); err != nil {
		return nil, err
	}
	return m, nil
}

func (s *Server) showMinutesPage(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, v, err := s.minutesFrom(r, ws)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names, err := s.unitNamesCtx(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &materialDocPage{page: s.newPage(r, "调研纪要 · "+names[v.UnitID]), Heading: "调研纪要", Unit: names[v.UnitID], Min: m,
		Format: m.Format, Highlight: r.URL.Query().Get("q")}
	p.Meta = fmt.Sprintf("%s · %s", v.Date.Format("2006年1月2日"), v.Topic)
	if m.Size > 0 {
		p.FileURL = fmt.Sprintf("/w/%d/minutes/%d/file", ws.ID, m.ID)
	}
	if err := s.fillDocPage(r, ws, p, m.Doc, m.Text); err != nil {
		s.fail(w, r, err)
		return
	}
	p.Nav = "research"
	s.render(w, r, http.StatusOK, "material_doc", p)
}

func (s *Server) minutesFrom(r *http.Request, ws *report.Workspace) (*report.Minutes, *report.Visit, error) {
	id, err := pathID(r, "mid")
	if err != nil {
		return nil, nil, err
	}
	m, err := s.store.Minutes(r.Context(), id)
	if report.ErrorCode(err) == report.ENOTFOUND {
		return nil, nil, notFound()
	}
	if err != nil {
		return nil, nil, err
	}
	v, _, err := s.visitIn(r, ws, m.VisitID)
	if err != nil {
		return nil, nil, err
	}
	return m, v, nil
}

func (s *Server) downloadMinutes(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, _, err := s.minutesFrom(r, ws)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.store.MinutesFile(r.Context(), m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, fmt.Sprintf("minutes-%d.%s", m.ID, m.Format), m.Filename, m.Format, data)
}
