package web_test

import (
	"strings"
	"testing"
)

// TestChineseErrorPages: every error, 404 and 405 included, is a Chinese page with a way back,
// and the browser's icon is served.
func TestChineseErrorPages(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	for _, c := range []*client{a.anonymous(), a.login("writer")} {
		resp, body := c.get("/no/such/page")
		if resp.StatusCode != 404 || !strings.Contains(body, "页面不存在") || !strings.Contains(body, `href="/"`) || strings.Contains(body, "page not found") {
			t.Errorf("404: %d: %s", resp.StatusCode, text(body))
		}
		resp, body = c.send("DELETE", "/login", nil)
		if resp.StatusCode != 405 || resp.Header.Get("Allow") == "" || !strings.Contains(body, "不能用 DELETE 方式访问") || !strings.Contains(body, `href="/"`) {
			t.Errorf("405: %d, Allow %q: %s", resp.StatusCode, resp.Header.Get("Allow"), text(body))
		}
		resp, body = c.get("/favicon.ico")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/x-icon" || !strings.HasPrefix(body, "\x00\x00\x01\x00") {
			t.Errorf("favicon: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	// the API answers in JSON, in Chinese
	resp, body := a.anonymous().get("/api/v1/no-such-thing")
	if resp.StatusCode != 404 || !strings.Contains(resp.Header.Get("Content-Type"), "json") || !strings.Contains(body, "不存在") {
		t.Errorf("API 404: %d %s", resp.StatusCode, body)
	}
	// the mux's own redirects still work
	resp, _ = a.anonymous().get("/w/../login")
	if resp.StatusCode/100 != 3 || resp.Header.Get("Location") != "/login" {
		t.Errorf("unclean path: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestSameNavigation: pages of no workspace show the workspace navigation too (item 5).
func TestSameNavigation(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	admin := a.login("admin")
	contact := a.login("contact")
	nav := `<a href="/w/` + id(a.ws.ID) + `/figures"`
	for _, tc := range []struct {
		c    *client
		path string
	}{
		{admin, "/account/password"}, {admin, "/admin/users"}, {admin, "/admin/units"}, {admin, "/admin/audit"},
		{admin, "/admin/workspaces"}, {contact, "/units/" + id(a.units["donghu"].ID)}, {contact, "/account/password"},
		{admin, "/no/such/page"},
	} {
		if _, body := tc.c.get(tc.path); !strings.Contains(body, nav) || !strings.Contains(body, `href="/w/`+id(a.ws.ID)+`"`) {
			t.Errorf("%s lacks the workspace navigation", tc.path)
		}
	}
}
