package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qicao/report"
)

func TestAdminManagesUsers(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		admin := a.login("admin")
		resp, body := admin.post("/admin/users", url.Values{
			"username": {"contact-fagai"}, "name": {"刘联络"}, "title": {"办公室科员"},
			"unit": {id(a.units["fagai"].ID)}, "role": {"contact"}, "group": {""},
		})
		generated := shownOnce(t, admin, resp, body)
		// the generated password works, and must be changed before anything else
		c := a.anonymous()
		if resp, _ := c.post("/login", url.Values{"username": {"contact-fagai"}, "password": {generated}}); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account/password" {
			t.Fatalf("login with the generated password: status %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp, _ := c.get("/units/" + id(a.units["fagai"].ID)); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account/password" {
			t.Fatalf("new contact's own unit before changing the password: %d, want a redirect to the password page", resp.StatusCode)
		}
		_, page := c.get("/account/password")
		c.csrf = csrfIn(page)
		if !strings.Contains(page, "请先修改") {
			t.Errorf("the password page does not say why: %s", text(page))
		}
		if resp, _ := c.post("/w/"+id(a.ws.ID)+"/excerpts", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a POST before changing the password: %d, want 403", resp.StatusCode)
		}
		if resp, body := c.post("/account/password", url.Values{"old": {generated}, "new": {"东湖的春天 2027"}, "again": {"东湖的春天 2027"}}); resp.StatusCode != http.StatusOK {
			t.Fatalf("changing the handed-out password: %d: %s", resp.StatusCode, text(body))
		}
		if resp, _ := c.get("/units/" + id(a.units["fagai"].ID)); resp.StatusCode != 200 {
			t.Fatalf("new contact's own unit: %d", resp.StatusCode)
		}
		u, err := a.store.UserByName(t.Context(), "contact-fagai")
		must(t, err)

		// disabling the account ends its sessions at once
		resp, body = admin.post("/admin/users/"+id(u.ID), url.Values{
			"name": {"刘联络"}, "title": {""}, "unit": {id(a.units["fagai"].ID)}, "role": {"contact"}, "group": {""}, "disabled": {"on"},
		})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("disable: status %d: %s", resp.StatusCode, text(body))
		}
		if resp, _ := c.get("/units/" + id(a.units["fagai"].ID)); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("disabled user still served: %d", resp.StatusCode)
		}

		// forged fields are refused and change nothing
		for name, form := range map[string]url.Values{
			"unknown role":        {"name": {"x"}, "unit": {id(a.units["fagai"].ID)}, "role": {"superuser"}, "group": {""}},
			"unknown unit":        {"name": {"x"}, "unit": {"99999"}, "role": {"writer"}, "group": {""}},
			"unit not a number":   {"name": {"x"}, "unit": {"1 OR 1=1"}, "role": {"writer"}, "group": {""}},
			"contact of a leader": {"name": {"x"}, "unit": {id(a.units["leadership"].ID)}, "role": {"contact"}, "group": {""}},
			"empty name":          {"name": {" "}, "unit": {id(a.units["fagai"].ID)}, "role": {"writer"}, "group": {""}},
		} {
			resp, body := admin.post("/admin/users/"+id(a.users["writer"].ID), form)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `role="alert"`) {
				t.Errorf("%s: status %d: %s", name, resp.StatusCode, text(body))
			}
		}
		w, err := a.store.User(t.Context(), a.users["writer"].ID)
		must(t, err)
		if w.Role != "writer" || w.Name != "孙写" {
			t.Fatalf("forged forms changed the user: %+v", w)
		}
		// an admin cannot lock themselves out
		resp, _ = admin.post("/admin/users/"+id(a.users["admin"].ID), url.Values{
			"name": {"管理员"}, "unit": {id(a.units["writing"].ID)}, "role": {"writer"}, "group": {""},
		})
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("admin demoting themselves: status %d", resp.StatusCode)
		}
		// a duplicate username is a clear conflict
		resp, body = admin.post("/admin/users", url.Values{"username": {"writer"}, "name": {"重名"}, "unit": {id(a.units["writing"].ID)}, "role": {"writer"}, "group": {""}})
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "已被使用") {
			t.Errorf("duplicate username: status %d: %s", resp.StatusCode, text(body))
		}
		// usernames outside plain ASCII, or of the wrong length or shape, are refused
		for _, bad := range []string{"x", "-lead", "张三", "a b", "ab;drop", strings.Repeat("a", 33)} {
			resp, body := admin.post("/admin/users", url.Values{"username": {bad}, "name": {"某人"}, "unit": {id(a.units["writing"].ID)}, "role": {"writer"}, "group": {""}})
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "用户名应为") {
				t.Errorf("username %q: status %d", bad, resp.StatusCode)
			}
		}
		for _, good := range []string{"li.ming", "w2", "contact_01-a"} {
			resp, body := admin.post("/admin/users", url.Values{"username": {good}, "name": {"某人"}, "unit": {id(a.units["writing"].ID)}, "role": {"writer"}, "group": {""}})
			if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusOK {
				t.Errorf("username %q: status %d: %s", good, resp.StatusCode, text(body))
			}
		}
		// units: bad kind refused, rename works
		if resp, _ := admin.post("/admin/units", url.Values{"name": {"某单位"}, "kind": {"evil"}}); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("unit of unknown kind: status %d", resp.StatusCode)
		}
		if resp, _ := admin.post("/admin/units/"+id(a.units["xishan"].ID), url.Values{"name": {"西山街道"}, "kind": {"township"}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("rename unit: status %d", resp.StatusCode)
		}
		// reset password: asked for confirmation; the old one stops working, the new one works
		// at once even though guessers had slowed the account down
		victim := "/admin/users/" + id(a.users["victim"].ID)
		guesser := a.anonymous()
		for i := 0; i < 7; i++ {
			guesser.post("/login", url.Values{"username": {"victim"}, "password": {"guess guess"}})
		}
		if resp, _ := guesser.post("/login", url.Values{"username": {"victim"}, "password": {password}}); resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("the account is not slowed down: %d", resp.StatusCode)
		}
		if resp, body := admin.get(victim + "/edit"); !strings.Contains(body, "登录失败 5 次") || !strings.Contains(body, "解除登录限制") {
			t.Errorf("the user's page does not show the failures: %d: %s", resp.StatusCode, text(body))
		}
		if resp, body := admin.post(victim+"/password", nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("reset without confirmation: status %d: %s", resp.StatusCode, text(body))
		}
		if resp, body := admin.get(victim + "/password"); resp.StatusCode != 200 || !strings.Contains(body, "确认重置密码") {
			t.Errorf("confirmation page: status %d: %s", resp.StatusCode, text(body))
		}
		resp, body = admin.post(victim+"/password", url.Values{"confirm": {"yes"}})
		reset := shownOnce(t, admin, resp, body)
		if resp, _ := a.anonymous().post("/login", url.Values{"username": {"victim"}, "password": {password}}); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("old password after reset: status %d", resp.StatusCode)
		}
		if resp, _ := guesser.post("/login", url.Values{"username": {"victim"}, "password": {reset}}); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account/password" {
			t.Errorf("new password after reset: status %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		// a new year's workspace
		if resp, _ := admin.post("/admin/workspaces", url.Values{"year": {"2028"}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("new workspace: status %d", resp.StatusCode)
		}
		// every change is in the audit log, with who and from where
		_, log := admin.get("/admin/audit")
		for _, action := range []string{"user.create", "user.update", "user.password", "unit.update", "workspace.create", "login", "login.failed"} {
			if !strings.Contains(log, `<td title="`+action+`">`) {
				t.Errorf("audit log lacks %s", action)
			}
		}
		if !strings.Contains(log, "127.0.0.1") {
			t.Error("audit log lacks the remote address")
		}
	})
}

// shownOnce follows a POST's redirect to the user's page, returns the one-time password shown
// there, and checks that a reload no longer shows it.
func shownOnce(t *testing.T, admin *client, resp *http.Response, body string) string {
	t.Helper()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/users/") {
		t.Fatalf("status %d to %q, want a redirect to the user's page: %s", resp.StatusCode, loc, text(body))
	}
	_, page := admin.get(loc)
	m := regexp.MustCompile(`<code>([^<]+)</code>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no password on %s: %s", loc, text(page))
	}
	if _, again := admin.get(loc); strings.Contains(again, m[1]) {
		t.Fatal("the password is shown again on reload")
	}
	return m[1]
}

// TestUnlock: an administrator lifts the delays on an account guessed at.
func TestUnlock(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	admin := a.login("admin")
	for i := 0; i < 7; i++ {
		a.anonymous().post("/login", url.Values{"username": {"writer"}, "password": {"guess guess"}})
	}
	if resp, _ := a.anonymous().post("/login", url.Values{"username": {"writer"}, "password": {password}}); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("not slowed down: %d", resp.StatusCode)
	}
	resp, _ := admin.post("/admin/users/"+id(a.users["writer"].ID)+"/unlock", nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("unlock: %d", resp.StatusCode)
	}
	if _, page := admin.get(resp.Header.Get("Location")); !strings.Contains(page, "已解除登录限制") {
		t.Errorf("no notice after the unlock: %s", text(page))
	}
	if resp, _ := a.anonymous().post("/login", url.Values{"username": {"writer"}, "password": {password}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after the unlock: %d", resp.StatusCode)
	}
	if n := a.auditActions()["user.unlock"]; n != 1 {
		t.Errorf("%d user.unlock audit rows", n)
	}
}

func TestChangePassword(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	c := a.login("leader")
	other := a.login("leader") // the same person in another browser
	for name, tc := range map[string]struct {
		old, new, again string
		message         string
	}{
		"wrong old":  {"nope nope", "new password 2", "new password 2", "原密码不正确"},
		"mismatch":   {password, "new password 2", "new password 3", "不一致"},
		"too short":  {password, "short", "short", "至少"},
		"same again": {password, password, password, "相同"},
		"common":     {password, "Password2026!", "Password2026!", "太常见"},
		"username":   {password, "leader-of-2027", "leader-of-2027", "用户名"},
	} {
		resp, body := c.post("/account/password", url.Values{"old": {tc.old}, "new": {tc.new}, "again": {tc.again}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, tc.message) {
			t.Errorf("%s: status %d: %s", name, resp.StatusCode, text(body))
		}
	}
	resp, body := c.post("/account/password", url.Values{"old": {password}, "new": {"新的密码 2027 年"}, "again": {"新的密码 2027 年"}})
	if resp.StatusCode != 200 || !strings.Contains(body, "密码已修改") {
		t.Fatalf("change: status %d: %s", resp.StatusCode, text(body))
	}
	if resp, _ := a.anonymous().post("/login", url.Values{"username": {"leader"}, "password": {"新的密码 2027 年"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login with the new password: %d", resp.StatusCode)
	}
	// The browser that changed the password stays in; every other one is logged out.
	if resp, _ := c.get("/account/password"); resp.StatusCode != http.StatusOK {
		t.Errorf("the changing browser after the change: status %d", resp.StatusCode)
	}
	if resp, _ := other.get("/account/password"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another browser after the change: status %d, want a redirect to the login", resp.StatusCode)
	}
}

// TestNewUserForm: the form's defaults are valid together, and role, unit and group constrain
// each other (issue 14, items 1 and 3).
func TestNewUserForm(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	admin := a.login("admin")
	_, page := admin.get("/admin/users/new")
	selected := func(name string) string {
		sel := regexp.MustCompile(`(?s)<select name="` + name + `".*?</select>`).FindString(page)
		m := regexp.MustCompile(`<option value="([^"]*)"[^>]*selected`).FindStringSubmatch(sel)
		if m == nil {
			t.Fatalf("no default for %s", name)
		}
		return m[1]
	}
	form := url.Values{"username": {"new-contact"}, "name": {"新联络员"}, "title": {""},
		"role": {selected("role")}, "unit": {selected("unit")}, "group": {""}}
	if resp, body := admin.post("/admin/users", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the form's defaults are refused: %d: %s", resp.StatusCode, text(body))
	}
	if !strings.Contains(page, `data-kind="township"`) || !strings.Contains(page, `data-units="township department"`) {
		t.Error("the form carries no role-unit rule for its script")
	}
	for name, f := range map[string]struct {
		role, unit, group, message string
	}{
		"contact of the leadership": {"contact", "leadership", "", "联络员应属于乡镇或部门"},
		"writer of a township":      {"writer", "donghu", "", "写作班子应属于写作组"},
		"leader of a township":      {"leader", "xishan", "", "领导应属于"},
	} {
		resp, body := admin.post("/admin/users", url.Values{"username": {"someone"}, "name": {"某人"},
			"role": {f.role}, "unit": {id(a.units[f.unit].ID)}, "group": {f.group}})
		if resp.StatusCode/100 != 4 || !strings.Contains(body, f.message) {
			t.Errorf("%s: %d: %s", name, resp.StatusCode, text(body))
		}
	}
	// the leadership group is set per workspace on its own page (TestGroupPage), not here
	if strings.Contains(page, `name="group"`) {
		t.Error("the user form still sets a global leadership group")
	}
}

// TestAuditPage: names and Chinese labels, filters, and the export (issue 14, item 6).
func TestAuditPage(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	admin := a.login("admin")
	a.login("writer")
	writer := a.users["writer"]
	if resp, body := admin.post("/admin/users/"+id(writer.ID), url.Values{"name": {writer.Name}, "title": {"科长"},
		"role": {"writer"}, "unit": {id(writer.UnitID)}, "group": {"member"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d: %s", resp.StatusCode, text(body))
	}
	a.anonymous().post("/login", url.Values{"username": {"writer"}, "password": {"wrong password"}})
	_, page := admin.get("/admin/audit")
	for _, want := range []string{"孙写（writer）", "用户 孙写（writer）", "修改用户", "登录失败", "（系统或匿名）"} {
		if !strings.Contains(page, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	if strings.Contains(page, ">user:") {
		t.Error("audit page shows a raw target")
	}
	_, mine := admin.get("/admin/audit?who=" + id(writer.ID) + "&action=login")
	if n := strings.Count(mine, `title="login"`); n != 1 || strings.Contains(mine, `title="user.update"`) {
		t.Errorf("filtered by the writer's logins: %d rows: %s", n, text(mine))
	}
	today := time.Now().In(report.China).Format("2006-01-02") // the office's day, as the filter reads it
	_, none := admin.get("/admin/audit?from=2000-01-01&to=2000-01-02")
	_, all := admin.get("/admin/audit?from=" + today + "&to=" + today)
	if !strings.Contains(none, "没有符合条件的记录") || !strings.Contains(all, `title="login"`) {
		t.Error("date filter")
	}
	if resp, body := admin.get("/admin/audit?from=yesterday"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "日期应为") {
		t.Errorf("bad date: %d", resp.StatusCode)
	}
	resp, body := admin.get("/admin/audit.xlsx?action=login")
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "PK") {
		t.Fatalf("export: %d", resp.StatusCode)
	}
	x, err := excelize.OpenReader(strings.NewReader(body))
	must(t, err)
	rows, err := x.GetRows("审计日志")
	must(t, err)
	if len(rows) != 3 || rows[0][1] != "用户" || rows[1][2] != "登录" {
		t.Errorf("exported rows: %v", rows)
	}
}

// TestNewWorkspaceYear: the default year is one without a workspace, so it can be created as is.
func TestNewWorkspaceYear(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	admin := a.login("admin")
	for i := 0; i < 2; i++ {
		_, page := admin.get("/admin/workspaces")
		m := regexp.MustCompile(`name="year"[^>]*value="(\d+)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no default year")
		}
		if resp, body := admin.post("/admin/workspaces", url.Values{"year": {m[1]}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("creating the default year %s: %d: %s", m[1], resp.StatusCode, text(body))
		}
	}
}
