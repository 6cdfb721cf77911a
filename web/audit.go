package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"qicao/report"
	"qicao/xlsx"
)

func userTarget(id int64) string      { return fmt.Sprintf("user:%d", id) }
func unitTarget(id int64) string      { return fmt.Sprintf("unit:%d", id) }
func versionTarget(id int64) string   { return fmt.Sprintf("version:%d", id) }
func workspaceTarget(id int64) string { return fmt.Sprintf("workspace:%d", id) }

// entry is the audit record of a change the current user makes.
func (s *Server) entry(r *http.Request, action, target, detail string) report.AuditEntry {
	var uid int64
	if u := currentUser(r); u != nil {
		uid = u.ID
	}
	return report.AuditEntry{At: s.now(), UserID: uid, Action: action, Target: target, Detail: detail, RemoteAddr: s.clientAddr(r)}
}

// audit records an event that changes nothing else, such as a failed login.
func (s *Server) audit(r *http.Request, action, target, detail string) {
	s.record(r, s.entry(r, action, target, detail))
}

func (s *Server) auditAs(r *http.Request, uid int64, action, target, detail string) {
	e := s.entry(r, action, target, detail)
	e.UserID = uid
	s.record(r, e)
}

func (s *Server) record(r *http.Request, e report.AuditEntry) {
	if err := s.store.Audit(r.Context(), e); err != nil {
		s.log.Error("writing audit entry", "action", e.Action, "err", err)
	}
}

type auditPage struct {
	page
	Entries []auditRow
	Page    int
	Prev    string // query strings of the neighbouring pages, "" when there is none
	Next    string
	Query   string // the filter, for the export link
	Users   []report.User
	Actions []auditAction
	Who     string // the filter's values as the form shows them
	Action  string
	From    string
	To      string
	Message string
}

type auditAction struct{ Code, Name string }

type auditRow struct {
	report.AuditEntry
	Who    string
	Object string
}

const (
	auditPageSize  = 100
	auditExportMax = 10000
)

// auditFilter reads the page's filter: who (a user's ID, or "0" for the system and anonymous
// attempts), what (an action), and a range of days.
func (s *Server) auditFilter(r *http.Request, p *auditPage) (report.AuditFilter, error) {
	q := r.URL.Query()
	var f report.AuditFilter
	p.Who, p.Action, p.From, p.To = q.Get("who"), q.Get("action"), q.Get("from"), q.Get("to")
	if p.Who != "" {
		id, err := strconv.ParseInt(p.Who, 10, 64)
		if err != nil || id < 0 {
			return f, report.Errorf(report.EINVALID, "请选择用户")
		}
		f.ByUser, f.UserID = true, id
	}
	f.Action = p.Action
	for _, d := range []struct {
		raw  string
		into *time.Time
		add  int
	}{{p.From, &f.Since, 0}, {p.To, &f.Until, 1}} {
		if d.raw == "" {
			continue
		}
		day, err := time.ParseInLocation("2006-01-02", d.raw, report.China)
		if err != nil {
			return f, report.Errorf(report.EINVALID, "日期应为 年-月-日，例如 2027-01-15")
		}
		*d.into = day.AddDate(0, 0, d.add)
	}
	v := url.Values{}
	for k, val := range map[string]string{"who": p.Who, "action": p.Action, "from": p.From, "to": p.To} {
		if val != "" {
			v.Set(k, val)
		}
	}
	p.Query = v.Encode()
	return f, nil
}

func (s *Server) showAuditPage(w http.ResponseWriter, r *http.Request) {
	p := &auditPage{page: s.newPage(r, "审计日志")}
	p.Nav = "audit"
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if n < 1 || n > 100000 {
		n = 1
	}
	p.Page = n
	f, err := s.auditFilter(r, p)
	status := http.StatusOK
	var entries []report.AuditEntry
	if err != nil {
		p.Message, status = report.ErrorMessage(err), http.StatusBadRequest
	} else {
		f.Limit, f.Offset = auditPageSize+1, (n-1)*auditPageSize
		if entries, err = s.store.AuditSearch(r.Context(), f); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	page := func(k int) string {
		v, _ := url.ParseQuery(p.Query)
		v.Set("page", strconv.Itoa(k))
		return v.Encode()
	}
	if len(entries) > auditPageSize {
		entries = entries[:auditPageSize]
		p.Next = page(n + 1)
	}
	if n > 1 {
		p.Prev = page(n - 1)
	}
	names, err := s.auditNames(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Users = names.users
	for code, name := range actionNames {
		p.Actions = append(p.Actions, auditAction{code, name})
	}
	sort.Slice(p.Actions, func(i, j int) bool { return p.Actions[i].Code < p.Actions[j].Code })
	for _, e := range entries {
		p.Entries = append(p.Entries, names.row(e))
	}
	s.render(w, r, status, "audit", p)
}

// exportAudit sends what the page's filter selects, up to 10,000 entries, as a spreadsheet.
func (s *Server) exportAudit(w http.ResponseWriter, r *http.Request) {
	p := &auditPage{}
	f, err := s.auditFilter(r, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Limit = auditExportMax
	entries, err := s.store.AuditSearch(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names, err := s.auditNames(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := writeAuditXLSX(&buf, entries, names); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, "audit.export", "", fmt.Sprintf("%d 条，筛选：%s", len(entries), p.Query))
	sendFile(w, "audit.xlsx", "审计日志.xlsx", "xlsx", buf.Bytes())
}

// writeAuditXLSX writes the entries as one sheet, the header bold and frozen.
func writeAuditXLSX(w io.Writer, entries []report.AuditEntry, names *auditNames) error {
	x := xlsx.NewWriter(w)
	x.Title, x.Creator = "审计日志", "qicao"
	head, err := x.Style(xlsx.Format{Bold: true, Fill: "D9E1F2"})
	if err != nil {
		return err
	}
	var cols []xlsx.Col
	for _, width := range []float64{20, 18, 14, 28, 50, 16, 16, 14} {
		cols = append(cols, xlsx.Col{Width: width})
	}
	sh, err := x.Sheet("审计日志", cols...)
	if err != nil {
		return err
	}
	if err := sh.Freeze(1, 0); err != nil {
		return err
	}
	header := xlsx.Texts("时间", "用户", "操作", "对象", "详情", "来源地址", "操作代码", "对象代码")
	for i := range header {
		header[i] = header[i].With(head)
	}
	if err := sh.Row(header...); err != nil {
		return err
	}
	for _, e := range entries {
		row := names.row(e)
		if err := sh.Row(xlsx.Texts(e.At.In(report.China).Format("2006-01-02 15:04:05"), row.Who, actionName(e.Action), row.Object, xlsx.Clip(e.Detail), e.RemoteAddr, e.Action, e.Target)...); err != nil {
			return err
		}
	}
	return x.Close()
}

// auditNames names what audit entries refer to by ID: users, units, workspaces, versions.
type auditNames struct {
	users    []report.User
	user     map[int64]string
	unit     map[int64]string
	ws       map[int64]string
	versions map[int64]string
}

func (s *Server) auditNames(r *http.Request) (*auditNames, error) {
	ctx := r.Context()
	n := &auditNames{user: map[int64]string{}, unit: map[int64]string{}, ws: map[int64]string{}, versions: map[int64]string{}}
	var err error
	if n.users, err = s.store.Users(ctx); err != nil {
		return nil, err
	}
	for _, u := range n.users {
		n.user[u.ID] = u.Name + "（" + u.Username + "）"
	}
	units, err := s.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		n.unit[u.ID] = u.Name
	}
	wss, err := s.store.Workspaces(ctx)
	if err != nil {
		return nil, err
	}
	for _, w := range wss {
		n.ws[w.ID] = w.Name
		vs, err := s.store.Versions(ctx, w.ID)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			n.versions[v.ID] = fmt.Sprintf("%s 第%d版 %s", w.Name, v.Number, v.Label)
		}
	}
	return n, nil
}

// targetKinds name the kinds of object an audit entry's target may be.
var targetKinds = map[string]string{
	"user": "用户", "unit": "单位", "workspace": "工作区", "version": "版本", "campaign": "材料征集",
	"submission": "报送材料", "round": "征求意见", "comment": "意见", "indicator": "数据指标",
	"excerpt": "摘录", "team": "调研组", "visit": "调研", "minutes": "调研纪要", "token": "API 令牌", "login": "登录名",
	"addr": "地址",
}

func (n *auditNames) row(e report.AuditEntry) auditRow {
	row := auditRow{AuditEntry: e, Who: n.user[e.UserID], Object: e.Target}
	if e.UserID == 0 {
		row.Who = "（系统或匿名）"
	} else if row.Who == "" {
		row.Who = fmt.Sprintf("已删除的用户 %d", e.UserID)
	}
	kind, rest, ok := strings.Cut(e.Target, ":")
	if !ok {
		return row
	}
	id, _ := strconv.ParseInt(rest, 10, 64)
	var name string
	switch kind {
	case "user":
		name = n.user[id]
	case "unit":
		name = n.unit[id]
	case "workspace":
		name = n.ws[id]
	case "version":
		name = n.versions[id]
	}
	switch {
	case name != "":
		row.Object = targetKinds[kind] + " " + name
	case targetKinds[kind] != "":
		row.Object = targetKinds[kind] + " " + rest
	}
	return row
}
