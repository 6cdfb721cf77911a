package web_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"qicao/docx"
	"qicao/sample"
)

func TestLogin(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		c := a.anonymous()
		resp, body := c.post("/login", url.Values{"username": {"writer"}, "password": {"wrong password"}})
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "用户名或密码错误") {
			t.Fatalf("wrong password: status %d: %s", resp.StatusCode, text(body))
		}
		resp, _ = c.post("/login", url.Values{"username": {"writer"}, "password": {password}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("right password: status %d", resp.StatusCode)
		}
		var session *http.Cookie
		for _, ck := range resp.Cookies() {
			if ck.Name == "qicao_session" {
				session = ck
			}
		}
		if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" || len(session.Value) < 40 {
			t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/, a long token", session)
		}
		c.csrf = csrfIn(mustGet(t, c, "/account/password"))

		// the session lives in the database: a second instance on it, and a restarted one,
		// know the browser
		second := *a
		second.serve()
		c2 := *c
		c2.app = &second
		if resp, body := c2.get("/w/" + id(a.ws.ID)); resp.StatusCode != 200 || !strings.Contains(body, "孙写") {
			t.Fatalf("second instance: status %d: %s", resp.StatusCode, text(body))
		}

		// logging out ends the session everywhere, even if the cookie is replayed
		resp, _ = c.post("/logout", nil)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("logout: status %d", resp.StatusCode)
		}
		replay := a.anonymous()
		replay.http.Jar.SetCookies(mustURL(t, a.url), []*http.Cookie{{Name: "qicao_session", Value: session.Value}})
		if resp, _ := replay.get("/w/" + id(a.ws.ID)); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
			t.Fatalf("replayed cookie after logout: status %d", resp.StatusCode)
		}
	})
}

func TestLoginThrottling(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	c := a.anonymous()
	for i := 0; i < 5; i++ {
		if resp, _ := c.post("/login", url.Values{"username": {"leader"}, "password": {"guess"}}); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: status %d", i+1, resp.StatusCode)
		}
	}
	resp, body := c.post("/login", url.Values{"username": {"leader"}, "password": {password}})
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "锁定") {
		t.Fatalf("after 5 failures the right password: status %d: %s", resp.StatusCode, text(body))
	}
	// another user from the same address is not locked out by it
	if resp, _ := c.post("/login", url.Values{"username": {"writer"}, "password": {password}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("another user: status %d", resp.StatusCode)
	}
}

func TestCSRF(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	c := a.login("admin")
	form := func() url.Values { return url.Values{"name": {"新单位"}, "kind": {"township"}} }
	for _, tc := range []struct {
		name   string
		token  string
		header map[string]string
	}{
		{"missing token", "", nil},
		{"wrong token", strings.Repeat("x", 43), nil},
		{"other origin", c.csrf, map[string]string{"Origin": "http://evil.example"}},
		{"cross-site fetch", c.csrf, map[string]string{"Sec-Fetch-Site": "cross-site"}},
	} {
		f := form()
		f.Set("csrf", tc.token)
		req, _ := http.NewRequest("POST", a.url+"/admin/units", strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range tc.header {
			req.Header.Set(k, v)
		}
		resp, body := c.do(req)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403: %s", tc.name, resp.StatusCode, text(body))
		}
	}
	units, _ := a.store.Units(t.Context())
	for _, u := range units {
		if u.Name == "新单位" {
			t.Fatal("a forged request created a unit")
		}
	}
	// the same form with the token works, from our own origin
	f := form()
	req, _ := http.NewRequest("POST", a.url+"/admin/units", strings.NewReader(url.Values{"csrf": {c.csrf}, "name": f["name"], "kind": f["kind"]}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", a.url)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if resp, body := c.do(req); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("valid request: status %d: %s", resp.StatusCode, text(body))
	}
	// the login form needs its cookie's token too
	anon := a.anonymous()
	anon.csrf = "forged"
	if resp, _ := anon.post("/login", url.Values{"username": {"admin"}, "password": {password}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("login with a forged token: status %d, want 403", resp.StatusCode)
	}
}

func TestUpload(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		c := a.login("writer")
		resp, body := c.upload("送审稿", "报告v3.txt", sample.Report(3))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload: status %d: %s", resp.StatusCode, text(body))
		}
		loc := resp.Header.Get("Location")
		resp, page := c.get(loc)
		if resp.StatusCode != 200 || !strings.Contains(page, "送审稿") || !strings.Contains(page, `class="toc"`) {
			t.Fatalf("new version page %s: status %d: %s", loc, resp.StatusCode, text(page))
		}
		if got, want := a.versionCount(), 3; got != want {
			t.Fatalf("%d versions, want %d", got, want)
		}
		// every paragraph of the previous version links to its successor
		links, err := a.store.Successors(t.Context(), a.v2.ID)
		must(t, err)
		if len(links) != len(a.v2.Doc.Blocks) {
			t.Fatalf("%d successor links for %d paragraphs", len(links), len(a.v2.Doc.Blocks))
		}
		kept := 0
		for _, l := range links {
			if l.ToBlock != "" {
				kept++
			}
		}
		if kept < len(links)*9/10 {
			t.Errorf("only %d of %d paragraphs have a successor", kept, len(links))
		}
		// a .docx written by Word's rules and the Markdown draft read back as the same report
		var docxFile bytes.Buffer
		v3, err := a.store.Version(t.Context(), a.v2.ID)
		must(t, err)
		must(t, docx.Write(&docxFile, v3.Doc))
		md, err := sample.Files.ReadFile("shili-2027-v1.md")
		must(t, err)
		for _, f := range []struct {
			name string
			data []byte
		}{{"征求意见稿.docx", docxFile.Bytes()}, {"初稿.md", md}} {
			resp, body := c.upload("修改稿", f.name, f.data)
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("upload %s: status %d: %s", f.name, resp.StatusCode, text(body))
			}
		}
		vs, _ := a.store.Versions(t.Context(), a.ws.ID)
		fromDocx, err := a.store.Version(t.Context(), vs[3].ID)
		must(t, err)
		if got, want := fromDocx.Doc.PlainText(), v3.Doc.PlainText(); got != want {
			t.Errorf("the .docx upload reads %d bytes of text, the version it was written from %d", len(got), len(want))
		}

		// the XMLHttpRequest upload gets a plain-text message
		req := uploadRequest(t, c, "初稿", "a.txt", bytes.NewReader([]byte{0xff, 0xfe, 0, 0, 1, 2}), -1)
		req.Header.Set("X-Requested-With", "XMLHttpRequest")
		resp, msg := c.do(req)
		if resp.StatusCode != 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") || strings.Contains(msg, "<") {
			t.Errorf("script upload of a bad file: status %d, %q", resp.StatusCode, msg)
		}
	})
}

// TestHostileUploads: every bad file gets a Chinese message and the right status, and nothing
// is stored.
func TestHostileUploads(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	c := a.login("writer")
	for _, tc := range []struct {
		name, file, label string
		data              []byte
		status            int
		message           string
	}{
		{"not a docx", "报告.docx", "初稿", []byte("PK\x03\x04 this is not really a zip file at all"), 400, "无法"},
		{"zip bomb", "炸弹.docx", "初稿", zipBomb(t), 413, "过大"},
		{"old doc", "报告.doc", "初稿", append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 600)...), 400, ".docx"},
		{"pdf", "报告.pdf", "初稿", []byte("%PDF-1.7\n%âãÏÓ\n"), 400, "PDF"},
		{"empty", "空.txt", "初稿", nil, 400, "空"},
		{"binary", "x.txt", "初稿", bytes.Repeat([]byte{0, 1, 2, 3, 0xff}, 1000), 400, ""},
		{"no label", "报告.txt", "", sample.Report(1), 400, "版本名称"},
		{"label too long", "报告.txt", strings.Repeat("长", 41), sample.Report(1), 400, "40"},
	} {
		resp, body := c.upload(tc.label, tc.file, tc.data)
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.name, resp.StatusCode, tc.status, text(body))
		}
		if !hasChinese(text(body)) || !strings.Contains(body, tc.message) || !strings.Contains(body, `role="alert"`) {
			t.Errorf("%s: no clear Chinese message containing %q: %s", tc.name, tc.message, text(body))
		}
	}
	if got := a.versionCount(); got != 2 {
		t.Fatalf("%d versions after hostile uploads, want 2", got)
	}

	// 100 MB, announced and streamed without a length: 413 before the body is read, nothing stored
	for _, length := range []int64{100 << 20, -1} {
		req := uploadRequest(t, c, "初稿", "大.txt", io.LimitReader(zeroReader{}, 100<<20), length)
		resp, err := c.http.Do(req)
		if err != nil {
			t.Fatalf("100 MB upload (length %d): %v", length, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "50 MB") {
			t.Errorf("100 MB upload (length %d): status %d: %s", length, resp.StatusCode, text(string(body)))
		}
	}
	if got := a.versionCount(); got != 2 {
		t.Fatalf("%d versions after a 100 MB upload, want 2", got)
	}
	// and the server keeps serving
	if resp, _ := c.get("/healthz"); resp.StatusCode != 200 {
		t.Fatalf("health after hostile uploads: %d", resp.StatusCode)
	}
	// a form is limited to 1 MiB
	resp, body := c.post("/account/password", url.Values{"old": {strings.Repeat("9", 2<<20)}})
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "1 MB") {
		t.Errorf("2 MiB form: status %d: %s", resp.StatusCode, text(body))
	}
}

// uploadRequest builds a multipart upload streaming data; length -1 sends it chunked.
func uploadRequest(t *testing.T, c *client, label, name string, data io.Reader, length int64) *http.Request {
	return uploadRequestWithNote(t, c, label, "", name, data, length)
}

func uploadRequestWithNote(t *testing.T, c *client, label, note, name string, data io.Reader, length int64) *http.Request {
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	mw.WriteField("csrf", c.csrf)
	mw.WriteField("label", label)
	mw.WriteField("note", note)
	mw.CreateFormFile("file", name)
	tail := "\r\n--" + mw.Boundary() + "--\r\n"
	body := io.MultiReader(bytes.NewReader(head.Bytes()), data, strings.NewReader(tail))
	req, err := http.NewRequest("POST", c.app.url+"/w/"+id(c.app.ws.ID)+"/versions", body)
	must(t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if length >= 0 {
		req.ContentLength = int64(head.Len()) + length + int64(len(tail))
	}
	return req
}

type zeroReader struct{}

func (zeroReader) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

// zipBomb is a small .docx whose document part inflates to 100 MiB, three times what a report may hold.
func zipBomb(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	// A real package, so that the bomb is found where the relationship says the text is.
	for _, part := range [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
	} {
		w, _ := zw.Create(part[0])
		w.Write([]byte(part[1]))
	}
	w, err := zw.Create("word/document.xml")
	must(t, err)
	w.Write([]byte(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`))
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for i := 0; i < 100; i++ {
		w.Write(chunk)
	}
	must(t, zw.Close())
	return buf.Bytes()
}

func hasChinese(s string) bool {
	return regexp.MustCompile(`\p{Han}{4,}`).MatchString(s)
}

// TestEscaping puts SQL and HTML in every text field and finds them shown as text on every page.
func TestEscaping(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	evil := `<script>alert(1)</script>'; DROP TABLE users; --"><img src=x onerror=alert(2)>`
	admin := a.login("admin")
	if resp, body := admin.post("/admin/units", url.Values{"name": {"单位" + evil[:40]}, "kind": {"department"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("unit: %d %s", resp.StatusCode, text(body))
	}
	units, _ := a.store.Units(t.Context())
	unitID := units[len(units)-1].ID
	resp, body := admin.post("/admin/users", url.Values{"username": {"evil"}, "name": {evil[:30]}, "title": {evil[:50]}, "unit": {id(unitID)}, "role": {"writer"}, "group": {""}})
	if resp.StatusCode != 200 || !strings.Contains(body, "初始密码") {
		t.Fatalf("user: %d %s", resp.StatusCode, text(body))
	}
	w := a.login("writer")
	label := evil[:40]
	note := evil
	doc := append([]byte("政府工作报告\n一、"+evil+"\n"), sample.Report(1)...)
	req := uploadRequestWithNote(t, w, label, note, evil[:60]+".txt", bytes.NewReader(doc), int64(len(doc)))
	if resp, body := w.do(req); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", resp.StatusCode, text(body))
	}
	vs, _ := a.store.Versions(t.Context(), a.ws.ID)
	last := vs[len(vs)-1]
	if last.Note != note || last.Label != label {
		t.Errorf("label and note not stored as typed: %q %q", last.Label, last.Note)
	}
	// SQL in the login form is a wrong password, nothing more
	if resp, body := a.anonymous().post("/login", url.Values{"username": {"admin' OR '1'='1"}, "password": {"' OR '1'='1"}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("SQL in the login form: status %d: %s", resp.StatusCode, text(body))
	}
	if _, err := a.store.User(t.Context(), a.users["admin"].ID); err != nil {
		t.Fatalf("users table after SQL in fields: %v", err)
	}
	for _, page := range []struct {
		c    *client
		path string
	}{
		{admin, "/admin/units"}, {admin, "/admin/users"}, {admin, "/admin/audit"}, {admin, "/w/" + id(a.ws.ID)},
		{w, "/w/" + id(a.ws.ID) + "/versions/" + id(last.ID)},
		{w, fmt.Sprintf("/w/%d/compare?from=%d&to=%d", a.ws.ID, a.v2.ID, last.ID)},
	} {
		resp, body := page.c.get(page.path)
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", page.path, resp.StatusCode)
			continue
		}
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("%s shows markup from a text field unescaped", page.path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)") {
			t.Errorf("%s does not show the text at all", page.path)
		}
	}
}

// TestNoInlineCode: the CSP forbids inline script and style, so no page may use them.
func TestNoInlineCode(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	inline := regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]|<script>|\sstyle=|\son[a-z]+=`)
	pages := map[string][]string{
		"":       {"/login"},
		"writer": {"/w/" + id(a.ws.ID), "/w/" + id(a.ws.ID) + "/versions/" + id(a.v2.ID), "/w/" + id(a.ws.ID) + "/compare", "/w/" + id(a.ws.ID) + "/upload", "/account/password"},
		"admin":  {"/admin/users", "/admin/users/new", "/admin/units", "/admin/audit", "/admin/workspaces", "/admin/users/" + id(a.users["writer"].ID) + "/edit"},
	}
	for who, paths := range pages {
		c := a.anonymous()
		if who != "" {
			c = a.login(who)
		}
		for _, p := range paths {
			resp, body := c.get(p)
			if resp.StatusCode != 200 {
				t.Errorf("%s: status %d", p, resp.StatusCode)
			}
			if m := inline.FindString(body); m != "" {
				t.Errorf("%s has inline code: %q", p, m)
			}
			csp := resp.Header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("%s: CSP %q", p, csp)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Referrer-Policy") == "" {
				t.Errorf("%s: missing security headers", p)
			}
		}
	}
	// assets are cached for good under their hash
	_, login := a.anonymous().get("/login")
	for _, m := range regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(login, -1) {
		resp, _ := a.anonymous().get(m[1])
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: status %d, Cache-Control %q", m[1], resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	}
}

func mustGet(t *testing.T, c *client, path string) string {
	resp, body := c.get(path)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: status %d", path, resp.StatusCode)
	}
	return body
}

func mustURL(t *testing.T, raw string) *url.URL {
	u, err := url.Parse(raw)
	must(t, err)
	return u
}
