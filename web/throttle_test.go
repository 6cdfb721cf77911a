package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"qicao/report"
	"qicao/web"
)

// behindProxy starts the program as the README deploys it: behind a reverse proxy on the same
// machine that puts the client's address in X-Forwarded-For.
func behindProxy(t *testing.T) *app {
	return startAppWith(t, backends[0].dsn(t), func(c *web.Config) { c.ClientIPHeader = "X-Forwarded-For" })
}

// from makes c's requests arrive through the proxy from addr.
func (c *client) from(addr string) *client {
	c.header = http.Header{"X-Forwarded-For": {"203.0.113.250, " + addr}}
	return c
}

// loginOK logs username in from c and picks up the session's CSRF token.
func (c *client) loginOK(username string) {
	c.t.Helper()
	if st, body := c.tryLogin(username, password); st != http.StatusSeeOther {
		c.t.Fatalf("login %s: %d: %s", username, st, text(body))
	}
	_, body := c.get("/account/password")
	c.csrf = csrfIn(body)
}

// logoutOK logs c out and picks up a login form's token.
func (c *client) logoutOK() {
	c.t.Helper()
	if resp, _ := c.post("/logout", nil); resp.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("logout: %d", resp.StatusCode)
	}
	_, body := c.get("/login")
	c.csrf = csrfIn(body)
}

func (c *client) tryLogin(username, pw string) (int, string) {
	c.t.Helper()
	resp, body := c.post("/login", url.Values{"username": {username}, "password": {pw}})
	return resp.StatusCode, body
}

// auditActions counts the audit rows by action.
func (a *app) auditActions() map[string]int {
	es, err := a.store.AuditLog(context.Background(), 1000, 0)
	must(a.t, err)
	n := map[string]int{}
	for _, e := range es {
		n[e.Action]++
	}
	return n
}

func (a *app) auditRows(action string) []report.AuditEntry {
	es, err := a.store.AuditLog(context.Background(), 1000, 0)
	must(a.t, err)
	var out []report.AuditEntry
	for _, e := range es {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// TestLockoutScenario is issue 14's proof: an attacker's 100 failures from one address and from
// many slow the attacker down, while the real user still logs in with the right password.
func TestLockoutScenario(t *testing.T) {
	a := behindProxy(t)
	office := "192.0.2.10" // the whole office behind one NAT

	// the real user has logged in from this browser before
	real := a.anonymous().from(office)
	real.loginOK("leader")
	real.logoutOK()

	// 100 guesses from the office's address
	attacker := a.anonymous().from(office)
	status := map[int]int{}
	for i := 0; i < 100; i++ {
		st, _ := attacker.tryLogin("leader", fmt.Sprintf("guess-%d", i))
		status[st]++
	}
	if status[http.StatusUnauthorized] > 8 || status[http.StatusTooManyRequests] < 92 {
		t.Errorf("100 guesses from one address: %v; want at most 8 checked, the rest refused", status)
	}
	st, body := attacker.tryLogin("leader", password)
	if st != http.StatusTooManyRequests || !strings.Contains(body, "后再试") {
		t.Errorf("the attacker with the right password, at once: %d: %s", st, text(body))
	}
	for _, who := range []string{"the real user's known browser", "a new browser elsewhere"} {
		c := real
		if who == "a new browser elsewhere" {
			c = a.anonymous().from("198.51.100.77")
		}
		if st, body := c.tryLogin("leader", password); st != http.StatusSeeOther {
			t.Fatalf("after 100 guesses from one address, %s: %d: %s", who, st, text(body))
		}
		c.csrf = csrfIn(mustGet(t, c, "/account/password"))
		c.logoutOK()
	}
	// a colleague behind the same address is not slowed by it
	if st, _ := a.anonymous().from(office).tryLogin("writer", password); st != http.StatusSeeOther {
		t.Errorf("a colleague at the attacked address: %d", st)
	}

	// 100 guesses from 100 addresses
	status = map[int]int{}
	for i := 0; i < 100; i++ {
		st, _ := a.anonymous().from(fmt.Sprintf("198.18.%d.%d", i/200, i%200+1)).tryLogin("leader", fmt.Sprintf("spread-%d", i))
		status[st]++
	}
	if status[http.StatusUnauthorized] > 12 || status[http.StatusTooManyRequests] < 88 {
		t.Errorf("100 guesses from 100 addresses: %v; want at most 12 checked, the rest refused", status)
	}
	if st, body := real.tryLogin("leader", password); st != http.StatusSeeOther {
		t.Fatalf("after 100 guesses from 100 addresses, the real user's known browser: %d: %s", st, text(body))
	}
	// the known browser's session is a real one
	if resp, body := real.get("/account/password"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "李市长") {
		t.Errorf("a page after the login: %d: %s", resp.StatusCode, text(body))
	}

	// the flood wrote a handful of rows, not 200
	n := a.auditActions()
	if n["login.throttled"] > 4 || n["login.failed"] > 20 {
		t.Errorf("audit rows %v: the refused attempts are not summed", n)
	}
}

// TestDeviceCookie checks that only a genuine device cookie of the same account is trusted.
func TestDeviceCookie(t *testing.T) {
	a := behindProxy(t)
	c := a.anonymous().from("192.0.2.20")
	c.loginOK("writer")
	var device *http.Cookie
	for _, ck := range c.http.Jar.Cookies(mustURL(t, a.url)) {
		if ck.Name == "qicao_device" {
			device = ck
		}
	}
	if device == nil {
		t.Fatal("no device cookie after a login")
	}
	// slow the account down from elsewhere
	for i := 0; i < 15; i++ {
		a.anonymous().from(fmt.Sprintf("198.18.1.%d", i+1)).tryLogin("writer", "wrong password")
		a.anonymous().from(fmt.Sprintf("198.18.2.%d", i+1)).tryLogin("leader", "wrong password")
	}
	for name, value := range map[string]string{
		"forged":          "1~abc~1700000000.AAAA",
		"tampered":        strings.Replace(device.Value, "~", "~x", 1),
		"another account": device.Value, // given to writer, shown with leader's name
	} {
		o := a.anonymous().from("192.0.2.21")
		o.http.Jar.SetCookies(mustURL(t, a.url), []*http.Cookie{{Name: "qicao_device", Value: value}})
		user := "writer"
		if name == "another account" {
			user = "leader"
		}
		if st, _ := o.tryLogin(user, password); st != http.StatusTooManyRequests {
			t.Errorf("%s device cookie: %d, want the throttle's 429", name, st)
		}
	}
	o := a.anonymous().from("192.0.2.21")
	o.http.Jar.SetCookies(mustURL(t, a.url), []*http.Cookie{{Name: "qicao_device", Value: device.Value}})
	if st, _ := o.tryLogin("writer", password); st != http.StatusSeeOther {
		t.Errorf("the genuine device cookie: %d", st)
	}
}

// TestSprayNotReset is item 11: an account holder's own login does not reset the address's count.
func TestSprayNotReset(t *testing.T) {
	a := behindProxy(t)
	c := a.anonymous().from("192.0.2.30")
	c.loginOK("writer")
	c.logoutOK()
	refused := 0
	for i := 0; i < 40; i++ {
		if st, _ := c.tryLogin(fmt.Sprintf("someone%d", i), "Password1"); st == http.StatusTooManyRequests {
			refused++
		}
		if i%10 == 9 {
			// the sprayer's own login, in between
			c.loginOK("writer")
			c.logoutOK()
		}
	}
	if refused < 9 {
		t.Errorf("40 guesses over 40 accounts with own logins in between: %d refused, want ≥ 9 (30 free)", refused)
	}
}

// TestProxyHeaderTrust checks that X-Forwarded-For is believed only when configured.
func TestProxyHeaderTrust(t *testing.T) {
	a := startApp(t, backends[0].dsn(t)) // no header configured: every client is 127.0.0.1
	for i := 0; i < 6; i++ {
		a.anonymous().from(fmt.Sprintf("198.18.3.%d", i+1)).tryLogin("contact", "wrong password")
	}
	// the six failures count as one pair, whatever the header says
	if st, _ := a.anonymous().from("198.18.3.99").tryLogin("contact", "wrong password"); st != http.StatusTooManyRequests {
		t.Errorf("a forged X-Forwarded-For escaped the pair's count: %d", st)
	}
	rows := a.auditRows("login.failed")
	if len(rows) == 0 || rows[0].RemoteAddr != "127.0.0.1" {
		t.Errorf("audited address %+v, want the connection's", rows)
	}
	b := behindProxy(t)
	b.anonymous().from("198.18.3.7").tryLogin("contact", "wrong password")
	if rows := b.auditRows("login.failed"); len(rows) != 1 || rows[0].RemoteAddr != "198.18.3.7" {
		t.Errorf("behind the proxy, audited address %+v, want the header's last hop", rows)
	}
}

// TestFailedLoginAudit is items 14 and 15: floods are summed, odd names are recorded readably.
func TestFailedLoginAudit(t *testing.T) {
	a := behindProxy(t)
	c := a.anonymous().from("192.0.2.40")
	for i := 0; i < 60; i++ {
		c.tryLogin(fmt.Sprintf("nobody%d", i), "wrong password")
	}
	before := a.auditActions()
	if before["login.failed"] != 1 || before["login.throttled"] != 1 {
		t.Errorf("60 attempts at unknown names, during the window: %v; want one row of each kind", before)
	}
	// a real event is not buried
	if st, _ := a.anonymous().from("192.0.2.41").tryLogin("writer", password); st != http.StatusSeeOther {
		t.Fatal("login")
	}
	for i, name := range []string{"ad\x00min", "\xff\xferoot", "evil\u202etxt"} {
		a.anonymous().from(fmt.Sprintf("192.0.2.%d", 50+i)).tryLogin(name, "wrong password")
	}
	want := []string{`ad\x00min`, `\xff\xferoot`, `evil\u202etxt`}
	a.srv.Close() // writes the open windows' counts
	rows := a.auditRows("login.failed")
	var all []string
	for _, e := range rows {
		all = append(all, e.Target+" "+e.Detail)
	}
	joined := strings.Join(all, "\n")
	for _, w := range want {
		if !strings.Contains(joined, w) {
			t.Errorf("failed login as %q not recorded readably:\n%s", w, joined)
		}
	}
	if !strings.Contains(joined, "另有 29 次") {
		t.Errorf("no summary of the 29 further failures:\n%s", joined)
	}
	if n := a.auditActions(); n["login.throttled"] != 2 || n["login"] != 1 {
		t.Errorf("after closing: %v", n)
	}
}

// TestLoginEndsOldSession is item 16.
func TestLoginEndsOldSession(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	c := a.login("writer")
	old := sessionCookie(t, c)
	if st, _ := c.tryLogin("leader", password); st != http.StatusSeeOther {
		t.Fatalf("second login: %d", st)
	}
	if now := sessionCookie(t, c); now == old {
		t.Fatal("the session was not replaced")
	}
	replay := a.anonymous()
	replay.http.Jar.SetCookies(mustURL(t, a.url), []*http.Cookie{{Name: "qicao_session", Value: old}})
	if resp, _ := replay.get("/"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
		t.Errorf("the old session still works: %d", resp.StatusCode)
	}
}

func sessionCookie(t *testing.T, c *client) string {
	for _, ck := range c.http.Jar.Cookies(mustURL(t, c.app.url)) {
		if ck.Name == "qicao_session" {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}
