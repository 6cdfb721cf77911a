package store

import (
	"slices"
	"sync"

	"qicao/cache"
	"qicao/report"
)

// docCache keeps the decoded documents of recently read versions. Versions never change once
// added, so an entry can never be stale, on this instance or any other; decoding the JSON of a
// 14,000-character report is most of the cost of showing it. Readers get their own copy. It is
// bounded by bytes, not by count: 32 documents of the largest accepted size would be 130 MB.
type docCache struct {
	once sync.Once
	c    *cache.Cache[int64, *report.Document]
}

// docCacheBytes holds some 500 ordinary reports, or 16 of the largest accepted.
const docCacheBytes = 64 << 20

func (c *docCache) init() {
	c.once.Do(func() { c.c = cache.New[int64, *report.Document](docCacheBytes) })
}

func (c *docCache) get(id int64) *report.Document {
	c.init()
	d, ok := c.c.Get(id)
	if !ok {
		return nil
	}
	return cloneDoc(d)
}

func (c *docCache) put(id int64, d *report.Document) {
	c.init()
	if _, ok := c.c.Get(id); ok {
		return
	}
	c.c.Put(id, cloneDoc(d), d.MemSize())
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
