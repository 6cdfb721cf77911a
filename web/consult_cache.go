package web

import (
	"context"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"qicao/anchor"
	"qicao/consult"
	"qicao/report"
)

// What a round's pages compute from all its comments (placing them, grouping near-duplicates and
// conflicts, proposing links into the next version) costs time in proportion to the comments:
// about a second for 100,000. It is kept, per round and per version, for as long as the
// workspace's change mark (report.Store.ChangeMark) stays the same: every change is audited in
// its transaction, so an unchanged mark means nothing shown has changed, on this instance or any
// other sharing the database. One request computes while the others for the same round wait for
// its result rather than computing it again. After decisions only, the round's and the
// versions' views are derived from those kept (see patchable) rather than computed again.

// keptViews bounds the computed views kept, each up to some tens of MB for a very large round.
const keptViews = 8

type viewCache struct {
	mu      sync.Mutex
	entries map[string]*viewEntry
	tick    int64
}

type viewEntry struct {
	compute sync.Mutex // held while computing, so that concurrent requests compute once
	mark    int64
	value   any
	used    int64 // viewCache.tick when last used, for eviction
}

func (c *viewCache) entry(key string) *viewEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]*viewEntry{}
	}
	c.tick++
	e, ok := c.entries[key]
	if !ok {
		if len(c.entries) >= keptViews {
			var oldest string
			for k, x := range c.entries {
				if oldest == "" || x.used < c.entries[oldest].used {
					oldest = k
				}
			}
			delete(c.entries, oldest)
		}
		e = &viewEntry{}
		c.entries[key] = e
	}
	e.used = c.tick
	return e
}

// unseen are the audited actions that change nothing a view kept here shows: logging in and
// out, a unit opening a round, drafting (comment.add is a draft, comment.seminar an opinion
// entered sent), a reminder. They are most of a busy round's changes; a view computed in a
// second for 100,000 comments is kept through them. Any other action, including one added
// later and not listed here, computes the view again, but for a decision (see patchable).
var unseen = map[string]bool{
	"login": true, "login.failed": true, "login.throttled": true, "logout": true,
	"round.view": true, "comment.add": true, "comment.edit": true, "comment.delete": true, "remind": true,
}

// unseenSpan bounds how far apart two marks may be for the actions between them to be asked
// for: beyond it the view is computed again rather than a long stretch of the log read.
const unseenSpan = 20000

// patchable are the audited actions after which a view need not be computed again from all
// its comments but can be derived from the one kept (see patchFunc): a decision changes each
// comment's decision and what follows from decisions, not where the comments are in the
// version nor how they group. During the decision phase it is most of a round's changes.
var patchable = map[string]bool{"comment.decide": true}

// patchFunc derives a view for the current mark from the one kept under an older mark, when
// every action between them is unseen or patchable. It reads what it needs after the mark was
// read, as fn does, and must not modify the kept view: requests still in flight share it.
type patchFunc func(kept any) (any, error)

// cached returns the value kept under key for the workspace's current change mark, or computes
// it with fn. The mark is read before fn reads anything, so a change made while fn runs leaves
// the value marked older than the change, and the next request computes it again. A value kept
// under an older mark is still good when every change since is unseen; it is then marked anew.
func (s *Server) cached(ctx context.Context, key string, workspaceID int64, fn func() (any, error)) (any, error) {
	mark, err := s.store.ChangeMark(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	return s.cachedAt(ctx, key, workspaceID, mark, fn, nil)
}

// cachedAt is cached with the mark already read, before anything fn reads. With patch (may be
// nil), a kept value is derived anew rather than computed when every change since it was kept
// is unseen or patchable, and at least one patchable.
func (s *Server) cachedAt(ctx context.Context, key string, workspaceID, mark int64, fn func() (any, error), patch patchFunc) (any, error) {
	e := s.views.entry(key)
	e.compute.Lock()
	defer e.compute.Unlock()
	// kept under the mark asked for or a later one (another request read the mark since)
	if e.value != nil && e.mark >= mark {
		return e.value, nil
	}
	if e.value != nil && mark-e.mark <= unseenSpan {
		actions, err := s.store.ChangedActions(ctx, workspaceID, e.mark, mark)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(actions, func(a string) bool { return !unseen[a] }) {
			e.mark = mark
			return e.value, nil
		}
		if patch != nil && !slices.ContainsFunc(actions, func(a string) bool { return !unseen[a] && !patchable[a] }) {
			v, err := patch(e.value)
			if err != nil {
				return nil, err
			}
			e.value, e.mark = v, mark
			return v, nil
		}
	}
	v, err := fn()
	if err != nil {
		return nil, err
	}
	e.value, e.mark = v, mark
	return v, nil
}

// memo keeps what requests derive from a cached view (a filtered list, a rendered part of a
// page), keyed by what else it depends on: a filter, a page number, whether the reader may
// decide. It belongs to one view and goes with it, so it is as fresh as the view: nothing in it
// outlives a change. A request for what another request already derived copies it instead of
// going over 100,000 comments or executing templates over 200 of them again.
type memo[T any] struct {
	mu sync.Mutex
	m  map[string]T
}

// keptDerived bounds what a view keeps derived; beyond it everything is dropped and derived
// again when asked, so that crawling every filter and page of a huge round cannot grow it.
const keptDerived = 64

// get returns what is kept under key, or derives it with fn. Two requests that miss at once
// both derive it: the result is the same, and neither waits on the other.
func (m *memo[T]) get(key string, fn func() (T, error)) (T, error) {
	m.mu.Lock()
	v, ok := m.m[key]
	m.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := fn()
	if err != nil {
		return v, err
	}
	m.mu.Lock()
	if m.m == nil || len(m.m) >= keptDerived {
		m.m = map[string]T{}
	}
	m.m[key] = v
	m.mu.Unlock()
	return v, nil
}

// roundData is the writers' view of a round, shared by the requests while nothing changes: it
// must not be modified, except through its memos.
type roundData struct {
	Round    *report.Round
	Version  *report.Version
	Units    []report.Unit
	Contacts map[int64]unitContact
	// Rows is the recipients' table, one row per Round.Recipients in the same order. Only its
	// units' names and contacts are kept up to date: the view is kept through a unit opening
	// the round or drafting (see unseen), so the page reads where each unit stands from the
	// round as loadRound keeps it, and the status for the time of the request.
	Rows  []recipientRow
	rowAt map[int64]int // index in Rows by unit
	// the sent comments in the order the page lists them: on the whole report, then by
	// paragraph in text order, then those whose text is gone; each with its groups and link
	Ordered   []*marginComment
	Same      []commentGroup
	Near      []commentGroup
	Conflicts []commentGroup
	Tally     consult.Tally
	Summary   string
	Parts     []string
	Next      *report.Version
	CanApply  bool

	lists    memo[[]*marginComment] // Ordered filtered, by filter
	sections memo[roundSectionHTML] // the rendered comments section, by filter, page and reader
}

// roundView is the round's roundData for the current change mark.
func (s *Server) roundView(ctx context.Context, wid, id int64) (*roundData, error) {
	mark, err := s.store.ChangeMark(ctx, wid)
	if err != nil {
		return nil, err
	}
	return s.roundViewAt(ctx, wid, id, mark)
}

// roundViewAt is roundView for a change mark read before: that of the round loadRound returned
// (keptMark), so that a page reads the mark once.
func (s *Server) roundViewAt(ctx context.Context, wid, id, mark int64) (*roundData, error) {
	v, err := s.cachedAt(ctx, "round:"+strconv.FormatInt(id, 10), wid, mark, func() (any, error) { return s.computeRound(ctx, id) },
		func(kept any) (any, error) { return s.redecideRound(ctx, kept.(*roundData)) })
	if err != nil {
		return nil, err
	}
	return v.(*roundData), nil
}

// redecideRound is kept, a round's view, with the round's decisions as they are now: the
// comments, their places, groups and order as kept, and what follows from their decisions (the
// tally, the proposed links, whether a proposal can be applied) counted again. The kept view's
// comments whose decision is unchanged are shared with it, as it is not modified; the others
// are copies, in copies of their groups.
func (s *Server) redecideRound(ctx context.Context, kept *roundData) (*roundData, error) {
	decisions, err := s.store.RoundDecisions(ctx, kept.Round.ID)
	if err != nil {
		return nil, err
	}
	d := &roundData{Round: kept.Round, Version: kept.Version, Units: kept.Units, Contacts: kept.Contacts, Rows: kept.Rows,
		rowAt: kept.rowAt, Parts: kept.Parts, Next: kept.Next, Ordered: make([]*marginComment, len(kept.Ordered))}
	changed := map[*marginComment]*marginComment{}
	var fresh []*marginComment // decided now and not in the kept view: their links are proposed anew
	for i, old := range kept.Ordered {
		dc, ok := decisions[old.ID]
		if !ok && old.Decision == nil || ok && old.Decision != nil && sameDecision(old.Decision, &dc) {
			d.Ordered[i] = old
			continue
		}
		sc := *old.shownComment
		rc := *old
		rc.shownComment, sc.Decision, rc.Link = &sc, nil, nil
		if ok {
			sc.Decision = &dc
			// A proposed link is where the comment's anchor is carried in the next version, the
			// same whatever the decision: carried again only for comments not decided before.
			switch {
			case old.Link != nil:
				p := *old.Link
				p.decided(rc.BlockID, rc.Decision)
				rc.Link = &p
			case d.Next != nil:
				fresh = append(fresh, &rc)
			}
		}
		d.Ordered[i], changed[old] = &rc, &rc
	}
	if len(changed) == 0 {
		return kept, nil
	}
	if len(fresh) > 0 {
		cs := make([]shownComment, len(fresh))
		for i, rc := range fresh {
			cs[i] = *rc.shownComment
		}
		props, _, err := s.proposeLinks(ctx, kept.Round, cs)
		if err != nil {
			return nil, err
		}
		for _, rc := range fresh {
			rc.Link = props[rc.ID]
		}
	}
	regroup := func(gs []commentGroup) []commentGroup {
		var out []commentGroup
		for k, g := range gs {
			if !slices.ContainsFunc(g.Comments, func(rc *marginComment) bool { return changed[rc] != nil }) {
				continue
			}
			if out == nil {
				out = slices.Clone(gs)
			}
			out[k].Comments = slices.Clone(g.Comments)
			for j, rc := range g.Comments {
				if n := changed[rc]; n != nil {
					out[k].Comments[j] = n
				}
			}
		}
		if out == nil {
			return gs
		}
		return out
	}
	d.Same, d.Near, d.Conflicts = regroup(kept.Same), regroup(kept.Near), regroup(kept.Conflicts)

	// the tally's units are as kept: a decision changes only its counts of decisions
	d.Tally = kept.Tally
	d.Tally.Decided, d.Tally.Undecided = map[report.DecisionKind]int{}, 0
	for _, rc := range d.Ordered {
		if rc.Decision == nil {
			d.Tally.Undecided++
			continue
		}
		d.Tally.Decided[rc.Decision.Kind]++
		if rc.Decision.Kind == report.Adopted && rc.Proposal != "" {
			d.CanApply = true
		}
	}
	d.Summary = d.Tally.Summary()
	return d, nil
}

// sameDecision reports whether a decision kept is the one read again.
func sameDecision(kept, now *report.Decision) bool {
	return kept.CommentID == now.CommentID && kept.Kind == now.Kind && kept.Reason == now.Reason && kept.By == now.By &&
		kept.At.Equal(now.At) && kept.LinkVersion == now.LinkVersion && kept.LinkBlock == now.LinkBlock &&
		kept.LinkConfirmed == now.LinkConfirmed
}

func (s *Server) computeRound(ctx context.Context, id int64) (*roundData, error) {
	rd, err := s.store.Round(ctx, id)
	if err != nil {
		return nil, err
	}
	cs, err := s.store.Comments(ctx, report.CommentFilter{RoundID: rd.ID})
	if err != nil {
		return nil, err
	}
	v, err := s.store.Version(ctx, rd.VersionID)
	if err != nil {
		return nil, err
	}
	shown, err := s.showComments(ctx, v, cs)
	if err != nil {
		return nil, err
	}
	contacts, err := s.unitContacts(ctx, rd.WorkspaceID)
	if err != nil {
		return nil, err
	}
	names, err := s.unitNamesCtx(ctx)
	if err != nil {
		return nil, err
	}
	units, err := s.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	d := &roundData{Round: rd, Version: v, Units: units, Contacts: contacts, Rows: s.rowsOf(rd, units, contacts), rowAt: map[int64]int{}}
	for i := range d.Rows {
		d.rowAt[d.Rows[i].UnitID] = i
	}
	// sent comments only: the writers never see a unit's drafts
	raw := make([]report.Comment, 0, len(shown))
	rcs := make([]*marginComment, 0, len(shown))
	for i := range shown {
		if shown[i].State != "" && shown[i].Comment.State == report.CommentSent {
			raw = append(raw, shown[i].Comment)
			rcs = append(rcs, &marginComment{shownComment: &shown[i]})
		}
	}
	d.Tally = consult.Count(rd, raw, func(id int64) string { return names[id] })
	d.Summary = d.Tally.Summary()
	group := func(kind string, gs [][]int, set func(rc *marginComment, no int)) []commentGroup {
		out := make([]commentGroup, 0, len(gs))
		for k, g := range gs {
			cg := commentGroup{Kind: kind, No: k + 1}
			for _, i := range g {
				set(rcs[i], k+1)
				cg.Comments = append(cg.Comments, rcs[i])
			}
			out = append(out, cg)
		}
		return out
	}
	d.Same = group("same", consult.SamePassage(raw), func(rc *marginComment, no int) { rc.Same = no })
	d.Near = group("near", consult.NearDuplicates(raw), func(rc *marginComment, no int) { rc.Near = no })
	d.Conflicts = group("conflict", consult.Conflicts(raw), func(rc *marginComment, no int) { rc.Conflict, rc.ConflictNo = true, no })

	props, next, err := s.proposeLinks(ctx, rd, shown)
	if err != nil {
		return nil, err
	}
	d.Next = next
	parts := map[string]bool{}
	for _, rc := range rcs {
		rc.Link = props[rc.ID]
		if rc.Decision != nil && rc.Decision.Kind == report.Adopted && rc.Proposal != "" {
			d.CanApply = true
		}
		if rc.Part != "" && !parts[rc.Part] {
			parts[rc.Part] = true
			d.Parts = append(d.Parts, rc.Part)
		}
	}
	at := make(map[string]int, len(v.Doc.Blocks))
	for i := range v.Doc.Blocks {
		at[v.Doc.Blocks[i].ID] = i + 1
	}
	place := func(rc *marginComment) int {
		switch {
		case rc.BlockID == "":
			return 0
		case rc.State == anchor.Orphaned:
			return len(v.Doc.Blocks) + 1
		}
		return at[rc.BlockID]
	}
	// a counting sort by place: stable, and one map lookup per comment rather than per comparison
	byPlace := make([][]*marginComment, len(v.Doc.Blocks)+2)
	for _, rc := range rcs {
		byPlace[place(rc)] = append(byPlace[place(rc)], rc)
	}
	d.Ordered = slices.Concat(byPlace...)
	return d, nil
}

// placedView is every sent comment of a workspace's rounds placed in one version, with what its
// page shows of them by the state of their anchor, shared by the requests while nothing
// changes: it must not be modified, except through its memo.
type placedView struct {
	All     []shownComment
	Counts  map[string]int             // by anchor state
	ByState map[string][]*shownComment // "" for all, in the order of All

	sections memo[template.HTML] // the rendered list, by state and page
}

// placedComments is the placedView of version v for the current change mark.
func (s *Server) placedComments(ctx context.Context, v *report.Version) (*placedView, error) {
	mark, err := s.store.ChangeMark(ctx, v.WorkspaceID)
	if err != nil {
		return nil, err
	}
	out, err := s.cachedAt(ctx, "version:"+strconv.FormatInt(v.ID, 10), v.WorkspaceID, mark, func() (any, error) {
		cs, err := s.store.WorkspaceComments(ctx, v.WorkspaceID)
		if err != nil {
			return nil, err
		}
		shown, err := s.showComments(ctx, v, cs)
		if err != nil {
			return nil, err
		}
		pv := &placedView{All: shown, Counts: map[string]int{}, ByState: map[string][]*shownComment{}}
		all := make([]*shownComment, len(shown))
		for i := range shown {
			c := &shown[i]
			all[i] = c
			pv.Counts[string(c.State)]++
			pv.ByState[string(c.State)] = append(pv.ByState[string(c.State)], c)
		}
		pv.ByState[""] = all
		return pv, nil
	}, func(kept any) (any, error) { return s.redecidePlaced(ctx, v.WorkspaceID, kept.(*placedView)) })
	if err != nil {
		return nil, err
	}
	return out.(*placedView), nil
}

// redecidePlaced is kept, a version's placedView, with the workspace's decisions as they are
// now: the comments and their anchors as kept.
func (s *Server) redecidePlaced(ctx context.Context, workspaceID int64, kept *placedView) (*placedView, error) {
	decisions, err := s.store.WorkspaceDecisions(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	var all []shownComment // a copy of kept.All from the first decision changed
	for i := range kept.All {
		c := &kept.All[i]
		dc, ok := decisions[c.ID]
		if !ok && c.Decision == nil || ok && c.Decision != nil && sameDecision(c.Decision, &dc) {
			continue
		}
		if all == nil {
			all = slices.Clone(kept.All)
		}
		all[i].Decision = nil
		if ok {
			all[i].Decision = &dc
		}
	}
	if all == nil {
		return kept, nil
	}
	pv := &placedView{All: all, Counts: kept.Counts, ByState: map[string][]*shownComment{}}
	ptrs := make([]*shownComment, len(all))
	for i := range all {
		c := &all[i]
		ptrs[i] = c
		pv.ByState[string(c.State)] = append(pv.ByState[string(c.State)], c)
	}
	pv.ByState[""] = ptrs
	return pv, nil
}

// roundRows keeps each round as store.Round last returned it, with the workspace's change mark
// read before: every request naming a round loads it, and its recipients' counts are a count
// over the round's comments per unit, a heavy query for a round of 1,000 units.
type roundRows struct {
	mu sync.Mutex
	m  map[int64]*keptRound
}

type keptRound struct {
	// held while loading, so that the 50 requests arriving after a change load the round once
	// rather than 50 times at once
	load     sync.Mutex
	ws, mark int64
	rd       *report.Round
	// the recipients' table rendered from rd, by status, page and reader; new with each rd
	tables *memo[template.HTML]
}

// row is the kept row of round id, new and empty when there is none.
func (rr *roundRows) row(id int64) *keptRound {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	if rr.m == nil || len(rr.m) >= 1000 {
		rr.m = map[int64]*keptRound{}
	}
	row, ok := rr.m[id]
	if !ok {
		row = &keptRound{}
		rr.m[id] = row
	}
	return row
}

// roundUnchanged are the audited actions that change nothing of a round as store.Round returns
// it, nor of its recipients' table: logging in and out, and deciding, which the writers do
// every few seconds in the decision phase, each time making the 50 readers of the round page
// wait for the count of the round's comments per unit otherwise. Unlike unseen, they do not
// include a unit opening the round or drafting, which the table shows.
var roundUnchanged = map[string]bool{
	"login": true, "login.failed": true, "login.throttled": true, "logout": true, "comment.decide": true,
}

// loadRound is store.Round, kept while the workspace's change mark stays the same, or while
// every change since is in roundUnchanged. The round returned is shared: it must not be
// modified.
func (s *Server) loadRound(ctx context.Context, id int64) (*report.Round, error) {
	row := s.rounds.row(id)
	row.load.Lock()
	if row.ws == 0 {
		// the first time: the round says its workspace, whose mark is then read before the
		// round is loaded again to be kept
		rd, err := s.store.Round(ctx, id)
		if err != nil {
			row.load.Unlock()
			return nil, err
		}
		row.ws = rd.WorkspaceID
	}
	ws := row.ws
	row.load.Unlock()
	// read before taking the lock: the requests waiting on a load do not wait on the database
	mark, err := s.store.ChangeMark(ctx, ws)
	if err != nil {
		return nil, err
	}
	row.load.Lock()
	defer row.load.Unlock()
	if row.rd != nil && row.mark >= mark {
		return row.rd, nil
	}
	if row.rd != nil && mark-row.mark <= unseenSpan {
		actions, err := s.store.ChangedActions(ctx, ws, row.mark, mark)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(actions, func(a string) bool { return !roundUnchanged[a] }) {
			row.mark = mark
			return row.rd, nil
		}
	}
	rd, err := s.store.Round(ctx, id)
	if err != nil {
		return nil, err
	}
	row.ws, row.mark, row.rd, row.tables = ws, mark, rd, &memo[template.HTML]{}
	return rd, nil
}

// keptMark is the change mark read before rd, a round loadRound returned, was loaded; -1 when
// a newer load has replaced it.
func (s *Server) keptMark(rd *report.Round) int64 {
	row := s.rounds.row(rd.ID)
	row.load.Lock()
	defer row.load.Unlock()
	if row.rd != rd {
		return -1
	}
	return row.mark
}

// roundTables is what is kept rendered from rd, a round loadRound returned: nothing kept when
// a newer load has replaced it.
func (s *Server) roundTables(rd *report.Round) *memo[template.HTML] {
	row := s.rounds.row(rd.ID)
	row.load.Lock()
	defer row.load.Unlock()
	if row.rd != rd {
		return &memo[template.HTML]{}
	}
	return row.tables
}

// postingRound is the round a comment is posted to: the one kept by loadRound even when the
// mark has moved since, as it does with every comment posted. What a post reads from it does not
// change once the round is open (its version, its recipients), or is checked again by the store
// in the transaction that adds the comment (closed, already answered), so a round kept from
// before is as good as a fresh one, and 200 units posting at once do not each count the round's
// comments per recipient.
func (s *Server) postingRound(r *http.Request, id int64) (*report.Round, error) {
	row := s.rounds.row(id)
	row.load.Lock()
	rd := row.rd
	row.load.Unlock()
	if rd == nil {
		return s.roundByID(r, id)
	}
	if !canSeeRound(currentUser(r), rd) {
		return nil, notFound()
	}
	return rd, nil
}
