package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"qicao/report"
)

// Login throttling. A lock on a name or an address would let anyone lock everyone out: six
// guesses at the admin's name, or thirty from the reverse proxy every user shares. So nothing is
// locked; guessing is slowed instead, by growing delays on the keys an attempt belongs to:
//
//   - the pair (account, address): one guesser at one account;
//   - the account from any address: a guesser spread over many addresses;
//   - the address for any account: one address spraying guesses over many accounts.
//
// A browser in which the account has logged in before carries a signed device cookie (OWASP's
// "device cookies"); it is judged by its own pair (account, device) only, so the real user
// still gets in while the account or the address is under attack. A success forgets the pair
// it proved, never the account's or the address's count, so an account holder cannot spray
// guesses at other accounts and reset the count with their own login.
const (
	throttleWindow = time.Hour        // failures older than this are forgotten
	maxDelay       = 15 * time.Minute // the longest wait between two attempts
	freePair       = 5                // failures before the first delay, per key kind
	freeAccount    = 10
	freeAddress    = 30
	freeDevice     = 5

	deviceCookie = "qicao_device"
	deviceTTL    = 180 * 24 * time.Hour
)

// throttleKey is one count an attempt belongs to and the failures it takes free.
type throttleKey struct {
	key  string
	free int
}

// accountKey is the key of every count about an account; ClearLoginFailures on it also clears
// the pairs under it ("acct:name|…"), which is how an administrator unlocks an account.
func accountKey(username string) string { return "acct:" + strings.ToLower(username) }

// throttleKeys are the counts an attempt at username from addr belongs to; device is the id
// of the browser's valid device cookie for that account, empty when it has none.
func throttleKeys(username, addr, device string) []throttleKey {
	acct := accountKey(username)
	if device != "" {
		return []throttleKey{{acct + "|dev:" + device, freeDevice}}
	}
	return []throttleKey{{acct + "|addr:" + addr, freePair}, {acct, freeAccount}, {"addr:" + addr, freeAddress}}
}

// delayAfter is how long after the latest of n failures the next attempt must wait: nothing
// for the free ones, then one second, doubling up to maxDelay.
func delayAfter(n, free int) time.Duration {
	if n < free {
		return 0
	}
	return min(time.Second<<min(n-free, 20), maxDelay)
}

// throttleWait is how long the attempt must still wait: the longest wait any of its keys asks,
// and that key.
func (s *Server) throttleWait(ctx context.Context, keys []throttleKey, now time.Time) (time.Duration, string, error) {
	var wait time.Duration
	var by string
	for _, k := range keys {
		n, last, err := s.store.LoginFailures(ctx, k.key, now, throttleWindow)
		if err != nil {
			return 0, "", err
		}
		if d := last.Add(delayAfter(n, k.free)).Sub(now); n > 0 && d > wait {
			wait, by = d, k.key
		}
	}
	return wait, by, nil
}

func (s *Server) recordFailure(ctx context.Context, keys []throttleKey, now time.Time) error {
	for _, k := range keys {
		if _, err := s.store.RecordLoginFailure(ctx, k.key, now, throttleWindow); err != nil {
			return err
		}
	}
	return nil
}

// waitText says a wait in Chinese, rounded up to whole seconds or minutes.
func waitText(d time.Duration) string {
	if d <= time.Minute {
		return fmt.Sprintf("%d 秒", int((d+time.Second-1)/time.Second))
	}
	return fmt.Sprintf("%d 分钟", int((d+time.Minute-1)/time.Minute))
}

// deviceKey signs the device cookies. It is kept in the database, so that every instance on it
// knows the browsers any of them admitted.
func (s *Server) deviceKey(ctx context.Context) ([]byte, error) {
	s.deviceKeyMu.Lock()
	defer s.deviceKeyMu.Unlock()
	if s.deviceKeyVal != nil {
		return s.deviceKeyVal, nil
	}
	k, err := s.store.ServerKey(ctx, "device-cookie", randomToken())
	if err != nil {
		return nil, err
	}
	s.deviceKeyVal = []byte(k)
	return s.deviceKeyVal, nil
}

func sign(key []byte, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// knownDevice returns the id of the browser's device cookie when it is genuine, not too old,
// and was given at a login to u; otherwise "".
func (s *Server) knownDevice(r *http.Request, u *report.User) string {
	c, err := r.Cookie(deviceCookie)
	if err != nil || u == nil || len(c.Value) > 256 {
		return ""
	}
	payload, mac, ok := strings.Cut(c.Value, ".")
	if !ok {
		return ""
	}
	key, err := s.deviceKey(r.Context())
	if err != nil || !hmac.Equal([]byte(mac), []byte(sign(key, payload))) {
		return ""
	}
	parts := strings.Split(payload, "~")
	if len(parts) != 3 {
		return ""
	}
	uid, err1 := strconv.ParseInt(parts[0], 10, 64)
	issued, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || uid != u.ID || s.now().Sub(time.Unix(issued, 0)) > deviceTTL {
		return ""
	}
	return parts[1]
}

// giveDevice hands the browser a device cookie for u, keeping the device's id when it had one.
func (s *Server) giveDevice(w http.ResponseWriter, r *http.Request, u *report.User, device string) error {
	key, err := s.deviceKey(r.Context())
	if err != nil {
		return err
	}
	if device == "" {
		device = randomToken()[:16]
	}
	payload := fmt.Sprintf("%d~%s~%d", u.ID, device, s.now().Unix())
	http.SetCookie(w, s.cookie(r, deviceCookie, payload+"."+sign(key, payload), int(deviceTTL/time.Second)))
	return nil
}

// auditSums folds floods of the same anonymous event from one source (failed logins at names
// that do not exist, from one address; attempts refused by the throttle, by the count that
// refused them) into few audit rows: the first of a window at once, the rest as one count when
// the window closes. So a client sending 900 attempts a second writes two rows per window
// instead of 900, and real events stay visible.
type auditSums struct {
	mu sync.Mutex
	m  map[sumKey]*sum
}

type sumKey struct{ action, source string }

type sum struct {
	start time.Time
	n     int // events after the first
	names []string
	last  report.AuditEntry
}

const (
	sumWindow  = 5 * time.Minute
	maxSums    = 10000 // sources tracked at once; beyond, all further sources share one
	maxSumName = 10    // names kept per window
)

// note counts e, an event of its action from source; it returns the entries to write now.
func (a *auditSums) note(e report.AuditEntry, source, name string) []report.AuditEntry {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil {
		a.m = make(map[sumKey]*sum)
	}
	k := sumKey{e.Action, source}
	cur, ok := a.m[k]
	if !ok && len(a.m) >= maxSums {
		k.source = "*"
		cur, ok = a.m[k]
	}
	var out []report.AuditEntry
	if ok && !e.At.Before(cur.start.Add(sumWindow)) {
		out = append(out, cur.summary()...)
		delete(a.m, k)
		ok = false
	}
	if !ok {
		a.m[k] = &sum{start: e.At, last: e}
		return append(out, e)
	}
	cur.n++
	cur.last = e
	if len(cur.names) < maxSumName && !contains(cur.names, name) {
		cur.names = append(cur.names, name)
	}
	return out
}

// flush returns the summaries of the windows closed by now (all of them when all is set).
func (a *auditSums) flush(now time.Time, all bool) []report.AuditEntry {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []report.AuditEntry
	for k, cur := range a.m {
		if all || !now.Before(cur.start.Add(sumWindow)) {
			out = append(out, cur.summary()...)
			delete(a.m, k)
		}
	}
	return out
}

func (c *sum) summary() []report.AuditEntry {
	if c.n == 0 {
		return nil
	}
	e := c.last
	e.Detail = fmt.Sprintf("%s 起 %d 分钟内另有 %d 次", c.start.In(report.China).Format("15:04:05"), int(sumWindow/time.Minute), c.n)
	if len(c.names) > 0 {
		e.Detail += "，用户名：" + strings.Join(c.names, "、")
	}
	return []report.AuditEntry{e}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// auditSummed records an anonymous event through the sums.
func (s *Server) auditSummed(r *http.Request, action, target, source, name string) {
	e := s.entry(r, action, target, "用户名："+name)
	for _, e := range s.sums.note(e, source, name) {
		s.record(r, e)
	}
}

// flushSums writes the closed windows' counts now and then, and all of them when the server stops.
func (s *Server) flushSums() {
	defer s.done.Done()
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			s.writeSums(s.sums.flush(s.now(), true))
			return
		case <-t.C:
			s.writeSums(s.sums.flush(s.now(), false))
		}
	}
}

func (s *Server) writeSums(es []report.AuditEntry) {
	for _, e := range es {
		if err := s.store.Audit(context.Background(), e); err != nil {
			s.log.Error("writing audit entry", "action", e.Action, "err", err)
		}
	}
}

// printable makes any submitted name recordable and readable: invalid UTF-8, NUL, control and
// invisible characters become Go escapes ("\x00", "\u202e"), and it is cut to 64 characters.
func printable(name string) string {
	q := strconv.QuoteToGraphic(name)
	q = q[1 : len(q)-1]
	if r := []rune(q); len(r) > 64 {
		q = string(r[:64]) + "…"
	}
	return q
}
