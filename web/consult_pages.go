package web

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"qicao/anchor"
	"qicao/consult"
	"qicao/docx"
	"qicao/report"
	"qicao/unitname"
)

// The pages of 征求意见: the list of rounds, opening one, the writers' round page (recipients,
// comments in the margin, groups, decisions, links, the new version), the recipients' reading
// page, the notice and the 意见采纳情况表. Each action calls the service function in consult.go.

type roundsPage struct {
	page
	Rounds   []report.RoundSummary
	CanWrite bool
}

func (s *Server) showRoundsPage(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	rs, err := s.roundsFor(r.Context(), u, ws.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &roundsPage{page: s.newPage(r, "征求意见"), Rounds: rs, CanWrite: canWrite(u)}
	p.Workspace, p.Nav = ws, "rounds"
	s.render(w, r, http.StatusOK, "rounds", p)
}

type roundFormPage struct {
	page
	Message  string
	In       roundForm
	Versions []report.Version
	Units    []unitGroup
}

type roundForm struct {
	VersionID                                           int64
	Title, Deadline, DeadlineTime, Note, Contact, Phone string
	Units                                               map[int64]bool
	Kinds                                               map[string]bool
}

func (s *Server) showNewRoundPage(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := roundForm{Deadline: s.now().In(report.China).AddDate(0, 0, 5).Format("2006-01-02"), DeadlineTime: "18:00",
		Kinds: map[string]bool{"township": true, "department": true, "leadership": true}, Units: map[int64]bool{}}
	if v, err := s.latestVersion(r.Context(), ws.ID); err == nil && v != nil {
		in.VersionID = v.ID
		in.Title = fmt.Sprintf("关于征求《%s（%s）》意见的通知", ws.Name, v.Label)
		in.Note = fmt.Sprintf("《%s（%s）》已经形成，现送你单位征求意见。请认真审阅，重点对涉及本单位、本领域的工作表述和数据提出修改意见。", ws.Name, v.Label)
	}
	if id, err := strconv.ParseInt(r.URL.Query().Get("version"), 10, 64); err == nil {
		in.VersionID = id
	}
	s.renderRoundForm(w, r, ws, http.StatusOK, in, "")
}

func (s *Server) renderRoundForm(w http.ResponseWriter, r *http.Request, ws *report.Workspace, status int, in roundForm, msg string) {
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vs, err := s.store.Versions(r.Context(), ws.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &roundFormPage{page: s.newPage(r, "发起征求意见"), Message: msg, In: in, Versions: vs, Units: groupUnits(units, nil)}
	p.Workspace, p.Nav = ws, "rounds"
	s.render(w, r, status, "round_new", p)
}

// parseDeadline reads a date and an optional time typed in a form (18:00 when none).
func parseDeadline(day, hm string) (time.Time, error) {
	d, err := parseDay("截止日期", day)
	if err != nil {
		return time.Time{}, err
	}
	hm = strings.TrimSpace(hm)
	if hm == "" {
		hm = "18:00"
	}
	clock, err := time.Parse("15:04", hm)
	if err != nil {
		return time.Time{}, report.Errorf(report.EINVALID, "截止时间格式应为 18:00")
	}
	return d.Add(time.Duration(clock.Hour())*time.Hour + time.Duration(clock.Minute())*time.Minute), nil
}

func (s *Server) createRound(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	in := roundForm{Title: f.Get("title"), Deadline: f.Get("deadline"), DeadlineTime: f.Get("deadline_time"), Note: f.Get("note"),
		Contact: f.Get("contact"), Phone: f.Get("phone"), Units: map[int64]bool{}, Kinds: map[string]bool{}}
	in.VersionID, _ = strconv.ParseInt(f.Get("version"), 10, 64)
	fail := func(err error) {
		s.formError(w, r, err, func(status int, msg string) { s.renderRoundForm(w, r, ws, status, in, msg) })
	}
	ri := roundInput{VersionID: in.VersionID, Title: in.Title, Note: in.Note, Contact: in.Contact, Phone: in.Phone}
	for _, v := range f["unit"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			fail(report.Errorf(report.EINVALID, "征求意见的单位不存在"))
			return
		}
		in.Units[id] = true
		ri.UnitIDs = append(ri.UnitIDs, id)
	}
	for _, k := range f["kind"] {
		in.Kinds[k] = true
		ri.Kinds = append(ri.Kinds, report.UnitKind(k))
	}
	if ri.Deadline, err = parseDeadline(in.Deadline, in.DeadlineTime); err != nil {
		fail(err)
		return
	}
	rd, err := s.openRound(r, ws, ri)
	if err != nil {
		fail(err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/rounds/%d?opened=1", ws.ID, rd.ID), http.StatusSeeOther)
}

// roundFrom loads the workspace and the round named in the URL.
func (s *Server) roundFrom(r *http.Request) (*report.Workspace, *report.Round, error) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		return nil, nil, err
	}
	id, err := pathID(r, "round")
	if err != nil {
		return nil, nil, err
	}
	rd, err := s.roundByID(r, id)
	if err != nil {
		return nil, nil, err
	}
	if rd.WorkspaceID != ws.ID {
		return nil, nil, notFound()
	}
	return ws, rd, nil
}

// marginBlock is a paragraph of the round's version with the comments in its margin.
type marginBlock struct {
	ID       string
	Tag      string // p, h2…h5, table
	Text     template.HTML
	Comments []*marginComment
}

// marginComment is a comment as the round page shows it, with its groups.
type marginComment struct {
	*shownComment
	Conflict   bool
	ConflictNo int // conflict group number, 0 when none
	Near       int // near-duplicate group number, 0 when none
	Same       int // same-passage group number, 0 when none
	Link       *linkProposal
}

type commentGroup struct {
	Kind     string // conflict, near, same: the group filter's prefix
	No       int
	Comments []*marginComment
}

// groupListed is how many comments of a group the round page names: a group of 10,000 similar
// comments is a count and a link to them, not 10,000 names.
const groupListed = 8

// First is the comments the page names.
func (g commentGroup) First() []*marginComment { return g.Comments[:min(len(g.Comments), groupListed)] }

// More is how many comments the page does not name.
func (g commentGroup) More() int { return len(g.Comments) - len(g.First()) }

// Filter is the group as the comments filter names it.
func (g commentGroup) Filter() string { return g.Kind + "-" + strconv.Itoa(g.No) }

// consultPage is the writers' round page: the summary, the recipients' table a page at a time,
// the comments section, and the forms that act on the round.
type consultPage struct {
	page
	Round     *report.Round
	Version   *report.Version
	Tally     consult.Tally
	Summary   string
	Overdue   bool
	Message   string
	Alert     string
	Ask       *remindQuestion
	CanWrite  bool
	Next      *report.Version
	CanApply  bool
	Decided   int // comments decided
	Decisions []report.DecisionKind
	Units     unitsView
	// the recipients' table, rendered once per status, page and kind of reader while nothing
	// changes (roundData.tables)
	UnitsTable template.HTML
	// the comments section, rendered once per filter, page and kind of reader while nothing
	// changes (roundData.sections), around the decision form, which carries the session's token
	Comments roundSectionHTML
}

// statusCount is one status of the recipients' table as the summary counts it and links to it.
type statusCount struct {
	Key, Name, Class string
	N                int
	URL              string
	On               bool
}

// unitsView is the recipients' table: the units of one status, a page of them at a time.
type unitsView struct {
	Counts     []statusCount
	Status     string // the filter's key, "" for all
	StatusName string
	Rows       []recipientRow
	Shown      int // units the filter keeps, on every page
	PageNo     int
	Pages      int
	PageSize   int
	PrevURL    string
	NextURL    string
	Remindable int // units the filter keeps that have not answered
	Unanswered int // units that have not answered, in all
}

// unitStatus is a filter of the recipients' table: the key in the URL, what it keeps.
type unitStatus struct {
	Key    string
	Name   string
	Status consult.Status // "" with Key "unanswered": every unit that has not answered
}

var unitStatuses = []unitStatus{
	{"unanswered", "未反馈", ""},
	{"unviewed", "未查看", consult.NotViewed},
	{"drafting", "起草中", consult.Drafting},
	{"answered", "已反馈", consult.Answered}, // with the units heard at a seminar, as the summary counts them
	{"nocomment", "无意见", consult.NoComment},
	{"overdue", "逾期未反馈", consult.Overdue},
}

// unitStatusKeeps reports whether a unit of status st passes filter key.
func unitStatusKeeps(key string, st consult.Status) bool {
	switch key {
	case "":
		return true
	case "unanswered":
		return !st.Replied()
	case "answered":
		return st == consult.Answered || st == consult.AtSeminar
	}
	for _, us := range unitStatuses {
		if us.Key == key {
			return us.Status == st
		}
	}
	return false
}

// unitPageSize is how many units the recipients' table lists at once.
const unitPageSize = 50

// commentFilter is what the comments section is filtered by.
type commentFilter struct {
	Unit     int64  // one unit, from the recipients' table
	UnitName string // units whose name holds it, typed in the filter form
	Part     string
	Status   string
	Group    string // one group: conflict-1, near-2, same-3
}

func (f commentFilter) key() string {
	return f.query().Encode()
}

// query is the filter as the section's own links carry it.
func (f commentFilter) query() url.Values {
	q := url.Values{}
	if f.Unit != 0 {
		q.Set("unit", strconv.FormatInt(f.Unit, 10))
	}
	for k, v := range map[string]string{"unit_name": f.UnitName, "part": f.Part, "status": f.Status, "group": f.Group} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// roundSection is what the comments section is rendered from.
type roundSection struct {
	WorkspaceID, RoundID int64
	CanWrite             bool
	Filter               commentFilter
	Keep                 url.Values // the recipients' table's parameters, kept by the links and the form
	UnitLabel            string     // the filter's unit as the form shows it
	Parts                []string
	Decisions            []report.DecisionKind
	Blocks               []marginBlock
	General              []*marginComment
	Orphans              []*marginComment
	Shown                int // comments the filter keeps, on every page
	PageNo               int
	Pages                int
	PageSize             int
	PrevURL              string
	NextURL              string
	Same                 []commentGroup
	Near                 []commentGroup
	Conflicts            []commentGroup
	// how many groups there are; the page lists the first shownGroups of each kind
	SameTotal, NearTotal, ConflictTotal int
	Next                                *report.Version
	Links                               []*marginComment
}

// roundSectionHTML is the comments section, rendered: Head before the decision form, Body after.
type roundSectionHTML struct {
	Head, Body template.HTML
}

func (s *Server) showRoundPage(w http.ResponseWriter, r *http.Request) {
	s.renderRound(w, r, http.StatusOK, "")
}

// roundPageSize is how many comments the round page lists at once: a margin of 100,000 is of
// no use to anyone, the counts, the groups and the filters are.
const roundPageSize = 200

// shownGroups is how many groups of each kind the round page lists.
const shownGroups = 50

func (s *Server) renderRound(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.renderRoundAsking(w, r, status, msg, nil)
}

// remindQuestion is the round page asking the writer to confirm a bulk reminder: the form
// posted again, with the number of units it reminds.
type remindQuestion struct {
	N                int
	What             string // 所有未反馈单位, 未查看的单位
	All              bool   // every unit that has not answered, else those of UnitStatus
	UnitStatus, Note string
}

// renderRoundAsking is renderRound, with a question to confirm when ask is not nil.
func (s *Server) renderRoundAsking(w http.ResponseWriter, r *http.Request, status int, msg string, ask *remindQuestion) {
	ws, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	if !canReadReport(u) {
		http.Redirect(w, r, fmt.Sprintf("/w/%d/rounds/%d/read", ws.ID, rd.ID), http.StatusSeeOther)
		return
	}
	ctx := r.Context()
	var d *roundData
	if mark := s.keptMark(rd); mark >= 0 {
		d, err = s.roundViewAt(ctx, ws.ID, rd.ID, mark)
	} else {
		d, err = s.roundView(ctx, ws.ID, rd.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// rd, as loadRound keeps it, is as fresh as d or fresher: d is kept through changes it does
	// not show, such as a unit opening the round or drafting, which the recipients' table shows
	p := &consultPage{page: s.newPage(r, rd.Title), Round: rd, Version: d.Version,
		Overdue: s.now().After(rd.Deadline), CanWrite: canWrite(u), Message: msg, Tally: d.Tally, Summary: d.Summary,
		Next: d.Next, CanApply: d.CanApply, Decided: d.Tally.Comments - d.Tally.Undecided,
		Decisions: []report.DecisionKind{report.Adopted, report.Partly, report.Rejected, report.Reflected}, Ask: ask}
	p.Workspace, p.Nav = ws, "rounds"
	if status >= 400 {
		// a refusal (formError) is an error, not a message of success
		p.Message, p.Alert = "", msg
	}
	q := r.URL.Query()
	switch {
	case status >= 400:
	case q.Get("opened") != "":
		p.Message = "已发起征求意见。可下载通知（.docx）打印或通过办公系统发送；各单位的待办中已列出此项。"
	case q.Get("reminded") != "":
		p.Message = "已催办：" + q.Get("reminded") + " 个单位的待办中将置顶此项"
	case q.Get("done") != "":
		p.Message = q.Get("done")
	}
	f := commentFilter{Part: q.Get("part"), Status: q.Get("status"), UnitName: strings.TrimSpace(q.Get("unit_name")), Group: q.Get("group")}
	f.Unit, _ = strconv.ParseInt(q.Get("unit"), 10, 64)
	if f.UnitName != "" {
		f.Unit = 0 // the form names units by name; a unit's link by its ID
	}
	// each section's links keep the other section's parameters: paging through the units does
	// not drop the comments' filter, nor the reverse. What is rendered once for all is keyed by
	// them too.
	commentsQuery := f.query()
	if no := q.Get("page"); no != "" {
		commentsQuery.Set("page", no)
	}
	p.Units = s.unitsOf(d, rd, q, commentsQuery)
	unitsQuery := url.Values{}
	for _, k := range []string{"unit_status", "unit_page"} {
		if v := q.Get(k); v != "" {
			unitsQuery.Set(k, v)
		}
	}
	p.UnitsTable, err = s.roundTables(rd).get(fmt.Sprintf("%s|%d|%t|%t|%t|%s", p.Units.Status, p.Units.PageNo, p.CanWrite, rd.Open(), p.Overdue, commentsQuery.Encode()), func() (template.HTML, error) {
		return s.fragment("round", "recipients", p)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}

	units, label := d.filterUnits(f)
	if f.UnitName != "" && len(units) == 0 {
		p.Alert = fmt.Sprintf("此次征求意见没有名称含“%s”的单位", f.UnitName)
	}
	kept, err := d.lists.get(f.key(), func() ([]*marginComment, error) {
		var kept []*marginComment
		for _, rc := range d.Ordered {
			if f.keeps(rc, units) {
				kept = append(kept, rc)
			}
		}
		return kept, nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pages := max(1, (len(kept)+roundPageSize-1)/roundPageSize)
	no, _ := strconv.Atoi(q.Get("page"))
	no = min(max(no, 1), pages)
	p.Comments, err = d.sections.get(fmt.Sprintf("%s|%d|%t|%s", f.key(), no, p.CanWrite, unitsQuery.Encode()), func() (roundSectionHTML, error) {
		return s.roundSection(d, f, label, kept, no, pages, p.CanWrite, unitsQuery)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "round", p)
}

// unitsOf is the recipients' table as the query asks for it, with the statuses as of now; its
// links keep the comments section's parameters, keep.
func (s *Server) unitsOf(d *roundData, rd *report.Round, q, keep url.Values) unitsView {
	now := s.now()
	uv := unitsView{Status: q.Get("unit_status"), PageSize: unitPageSize}
	if !slices.ContainsFunc(unitStatuses, func(us unitStatus) bool { return us.Key == uv.Status }) {
		uv.Status = "" // a status that does not exist filters nothing
	}
	counts := map[string]int{}
	var kept []int
	for i := range rd.Recipients {
		rc := &rd.Recipients[i]
		st := consult.StatusOf(rd, rc, now)
		for _, us := range unitStatuses {
			if unitStatusKeeps(us.Key, st) {
				counts[us.Key]++
			}
		}
		if !st.Replied() {
			uv.Unanswered++
		}
		if unitStatusKeeps(uv.Status, st) {
			kept = append(kept, i)
			if !st.Replied() {
				uv.Remindable++
			}
		}
	}
	with := func(set url.Values) string {
		c := url.Values{}
		for k, v := range keep {
			c[k] = v
		}
		for k, v := range set {
			c[k] = v
		}
		return "?" + c.Encode() + "#recipients"
	}
	link := func(key string) string {
		if key == "" {
			return with(nil)
		}
		return with(url.Values{"unit_status": {key}})
	}
	uv.Counts = append(uv.Counts, statusCount{Name: "全部", N: len(rd.Recipients), URL: link(""), On: uv.Status == ""})
	for _, us := range unitStatuses {
		n := counts[us.Key]
		if us.Key == uv.Status {
			uv.StatusName = us.Name
		}
		uv.Counts = append(uv.Counts, statusCount{Key: us.Key, Name: us.Name, Class: recipientRow{Status: us.Status}.Class(), N: n, URL: link(us.Key), On: us.Key == uv.Status})
	}
	uv.Shown = len(kept)
	uv.Pages = max(1, (len(kept)+unitPageSize-1)/unitPageSize)
	uv.PageNo, _ = strconv.Atoi(q.Get("unit_page"))
	uv.PageNo = min(max(uv.PageNo, 1), uv.Pages)
	pageLink := func(no int) string {
		c := url.Values{"unit_page": {strconv.Itoa(no)}}
		if uv.Status != "" {
			c.Set("unit_status", uv.Status)
		}
		return with(c)
	}
	if uv.PageNo > 1 {
		uv.PrevURL = pageLink(uv.PageNo - 1)
	}
	if uv.PageNo < uv.Pages {
		uv.NextURL = pageLink(uv.PageNo + 1)
	}
	for _, i := range kept[(uv.PageNo-1)*unitPageSize : min(uv.PageNo*unitPageSize, len(kept))] {
		rc := &rd.Recipients[i]
		row := recipientRow{UnitID: rc.UnitID}
		if at, ok := d.rowAt[rc.UnitID]; ok {
			row = d.Rows[at] // the unit's name and contact
		}
		row.Status, row.ViewedAt, row.SentAt, row.NoCommentAt = consult.StatusOf(rd, rc, now), timePtr(rc.ViewedAt), timePtr(rc.SentAt), timePtr(rc.NoCommentAt)
		row.Drafts, row.Comments = rc.Drafts, rc.Sent
		uv.Rows = append(uv.Rows, row)
	}
	return uv
}

// keepQuery is the page's query without the one-off messages and the given keys.
func keepQuery(q url.Values, drop ...string) url.Values {
	c := url.Values{}
	for k, v := range q {
		if k != "done" && k != "opened" && k != "reminded" && !slices.Contains(drop, k) {
			c[k] = v
		}
	}
	return c
}

// filterUnits is the units a comment filter names, nil for all, and how the form shows them.
func (d *roundData) filterUnits(f commentFilter) (map[int64]bool, string) {
	switch {
	case f.UnitName != "":
		// the units the name may mean, as the seminar's form reads it: 发改 finds 市发展和改革局;
		// a name that means several (镇) filters by all of them
		invited := make([]report.Unit, len(d.Rows))
		for i, row := range d.Rows {
			invited[i] = report.Unit{ID: row.UnitID, Name: row.Unit, Kind: row.Kind}
		}
		units := map[int64]bool{}
		for _, un := range unitname.Candidates(f.UnitName, invited) {
			units[un.ID] = true
		}
		return units, f.UnitName
	case f.Unit != 0:
		for _, row := range d.Rows {
			if row.UnitID == f.Unit {
				return map[int64]bool{f.Unit: true}, row.Unit
			}
		}
		return map[int64]bool{}, ""
	}
	return nil, ""
}

// keeps applies the filter; units is filterUnits' answer.
func (f commentFilter) keeps(rc *marginComment, units map[int64]bool) bool {
	if units != nil && !units[rc.UnitID] {
		return false
	}
	if f.Part != "" && rc.Part != f.Part {
		return false
	}
	if f.Group != "" {
		kind, no, _ := strings.Cut(f.Group, "-")
		n, _ := strconv.Atoi(no)
		switch kind {
		case "conflict":
			if rc.ConflictNo != n {
				return false
			}
		case "near":
			if rc.Near != n {
				return false
			}
		case "same":
			if rc.Same != n {
				return false
			}
		default:
			return false
		}
	}
	switch f.Status {
	case "":
	case "undecided":
		return rc.Decision == nil
	case "decided":
		return rc.Decision != nil
	case "conflict":
		return rc.Conflict
	case "flagged":
		return rc.Link != nil && rc.Link.Flag != ""
	default:
		return rc.Decision != nil && string(rc.Decision.Kind) == f.Status
	}
	return true
}

// roundSection renders page no of the comments the filter kept, with the groups, the
// paragraphs they are on and their links into the next version; its pager and filter form keep
// the recipients' table's parameters, keep.
func (s *Server) roundSection(d *roundData, f commentFilter, label string, kept []*marginComment, no, pages int, canWrite bool, keep url.Values) (roundSectionHTML, error) {
	rd, v := d.Round, d.Version
	p := &roundSection{WorkspaceID: rd.WorkspaceID, RoundID: rd.ID, CanWrite: canWrite, Filter: f, UnitLabel: label,
		Parts: d.Parts, Next: d.Next, Shown: len(kept), PageNo: no, Pages: pages, PageSize: roundPageSize, Keep: keep,
		Decisions: []report.DecisionKind{report.Adopted, report.Partly, report.Rejected, report.Reflected}}
	p.Same, p.SameTotal = firstGroups(d.Same)
	p.Near, p.NearTotal = firstGroups(d.Near)
	p.Conflicts, p.ConflictTotal = firstGroups(d.Conflicts)
	q := f.query()
	for k, v := range keep {
		q[k] = v
	}
	if no > 1 {
		p.PrevURL = pageURL(q, no-1)
	}
	if no < pages {
		p.NextURL = pageURL(q, no+1)
	}
	listed := kept[(no-1)*roundPageSize : min(no*roundPageSize, len(kept))]
	byBlock := map[string][]*marginComment{}
	for _, rc := range listed {
		switch {
		case rc.BlockID == "":
			p.General = append(p.General, rc)
		case rc.State == anchor.Orphaned:
			p.Orphans = append(p.Orphans, rc)
		default:
			byBlock[rc.BlockID] = append(byBlock[rc.BlockID], rc)
		}
		if rc.Link != nil {
			p.Links = append(p.Links, rc)
		}
	}
	// the whole text with its margin while everything fits on one page; else the paragraphs
	// that carry this page's comments
	whole := pages == 1 && f == commentFilter{}
	for i := range v.Doc.Blocks {
		b := &v.Doc.Blocks[i]
		cs := byBlock[b.ID]
		if len(cs) == 0 && !whole {
			continue
		}
		var ranges [][2]int
		for _, c := range cs {
			if !(c.Start == 0 && c.End == utf8.RuneCountInString(b.Text)) {
				ranges = append(ranges, [2]int{c.Start, c.End})
			}
		}
		p.Blocks = append(p.Blocks, marginBlock{ID: b.ID, Tag: blockTag(b), Text: markRanges(b.Text, ranges), Comments: cs})
	}
	var out roundSectionHTML
	var err error
	if out.Head, err = s.fragment("round", "comments-head", p); err != nil {
		return out, err
	}
	out.Body, err = s.fragment("round", "comments-body", p)
	return out, err
}

// firstGroups is the groups the page lists, and how many there are.
func firstGroups(gs []commentGroup) ([]commentGroup, int) {
	return gs[:min(len(gs), shownGroups)], len(gs)
}

// pageURL is the page's query with another page number.
func pageURL(q url.Values, page int) string {
	c := keepQuery(q, "page")
	c.Set("page", strconv.Itoa(page))
	return "?" + c.Encode()
}

// blockTag is the element a block is shown as.
func blockTag(b *report.Block) string {
	if b.Kind == report.Heading && !b.RunIn() {
		return fmt.Sprintf("h%d", min(b.Level+1, 5))
	}
	if b.Kind == report.Table {
		return "table"
	}
	return "p"
}

// markRanges escapes text and wraps the runes covered by any of ranges in <mark>.
func markRanges(text string, ranges [][2]int) template.HTML {
	if len(ranges) == 0 {
		return template.HTML(template.HTMLEscapeString(text))
	}
	rs := []rune(text)
	on := make([]bool, len(rs))
	for _, rg := range ranges {
		for i := max(rg[0], 0); i < min(rg[1], len(rs)); i++ {
			on[i] = true
		}
	}
	var b strings.Builder
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && on[j] == on[i] {
			j++
		}
		if on[i] {
			b.WriteString("<mark>")
		}
		b.WriteString(template.HTMLEscapeString(string(rs[i:j])))
		if on[i] {
			b.WriteString("</mark>")
		}
		i = j
	}
	return template.HTML(b.String())
}

// roundRedirect sends the writer back to the round page with a message.
func roundRedirect(w http.ResponseWriter, r *http.Request, rd *report.Round, msg string) {
	http.Redirect(w, r, fmt.Sprintf("/w/%d/rounds/%d?done=%s", rd.WorkspaceID, rd.ID, url.QueryEscape(msg)), http.StatusSeeOther)
}

func (s *Server) extendRoundForm(w http.ResponseWriter, r *http.Request) {
	_, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := parseDeadline(r.PostFormValue("deadline"), r.PostFormValue("deadline_time"))
	if err == nil {
		err = s.extendRound(r, rd, d)
	}
	if err != nil {
		s.formError(w, r, err, func(status int, msg string) { s.renderRound(w, r, status, msg) })
		return
	}
	roundRedirect(w, r, rd, "截止时间已延至 "+d.Format("2006-01-02 15:04"))
}

func (s *Server) closeRoundForm(w http.ResponseWriter, r *http.Request) {
	_, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// the form says so; a bare POST (a double click, a crawler) ends nothing
	if r.PostFormValue("confirm") == "" {
		s.formError(w, r, report.Errorf(report.EINVALID, "请确认结束征求意见"), func(status int, msg string) { s.renderRound(w, r, status, msg) })
		return
	}
	if err := s.closeRound(r, rd); err != nil {
		s.formError(w, r, err, func(status int, msg string) { s.renderRound(w, r, status, msg) })
		return
	}
	roundRedirect(w, r, rd, "征求意见已结束，不再接收意见")
}

// remindRoundForm reminds one unit (a row's button), the unanswered units of the status the
// table is filtered by, or every unit that has not answered.
func (s *Server) remindRoundForm(w http.ResponseWriter, r *http.Request) {
	ws, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fail := func(err error) {
		s.formError(w, r, err, func(status int, msg string) { s.renderRound(w, r, status, msg) })
	}
	var units []int64
	var ask *remindQuestion
	switch {
	case r.PostFormValue("unit") != "":
		id, err := strconv.ParseInt(r.PostFormValue("unit"), 10, 64)
		if err != nil {
			fail(report.Errorf(report.EINVALID, "所选单位不在此次征求意见的范围内"))
			return
		}
		units = []int64{id}
	case r.PostFormValue("filtered") != "" || r.PostFormValue("all") != "":
		all := r.PostFormValue("filtered") == ""
		key, now := r.PostFormValue("unit_status"), s.now()
		if all {
			key = "unanswered"
		}
		for i := range rd.Recipients {
			rc := &rd.Recipients[i]
			if st := consult.StatusOf(rd, rc, now); !st.Replied() && unitStatusKeeps(key, st) {
				units = append(units, rc.UnitID)
			}
		}
		if len(units) == 0 {
			msg := "筛选出的单位都已反馈，无需催办"
			if all {
				msg = "所有单位都已反馈，无需催办"
			}
			fail(report.Errorf(report.EINVALID, "%s", msg))
			return
		}
		ask = &remindQuestion{N: len(units), What: "所有未反馈单位", All: all, UnitStatus: r.PostFormValue("unit_status"), Note: r.PostFormValue("note")}
		if !all {
			for _, us := range unitStatuses {
				if us.Key == key {
					ask.What = us.Name + "的单位"
				}
			}
		}
	default:
		fail(report.Errorf(report.EINVALID, "请选择要催办的单位"))
		return
	}
	// a bulk reminder goes once the writer has confirmed the number of units it reaches, the
	// same number as now: a stray Enter, or units answering meanwhile, only ask again
	if ask != nil && r.PostFormValue("confirm") != strconv.Itoa(ask.N) {
		s.renderRoundAsking(w, r, http.StatusOK, "", ask)
		return
	}
	n, err := s.remindRound(r, rd, units, r.PostFormValue("note"))
	if err != nil {
		fail(err)
		return
	}
	back := url.Values{"reminded": {strconv.Itoa(n)}}
	if key := r.PostFormValue("unit_status"); key != "" {
		back.Set("unit_status", key)
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/rounds/%d?%s#recipients", ws.ID, rd.ID, back.Encode()), http.StatusSeeOther)
}

func (s *Server) decideForm(w http.ResponseWriter, r *http.Request) {
	ws, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fail := func(err error) {
		s.formError(w, r, err, func(status int, msg string) { s.renderRound(w, r, status, msg) })
	}
	ids, err := idList(r.PostForm["comment"])
	if err != nil {
		fail(err)
		return
	}
	kind, err := parseDecision(r.PostFormValue("decision"))
	if err != nil {
		fail(err)
		return
	}
	for _, id := range ids {
		if err := s.commentOf(r, rd, id); err != nil {
			fail(err)
			return
		}
	}
	if err := s.decide(r, ws.ID, ids, kind, r.PostFormValue("reason")); err != nil {
		fail(err)
		return
	}
	roundRedirect(w, r, rd, fmt.Sprintf("已处理 %d 条意见：%s", len(ids), kind.Name()))
}

func (s *Server) confirmLinksForm(w http.ResponseWriter, r *http.Request) {
	_, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ids, err := idList(r.PostForm["comment"])
	if err == nil {
		var n int
		n, err = s.confirmLinks(r, rd, ids)
		if err == nil {
			roundRedirect(w, r, rd, fmt.Sprintf("已确认 %d 条意见在下一版中的修改", n))
			return
		}
	}
	s.formError(w, r, err, func(status int, msg string) { s.renderRound(w, r, status, msg) })
}

func (s *Server) applyForm(w http.ResponseWriter, r *http.Request) {
	ws, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, n, skipped, err := s.applyWordings(r, ws, rd, r.PostFormValue("label"), r.PostFormValue("note"))
	if err != nil {
		s.formError(w, r, err, func(status int, msg string) { s.renderRound(w, r, status, msg) })
		return
	}
	msg := fmt.Sprintf("已形成第%d版“%s”，应用了 %d 条采纳的修改建议", v.Number, v.Label, n)
	if len(skipped) > 0 {
		msg += "；未能应用：" + strings.Join(skipped, "；")
	}
	roundRedirect(w, r, rd, msg)
}

// seminarPage is where a writer enters the opinions voiced at a 座谈会 on behalf of the units
// present: apart from the round page, whose every view would otherwise carry a list of all the
// units invited (a thousand) and of all the paragraphs.
type seminarPage struct {
	page
	Round      *report.Round
	Version    *report.Version
	Message    string
	Error      string
	Units      []string // the names of the units invited, for the browser to suggest
	Paragraphs []blockOption
	In         seminarInput
	Today      string
	// the seminar opinions this writer entered in the round, the latest first, to correct
	Entered []*marginComment
}

type blockOption struct {
	ID, Text string
}

// seminarInput is the form as typed, shown again after a mistake.
type seminarInput struct {
	UnitNames, Block, Quote, Text, Proposal, HeldOn string
}

func (s *Server) showSeminarPage(w http.ResponseWriter, r *http.Request) {
	s.renderSeminar(w, r, http.StatusOK, "")
}

func (s *Server) renderSeminar(w http.ResponseWriter, r *http.Request, status int, errMsg string) {
	ws, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !canWrite(currentUser(r)) {
		s.fail(w, r, report.Errorf(report.EFORBIDDEN, "只有写作组可以录入座谈会意见"))
		return
	}
	d, err := s.roundView(r.Context(), ws.ID, rd.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	if r.PathValue("comment") != "" {
		f = url.Values{} // a correction refused: the form for a new opinion stays empty
	}
	p := &seminarPage{page: s.newPage(r, "录入座谈会意见"), Round: d.Round, Version: d.Version, Error: errMsg,
		Message: r.URL.Query().Get("done"), Today: chinaDay(s.now()).Format("2006-01-02"),
		In: seminarInput{UnitNames: f.Get("unit_names"), Block: f.Get("block"), Quote: f.Get("quote"), Text: f.Get("text"),
			Proposal: f.Get("proposal"), HeldOn: f.Get("held_on")}}
	if p.In.Block == "" {
		p.In.Block = r.URL.Query().Get("block")
	}
	if p.In.HeldOn == "" {
		// the day of the opinions entered last, else today: a seminar's opinions are often
		// typed the day after
		p.In.HeldOn = cmp.Or(r.URL.Query().Get("held_on"), p.Today)
	}
	me := currentUser(r).ID
	for i := len(d.Ordered) - 1; i >= 0; i-- {
		if c := d.Ordered[i]; c.Seminar && c.AuthorID == me {
			p.Entered = append(p.Entered, c)
		}
	}
	slices.SortStableFunc(p.Entered, func(a, b *marginComment) int { return cmp.Compare(b.ID, a.ID) })
	p.Workspace, p.Nav = ws, "rounds"
	for _, row := range d.Rows {
		p.Units = append(p.Units, row.Unit)
	}
	for i := range d.Version.Doc.Blocks {
		b := &d.Version.Doc.Blocks[i]
		p.Paragraphs = append(p.Paragraphs, blockOption{ID: b.ID, Text: truncate(b.Text, 30)})
	}
	s.render(w, r, status, "round_seminar", p)
}

// seminarUnits resolves the units named in the seminar form: by ID (unit), or by name
// (unit_names, several separated by 、，; or spaces), a name being an invited unit's full name,
// a part of it or its short form (发改局), as unitname reads it, meaning exactly one of them.
func (s *Server) seminarUnits(r *http.Request, rd *report.Round) ([]int64, error) {
	var ids []int64
	seen := map[int64]bool{}
	add := func(id int64) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, v := range r.PostForm["unit"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, report.Errorf(report.EINVALID, "请选择提出座谈会意见的单位（须在此次征求意见范围内）")
		}
		add(id)
	}
	names := strings.FieldsFunc(r.PostFormValue("unit_names"), func(c rune) bool {
		return strings.ContainsRune("、，,;；\n\r\t 　", c)
	})
	if len(names) == 0 {
		return ids, nil
	}
	all, err := s.store.Units(r.Context())
	if err != nil {
		return nil, err
	}
	invited := make([]report.Unit, 0, len(rd.Recipients))
	for _, un := range all {
		if rd.Recipient(un.ID) != nil {
			invited = append(invited, un)
		}
	}
	for _, n := range names {
		switch cs := unitname.Candidates(n, invited); {
		case len(cs) == 1:
			add(cs[0].ID)
		case len(cs) == 0:
			return nil, report.Errorf(report.EINVALID, "此次征求意见的范围内没有“%s”，请填写受邀单位的名称", n)
		default:
			var some []string
			for _, un := range cs[:min(5, len(cs))] {
				some = append(some, un.Name)
			}
			more := ""
			if len(cs) > 5 {
				more = "等"
			}
			return nil, report.Errorf(report.EINVALID, "“%s”可指 %d 个单位（%s%s），请填写全称", n, len(cs), strings.Join(some, "、"), more)
		}
	}
	return ids, nil
}

// seminarForm enters a 座谈会 opinion on behalf of the units present that voiced it. The writer names the
// paragraph and, optionally, the words commented on, found once in it.
func (s *Server) seminarForm(w http.ResponseWriter, r *http.Request) {
	ws, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fail := func(err error) {
		s.formError(w, r, err, func(status int, msg string) { s.renderSeminar(w, r, status, msg) })
	}
	units, err := s.seminarUnits(r, rd)
	if err != nil {
		fail(err)
		return
	}
	if len(units) == 0 {
		fail(report.Errorf(report.EINVALID, "请填写提出座谈会意见的单位（须在此次征求意见范围内）"))
		return
	}
	in := commentInput{BlockID: strings.TrimSpace(r.PostFormValue("block")), Text: r.PostFormValue("text"), Proposal: r.PostFormValue("proposal")}
	if v := strings.TrimSpace(r.PostFormValue("held_on")); v != "" {
		if in.HeldOn, err = time.Parse("2006-01-02", v); err != nil {
			fail(report.Errorf(report.EINVALID, "座谈会日期格式应为 2026-12-05"))
			return
		}
	}
	if quote := r.PostFormValue("quote"); in.BlockID != "" {
		v, err := s.versionView(r, rd.VersionID)
		if err != nil {
			fail(err)
			return
		}
		b := v.Doc.Block(in.BlockID)
		if b == nil {
			fail(report.Errorf(report.EINVALID, "这一版中没有所指的段落（%s）", in.BlockID))
			return
		}
		if quote == "" {
			in.Whole = true
		} else {
			i := strings.Index(b.Text, quote)
			if i < 0 {
				fail(report.Errorf(report.EINVALID, "所指段落中没有“%s”", quote))
				return
			}
			if strings.Count(b.Text, quote) > 1 {
				fail(report.Errorf(report.EINVALID, "“%s”在段落中出现多次，请多写几个字以确定位置", quote))
				return
			}
			in.Start = utf8.RuneCountInString(b.Text[:i])
			in.End, in.Quote = in.Start+utf8.RuneCountInString(quote), quote
		}
	}
	// the same opinion for every unit present that voiced it, stored together
	ins := make([]commentInput, len(units))
	for i, id := range units {
		ins[i] = in
		ins[i].UnitID = id
	}
	if _, err := s.addComments(r, rd, ins); err != nil {
		fail(err)
		return
	}
	// back to an empty form, on the same seminar's day: a seminar voices one opinion after another
	http.Redirect(w, r, fmt.Sprintf("/w/%d/rounds/%d/seminar?%s", ws.ID, rd.ID, url.Values{
		"done": {fmt.Sprintf("已录入座谈会意见（%d 个单位）", len(ins))}, "held_on": {r.PostFormValue("held_on")}}.Encode()), http.StatusSeeOther)
}

// correctSeminarForm changes (text, proposal) or deletes (delete) a seminar opinion the writer
// entered, from the list on the seminar page.
func (s *Server) correctSeminarForm(w http.ResponseWriter, r *http.Request) {
	ws, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fail := func(err error) {
		s.formError(w, r, err, func(status int, msg string) { s.renderSeminar(w, r, status, msg) })
	}
	id, err := pathID(r, "comment")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	del := r.PostFormValue("delete") != ""
	if err := s.correctSeminar(r, rd, id, del, r.PostFormValue("text"), r.PostFormValue("proposal")); err != nil {
		fail(err)
		return
	}
	msg := "已更正座谈会意见"
	if del {
		msg = "已删除座谈会意见"
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/rounds/%d/seminar?done=%s#entered", ws.ID, rd.ID, url.QueryEscape(msg)), http.StatusSeeOther)
}

func (s *Server) downloadRoundNotice(w http.ResponseWriter, r *http.Request) {
	ws, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.versionView(r, rd.VersionID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	label := fmt.Sprintf("%s（%s）", ws.Name, v.Version.Label)
	var buf bytes.Buffer
	if err := docx.WriteNotice(&buf, consult.Notice(rd, label, "市人民政府办公室", units)); err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, fmt.Sprintf("round-notice-%d.docx", rd.ID), rd.Title+".docx", "docx", buf.Bytes())
}

// sendTable answers the round's 意见采纳情况表 as .xlsx or .docx; the API's routes call it too.
func (s *Server) sendTable(w http.ResponseWriter, r *http.Request, rd *report.Round, format string) {
	ascii, name := fmt.Sprintf("round-%d-table.%s", rd.ID, format), "意见采纳情况表."+format
	if format == "xlsx" {
		s.streamTable(w, r, rd, ascii, name)
		return
	}
	t, err := s.roundTable(r, rd)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := docx.WriteSheet(&buf, t.Sheet()); err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, ascii, name, format, buf.Bytes())
}

// streamTable sends the .xlsx as its rows come from the database: the first bytes leave once
// the decided comments have been carried into the next version, and memory does not grow with
// the round. A failure before the first row is an ordinary error page; after it, the response
// can only be cut short, and is logged.
func (s *Server) streamTable(w http.ResponseWriter, r *http.Request, rd *report.Round, ascii, name string) {
	var x *consult.XLSXTable
	summary, silent, err := s.tableRows(r.Context(), rd, func(title string) error {
		downloadHeaders(w, ascii, name, "xlsx")
		var err error
		x, err = consult.NewXLSXTable(w, title)
		return err
	}, func(row *consult.Row) error { return x.Row(row) })
	if err == nil {
		err = x.Close(summary, silent)
	}
	switch {
	case err == nil:
	case x == nil:
		s.fail(w, r, err)
	default:
		s.log.Error("writing the table", "round", rd.ID, "err", err)
	}
}

func (s *Server) downloadRoundTable(w http.ResponseWriter, r *http.Request) {
	_, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	format := "xlsx"
	if strings.HasSuffix(r.URL.Path, ".docx") {
		format = "docx"
	}
	s.sendTable(w, r, rd, format)
}
