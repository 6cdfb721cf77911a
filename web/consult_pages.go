package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"qicao/anchor"
	"qicao/consult"
	"qicao/docx"
	"qicao/report"
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
	in := roundForm{Deadline: s.now().AddDate(0, 0, 5).Format("2006-01-02"), DeadlineTime: "18:00",
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
	Conflict bool
	Near     int // near-duplicate group number, 0 when none
	Same     int // same-passage group number, 0 when none
	Link     *linkProposal
}

type commentGroup struct {
	No       int
	Comments []*marginComment
}

type consultPage struct {
	page
	Round     *report.Round
	Version   *report.Version
	Rows      []recipientRow
	Tally     consult.Tally
	Summary   string
	Overdue   bool
	Message   string
	CanWrite  bool
	Blocks    []marginBlock
	General   []*marginComment
	Orphans   []*marginComment
	Shown     int // comments the filter keeps, on every page
	PageNo    int
	Pages     int
	PrevURL   string
	NextURL   string
	Same      []commentGroup
	Near      []commentGroup
	Conflicts []commentGroup
	// how many groups there are; the page lists the first shownGroups of each kind
	SameTotal, NearTotal, ConflictTotal int
	Next                                *report.Version
	Links                               []*marginComment
	CanApply                            bool
	Filter                              struct {
		Unit   int64
		Part   string
		Status string
	}
	Parts      []string
	Decisions  []report.DecisionKind
	Paragraphs []blockOption
}

type blockOption struct {
	ID, Text string
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
	d, err := s.roundView(ctx, ws.ID, rd.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rd, v := d.Round, d.Version
	p := &consultPage{page: s.newPage(r, rd.Title), Round: rd, Version: v, Rows: s.rowsOf(rd, d.Units, d.Contacts),
		Overdue: s.now().After(rd.Deadline), CanWrite: canWrite(u), Message: msg, Tally: d.Tally, Summary: d.Summary,
		Next: d.Next, CanApply: d.CanApply, Parts: d.Parts,
		Decisions: []report.DecisionKind{report.Adopted, report.Partly, report.Rejected, report.Reflected}}
	p.Workspace, p.Nav = ws, "rounds"
	q := r.URL.Query()
	switch {
	case q.Get("opened") != "":
		p.Message = "已发起征求意见。可下载通知（.docx）打印或通过办公系统发送；各单位的待办中已列出此项。"
	case q.Get("reminded") != "":
		p.Message = "已催办：" + q.Get("reminded") + " 个单位的待办中将置顶此项"
	case q.Get("done") != "":
		p.Message = q.Get("done")
	}
	p.Filter.Unit, _ = strconv.ParseInt(q.Get("unit"), 10, 64)
	p.Filter.Part, p.Filter.Status = q.Get("part"), q.Get("status")
	p.Same, p.SameTotal = firstGroups(d.Same)
	p.Near, p.NearTotal = firstGroups(d.Near)
	p.Conflicts, p.ConflictTotal = firstGroups(d.Conflicts)

	var kept []*marginComment
	for _, rc := range d.Ordered {
		if p.keep(rc) {
			kept = append(kept, rc)
		}
	}
	p.Shown = len(kept)
	p.Pages = max(1, (len(kept)+roundPageSize-1)/roundPageSize)
	p.PageNo, _ = strconv.Atoi(q.Get("page"))
	p.PageNo = min(max(p.PageNo, 1), p.Pages)
	if p.PageNo > 1 {
		p.PrevURL = pageURL(q, p.PageNo-1)
	}
	if p.PageNo < p.Pages {
		p.NextURL = pageURL(q, p.PageNo+1)
	}
	listed := kept[(p.PageNo-1)*roundPageSize : min(p.PageNo*roundPageSize, len(kept))]
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
	whole := p.Pages == 1 && p.Filter == (struct {
		Unit   int64
		Part   string
		Status string
	}{})
	for i := range v.Doc.Blocks {
		b := &v.Doc.Blocks[i]
		cs := byBlock[b.ID]
		p.Paragraphs = append(p.Paragraphs, blockOption{ID: b.ID, Text: truncate(b.Text, 30)})
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
	s.render(w, r, status, "round", p)
}

// firstGroups is the groups the page lists, and how many there are.
func firstGroups(gs []commentGroup) ([]commentGroup, int) {
	return gs[:min(len(gs), shownGroups)], len(gs)
}

// pageURL is the page's query with another page number.
func pageURL(q url.Values, page int) string {
	c := url.Values{}
	for k, v := range q {
		if k != "page" && k != "done" && k != "opened" && k != "reminded" {
			c[k] = v
		}
	}
	c.Set("page", strconv.Itoa(page))
	return "?" + c.Encode()
}

// keep applies the page's filter.
func (p *consultPage) keep(rc *marginComment) bool {
	f := &p.Filter
	if f.Unit != 0 && rc.UnitID != f.Unit {
		return false
	}
	if f.Part != "" && rc.Part != f.Part {
		return false
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

func (s *Server) remindRoundForm(w http.ResponseWriter, r *http.Request) {
	ws, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var units []int64
	if v := r.PostFormValue("unit"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.fail(w, r, report.Errorf(report.EINVALID, "所选单位不在此次征求意见的范围内"))
			return
		}
		units = []int64{id}
	} else if r.PostFormValue("all") == "" {
		s.formError(w, r, report.Errorf(report.EINVALID, "请选择要催办的单位"), func(status int, msg string) { s.renderRound(w, r, status, msg) })
		return
	}
	n, err := s.remindRound(r, rd, units, r.PostFormValue("note"))
	if err != nil {
		s.formError(w, r, err, func(status int, msg string) { s.renderRound(w, r, status, msg) })
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/rounds/%d?reminded=%d", ws.ID, rd.ID, n), http.StatusSeeOther)
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

// seminarForm enters a 座谈会 opinion on behalf of the units present that voiced it. The writer names the
// paragraph and, optionally, the words commented on, found once in it.
func (s *Server) seminarForm(w http.ResponseWriter, r *http.Request) {
	_, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fail := func(err error) {
		s.formError(w, r, err, func(status int, msg string) { s.renderRound(w, r, status, msg) })
	}
	unit, _ := strconv.ParseInt(r.PostFormValue("unit"), 10, 64)
	in := commentInput{BlockID: strings.TrimSpace(r.PostFormValue("block")), Text: r.PostFormValue("text"), Proposal: r.PostFormValue("proposal"), UnitID: unit}
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
	ins := []commentInput{in}
	for _, v := range r.PostForm["unit"][min(1, len(r.PostForm["unit"])):] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			fail(report.Errorf(report.EINVALID, "请选择提出座谈会意见的单位（须在此次征求意见范围内）"))
			return
		}
		more := in
		more.UnitID = id
		ins = append(ins, more)
	}
	if _, err := s.addComments(r, rd, ins); err != nil {
		fail(err)
		return
	}
	roundRedirect(w, r, rd, fmt.Sprintf("已录入座谈会意见（%d 个单位）", len(ins)))
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
