package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"qicao/report"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageNames are the pages the server renders; a missing file fails start-up.
var pageNames = []string{
	"login", "error", "workspaces", "home", "version", "upload", "compare", "unit", "password",
	"campaigns", "campaign_new", "campaign", "campaign_unit", "projects", "material_doc", "materials", "excerpts", "research", "visit",
	"figures", "figure", "figures_round", "lexicon", "group",
	"meetings", "meeting", "carry", "stages", "explanation", "timeline",
	"rounds", "round_new", "round", "round_read", "round_seminar", "version_comments",
	"admin_workspaces", "admin_units", "admin_unit_edit", "admin_users", "admin_user_edit", "audit",
}

type pages struct {
	byName map[string]*template.Template
}

// showTime is how pages show an instant: to the minute, in the office's time zone.
func showTime(t time.Time) string { return t.In(report.China).Format("2006-01-02 15:04") }

func parsePages() (*pages, error) {
	funcs := template.FuncMap{
		"date":       showTime,
		"roleName":   roleName,
		"unitKind":   unitKindName,
		"unitLabel":  unitLabel,
		"groupName":  groupName,
		"action":     actionName,
		"day":        dayString,
		"status":     statusClass,
		"mark":       markText,
		"reviewItem": func(p *reviewPanel, f finding) reviewItem { return reviewItem{P: p, F: f} },
		"inc":        func(i int) int { return i + 1 },
		"cmt":        func(c, p any) map[string]any { return map[string]any{"C": c, "P": p} },
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("web: parsing layout: %w", err)
	}
	p := &pages{byName: make(map[string]*template.Template)}
	for _, name := range pageNames {
		if _, err := fs.Stat(templateFS, "templates/"+name+".html"); err != nil {
			return nil, fmt.Errorf("web: template %s is missing: %w", name, err)
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: parsing %s: %w", name, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// page is what every page's view model carries: the layout's needs.
type page struct {
	Title     string
	User      *report.User
	CSRF      string
	Workspace *report.Workspace // for the navigation, when the page belongs to one
	Nav       string            // the active navigation item
}

// layoutView is what the layout shows, computed in Go: the template package looks fields up
// slowly through embedded structs and calls functions through reflection, and the layout is on
// every page.
// It holds values only, so that it can key the cache of rendered layouts: equal views render
// equal bytes.
type layoutView struct {
	Title, CSS, JS, CSRF string
	LoggedIn             bool
	Who, Role            string
	WorkspaceID          int64
	WorkspaceName        string
	Admin, Reader, Write bool
	On                   struct{ Home, Compare, Upload, Users, Units, Workspaces, Audit, Password, Material, Search, Excerpts, Research, Figures, Rounds, Meetings, Explanation, Timeline bool }
}

// Base is the layout's view of a page.
func (p page) Base() *layoutView {
	l := &layoutView{Title: p.Title, CSS: cssURL(), JS: jsURL(), CSRF: p.CSRF}
	if ws := p.Workspace; ws != nil {
		l.WorkspaceID, l.WorkspaceName = ws.ID, ws.Name
	}
	if u := p.User; u != nil {
		l.LoggedIn = true
		l.Who, l.Role = displayName(*u), roleName(u.Role)
		l.Admin, l.Reader, l.Write = isAdmin(u), canReadReport(u), canUpload(u)
	}
	on := &l.On
	switch p.Nav {
	case "home":
		on.Home = true
	case "compare":
		on.Compare = true
	case "upload":
		on.Upload = true
	case "users":
		on.Users = true
	case "units":
		on.Units = true
	case "workspaces":
		on.Workspaces = true
	case "audit":
		on.Audit = true
	case "figures":
		on.Figures = true
	case "password":
		on.Password = true
	case "material":
		on.Material = true
	case "search":
		on.Search = true
	case "excerpts":
		on.Excerpts = true
	case "research":
		on.Research = true
	case "meetings":
		on.Meetings = true
	case "explanation":
		on.Explanation = true
	case "timeline":
		on.Timeline = true
	case "rounds":
		on.Rounds = true
	}
	return l
}

var cssURL, jsURL = sync.OnceValue(func() string { return mustAsset("app.css") }), sync.OnceValue(func() string { return mustAsset("app.js") })

func mustAsset(name string) string {
	u, err := assetURL(name)
	if err != nil {
		panic(err)
	}
	return u
}

func (p page) IsAdmin() bool       { return isAdmin(p.User) }
func (p page) CanReadReport() bool { return p.User != nil && canReadReport(p.User) }
func (p page) CanUpload() bool     { return canUpload(p.User) }

func (s *Server) newPage(r *http.Request, title string) page {
	p := page{Title: title, User: currentUser(r)}
	if sess := currentSession(r); sess != nil {
		p.CSRF = sess.CSRFToken
	}
	return p
}

// newestWorkspace is the workspace of the latest year, or nil when there is none.
func (s *Server) newestWorkspace(r *http.Request) (*report.Workspace, error) {
	ws, err := s.store.Workspaces(r.Context())
	if err != nil || len(ws) == 0 {
		return nil, err
	}
	newest := &ws[0]
	for i := range ws {
		if ws[i].Year > newest.Year || ws[i].Year == newest.Year && ws[i].ID > newest.ID {
			newest = &ws[i]
		}
	}
	return newest, nil
}

// render executes a page into a buffer first, so a template error yields a clean 500.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.pages.byName[name]
	if !ok {
		s.fail(w, r, fmt.Errorf("web: no page %q", name))
		return
	}
	based, ok := data.(interface{ Base() *layoutView })
	if !ok {
		s.fail(w, r, fmt.Errorf("web: page %q has no layout", name))
		return
	}
	base := based.Base()
	if base.LoggedIn && base.WorkspaceID == 0 {
		// a page of no workspace (the password, a unit, the admin pages) still shows the same
		// navigation: that of the newest workspace, where people work
		if ws, err := s.newestWorkspace(r); err == nil && ws != nil {
			base.WorkspaceID, base.WorkspaceName = ws.ID, ws.Name
		}
	}
	head, tail, err := s.layout(t, base)
	if err != nil {
		s.fail(w, r, fmt.Errorf("web: rendering the layout of %s: %w", name, err))
		return
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer func() {
		// a huge page's buffer is left to the collector rather than kept for the next page
		if buf.Cap() <= 1<<20 {
			buffers.Put(buf)
		}
	}()
	buf.Reset()
	buf.Write(head)
	if err := t.ExecuteTemplate(buf, "content", data); err != nil {
		s.fail(w, r, fmt.Errorf("web: rendering %s: %w", name, err))
		return
	}
	buf.Write(tail)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// layout returns the rendered layout around a page's content. Equal views render equal bytes,
// and a user sees the same few layouts all day, so they are kept.
func (s *Server) layout(t *template.Template, l *layoutView) (head, tail []byte, err error) {
	s.layouts.RLock()
	parts, ok := s.layouts.m[*l]
	s.layouts.RUnlock()
	if ok {
		return parts[0], parts[1], nil
	}
	var h, tl bytes.Buffer
	if err := t.ExecuteTemplate(&h, "head", l); err != nil {
		return nil, nil, err
	}
	if err := t.ExecuteTemplate(&tl, "tail", l); err != nil {
		return nil, nil, err
	}
	s.layouts.Lock()
	if s.layouts.m == nil || len(s.layouts.m) >= maxCachedLayouts {
		s.layouts.m = make(map[layoutView][2][]byte)
	}
	s.layouts.m[*l] = [2][]byte{h.Bytes(), tl.Bytes()}
	s.layouts.Unlock()
	return h.Bytes(), tl.Bytes(), nil
}

const maxCachedLayouts = 10000

// buffers keep the memory of rendered pages between requests; a version page is 50 KB or more.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

type errorPage struct {
	page
	Status  int
	Message string
}

var statusOf = map[string]int{
	report.EINVALID:      http.StatusBadRequest,
	report.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	report.ENOTFOUND:     http.StatusNotFound,
	report.ECONFLICT:     http.StatusConflict,
	report.EUNAUTHORIZED: http.StatusUnauthorized,
	report.EFORBIDDEN:    http.StatusForbidden,
	report.EUNAVAILABLE:  http.StatusServiceUnavailable,
	report.EMETHOD:       http.StatusMethodNotAllowed,
	report.EINTERNAL:     http.StatusInternalServerError,
}

// fail shows err to the user: its Chinese message, or a generic one for an internal error whose
// details go to the log only.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := report.ErrorCode(err)
	status := statusOf[code]
	if code == report.EINTERNAL {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	msg := report.ErrorMessage(err)
	if isAPI(r) {
		failJSON(w, err)
		return
	}
	if wantsText(r) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(status)
		fmt.Fprintln(w, msg)
		return
	}
	p := s.newPage(r, http.StatusText(status))
	p.Title = errorTitle(status)
	s.render(w, r, status, "error", &errorPage{page: p, Status: status, Message: msg})
}

// wantsText is true for the upload script, which shows the message in place.
func wantsText(r *http.Request) bool {
	return r.Header.Get("X-Requested-With") == "XMLHttpRequest"
}

func errorTitle(status int) string {
	switch status {
	case http.StatusNotFound:
		return "页面不存在"
	case http.StatusForbidden:
		return "无权访问"
	case http.StatusRequestEntityTooLarge:
		return "内容太大"
	case http.StatusBadRequest:
		return "提交有误"
	case http.StatusConflict:
		return "操作冲突"
	case http.StatusMethodNotAllowed:
		return "无法这样访问"
	case http.StatusServiceUnavailable:
		return "请稍后再试"
	case http.StatusTooManyRequests:
		return "尝试过于频繁"
	}
	return "出错了"
}

func notFound() error { return report.Errorf(report.ENOTFOUND, "页面不存在，或您无权查看") }

func roleName(r report.Role) string {
	switch r {
	case report.RoleAdmin:
		return "管理员"
	case report.RoleWriter:
		return "写作班子"
	case report.RoleLeader:
		return "领导"
	case report.RoleContact:
		return "联络员"
	}
	return string(r)
}

func unitKindName(k report.UnitKind) string {
	switch k {
	case report.UnitTownship:
		return "乡镇"
	case report.UnitDepartment:
		return "部门"
	case report.UnitLeadership:
		return "领导"
	case report.UnitWriting:
		return "写作组"
	}
	return string(k)
}

// unitLabel names a unit with its kind, unless the name already says it: 市政府研究室（写作组）
// is not followed by a second （写作组）.
func unitLabel(u report.Unit) string {
	kind := unitKindName(u.Kind)
	if strings.Contains(u.Name, kind) {
		return u.Name
	}
	return u.Name + "（" + kind + "）"
}

func groupName(g report.GroupRole) string {
	switch g {
	case report.GroupHead:
		return "组长"
	case report.GroupDeputy:
		return "副组长"
	case report.GroupMember:
		return "成员"
	}
	return ""
}

// cleanName keeps the uploaded file's base name for display.
func cleanName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" {
		return ""
	}
	return name
}

// actionNames are the audit log's actions as an admin reads them.
var actionNames = map[string]string{
	"login":            "登录",
	"login.failed":     "登录失败",
	"login.throttled":  "登录被延迟",
	"logout":           "退出",
	"version.add":      "上传新版本",
	"version.download": "下载版本",
	"workspace.create": "新建工作区",
	"unit.create":      "新增单位",
	"unit.update":      "修改单位",
	"user.create":      "新建用户",
	"user.update":      "修改用户",
	"user.password":    "修改密码",
	"user.unlock":      "解除登录限制",
	"audit.export":     "导出审计日志",

	"campaign.create":        "发起材料征集",
	"submission.add":         "报送材料",
	"projects.select":        "选定民生实事",
	"excerpt.add":            "添加摘录",
	"excerpt.delete":         "删除摘录",
	"team.create":            "成立调研组",
	"visit.add":              "安排调研",
	"minutes.add":            "上传调研纪要",
	"round.open":             "发起征求意见",
	"round.extend":           "延长征求意见",
	"round.close":            "结束征求意见",
	"round.view":             "查看征求意见稿",
	"round.send":             "提交意见",
	"round.no_comment":       "表示无意见",
	"comment.add":            "添加意见",
	"comment.seminar":        "录入座谈会意见",
	"comment.seminar.edit":   "更正座谈会意见",
	"comment.seminar.delete": "删除座谈会意见",
	"remind":                 "催办",
	"comment.edit":           "修改意见",
	"comment.delete":         "删除意见",
	"comment.decide":         "处理意见",
	"comment.link":           "关联意见",
	"indicator.create":       "新增数据指标",
	"indicator.update":       "修改数据",
	"figures.bind":           "绑定数据",
	"figures.unbind":         "解除数据绑定",
	"figures.confirm":        "确认数据",
	"figures.filled":         "生成填充稿",
	"figures.final_override": "定稿数据例外",
	"figures.import":         "导入数据表",
	"figures.owner":          "指定数据单位",
	"token.create":           "创建 API 令牌",
	"token.revoke":           "撤销 API 令牌",
	"login.locked":           "登录被锁定",
	"stages.set":             "修改起草阶段",
	"meeting.create":         "记录审议会议",
	"meeting.minutes":        "上传会议纪要",
	"instruction.add":        "记录审议意见",
	"instruction.mark":       "标注落实情况",
	"explanation.principles": "修改起草说明的原则和特点",
	"check.dismiss":          "忽略审校结果",
	"check.undismiss":        "恢复审校结果",
	"lexicon.add":            "加入词库",
	"lexicon.delete":         "移出词库",
	"group.set":              "设置起草领导小组",
}

func actionName(a string) string {
	if n, ok := actionNames[a]; ok {
		return n
	}
	return a
}

// fragment renders one template of a page on its own, for a part of the page kept between
// requests (see memo).
func (s *Server) fragment(pageName, name string, data any) (template.HTML, error) {
	t, ok := s.pages.byName[pageName]
	if !ok {
		return "", fmt.Errorf("web: no page %q", pageName)
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("web: rendering %s of %s: %w", name, pageName, err)
	}
	return template.HTML(b.String()), nil
}
