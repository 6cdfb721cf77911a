package web_test

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPagesFit opens the main pages at 1366×768 and at a phone's 390 px: every page has
// the navigation, no page is wider than the screen (wide tables scroll inside their box), and
// the new-user form's units follow its role. Screenshots go to $QICAO_SCREENSHOTS.
func TestBrowserPagesFit(t *testing.T) {
	b := newBrowser(t)
	a := startApp(t, backends[0].dsn(t))
	wid := id(a.ws.ID)
	pages := []struct{ name, path string }{
		{"home", "/w/" + wid},
		{"version", "/w/" + wid + "/versions/" + id(a.v2.ID)},
		{"compare", "/w/" + wid + "/compare"},
		{"password", "/account/password"},
		{"users", "/admin/users"},
		{"new-user", "/admin/users/new"},
		{"user-reset", "/admin/users/" + id(a.users["victim"].ID) + "/password"},
		{"audit", "/admin/audit"},
		{"workspaces", "/admin/workspaces"},
		{"not-found", "/no/such/page"},
	}
	b.login(a.url, "admin")
	for _, size := range []struct{ w, h int64 }{{1366, 768}, {390, 844}} {
		b.do("viewport", chromedp.EmulateViewport(size.w, size.h))
		for _, p := range pages {
			b.do(p.name, chromedp.Navigate(a.url+p.path), chromedp.WaitVisible(chromedp.CSS(`main`)))
			if n := b.count(`nav.nav a[href="/w/` + wid + `"]`); n != 1 {
				t.Errorf("%s at %d px: no workspace navigation", p.name, size.w)
			}
			over, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if over > 0 {
				t.Errorf("%s at %d px is %d px wider than the screen", p.name, size.w, over)
			}
			b.shot(fmt.Sprintf("harden-%s-%d", p.name, size.w))
		}
	}
	// the new-user form: a writer's unit is the writing team's
	b.do("new user", chromedp.Navigate(a.url+"/admin/users/new"), chromedp.WaitVisible(chromedp.CSS(`#user-role`)),
		chromedp.SetValue(chromedp.CSS(`#user-role`), "writer"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("user-role").dispatchEvent(new Event("change"))`))
	kind, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(function(){var u=document.getElementById("user-unit");return u.options[u.selectedIndex].getAttribute("data-kind")})()`))
	if err != nil || kind != "writing" {
		t.Errorf("after choosing 写作班子 the unit is of kind %q (%v), want writing", kind, err)
	}
}
