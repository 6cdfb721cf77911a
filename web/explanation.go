package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"qicao/chronicle"
	"qicao/compare"
	"qicao/docx"
	"qicao/report"
)

// The 起草说明 and the timeline, written by package chronicle from the workspace's record, and
// the 修改对照 downloads of any two versions.

// explanation writes the 起草说明 of a version of ws (the latest when raw is empty).
func (s *Server) explanation(r *http.Request, ws *report.Workspace, raw string) (*chronicle.Explanation, *chronicle.Record, error) {
	ctx := r.Context()
	rec, err := chronicle.Gather(ctx, s.store, ws.ID)
	if err != nil {
		return nil, nil, err
	}
	if len(rec.Versions) == 0 {
		return nil, nil, report.Errorf(report.EINVALID, "还没有版本，无法生成起草说明")
	}
	id := rec.Versions[len(rec.Versions)-1].ID
	if raw != "" {
		if id, err = strconv.ParseInt(raw, 10, 64); err != nil || rec.Version(id) == nil {
			return nil, nil, report.Errorf(report.EINVALID, "所选版本不属于本工作区")
		}
	}
	v, err := s.store.Version(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	e, err := chronicle.Write(rec, v)
	return e, rec, err
}

type explanationPage struct {
	page
	Explanation *chronicle.Explanation
	Sections    []sectionView
	Versions    []report.Version
	Principles  string
	CanWrite    bool
	Message     string
}

type sectionView struct {
	Heading    string
	Paragraphs [][]sentenceView
}

type sentenceView struct {
	Text string
	URL  string
}

func (s *Server) showExplanationPage(w http.ResponseWriter, r *http.Request) {
	s.renderExplanation(w, r, http.StatusOK, "")
}

func (s *Server) renderExplanation(w http.ResponseWriter, r *http.Request, status int, msg string) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &explanationPage{page: s.newPage(r, "起草说明 · "+ws.Name), CanWrite: canWrite(currentUser(r)), Message: msg}
	p.Workspace, p.Nav = ws, "explanation"
	e, rec, err := s.explanation(r, ws, r.URL.Query().Get("version"))
	if err != nil {
		if report.ErrorCode(err) != report.EINVALID {
			s.fail(w, r, err)
			return
		}
		p.Message = report.ErrorMessage(err)
	} else {
		p.Explanation, p.Versions, p.Principles = e, rec.Versions, rec.Principles
		for _, sec := range e.Sections {
			sv := sectionView{Heading: sec.Heading}
			for _, para := range sec.Paragraphs {
				var ps []sentenceView
				for _, st := range para {
					ps = append(ps, sentenceView{Text: st.Text, URL: refURL(ws.ID, st.Ref)})
				}
				sv.Paragraphs = append(sv.Paragraphs, ps)
			}
			p.Sections = append(p.Sections, sv)
		}
	}
	s.render(w, r, status, "explanation", p)
}

// sendExplanation answers the 起草说明 as Markdown or GB/T 9704 .docx.
func (s *Server) sendExplanation(w http.ResponseWriter, r *http.Request, format string) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, _, err := s.explanation(r, ws, r.URL.Query().Get("version"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch format {
	case "md":
		h := w.Header()
		h.Set("Content-Type", "text/markdown; charset=utf-8")
		h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"explanation.md\"; filename*=UTF-8''%s", url.PathEscape(e.Title+".md")))
		h.Set("Cache-Control", "private, no-store")
		w.Write([]byte(e.Markdown()))
	case "docx":
		var buf bytes.Buffer
		if err := docx.Write(&buf, e.Document()); err != nil {
			s.fail(w, r, err)
			return
		}
		sendDocx(w, "explanation.docx", e.Title+".docx", buf.Bytes())
	default:
		s.fail(w, r, report.Errorf(report.EINVALID, "format 只能是 md、docx 或 json"))
	}
}

func (s *Server) downloadExplanationMD(w http.ResponseWriter, r *http.Request) {
	s.sendExplanation(w, r, "md")
}

func (s *Server) downloadExplanationDocx(w http.ResponseWriter, r *http.Request) {
	s.sendExplanation(w, r, "docx")
}

// savePrinciples keeps the principles section's text with the workspace.
func (s *Server) savePrinciples(r *http.Request, ws *report.Workspace, text string) error {
	if err := checkText("起草原则和特点", text, 0, 20000); err != nil {
		return err
	}
	audit := s.entry(r, "explanation.principles", workspaceTarget(ws.ID), "")
	audit.WorkspaceID = ws.ID
	return s.store.SetPrinciples(r.Context(), ws.ID, text, audit)
}

func (s *Server) savePrinciplesForm(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = report.Errorf(report.EINVALID, "表单缺少起草原则和特点一栏")
	if _, ok := r.PostForm["principles"]; ok {
		err = s.savePrinciples(r, ws, r.PostFormValue("principles"))
	}
	if err != nil {
		s.formError(w, r, err, func(status int, msg string) { s.renderExplanation(w, r, status, msg) })
		return
	}
	target := fmt.Sprintf("/w/%d/explanation", ws.ID)
	if v := r.PostFormValue("version"); v != "" {
		target += "?version=" + url.QueryEscape(v)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

type timelinePage struct {
	page
	Days []timelineDay
}

type timelineDay struct {
	Day    time.Time
	Events []timelineEvent
}

type timelineEvent struct {
	chronicle.Event
	URL string
}

func (s *Server) showTimelinePage(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rec, err := chronicle.Gather(r.Context(), s.store, ws.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &timelinePage{page: s.newPage(r, "时间线 · "+ws.Name)}
	p.Workspace, p.Nav = ws, "timeline"
	for _, e := range rec.Timeline() {
		d := e.Day()
		if n := len(p.Days); n == 0 || !p.Days[n-1].Day.Equal(d) {
			p.Days = append(p.Days, timelineDay{Day: d})
		}
		last := &p.Days[len(p.Days)-1]
		last.Events = append(last.Events, timelineEvent{Event: e, URL: refURL(ws.ID, e.Ref)})
	}
	s.render(w, r, http.StatusOK, "timeline", p)
}

// comparePair loads the two versions of a 修改对照 download and compares them.
func (s *Server) comparePair(r *http.Request) (*report.Workspace, *versionView, *versionView, *compare.Result, error) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	q := r.URL.Query()
	from, err1 := s.versionIn(r, ws.ID, q.Get("from"))
	to, err2 := s.versionIn(r, ws.ID, q.Get("to"))
	if err := firstError(err1, err2); err != nil {
		return nil, nil, nil, nil, err
	}
	return ws, from, to, compare.Compare(from.Doc, to.Doc), nil
}

// showComparePrint serves the printable side-by-side page the command line writes, with its
// "只看修改的段落" switch. The page carries its own style sheet and no script.
func (s *Server) showComparePrint(w http.ResponseWriter, r *http.Request) {
	_, from, to, res, err := s.comparePair(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := compare.WriteHTML(&buf, res, from.Doc, to.Doc); err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes())
}

// downloadCompareDocx sends the new version with the changes as Word revision marks.
func (s *Server) downloadCompareDocx(w http.ResponseWriter, r *http.Request) {
	ws, from, to, res, err := s.comparePair(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := compare.WriteDocx(&buf, res, from.Doc, to.Doc, "起草组", s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	name := fmt.Sprintf("%s-修改对照-第%d版至第%d版.docx", ws.Name, from.Version.Number, to.Version.Number)
	sendDocx(w, fmt.Sprintf("compare-%d-%d.docx", from.Version.Number, to.Version.Number), name, buf.Bytes())
}
