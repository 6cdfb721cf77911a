package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"qicao/check"
	"qicao/report"
)

// reviewPanel is the version page's list of the checker's findings: counted by part and by
// family, listed by part, each jumping to its place, with what a writer may do about it.
type reviewPanel struct {
	WorkspaceID, VersionID int64
	CSRF                   string
	CanEdit                bool
	Total                  int
	Errors, Warnings       int
	Hints                  int
	Families               []string // the families with findings, in the checker's order
	Parts                  []reviewPart
	Sums                   []int // per family, for the table's last row
	Dismissed              []finding
}

// reviewItem is one finding of the panel with the panel, for its forms.
type reviewItem struct {
	P *reviewPanel
	F finding
}

type reviewPart struct {
	Title    string
	Anchor   string
	Counts   []int // per family in Families
	Findings []finding
}

func newReviewPanel(v *versionView, csrf string, canEdit bool) *reviewPanel {
	p := &reviewPanel{WorkspaceID: v.Version.WorkspaceID, VersionID: v.Version.ID, CSRF: csrf, CanEdit: canEdit}
	// Parts: what stands before the first part (title, preface), then each part.
	p.Parts = append(p.Parts, reviewPart{Title: "标题和开头", Anchor: "doc-title"})
	partOf := make([]int, len(v.Doc.Blocks))
	start := map[string]int{}
	for _, pc := range v.Parts {
		start[pc.ID] = len(p.Parts)
		p.Parts = append(p.Parts, reviewPart{Title: pc.Title, Anchor: pc.ID})
	}
	cur := 0
	for i := range v.Doc.Blocks {
		if k, ok := start[v.Doc.Blocks[i].ID]; ok {
			cur = k
		}
		partOf[i] = cur
	}
	famIndex := map[string]int{}
	for _, id := range check.Families() {
		name := check.FamilyName(id)
		for _, f := range v.all {
			if f.Family == name && f.Dismissed == nil {
				famIndex[name] = len(p.Families)
				p.Families = append(p.Families, name)
				break
			}
		}
	}
	for _, f := range v.all {
		if f.Family == "" {
			continue
		}
		if _, ok := famIndex[f.Family]; !ok && f.Dismissed == nil {
			famIndex[f.Family] = len(p.Families)
			p.Families = append(p.Families, f.Family)
		}
	}
	for i := range p.Parts {
		p.Parts[i].Counts = make([]int, len(p.Families))
	}
	p.Sums = make([]int, len(p.Families))
	for _, f := range v.all {
		if f.Dismissed != nil {
			p.Dismissed = append(p.Dismissed, f)
			continue
		}
		k := 0
		if f.Block >= 0 && f.Block < len(partOf) {
			k = partOf[f.Block]
		}
		part := &p.Parts[k]
		part.Findings = append(part.Findings, f)
		part.Counts[famIndex[f.Family]]++
		p.Sums[famIndex[f.Family]]++
		p.Total++
		switch f.Severity {
		case "error":
			p.Errors++
		case "warning":
			p.Warnings++
		default:
			p.Hints++
		}
	}
	kept := p.Parts[:0]
	for _, part := range p.Parts {
		if len(part.Findings) > 0 {
			kept = append(kept, part)
		}
	}
	p.Parts = kept
	return p
}

// dismissFinding records a writer's judgement that a finding is no error. The finding is named
// by its rule and place in this version; what is stored is its sentence and marked text.
func (s *Server) dismissFinding(w http.ResponseWriter, r *http.Request) {
	ws, v, err := s.versionFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err1 := strconv.Atoi(r.PostFormValue("start"))
	b, err2 := strconv.Atoi(r.PostFormValue("end"))
	if err1 != nil || err2 != nil {
		s.fail(w, r, report.Errorf(report.EINVALID, "请选择要忽略的审校结果"))
		return
	}
	note, _ := strconv.Atoi(r.PostFormValue("note"))
	if _, err := s.dismiss(r, v, r.PostFormValue("rule"), r.PostFormValue("block"), note, a, b, r.PostFormValue("reason")); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/w/%d/versions/%d#review", ws.ID, v.Version.ID), http.StatusSeeOther)
}

// dismiss is what the page and the API do to dismiss the finding of rule at [start, end) of a
// block of version v.
func (s *Server) dismiss(r *http.Request, v *versionView, rule, block string, note, start, end int, reason string) (*report.Dismissal, error) {
	if !canWrite(currentUser(r)) {
		return nil, report.Errorf(report.EFORBIDDEN, "只有写作组可以忽略审校结果")
	}
	f, err := findingAt(v, rule, block, note, start, end)
	if err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, report.Errorf(report.EINVALID, "请填写忽略的理由")
	}
	wsID := v.Version.WorkspaceID
	d := &report.Dismissal{WorkspaceID: wsID, Rule: f.Rule, Sentence: f.Sentence, Span: f.Span, Reason: reason, By: currentUser(r).ID}
	audit := s.entry(r, "check.dismiss", "", fmt.Sprintf("%s “%s”（第%d版）：%s", f.Rule, f.Span, v.Version.Number, reason))
	if err := s.store.Dismiss(r.Context(), d, audit); err != nil {
		return nil, err
	}
	s.forgetReview(wsID)
	return d, nil
}

// findingAt finds the finding of rule at [start, end) of the block (its ID, or "title"), or of
// its note-th footnote when note > 0, among a version's findings.
func findingAt(v *versionView, rule, block string, note, a, b int) (*finding, error) {
	if rule == "" || block == "" {
		return nil, report.Errorf(report.EINVALID, "请选择要忽略的审校结果")
	}
	if block == "title" {
		block = ""
	}
	for i := range v.all {
		f := &v.all[i]
		if f.Rule == rule && f.BlockID == block && f.Note == note && f.Start == a && f.End == b {
			if f.Dismissed != nil {
				return nil, report.Errorf(report.ECONFLICT, "这条审校结果已经忽略过了")
			}
			return f, nil
		}
	}
	return nil, report.Errorf(report.EINVALID, "这条审校结果已不存在，请刷新页面后再试")
}

// undismissFinding lets a dismissed finding show again.
func (s *Server) undismissFinding(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, report.Errorf(report.EINVALID, "请选择要恢复的审校结果"))
		return
	}
	if err := s.store.Undismiss(r.Context(), ws.ID, id, s.entry(r, "check.undismiss", "", "")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.forgetReview(ws.ID)
	http.Redirect(w, r, backTo(r, ws.ID), http.StatusSeeOther)
}

// addLexiconWord adds a word to the workspace lexicon: the checker reads it as a word from the
// next page view on, in every version of the workspace.
func (s *Server) addLexiconWord(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.addWord(r, ws.ID, r.PostFormValue("word")); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, backTo(r, ws.ID), http.StatusSeeOther)
}

// addWord is what the page and the API do to add a word to a workspace's lexicon.
func (s *Server) addWord(r *http.Request, wsID int64, word string) (*report.LexiconWord, error) {
	if !canWrite(currentUser(r)) {
		return nil, report.Errorf(report.EFORBIDDEN, "只有写作组可以维护词库")
	}
	lw := &report.LexiconWord{WorkspaceID: wsID, Word: word, By: currentUser(r).ID}
	if err := s.store.AddLexiconWord(r.Context(), lw, s.entry(r, "lexicon.add", "", "")); err != nil {
		return nil, err
	}
	s.forgetReview(wsID)
	return lw, nil
}

func (s *Server) deleteLexiconWord(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, report.Errorf(report.EINVALID, "请选择要删除的词"))
		return
	}
	if err := s.store.DeleteLexiconWord(r.Context(), ws.ID, id, s.entry(r, "lexicon.delete", "", "")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.forgetReview(ws.ID)
	http.Redirect(w, r, backTo(r, ws.ID), http.StatusSeeOther)
}

// backTo is where a review form returns: the version it was sent from, else the lexicon page.
func backTo(r *http.Request, wsID int64) string {
	if vid, err := strconv.ParseInt(r.PostFormValue("back"), 10, 64); err == nil && vid > 0 {
		return fmt.Sprintf("/w/%d/versions/%d#review", wsID, vid)
	}
	return fmt.Sprintf("/w/%d/lexicon", wsID)
}

type lexiconPage struct {
	page
	State   *reviewState
	CanEdit bool
	Who     map[int64]string
}

// showLexiconPage lists the workspace lexicon and the dismissed findings.
func (s *Server) showLexiconPage(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.reviewFor(r.Context(), ws.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &lexiconPage{page: s.newPage(r, "审校词库 · "+ws.Name), State: st, Who: map[int64]string{}}
	p.Workspace, p.Nav = ws, "lexicon"
	p.CanEdit = canWrite(p.User)
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, u := range users {
		p.Who[u.ID] = displayName(u)
	}
	s.render(w, r, http.StatusOK, "lexicon", p)
}
