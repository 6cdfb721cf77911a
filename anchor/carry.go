package anchor

import (
	"context"
	"sync"

	"qicao/report"
)

// State is how an anchor stands in a later version.
type State string

const (
	Exact    State = "exact"    // the quoted text is there unchanged, its paragraph in its place
	Moved    State = "moved"    // the quoted text is there unchanged, in a paragraph that moved
	Changed  State = "changed"  // the quoted text itself was edited: Old holds the text before
	Orphaned State = "orphaned" // the text is gone; the anchor is where it last was
)

// Located is an anchor carried into a later version.
type Located struct {
	Anchor Anchor // in the target version; when Orphaned, the last anchor that still existed
	State  State
	Old    string // the original quote (always set)
}

// cacheSteps bounds the steps a Carrier keeps: a step holds two documents and their alignment,
// a few hundred kilobytes for a report of 30,000 characters.
const cacheSteps = 64

// Carrier carries anchors between versions of one workspace. It computes the comparison of each
// pair of consecutive versions once and keeps it (versions never change).
type Carrier struct {
	load     func(ctx context.Context, versionID int64) (*report.Version, error)
	versions func(ctx context.Context, workspaceID int64) ([]report.Version, error)

	mu    sync.Mutex
	steps map[[2]int64]*stepEntry
	clock uint64
}

type stepEntry struct {
	ready chan struct{} // closed when st or err is set
	st    *step
	err   error
	used  uint64
}

// NewCarrier: load returns a version with its document; versions lists a workspace's versions
// in order (without documents).
func NewCarrier(load func(ctx context.Context, versionID int64) (*report.Version, error),
	versions func(ctx context.Context, workspaceID int64) ([]report.Version, error)) *Carrier {
	return &Carrier{load: load, versions: versions, steps: make(map[[2]int64]*stepEntry)}
}

// Carry carries anchors (all from versions of one workspace, possibly different versions) into
// version to, step by step through every version in between. An anchor made on a version later
// than to is returned Orphaned with its own anchor. Results are in the order of the input.
func (c *Carrier) Carry(ctx context.Context, to *report.Version, anchors []Anchor) ([]Located, error) {
	if to == nil {
		return nil, report.Errorf(report.EINVALID, "没有指定目标版本")
	}
	vs, err := c.versions(ctx, to.WorkspaceID)
	if err != nil {
		return nil, err
	}
	pos := make(map[int64]int, len(vs))
	for k, v := range vs {
		pos[v.ID] = k
	}
	last, ok := pos[to.ID]
	if !ok {
		return nil, report.Errorf(report.ENOTFOUND, "工作区中没有这个版本")
	}
	out := make([]Located, len(anchors))
	cur := make([]Anchor, len(anchors))
	moved := make([]bool, len(anchors))
	start := make([][]int, last+1) // by version position: the anchors made there
	first := last
	for i, a := range anchors {
		out[i] = Located{Anchor: a, Old: a.Quote}
		cur[i] = a
		if a.BlockID == "" {
			a.VersionID = to.ID
			out[i].Anchor, out[i].State = a, Exact
			continue
		}
		k, ok := pos[a.VersionID]
		switch {
		case !ok:
			return nil, report.Errorf(report.EINVALID, "第%d个定位所在的版本（%d）不属于这个工作区", i+1, a.VersionID)
		case k > last:
			out[i].State = Orphaned
		default:
			start[k] = append(start[k], i)
			first = min(first, k)
		}
	}

	var active []int
	for k := first; k < last; k++ {
		if len(active) == 0 && len(start[k]) == 0 {
			continue
		}
		st, err := c.step(ctx, vs[k].ID, vs[k+1].ID, to)
		if err != nil {
			return nil, err
		}
		for _, i := range start[k] {
			// Made on this version: it must read as stored there, or it is lost already.
			if st.valid(anchors[i]) {
				active = append(active, i)
			} else {
				out[i].State = Orphaned
			}
		}
		alive := active[:0]
		for _, i := range active {
			a := cur[i]
			na, how := st.carry(a)
			switch how {
			case lost:
				out[i].Anchor, out[i].State = a, Orphaned
				continue
			case shifted:
				moved[i] = true
			}
			cur[i] = na
			alive = append(alive, i)
		}
		active = alive
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	for _, i := range start[last] {
		// Made on the target version itself: check it still reads as stored.
		a := anchors[i]
		out[i].State = Exact
		if doc := to.Doc; doc != nil {
			if b := doc.Block(a.BlockID); b == nil || !validAt(b.Text, a) {
				out[i].State = Orphaned
			}
		}
	}
	for _, i := range active {
		out[i].Anchor = cur[i]
		switch {
		case cur[i].Quote != anchors[i].Quote:
			out[i].State = Changed
		case moved[i]:
			out[i].State = Moved
		default:
			out[i].State = Exact
		}
	}
	return out, nil
}

// validAt reports whether a's offsets are in text and quote the text there.
func validAt(text string, a Anchor) bool {
	offs := runeOffsets(text)
	n := len(offs) - 1
	return a.Start >= 0 && a.Start < a.End && a.End <= n && text[offs[a.Start]:offs[a.End]] == a.Quote
}

// step returns the step from version from to version next, building it once. target is the
// version anchors are carried to, whose document may already be loaded.
func (c *Carrier) step(ctx context.Context, from, next int64, target *report.Version) (*step, error) {
	key := [2]int64{from, next}
	c.mu.Lock()
	c.clock++
	if e, ok := c.steps[key]; ok {
		e.used = c.clock
		c.mu.Unlock()
		select {
		case <-e.ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		return e.st, e.err
	}
	e := &stepEntry{ready: make(chan struct{}), used: c.clock}
	c.steps[key] = e
	if len(c.steps) > cacheSteps {
		c.evict()
	}
	c.mu.Unlock()

	e.st, e.err = c.build(ctx, from, next, target)
	close(e.ready)
	if e.err != nil {
		c.mu.Lock()
		if c.steps[key] == e {
			delete(c.steps, key)
		}
		c.mu.Unlock()
	}
	return e.st, e.err
}

// evict drops the least recently used finished step. c.mu is held.
func (c *Carrier) evict() {
	var oldest [2]int64
	var at uint64
	found := false
	for k, e := range c.steps {
		select {
		case <-e.ready:
		default:
			continue
		}
		if !found || e.used < at {
			oldest, at, found = k, e.used, true
		}
	}
	if found {
		delete(c.steps, oldest)
	}
}

func (c *Carrier) build(ctx context.Context, from, next int64, target *report.Version) (*step, error) {
	get := func(id int64) (*report.Document, error) {
		if target != nil && target.ID == id && target.Doc != nil {
			return target.Doc, nil
		}
		v, err := c.load(ctx, id)
		if err != nil {
			return nil, err
		}
		if v.Doc == nil {
			return nil, report.Errorf(report.EINTERNAL, "版本%d没有内容", id)
		}
		return v.Doc, nil
	}
	old, err := get(from)
	if err != nil {
		return nil, err
	}
	new, err := get(next)
	if err != nil {
		return nil, err
	}
	return newStep(old, new, next), nil
}
