package web

import (
	"bytes"
	"html/template"
	"net/http"
	"sync"

	"qicao/figures"
	"qicao/report"
	"qicao/wordcount"
)

// versionView is everything about a version that the version page and the home page show. A
// version never changes, so it is computed once per version and kept.
type versionView struct {
	Version  report.Version
	Doc      *report.Document
	Words    int
	About    string
	Summary  string // "《报告》共分两大部分，约13900余字。第一部分为：…"
	Outline  []outlineItem
	Parts    []partCount
	Findings int
	// UserDefined are the 造字 of the text, which fonts elsewhere may not show.
	UserDefined []wordcount.UserDefined
	// Page is the whole page but for the layout, rendered once: the version page is the one
	// everybody reads, and the one read most during a review.
	Page template.HTML
	// body is the annotated text Page was rendered from, kept for re-rendering the paper with
	// the version's bound figures, which change while the version does not.
	body bodyView
	// review is the workspace's lexicon and dismissals the findings were made with; all are
	// the findings, dismissed ones included, in document order.
	review *reviewState
	all    []finding
	// problems are the placeholders of the text that cannot be bound (XX% without a name).
	problems []figures.Problem
	// figures is the paper last rendered with the version's figures, and what it showed: it
	// changes only when a figure does.
	figures struct {
		sync.Mutex
		key  uint64
		page template.HTML
		rows template.HTML
	}
}

// bytes estimates the memory v holds: its page, twice (the page last rendered with figures
// is about as large), and its document, about three times (the document, the annotated body
// and its findings).
func (v *versionView) bytes() int64 {
	return 2*int64(len(v.Page)) + 3*v.Doc.MemSize()
}

type outlineItem struct {
	ID    string
	Level int
	Text  string
}

type partCount struct {
	ID    string
	Title string
	Words int
	About string
	Share int // per cent of the whole
}

// versionView returns the cached view of version id, computing it on first use and again when
// the workspace's review state (lexicon, dismissals) has changed since.
func (s *Server) versionView(r *http.Request, id int64) (*versionView, error) {
	v, ok := s.rendered.Get(id)
	var ver *report.Version
	if ok {
		ver = &report.Version{}
		*ver = v.Version
		ver.Doc = v.Doc
	} else {
		var err error
		ver, err = s.store.Version(r.Context(), id)
		if report.ErrorCode(err) == report.ENOTFOUND {
			return nil, notFound()
		} else if err != nil {
			return nil, err
		}
	}
	st, err := s.reviewFor(r.Context(), ver.WorkspaceID)
	if err != nil {
		return nil, err
	}
	if ok && v.review.Key == st.Key {
		return v, nil
	}
	v, err = s.buildVersionView(ver, st)
	if err != nil {
		return nil, err
	}
	s.rendered.Put(id, v, v.bytes())
	return v, nil
}

func (s *Server) buildVersionView(ver *report.Version, st *reviewState) (*versionView, error) {
	doc := ver.Doc
	if doc == nil {
		doc = &report.Document{}
	}
	v := &versionView{Version: *ver, Doc: doc, review: st}
	v.Version.Doc = nil
	counts := wordcount.Outline(doc)
	v.Words = counts.Stats.Words
	v.About = wordcount.About(v.Words)
	v.Summary = wordcount.Summary(doc)
	v.UserDefined = wordcount.UserDefinedChars(doc)
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		if b.Kind == report.Heading && b.Level <= 3 {
			v.Outline = append(v.Outline, outlineItem{ID: b.ID, Level: b.Level, Text: b.Text[:b.HeadEnd]})
		}
	}
	for _, part := range counts.Children {
		pc := partCount{ID: part.Block.ID, Title: part.Block.Text[:part.Block.HeadEnd], Words: part.Stats.Words, About: wordcount.About(part.Stats.Words)}
		if v.Words > 0 {
			pc.Share = (pc.Words*100 + v.Words/2) / v.Words
		}
		v.Parts = append(v.Parts, pc)
	}
	blocks, title, all, n := annotate(doc, st)
	v.Findings = n
	v.all = all
	v.body = bodyView{Title: title, Blocks: blocks}
	_, v.problems = figures.Find(doc)
	var buf bytes.Buffer
	if err := s.pages.byName["version"].ExecuteTemplate(&buf, "doc", docView{versionView: v, Body: v.body}); err != nil {
		return nil, err
	}
	v.Page = template.HTML(buf.String())
	return v, nil
}

// docView is what the "doc" template renders once per version: the outline, the counts and
// the paragraphs with the checker's findings at their places.
type docView struct {
	*versionView
	Body bodyView
}

type bodyView struct {
	Title  []finding // findings on the title block
	Blocks []bodyBlock
}

type versionPage struct {
	page
	*versionView
	// Page, when the version has bound figures, is the paper rendered with them marked.
	Page    template.HTML
	Figures *figuresPanel
	// Withdrawal: who withdrew the version, and what the visitor may do about it.
	WithdrawnBy string
	CanWithdraw bool
	CanRestore  bool
	Review      *reviewPanel
}

func (s *Server) showVersionPage(w http.ResponseWriter, r *http.Request) {
	ws, v, err := s.versionFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &versionPage{page: s.newPage(r, v.Version.Label+" · "+ws.Name), versionView: v, Page: v.Page}
	p.Workspace, p.Nav = ws, "home"
	p.Review = newReviewPanel(v, p.CSRF, canWrite(p.User))
	if err := s.withdrawal(r, p); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.addFigures(r, p); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "version", p)
}

// withdrawal fills in the version page's withdrawal: the notice on a withdrawn version, the
// form on the latest listed one.
func (s *Server) withdrawal(r *http.Request, p *versionPage) error {
	u, v := currentUser(r), &p.versionView.Version
	if !v.WithdrawnAt.IsZero() {
		p.CanRestore = u.Role == report.RoleAdmin
		if by, err := s.store.User(r.Context(), v.WithdrawnBy); err == nil {
			p.WithdrawnBy = by.Name
		}
		return nil
	}
	if !canWithdraw(u) {
		return nil
	}
	vs, err := s.store.Versions(r.Context(), v.WorkspaceID)
	if err != nil {
		return err
	}
	p.CanWithdraw = len(vs) > 0 && vs[len(vs)-1].ID == v.ID
	return nil
}

// versionFrom loads the workspace and the version named in the URL; a version of another
// workspace does not exist here.
func (s *Server) versionFrom(r *http.Request) (*report.Workspace, *versionView, error) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		return nil, nil, err
	}
	id, err := pathID(r, "vid")
	if err != nil {
		return nil, nil, err
	}
	v, err := s.versionView(r, id)
	if err != nil {
		return nil, nil, err
	}
	if v.Version.WorkspaceID != ws.ID {
		return nil, nil, notFound()
	}
	return ws, v, nil
}
