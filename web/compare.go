package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"qicao/compare"
	"qicao/report"
)

type comparePage struct {
	page
	Versions []report.Version
	From, To *report.Version
	Summary  compare.Summary
	Rows     []compareRow
	Message  string
}

// compareRow is one paragraph of a comparison: its text on each side, or the changes in it.
type compareRow struct {
	Kind    string // same, changed, inserted, deleted, moved
	ID      string // the new block's ID, or the old one's for a deleted paragraph
	Heading bool
	Old     string
	New     string
	Spans   []compare.Span
}

func (r compareRow) Insert(s compare.Span) bool { return s.Kind == compare.Insert }
func (r compareRow) Delete(s compare.Span) bool { return s.Kind == compare.Delete }

func (s *Server) showComparePage(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vs, err := s.store.Versions(r.Context(), ws.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &comparePage{page: s.newPage(r, "版本对照 · "+ws.Name), Versions: vs}
	p.Workspace, p.Nav = ws, "compare"
	q := r.URL.Query()
	if q.Get("from") == "" {
		// without a choice: the given version, or the latest, against the one before it
		to := len(vs) - 1
		if q.Get("to") != "" {
			v, err := s.versionIn(r, ws.ID, q.Get("to"))
			if err != nil {
				s.fail(w, r, err)
				return
			}
			to = slices.IndexFunc(vs, func(x report.Version) bool { return x.ID == v.Version.ID })
		}
		if to < 1 {
			p.Message = "至少需要两个版本才能对照。"
		} else {
			p.From, p.To = &vs[to-1], &vs[to]
		}
	} else {
		from, err1 := s.versionIn(r, ws.ID, q.Get("from"))
		to, err2 := s.versionIn(r, ws.ID, q.Get("to"))
		if err := firstError(err1, err2); err != nil {
			s.fail(w, r, err)
			return
		}
		p.From, p.To = &from.Version, &to.Version
	}
	if p.From != nil && p.From.ID == p.To.ID {
		p.Message = "原稿和新稿选的是同一个版本，请选择两个不同的版本。"
		p.From, p.To = nil, nil
	}
	if p.From != nil {
		c, err := s.comparison(r, p.From.ID, p.To.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Summary, p.Rows = c.summary, c.rows
		if t := c.summary.Total; t.Changed+t.Inserted+t.Deleted+t.Moved == 0 {
			p.Message = "两个版本的正文完全相同。"
		}
	}
	s.render(w, r, http.StatusOK, "compare", p)
}

// compared is a comparison of two versions as the page shows it; versions never change, so it
// is kept (by bytes) like the versions' pages.
type compared struct {
	summary compare.Summary
	rows    []compareRow
	size    int64
}

// compareTimeout bounds how long a page waits for a comparison. Within the paragraph limit a
// comparison takes a second at worst; a busy machine may stretch that, and the person is then
// told to come back rather than left waiting, while the comparison finishes for the next request.
const compareTimeout = 15 * time.Second

// comparison compares two versions, or returns the kept comparison. At most as many run at once
// as there are upload readers, so that comparisons cannot starve the rest of the server.
func (s *Server) comparison(r *http.Request, from, to int64) (*compared, error) {
	key := [2]int64{from, to}
	if c, ok := s.compared.Get(key); ok {
		return c, nil
	}
	old, err1 := s.versionView(r, from)
	new, err2 := s.versionView(r, to)
	if err := firstError(err1, err2); err != nil {
		return nil, err
	}
	done := make(chan *compared, 1)
	go func() {
		s.comparing <- struct{}{}
		defer func() { <-s.comparing }()
		if c, ok := s.compared.Get(key); ok {
			done <- c
			return
		}
		res := compare.Compare(old.Doc, new.Doc)
		c := &compared{summary: res.Summary, rows: compareRows(res, old.Doc, new.Doc)}
		for _, row := range c.rows {
			c.size += int64(len(row.Old)+len(row.New)+len(row.ID)) + 128
			for _, sp := range row.Spans {
				c.size += int64(len(sp.Text)) + 32
			}
		}
		s.compared.Put(key, c, c.size)
		done <- c
	}()
	t := time.NewTimer(compareTimeout)
	defer t.Stop()
	select {
	case c := <-done:
		return c, nil
	case <-t.C:
		return nil, report.Errorf(report.EUNAVAILABLE, "对照的两个版本差别很大，计算尚未完成；请过一分钟再打开本页")
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
}

func compareRows(res *compare.Result, old, new *report.Document) []compareRow {
	rows := make([]compareRow, 0, len(res.Ops))
	for _, op := range res.Ops {
		row := compareRow{Kind: op.Kind.String(), Spans: op.Spans}
		if op.Old >= 0 {
			row.Old = old.Blocks[op.Old].Text
			row.ID = old.Blocks[op.Old].ID
			row.Heading = old.Blocks[op.Old].Kind == report.Heading && !old.Blocks[op.Old].RunIn()
		}
		if op.New >= 0 {
			row.New = new.Blocks[op.New].Text
			row.ID = new.Blocks[op.New].ID
			row.Heading = new.Blocks[op.New].Kind == report.Heading && !new.Blocks[op.New].RunIn()
		}
		rows = append(rows, row)
	}
	return rows
}

// versionIn loads a version of the workspace from a query parameter.
func (s *Server) versionIn(r *http.Request, wid int64, raw string) (*versionView, error) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return nil, report.Errorf(report.EINVALID, "请选择要对照的两个版本")
	}
	v, err := s.versionView(r, id)
	if err != nil {
		return nil, err
	}
	if v.Version.WorkspaceID != wid {
		return nil, notFound()
	}
	return v, nil
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
