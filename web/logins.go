package web

import (
	"math/rand/v2"
	"sync"
	"time"

	"qicao/report"
)

// loginTTL is how long an instance trusts a session it has read from the database. Every page
// needs the session and its user; re-reading them for each request would make the database the
// bottleneck of a busy review day. This instance forgets a session at once when it ends or its
// user changes here; another instance sharing the database notices within loginTTL.
const loginTTL = 2 * time.Second

// maxCachedLogins bounds the cache; beyond it, it starts afresh.
const maxCachedLogins = 10000

type cachedLogin struct {
	session *report.Session
	user    *report.User
	until   time.Time
}

type loginCache struct {
	mu sync.RWMutex
	m  map[string]cachedLogin
}

func (c *loginCache) get(hash string, now time.Time) (*report.Session, *report.User, bool) {
	c.mu.RLock()
	l, ok := c.m[hash]
	c.mu.RUnlock()
	if !ok || !now.Before(l.until) || !now.Before(l.session.ExpiresAt) {
		return nil, nil, false
	}
	return l.session, l.user, true
}

func (c *loginCache) put(hash string, s *report.Session, u *report.User, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedLogins {
		c.m = make(map[string]cachedLogin)
	}
	// a little jitter, so that sessions read together are not all re-read together
	jitter := time.Duration(rand.Int64N(int64(loginTTL / 4)))
	c.m[hash] = cachedLogin{session: s, user: u, until: now.Add(loginTTL - jitter)}
}

func (c *loginCache) forget(hash string) {
	c.mu.Lock()
	delete(c.m, hash)
	c.mu.Unlock()
}

// forgetUser drops every cached session of a user whose account has just changed.
func (c *loginCache) forgetUser(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for h, l := range c.m {
		if l.user.ID == id {
			delete(c.m, h)
		}
	}
}
