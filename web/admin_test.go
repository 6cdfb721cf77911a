package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestAdminManagesUsers(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		admin := a.login("admin")
		resp, body := admin.post("/admin/users", url.Values{
			"username": {"contact-fagai"}, "name": {"刘联络"}, "title": {"办公室科员"},
			"unit": {id(a.units["fagai"].ID)}, "role": {"contact"}, "group": {""},
		})
		m := regexp.MustCompile(`<code>([^<]+)</code>`).FindStringSubmatch(body)
		if resp.StatusCode != 200 || m == nil {
			t.Fatalf("create user: status %d: %s", resp.StatusCode, text(body))
		}
		// the generated password works
		c := a.anonymous()
		if resp, _ := c.post("/login", url.Values{"username": {"contact-fagai"}, "password": {m[1]}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("login with the generated password: status %d", resp.StatusCode)
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
			"unknown group":       {"name": {"x"}, "unit": {id(a.units["fagai"].ID)}, "role": {"writer"}, "group": {"king"}},
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
		// reset password: the old one stops working, the new one works
		resp, body = admin.post("/admin/users/"+id(a.users["victim"].ID)+"/password", nil)
		m = regexp.MustCompile(`<code>([^<]+)</code>`).FindStringSubmatch(body)
		if resp.StatusCode != 200 || m == nil {
			t.Fatalf("reset password: status %d", resp.StatusCode)
		}
		if resp, _ := a.anonymous().post("/login", url.Values{"username": {"victim"}, "password": {password}}); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("old password after reset: status %d", resp.StatusCode)
		}
		if resp, _ := a.anonymous().post("/login", url.Values{"username": {"victim"}, "password": {m[1]}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("new password after reset: status %d", resp.StatusCode)
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
	} {
		resp, body := c.post("/account/password", url.Values{"old": {tc.old}, "new": {tc.new}, "again": {tc.again}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, tc.message) {
			t.Errorf("%s: status %d: %s", name, resp.StatusCode, text(body))
		}
	}
	resp, body := c.post("/account/password", url.Values{"old": {password}, "new": {"新的密码 2027"}, "again": {"新的密码 2027"}})
	if resp.StatusCode != 200 || !strings.Contains(body, "密码已修改") {
		t.Fatalf("change: status %d: %s", resp.StatusCode, text(body))
	}
	if resp, _ := a.anonymous().post("/login", url.Values{"username": {"leader"}, "password": {"新的密码 2027"}}); resp.StatusCode != http.StatusSeeOther {
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
