package web_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"qicao/load"
	"qicao/report"
	"qicao/sample"
	"qicao/store"
	"qicao/store/storetest"
	"qicao/web"
)

// password is every test user's password.
const password = "correct horse 1"

// app is the whole program started on a loopback port against a fresh database.
type app struct {
	t     testing.TB
	url   string
	dsn   string
	store report.Store
	srv   *web.Server
	ws    *report.Workspace
	units map[string]*report.Unit
	users map[string]*report.User
	v1    *report.Version
	v2    *report.Version

	configure func(*web.Config)
}

// backends are the databases the whole-program tests run on; PostgreSQL skips without
// $QICAO_TEST_POSTGRES.
var backends = []struct {
	name string
	dsn  func(testing.TB) string
}{
	{"sqlite", storetest.SQLiteDSN},
	{"postgres", storetest.PostgresDSN},
}

// eachBackend runs fn once per database.
func eachBackend(t *testing.T, fn func(t *testing.T, dsn string)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { fn(t, b.dsn(t)) })
	}
}

func startApp(t testing.TB, dsn string) *app { return startAppWith(t, dsn, nil) }

// startAppWith starts the program with configure applied to the server's configuration.
func startAppWith(t testing.TB, dsn string, configure func(*web.Config)) *app {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("opening store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	a := &app{t: t, dsn: dsn, store: st, units: map[string]*report.Unit{}, users: map[string]*report.User{}, configure: configure}
	a.seed()
	a.serve()
	return a
}

// serve starts a server on a new loopback port and stops it gracefully when the test ends.
func (a *app) serve() {
	t := a.t
	cfg := web.Config{Store: a.store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if a.configure != nil {
		a.configure(&cfg)
	}
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("graceful shutdown: %v", err)
		}
		srv.Close()
	})
	a.srv, a.url = srv, "http://"+ln.Addr().String()
}

func (a *app) seed() {
	t, ctx := a.t, context.Background()
	none := report.AuditEntry{}
	a.ws = &report.Workspace{Name: "2027年政府工作报告", Year: 2027}
	must(t, a.store.CreateWorkspace(ctx, a.ws, none))
	for key, u := range map[string]report.Unit{
		"writing":    {Name: "写作组", Kind: report.UnitWriting},
		"leadership": {Name: "市政府领导", Kind: report.UnitLeadership},
		"donghu":     {Name: "东湖镇", Kind: report.UnitTownship},
		"xishan":     {Name: "西山镇", Kind: report.UnitTownship},
		"fagai":      {Name: "市发展和改革局", Kind: report.UnitDepartment},
	} {
		must(t, a.store.CreateUnit(ctx, &u, none))
		a.units[key] = &u
	}
	hash, err := web.HashPassword(password)
	must(t, err)
	for _, u := range []report.User{
		{Username: "admin", Name: "管理员", Role: report.RoleAdmin, UnitID: a.units["writing"].ID},
		{Username: "writer", Name: "孙写", Role: report.RoleWriter, UnitID: a.units["writing"].ID, Group: report.GroupMember},
		{Username: "leader", Name: "李市长", Title: "市长", Role: report.RoleLeader, UnitID: a.units["leadership"].ID, Group: report.GroupHead},
		{Username: "contact", Name: "王联络", Role: report.RoleContact, UnitID: a.units["donghu"].ID},
		{Username: "contact2", Name: "张联络", Role: report.RoleContact, UnitID: a.units["xishan"].ID},
		{Username: "victim", Name: "被重置者", Role: report.RoleContact, UnitID: a.units["fagai"].ID},
	} {
		u.PasswordHash = hash
		must(t, a.store.CreateUser(ctx, &u, none))
		a.users[u.Username] = &u
	}
	a.v1 = a.addVersion(1, "初稿")
	a.v2 = a.addVersion(2, "征求意见稿")
}

func (a *app) addVersion(n int, label string) *report.Version {
	doc, err := load.Bytes(sample.Report(n))
	must(a.t, err)
	v := &report.Version{WorkspaceID: a.ws.ID, Label: label, AuthorID: a.users["writer"].ID, Filename: "v.txt", Doc: doc, Original: sample.Report(n)}
	must(a.t, a.store.AddVersion(context.Background(), v, nil, report.AuditEntry{}))
	return v
}

func (a *app) versionCount() int {
	vs, err := a.store.Versions(context.Background(), a.ws.ID)
	must(a.t, err)
	return len(vs)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// client is a browser without JavaScript: it keeps cookies and does not follow redirects.
type client struct {
	t    testing.TB
	app  *app
	http *http.Client
	csrf string
	// header is added to every request, as a reverse proxy would add X-Forwarded-For
	header http.Header
}

func (a *app) anonymous() *client {
	jar, _ := cookiejar.New(nil)
	c := &client{t: a.t, app: a, http: &http.Client{
		Jar:           jar,
		Timeout:       60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	_, body := c.get("/login")
	c.csrf = csrfIn(body)
	return c
}

// login logs username in and picks up the session's CSRF token from a page.
func (a *app) login(username string) *client {
	a.t.Helper()
	c := a.anonymous()
	resp, body := c.post("/login", url.Values{"username": {username}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther {
		a.t.Fatalf("login %s: status %d: %s", username, resp.StatusCode, text(body))
	}
	_, body = c.get("/account/password")
	c.csrf = csrfIn(body)
	if c.csrf == "" {
		a.t.Fatalf("login %s: no CSRF token on the page", username)
	}
	return c
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfIn(body string) string {
	if m := csrfField.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

func (c *client) get(path string) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest("GET", c.app.url+path, nil)
	must(c.t, err)
	return c.do(req)
}

// post sends a form with the client's CSRF token unless the form has its own.
func (c *client) post(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf)
	}
	req, err := http.NewRequest("POST", c.app.url+path, strings.NewReader(form.Encode()))
	must(c.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// upload posts a file to the upload route as the browser's form would.
func (c *client) upload(label, filename string, data []byte) (*http.Response, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf)
	mw.WriteField("label", label)
	mw.WriteField("note", "测试上传")
	// the tests re-upload the sample reports; the warning about identical text has its own test
	mw.WriteField("identical", "ok")
	fw, err := mw.CreateFormFile("file", filename)
	must(c.t, err)
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest("POST", c.app.url+"/w/"+id(c.app.ws.ID)+"/versions", &buf)
	must(c.t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func (c *client) do(req *http.Request) (*http.Response, string) {
	c.t.Helper()
	for k, v := range c.header {
		req.Header[k] = v
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: reading body: %v", req.Method, req.URL.Path, err)
	}
	return resp, string(body)
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// text is a page's visible text, for failure messages.
func text(body string) string {
	s := regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(body, " ")
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 400 {
		s = s[:400] + "…"
	}
	return s
}
