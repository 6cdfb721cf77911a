package store

import (
	"slices"
	"sync"

	"qicao/report"
)

// docCache keeps the decoded documents of recently read versions. Versions never change once
// added, so an entry can never be stale, on this instance or any other; decoding the JSON of a
// 14,000-character report is most of the cost of showing it. Readers get their own copy.
type docCache struct {
	mu    sync.Mutex
	docs  map[int64]*report.Document
	order []int64 // oldest first, for eviction
}

const cachedDocs = 32

func (c *docCache) get(id int64) *report.Document {
	c.mu.Lock()
	d := c.docs[id]
	c.mu.Unlock()
	if d == nil {
		return nil
	}
	return cloneDoc(d)
}

func (c *docCache) put(id int64, d *report.Document) {
	d = cloneDoc(d)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.docs == nil {
		c.docs = make(map[int64]*report.Document, cachedDocs)
	}
	if _, ok := c.docs[id]; ok {
		return
	}
	if len(c.order) >= cachedDocs {
		delete(c.docs, c.order[0])
		c.order = c.order[1:]
	}
	c.docs[id] = d
	c.order = append(c.order, id)
}

// cloneDoc copies everything a caller could change; strings are immutable and shared.
func cloneDoc(d *report.Document) *report.Document {
	c := *d
	c.Blocks = slices.Clone(d.Blocks)
	for i := range c.Blocks {
		if rows := c.Blocks[i].Rows; rows != nil {
			c.Blocks[i].Rows = make([][]string, len(rows))
			for j, r := range rows {
				c.Blocks[i].Rows[j] = slices.Clone(r)
			}
		}
	}
	return &c
}
