// Package cache is an LRU cache bounded by the bytes its values hold rather than by their count:
// one version of a report may be 40 KB or 4 MB, so a count says nothing about memory. The
// recency bookkeeping is hashicorp's golang-lru; this package adds the byte budget.
package cache

import (
	"sync"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// Cache holds values up to Budget bytes in all, as their sizes were given to Put, evicting the
// least recently used first. A value larger than the budget is not kept. Safe for concurrent use.
type Cache[K comparable, V any] struct {
	mu     sync.Mutex
	lru    *simplelru.LRU[K, entry[V]]
	budget int64
	used   int64
}

type entry[V any] struct {
	v    V
	size int64
}

// New returns a cache of budget bytes.
func New[K comparable, V any](budget int64) *Cache[K, V] {
	c := &Cache[K, V]{budget: budget}
	// the count is no bound here: the byte budget evicts long before it
	c.lru, _ = simplelru.NewLRU[K, entry[V]](1<<30, func(_ K, e entry[V]) { c.used -= e.size })
	return c
}

// Get returns the value of k and marks it recently used.
func (c *Cache[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.lru.Get(k)
	return e.v, ok
}

// Put keeps v under k as size bytes, evicting the least recently used values beyond the budget.
func (c *Cache[K, V]) Put(k K, v V, size int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Remove(k)
	if size > c.budget {
		return
	}
	c.lru.Add(k, entry[V]{v, size})
	c.used += size
	for c.used > c.budget {
		c.lru.RemoveOldest()
	}
}

// Remove forgets k.
func (c *Cache[K, V]) Remove(k K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Remove(k)
}

// Bytes is what the values kept add up to; Len is how many there are.
func (c *Cache[K, V]) Bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}

func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
