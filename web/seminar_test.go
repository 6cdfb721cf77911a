package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"qicao/report"
)

// TestSeminarCorrections, on both databases: the seminar page asks for the seminar's day (today
// in China by default) and keeps it with the opinions; the writer who entered an opinion
// corrects or deletes it while nobody has decided on it, each change audited; a unit heard only
// through a deleted opinion is again one that has not answered.
func TestSeminarCorrections(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		ctx := context.Background()
		rf := seedRound(t, a)
		seminarURL := fmt.Sprintf("/w/%d/rounds/%d/seminar", a.ws.ID, rf.round)
		ww := a.login("writer")

		today := time.Now().In(report.China).Format("2006-01-02")
		resp, page := ww.get(seminarURL)
		if resp.StatusCode != 200 || !strings.Contains(page, `name="held_on" value="`+today+`"`) {
			t.Fatalf("the seminar page's day: %d %s", resp.StatusCode, text(page))
		}
		tomorrow := time.Now().In(report.China).AddDate(0, 0, 1).Format("2006-01-02")
		if resp, page := ww.post(seminarURL, url.Values{"held_on": {tomorrow}, "unit_names": {"东湖镇"}, "text": {"明天的座谈会"}}); resp.StatusCode != 400 || !strings.Contains(page, "座谈会日期不能晚于今天") {
			t.Errorf("a seminar held tomorrow: %d %s", resp.StatusCode, text(page))
		}
		// units by the short names the office uses; a name meaning several is refused, naming them
		if resp, page := ww.post(seminarURL, url.Values{"unit_names": {"镇"}, "text": {"座谈会意见"}}); resp.StatusCode != 400 || !strings.Contains(alertOf(page), "“镇”可指 2 个单位（") || !strings.Contains(alertOf(page), "东湖镇") || !strings.Contains(alertOf(page), "西山镇") {
			t.Errorf("an ambiguous unit name: %d %s", resp.StatusCode, alertOf(page))
		}
		resp, page = ww.post(seminarURL, url.Values{"held_on": {"2026-11-20"}, "unit_names": {"东湖、发改局"}, "text": {"座谈会上提出：加快项目建设"}})
		if resp.StatusCode != 303 || !strings.Contains(resp.Header.Get("Location"), "held_on=2026-11-20") {
			t.Fatalf("seminar: %d %s %s", resp.StatusCode, resp.Header.Get("Location"), text(page))
		}
		var sems []report.Comment
		cs, err := a.store.Comments(ctx, report.CommentFilter{RoundID: rf.round})
		must(t, err)
		for _, c := range cs {
			if c.Seminar {
				sems = append(sems, c)
			}
		}
		if len(sems) != 2 || sems[0].HeldOn.Format("2006-01-02") != "2026-11-20" {
			t.Fatalf("seminar opinions stored: %+v", sems)
		}
		// the next opinion of the same seminar is offered the same day; the opinions entered are
		// listed to be corrected
		_, page = ww.get(resp.Header.Get("Location"))
		if !strings.Contains(page, `name="held_on" value="2026-11-20"`) || !strings.Contains(page, "本人录入的座谈会意见（2 条）") ||
			!strings.Contains(page, fmt.Sprintf(`action="%s/%d"`, seminarURL, sems[0].ID)) || !strings.Contains(plain(page), "（座谈会，2026-11-20）") {
			t.Errorf("the seminar page after an opinion: %s", text(page))
		}

		// a correction: CSRF like every form, the text required, audited with the round and unit
		if resp, _ := ww.post(fmt.Sprintf("%s/%d", seminarURL, sems[0].ID), url.Values{"csrf": {"forged"}, "delete": {"1"}}); resp.StatusCode != 403 {
			t.Errorf("a deletion without the form's token: %d", resp.StatusCode)
		}
		if resp, page := ww.post(fmt.Sprintf("%s/%d", seminarURL, sems[0].ID), url.Values{"text": {" "}}); resp.StatusCode != 400 || !strings.Contains(page, "意见内容") {
			t.Errorf("a correction to nothing: %d %s", resp.StatusCode, text(page))
		}
		if resp, page := ww.post(fmt.Sprintf("%s/%d", seminarURL, rf.comment), url.Values{"delete": {"1"}}); resp.StatusCode != 404 {
			t.Errorf("deleting a unit's own comment: %d %s", resp.StatusCode, text(page))
		}
		if resp, page := ww.post(fmt.Sprintf("%s/%d", seminarURL, sems[0].ID), url.Values{"text": {"座谈会上提出：加快重大项目建设"}}); resp.StatusCode != 303 {
			t.Errorf("a correction: %d %s", resp.StatusCode, text(page))
		}
		if c, _ := a.store.Comment(ctx, sems[0].ID); c.Text != "座谈会上提出：加快重大项目建设" || c.HeldOn.Format("2006-01-02") != "2026-11-20" {
			t.Errorf("corrected: %+v", c)
		}
		roundURL := fmt.Sprintf("/w/%d/rounds/%d", a.ws.ID, rf.round)
		if _, page := ww.get(roundURL + "?unit_name=" + url.QueryEscape("发改")); !strings.Contains(page, "意见（1 条") || !strings.Contains(page, "加快项目建设") {
			t.Errorf("the comments of 发改: %s", text(page[strings.Index(page, `id="comments"`):]))
		}
		if _, page := ww.get(roundURL); !strings.Contains(page, "加快重大项目建设") || !strings.Contains(plain(page), "已反馈 3") {
			t.Errorf("the round page after the correction: %s", text(page))
		}

		// deleted: 发改局, heard only through it, has not answered again
		if resp, page := ww.post(fmt.Sprintf("%s/%d", seminarURL, sems[1].ID), url.Values{"delete": {"1"}}); resp.StatusCode != 303 {
			t.Errorf("a deletion: %d %s", resp.StatusCode, text(page))
		}
		if _, err := a.store.Comment(ctx, sems[1].ID); report.ErrorCode(err) != report.ENOTFOUND {
			t.Errorf("the deleted opinion: %v", err)
		}
		if _, page := ww.get(roundURL); !strings.Contains(plain(page), "已反馈 2") || !strings.Contains(plain(page), "未反馈 2") {
			t.Errorf("the round page after the deletion: %s", text(page))
		}
		_, page = a.login("admin").get("/admin/audit")
		for _, want := range []string{"更正座谈会意见", "删除座谈会意见", "市发展和改革局"} {
			if !strings.Contains(page, want) {
				t.Errorf("the audit log lacks %q", want)
			}
		}

		// decided: no longer corrected
		if st, raw := a.tokenFor("writer").call("POST", fmt.Sprintf("/api/v1/comments/%d/decision", sems[0].ID), map[string]any{"decision": "adopted"}, nil); st != 200 {
			t.Fatalf("decide: %d %s", st, raw)
		}
		if resp, page := ww.post(fmt.Sprintf("%s/%d", seminarURL, sems[0].ID), url.Values{"delete": {"1"}}); resp.StatusCode != 409 || !strings.Contains(page, "已经处理") {
			t.Errorf("deleting a decided opinion: %d %s", resp.StatusCode, text(page))
		}
		if _, page := ww.get(seminarURL); strings.Contains(page, fmt.Sprintf(`id="delete-%d"`, sems[0].ID)) {
			t.Errorf("a decided opinion offers its deletion")
		}

		// through the API too, with the seminar's day
		api := a.tokenFor("writer")
		var out struct {
			Seminar bool   `json:"seminar"`
			HeldOn  string `json:"held_on"`
		}
		in := map[string]any{"unit_id": a.units["leadership"].ID, "text": "座谈会上提出：民生实事再具体", "held_on": "2026-11-21"}
		if st, raw := api.call("POST", "/api/v1/rounds/"+id(rf.round)+"/comments", in, &out); st != 201 || !out.Seminar || out.HeldOn != "2026-11-21" {
			t.Errorf("a seminar opinion by the API: %d %s", st, raw)
		}
		in["held_on"] = "21/11/2026"
		if st, raw := api.call("POST", "/api/v1/rounds/"+id(rf.round)+"/comments", in, nil); st != 400 || !strings.Contains(string(raw), "held_on") {
			t.Errorf("a seminar's day the API cannot read: %d %s", st, raw)
		}
	})
}

// alertOf is the text of a page's error.
func alertOf(page string) string {
	i := strings.Index(page, `<p class="alert" role="alert">`)
	if i < 0 {
		return text(page)
	}
	page = page[i:]
	return plain(page[:strings.Index(page, "</p>")])
}
