package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"qicao/consult"
	"qicao/report"
)

// The recipients' reading page: a unit's contact or head reads the version sent to the unit,
// drafts comments on a selection, a paragraph or the whole, edits and deletes them until the
// unit sends them together, or replies 无意见.

type readBlock struct {
	ID       string
	Tag      string
	Text     template.HTML
	Comments []*shownComment
}

type readPage struct {
	page
	Round    *report.Round
	Label    string
	Unit     string
	Status   consult.Status
	Open     bool
	Answered bool
	Drafts   int
	Sent     int
	Message  string
	Error    string
	Blocks   []readBlock
	General  []*shownComment
	// the comment form, prefilled by ?block= for a whole paragraph without JavaScript
	Block     string
	BlockText string
	Text      string
	Proposal  string
}

func (s *Server) showReadPage(w http.ResponseWriter, r *http.Request) {
	s.renderRead(w, r, http.StatusOK, "")
}

func (s *Server) renderRead(w http.ResponseWriter, r *http.Request, status int, errMsg string) {
	ws, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	if !invited(u, rd) {
		if canReadReport(u) {
			http.Redirect(w, r, fmt.Sprintf("/w/%d/rounds/%d", ws.ID, rd.ID), http.StatusSeeOther)
			return
		}
		s.fail(w, r, notFound())
		return
	}
	if r.Method == http.MethodGet {
		if err := s.markViewed(r, rd); err != nil {
			s.fail(w, r, err)
			return
		}
		if rd, err = s.roundByID(r, rd.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	shown, v, err := s.roundComments(r, rd)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	unit, err := s.store.Unit(r.Context(), u.UnitID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rc := rd.Recipient(u.UnitID)
	p := &readPage{page: s.newPage(r, rd.Title), Round: rd, Label: v.Label, Unit: unit.Name,
		Status: consult.StatusOf(rd, rc, s.now()), Open: rd.Open(), Answered: rc.Answered(), Drafts: rc.Drafts, Sent: rc.Sent,
		Error: errMsg, Text: r.PostFormValue("text"), Proposal: r.PostFormValue("proposal")}
	p.Workspace, p.Nav = ws, "rounds"
	p.Message = r.URL.Query().Get("done")
	byBlock := map[string][]*shownComment{}
	for i := range shown {
		c := &shown[i]
		if c.UnitID != u.UnitID {
			continue // a unit sees its own comments only
		}
		if c.BlockID == "" {
			p.General = append(p.General, c)
		} else {
			byBlock[c.BlockID] = append(byBlock[c.BlockID], c)
		}
	}
	if b := r.URL.Query().Get("block"); b != "" {
		if blk := v.Doc.Block(b); blk != nil {
			p.Block, p.BlockText = b, truncate(blk.Text, 40)
		}
	}
	for i := range v.Doc.Blocks {
		b := &v.Doc.Blocks[i]
		cs := byBlock[b.ID]
		var ranges [][2]int
		for _, c := range cs {
			ranges = append(ranges, [2]int{c.Start, c.End})
		}
		p.Blocks = append(p.Blocks, readBlock{ID: b.ID, Tag: blockTag(b), Text: markRanges(b.Text, ranges), Comments: cs})
	}
	s.render(w, r, status, "round_read", p)
}

// readRedirect sends the reader back to the reading page with a message.
func readRedirect(w http.ResponseWriter, r *http.Request, rd *report.Round, msg, at string) {
	u := fmt.Sprintf("/w/%d/rounds/%d/read?done=%s", rd.WorkspaceID, rd.ID, url.QueryEscape(msg))
	if at != "" {
		u += "#" + at
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
}

// readFail shows a mistake on the reading page with the form as typed.
func (s *Server) readFail(w http.ResponseWriter, r *http.Request, err error) {
	s.formError(w, r, err, func(status int, msg string) { s.renderRead(w, r, status, msg) })
}

// commentForm reads the comment form: the paragraph, the selection in UTF-16 units as the
// browser counts them, the text the user saw selected, whole paragraph or not.
func commentForm(r *http.Request) (commentInput, error) {
	f := r.PostForm
	in := commentInput{BlockID: strings.TrimSpace(f.Get("block")), Text: f.Get("text"), Proposal: f.Get("proposal"),
		Quote: f.Get("quote"), Whole: f.Get("whole") != "", UTF16: true}
	if in.BlockID == "" || in.Whole {
		return in, nil
	}
	var err error
	if in.Start, err = strconv.Atoi(strings.TrimSpace(f.Get("start"))); err != nil {
		return in, report.Errorf(report.EINVALID, "所选位置无效：请重新选中文字")
	}
	if in.End, err = strconv.Atoi(strings.TrimSpace(f.Get("end"))); err != nil {
		return in, report.Errorf(report.EINVALID, "所选位置无效：请重新选中文字")
	}
	return in, nil
}

func (s *Server) saveCommentForm(w http.ResponseWriter, r *http.Request) {
	_, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := commentForm(r)
	if err == nil {
		var cs []*report.Comment
		if cs, err = s.addComments(r, rd, []commentInput{in}); err == nil {
			readRedirect(w, r, rd, "意见已保存为草稿，本单位发送前可修改或删除", "c"+strconv.FormatInt(cs[0].ID, 10))
			return
		}
	}
	s.readFail(w, r, err)
}

func (s *Server) editCommentForm(w http.ResponseWriter, r *http.Request) {
	_, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := pathID(r, "comment")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostFormValue("delete") != "" {
		err = s.deleteComment(r, rd, id)
	} else {
		err = s.editComment(r, rd, id, r.PostFormValue("text"), r.PostFormValue("proposal"))
	}
	if err != nil {
		s.readFail(w, r, err)
		return
	}
	if r.PostFormValue("delete") != "" {
		readRedirect(w, r, rd, "草稿已删除", "")
		return
	}
	readRedirect(w, r, rd, "草稿已修改", "c"+strconv.FormatInt(id, 10))
}

func (s *Server) sendCommentsForm(w http.ResponseWriter, r *http.Request) {
	_, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.sendComments(r, rd)
	if err != nil {
		s.readFail(w, r, err)
		return
	}
	readRedirect(w, r, rd, fmt.Sprintf("已发送本单位意见 %d 条，此即本单位的正式反馈", n), "")
}

func (s *Server) noCommentsForm(w http.ResponseWriter, r *http.Request) {
	_, rd, err := s.roundFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostFormValue("confirm") == "" {
		s.readFail(w, r, report.Errorf(report.EINVALID, "请确认本单位无意见"))
		return
	}
	if err := s.noComments(r, rd); err != nil {
		s.readFail(w, r, err)
		return
	}
	readRedirect(w, r, rd, "已答复：本单位无意见", "")
}

// versionCommentsPage lists every comment of every round as it stands in one version: the
// counts of all, the comments a page at a time, filtered by the state of their anchor. The list
// (List) is rendered once per state and page while nothing changes: see placedView.
type versionCommentsPage struct {
	page
	Version *report.Version
	List    template.HTML
}

// versionCommentsList is what the list of a version's comments is rendered from.
type versionCommentsList struct {
	WorkspaceID int64
	Version     *report.Version
	Comments    []*shownComment
	Counts      map[string]int
	Total       int
	State       string
	Shown       int // comments the filter keeps, on every page
	PageNo      int
	Pages       int
	PageSize    int
	PrevURL     string
	NextURL     string
}

// anchorStates are the states a version's comments can be filtered by.
var anchorStates = map[string]bool{"": true, "exact": true, "moved": true, "changed": true, "orphaned": true}

func (s *Server) showVersionCommentsPage(w http.ResponseWriter, r *http.Request) {
	ws, v, err := s.versionFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// the view's version has its document apart; placing the comments needs it
	ver := v.Version
	ver.Doc = v.Doc
	pv, err := s.placedComments(r.Context(), &ver)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	state := q.Get("state")
	if !anchorStates[state] {
		state = "" // an unknown state filters nothing rather than showing an empty list
	}
	kept := pv.ByState[state]
	pages := max(1, (len(kept)+roundPageSize-1)/roundPageSize)
	no, _ := strconv.Atoi(q.Get("page"))
	no = min(max(no, 1), pages)
	list, err := pv.sections.get(state+"|"+strconv.Itoa(no), func() (template.HTML, error) {
		l := &versionCommentsList{WorkspaceID: ws.ID, Version: &v.Version, Counts: pv.Counts, Total: len(pv.All), State: state,
			Shown: len(kept), PageNo: no, Pages: pages, PageSize: roundPageSize,
			Comments: kept[(no-1)*roundPageSize : min(no*roundPageSize, len(kept))]}
		pq := url.Values{}
		if state != "" {
			pq.Set("state", state)
		}
		if no > 1 {
			l.PrevURL = pageURL(pq, no-1)
		}
		if no < pages {
			l.NextURL = pageURL(pq, no+1)
		}
		return s.fragment("version_comments", "vc-list", l)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &versionCommentsPage{page: s.newPage(r, "意见 · "+v.Version.Label), Version: &v.Version, List: list}
	p.Workspace, p.Nav = ws, "rounds"
	s.render(w, r, http.StatusOK, "version_comments", p)
}

// versionComments is every sent comment of the workspace's rounds placed in version id.
func (s *Server) versionComments(r *http.Request, id int64) ([]shownComment, error) {
	v, err := s.store.Version(r.Context(), id)
	if err != nil {
		return nil, err
	}
	pv, err := s.placedComments(r.Context(), v)
	if err != nil {
		return nil, err
	}
	return pv.All, nil
}
