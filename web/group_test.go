package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"qicao/report"
)

// TestGroupPage: a writer sets the workspace's 起草领导小组 on its page, the home page shows it,
// and a form breaking a rule comes back in Chinese with nothing stored (issue 14, item 3).
func TestGroupPage(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		deputy := &report.User{Username: "deputy", Name: "王副市长", Role: report.RoleLeader, UnitID: a.units["leadership"].ID, PasswordHash: "x"}
		must(t, a.store.CreateUser(context.Background(), deputy, report.AuditEntry{}))
		a.users["deputy"] = deputy
		writer := a.login("writer")
		path := "/w/" + id(a.ws.ID) + "/group"
		resp, page := writer.get(path)
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, "李市长") || strings.Contains(page, "王联络") {
			t.Fatalf("group page: %d: %s", resp.StatusCode, text(page))
		}
		form := func(roles map[string]string) url.Values {
			v := url.Values{}
			for _, name := range []string{"admin", "writer", "leader", "deputy"} {
				v.Add("user", id(a.users[name].ID))
				v.Add("role", roles[name])
			}
			return v
		}
		if resp, body := writer.post(path, form(map[string]string{"leader": "head", "writer": "member"})); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("setting the group: %d: %s", resp.StatusCode, text(body))
		}
		want := []report.GroupSeat{{UserID: a.users["leader"].ID, Role: report.GroupHead}, {UserID: a.users["writer"].ID, Role: report.GroupMember}}
		check := func(what string) {
			t.Helper()
			got, err := a.store.WorkspaceGroup(context.Background(), a.ws.ID)
			must(t, err)
			if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
				t.Errorf("%s: group %+v, want %+v", what, got, want)
			}
		}
		check("after saving")
		_, home := writer.get("/w/" + id(a.ws.ID))
		if !strings.Contains(home, `<span class="tag">组长</span> 李市长`) || !strings.Contains(home, `<span class="tag">成员</span> 孙写`) || !strings.Contains(home, `href="`+path+`"`) {
			i := strings.Index(home, `id="group"`)
			t.Errorf("home page shows no group or no link: %s", home[max(i, 0):min(len(home), max(i, 0)+600)])
		}

		for name, f := range map[string]struct {
			form    url.Values
			message string
		}{
			"a writer as 组长":    {form(map[string]string{"writer": "head"}), "应由市政府领导担任"},
			"two 组长":            {form(map[string]string{"leader": "head", "deputy": "head"}), "只能有一位组长"},
			"unknown place":     {form(map[string]string{"leader": "king"}), "职务无效"},
			"a contact":         {url.Values{"user": {id(a.users["contact"].ID)}, "role": {"member"}}, "联络员"},
			"unknown person":    {url.Values{"user": {"99999"}, "role": {"member"}}, "不存在"},
			"not a number":      {url.Values{"user": {"1 OR 1=1"}, "role": {"member"}}, "人员无效"},
			"fields not paired": {url.Values{"user": {id(a.users["leader"].ID)}}, "表单不完整"},
		} {
			resp, body := writer.post(path, f.form)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, f.message) {
				t.Errorf("%s: %d: %s", name, resp.StatusCode, text(body))
			}
		}
		check("after refused forms")

		// a leader may read the group on the home page but not set it
		if resp, _ := a.login("leader").post(path, form(nil)); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a leader setting the group: %d", resp.StatusCode)
		}
		// emptying the group is a choice like any other
		if resp, body := writer.post(path, form(nil)); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("emptying the group: %d: %s", resp.StatusCode, text(body))
		}
		if got, _ := a.store.WorkspaceGroup(context.Background(), a.ws.ID); len(got) != 0 {
			t.Errorf("after emptying: %+v", got)
		}
	})
}
