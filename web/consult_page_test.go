package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"qicao/report"
)

// plain is a page's text, its tags gone and its spaces collapsed.
func plain(page string) string {
	return strings.Join(strings.Fields(regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(page, " ")), " ")
}

// remindButtons counts the recipients' table's rows that offer a reminder.
var remindButtons = regexp.MustCompile(`form="remind-form" name="unit" value="\d+"`)

// TestRoundPageUnits is the writers' round page of a round sent to 123 units, on both
// databases: the summary counts the units by status; the table lists 50 at a time and the
// units of one status; one form reminds the units of that status; seminar opinions are entered
// on their own page, the units named by name; and the page, whose parts are kept between
// requests, shows every comment sent and every decision made since.
func TestRoundPageUnits(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		ctx := context.Background()
		none := report.AuditEntry{}
		rd := &report.Round{WorkspaceID: a.ws.ID, VersionID: a.v2.ID, Title: "关于征求意见的通知", Deadline: time.Now().Add(48 * time.Hour)}
		for _, k := range []string{"donghu", "xishan", "fagai"} {
			rd.Recipients = append(rd.Recipients, report.Recipient{UnitID: a.units[k].ID})
		}
		var many []int64
		for i := range 120 {
			u := &report.Unit{Name: fmt.Sprintf("测试单位%03d", i), Kind: report.UnitDepartment}
			must(t, a.store.CreateUnit(ctx, u, none))
			many = append(many, u.ID)
			rd.Recipients = append(rd.Recipients, report.Recipient{UnitID: u.ID})
		}
		must(t, a.store.CreateUser(ctx, &report.User{Username: "c007", Name: "赵七", Role: report.RoleContact, UnitID: many[7], PasswordHash: "x"}, none))
		must(t, a.store.OpenRound(ctx, rd, none))
		roundURL := fmt.Sprintf("/w/%d/rounds/%d", a.ws.ID, rd.ID)
		ww := a.login("writer")

		// 123 units, none answered: three pages of the table, each row with its reminder
		resp, page := ww.get(roundURL)
		if resp.StatusCode != 200 {
			t.Fatalf("round page: %d %s", resp.StatusCode, text(page))
		}
		for _, want := range []string{"未查看 123", "未反馈 123", "已反馈 0", "123 个单位，第 1/3 页", "一键催办所有未反馈单位（123 个）", "赵七", "录入座谈会意见"} {
			if !strings.Contains(plain(page), want) {
				t.Errorf("the round page lacks %q", want)
			}
		}
		if strings.Contains(page, `name="unit" multiple`) || strings.Contains(page, "测试单位119") {
			t.Errorf("the first page lists more than its 50 units")
		}
		for no, want := range map[int]int{1: 50, 2: 50, 3: 23, 9: 23} {
			_, page := ww.get(fmt.Sprintf("%s?unit_page=%d", roundURL, no))
			if n := len(remindButtons.FindAllString(page, -1)); n != want {
				t.Errorf("page %d of the units: %d rows with a reminder, want %d", no, n, want)
			}
		}

		// the sections of the page are kept: read them before anything is sent
		if _, page := ww.get(roundURL + "?status=undecided"); !strings.Contains(page, "意见（0 条") {
			t.Errorf("comments before any was sent: %s", text(page))
		}
		if _, page := ww.get(fmt.Sprintf("/w/%d/versions/%d/comments", a.ws.ID, a.v2.ID)); !strings.Contains(page, "共 0 条") {
			t.Errorf("the version's comments before any was sent: %s", text(page))
		}

		// 东湖镇 sends a comment, 西山镇 replies 无意见
		contact := a.tokenFor("contact")
		blk, s, e, _, _ := passage(t, a.v2.Doc, "完成投资165亿元以上")
		var c apiCommentOut
		if st, raw := contact.call("POST", "/api/v1/rounds/"+id(rd.ID)+"/comments", map[string]any{"block_id": blk, "start": s, "end": e, "text": "东湖镇建议核实投资数据"}, &c); st != 201 {
			t.Fatalf("comment: %d %s", st, raw)
		}
		if st, raw := contact.call("POST", "/api/v1/rounds/"+id(rd.ID)+"/send", nil, nil); st != 200 {
			t.Fatalf("send: %d %s", st, raw)
		}
		must(t, a.store.NoComments(ctx, rd.ID, a.units["xishan"].ID, 0, none))

		_, page = ww.get(roundURL + "?status=undecided")
		for _, want := range []string{"意见（1 条", "东湖镇建议核实投资数据", "已反馈 1", "无意见 1", "未反馈 121", "待处理 1"} {
			if !strings.Contains(plain(page), want) {
				t.Errorf("after the send, the round page lacks %q", want)
			}
		}
		if _, page := ww.get(fmt.Sprintf("/w/%d/versions/%d/comments", a.ws.ID, a.v2.ID)); !strings.Contains(page, "东湖镇建议核实投资数据") || !strings.Contains(page, "待处理") {
			t.Errorf("the version's comments after the send: %s", text(page))
		}

		// a unit still drafting says how many drafts it has not sent, for the writer who chases it
		b := a.v2.Doc.Blocks[3]
		draft := &report.Comment{RoundID: rd.ID, UnitID: a.units["fagai"].ID, VersionID: a.v2.ID, BlockID: b.ID, Start: 0, End: 2,
			Quote: string([]rune(b.Text)[:2]), Text: "发改局的草稿", State: report.CommentDraft}
		must(t, a.store.AddComments(ctx, []*report.Comment{draft}, none))
		if _, page := ww.get(roundURL + "?unit_status=drafting"); !strings.Contains(plain(page), "起草中 草稿 1 条未发送") {
			t.Errorf("the unit drafting: %s", text(page[strings.Index(page, "各单位反馈情况"):]))
		}
		must(t, a.store.DeleteComment(ctx, draft.ID, a.units["fagai"].ID, none))

		// the units of one status; those that answered offer no reminder
		_, page = ww.get(roundURL + "?unit_status=answered")
		if !strings.Contains(page, "各单位反馈情况：已反馈（1 个单位）") || !strings.Contains(page, "东湖镇") || remindButtons.MatchString(page) {
			t.Errorf("the units that answered: %s", text(page[strings.Index(page, "各单位反馈情况"):]))
		}
		_, page = ww.get(roundURL + "?unit_status=unviewed&unit_page=3")
		if n := len(remindButtons.FindAllString(page, -1)); n != 21 || !strings.Contains(page, "一键催办未查看的 121 个单位") {
			t.Errorf("the third page of the units not viewed: %d rows, %s", n, text(page[strings.Index(page, "各单位反馈情况"):]))
		}
		if _, page := ww.get(roundURL + "?unit_status=nonsense"); !strings.Contains(page, "各单位反馈情况（123 个单位") {
			t.Errorf("an unknown status: %s", text(page[strings.Index(page, "各单位反馈情况"):]))
		}
		if _, page := ww.get(roundURL + "?unit_status=overdue"); !strings.Contains(page, "没有逾期未反馈的单位") {
			t.Errorf("overdue units before the deadline: %s", text(page[strings.Index(page, "各单位反馈情况"):]))
		}

		// one form reminds the units of the status shown, and only those
		if resp, page := ww.post(roundURL+"/remind", url.Values{"filtered": {"1"}, "unit_status": {"answered"}}); resp.StatusCode != 400 || !strings.Contains(page, "都已反馈") {
			t.Errorf("reminding units that answered: %d %s", resp.StatusCode, text(page))
		}
		// a bulk reminder asks first, naming the count, and goes once confirmed
		resp, page = ww.post(roundURL+"/remind", url.Values{"filtered": {"1"}, "unit_status": {"unviewed"}, "note": {"请于明日反馈"}})
		if resp.StatusCode != 200 || !strings.Contains(plain(page), "确定催办未查看的单位（121 个）吗？") || !strings.Contains(page, `name="confirm" value="121"`) {
			t.Errorf("a bulk reminder before it is confirmed: %d %s", resp.StatusCode, text(page))
		}
		if rs, err := a.store.Reminders(ctx, a.ws.ID, many[0]); err != nil || len(rs) != 0 {
			t.Errorf("a bulk reminder not confirmed reminded: %v %v", rs, err)
		}
		resp, page = ww.post(roundURL+"/remind", url.Values{"filtered": {"1"}, "unit_status": {"unviewed"}, "note": {"请于明日反馈"}, "confirm": {"121"}})
		if resp.StatusCode != 303 || !strings.Contains(resp.Header.Get("Location"), "reminded=121") || !strings.Contains(resp.Header.Get("Location"), "unit_status=unviewed") {
			t.Fatalf("reminding the units not viewed: %d %s %s", resp.StatusCode, resp.Header.Get("Location"), text(page))
		}
		for _, unit := range []int64{many[0], many[119], a.units["fagai"].ID} {
			rs, err := a.store.Reminders(ctx, a.ws.ID, unit)
			must(t, err)
			if len(rs) != 1 || rs[0].Note != "请于明日反馈" {
				t.Errorf("unit %d reminded %d times", unit, len(rs))
			}
		}
		if rs, err := a.store.Reminders(ctx, a.ws.ID, a.units["donghu"].ID); err != nil || len(rs) != 0 {
			t.Errorf("the unit that answered was reminded: %v %v", rs, err)
		}

		// seminar opinions: on their own page, the units named by (part of) their names
		resp, page = ww.get(roundURL + "/seminar?block=" + blk)
		if resp.StatusCode != 200 || !strings.Contains(page, `id="seminar-form"`) || !strings.Contains(page, `<option value="测试单位119">`) || !strings.Contains(page, `value="`+blk+`" selected`) {
			t.Fatalf("the seminar page: %d %s", resp.StatusCode, text(page))
		}
		if resp, _ := a.login("leader").get(roundURL + "/seminar"); resp.StatusCode != 403 {
			t.Errorf("a leader on the seminar page: %d", resp.StatusCode)
		}
		for _, bad := range []struct{ names, want string }{
			{"测试单位", "可指 120 个单位"},
			{"测试单位001、教育局", "没有“教育局”"},
			{"", "请填写提出座谈会意见的单位"},
		} {
			resp, page := ww.post(roundURL+"/seminar", url.Values{"unit_names": {bad.names}, "text": {"座谈会意见"}})
			if resp.StatusCode != 400 || !strings.Contains(page, bad.want) || !strings.Contains(page, `id="seminar-form"`) {
				t.Errorf("seminar units %q: %d %s", bad.names, resp.StatusCode, text(page))
			}
		}
		resp, page = ww.post(roundURL+"/seminar", url.Values{"unit_names": {"测试单位001、 西山"}, "block": {blk}, "quote": {"完成投资165亿元以上"}, "text": {"座谈会上提出：投资数据请与统计局核对"}})
		if resp.StatusCode != 303 || !strings.Contains(resp.Header.Get("Location"), "/seminar?done=") {
			t.Fatalf("seminar by names: %d %s", resp.StatusCode, text(page))
		}
		sent, err := a.store.Comments(ctx, report.CommentFilter{RoundID: rd.ID})
		must(t, err)
		by := map[int64]bool{}
		for _, x := range sent {
			if x.Seminar {
				by[x.UnitID] = true
			}
		}
		if len(by) != 2 || !by[many[1]] || !by[a.units["xishan"].ID] {
			t.Errorf("seminar opinions stored for %v", by)
		}

		// one definition of answered: a unit heard at the seminar only (测试单位001), or after
		// its 无意见 (西山镇), answered in the summary, the counts, the table and the reminders
		_, page = ww.get(roundURL)
		for _, want := range []string{"3个单位反馈意见3条，0个单位无意见", "120个单位未反馈", "已反馈 3", "无意见 0", "未反馈 120", "一键催办所有未反馈单位（120 个）"} {
			if !strings.Contains(plain(page), want) {
				t.Errorf("after the seminar, the round page lacks %q", want)
			}
		}
		_, page = ww.get(roundURL + "?unit_status=answered")
		if !strings.Contains(page, "各单位反馈情况：已反馈（3 个单位）") || strings.Count(page, "已反馈（座谈会）") != 2 || remindButtons.MatchString(page) {
			t.Errorf("the units that answered, with the seminar's: %s", text(page[strings.Index(page, "各单位反馈情况"):]))
		}
		// refused: an error, not a message of success
		if resp, page := ww.post(roundURL+"/remind", url.Values{"unit": {id(many[1])}}); resp.StatusCode != 400 || !strings.Contains(page, `<p class="alert" role="alert">所选单位已经反馈，无需催办</p>`) || !strings.Contains(page, `<p class="ok" role="status" hidden></p>`) {
			t.Errorf("reminding a unit heard at the seminar: %d %s", resp.StatusCode, text(page))
		}
		if st, raw := ww.post(roundURL+"/remind", url.Values{"all": {"1"}}); st.StatusCode != 200 || !strings.Contains(plain(raw), "确定催办所有未反馈单位（120 个）吗？") {
			t.Errorf("reminding every unit that has not answered, unconfirmed: %d %s", st.StatusCode, text(raw))
		}
		// a count confirmed that is no longer the count asks again
		if st, raw := ww.post(roundURL+"/remind", url.Values{"all": {"1"}, "confirm": {"121"}}); st.StatusCode != 200 || !strings.Contains(raw, `name="confirm" value="120"`) {
			t.Errorf("reminding with a stale count: %d %s", st.StatusCode, text(raw))
		}
		if st, raw := ww.post(roundURL+"/remind", url.Values{"all": {"1"}, "confirm": {"120"}}); st.StatusCode != 303 || !strings.Contains(st.Header.Get("Location"), "reminded=120") {
			t.Errorf("reminding every unit that has not answered: %d %s %s", st.StatusCode, st.Header.Get("Location"), text(raw))
		}
		// the log tells each reminder in words: the round, and the unit as its object
		_, page = a.login("admin").get("/admin/audit")
		if !strings.Contains(page, `<td title="remind">催办</td><td title="unit:`+id(many[119])+`">单位 测试单位119</td><td>征求意见“关于征求意见的通知”</td>`) || strings.Contains(page, "round:") {
			t.Errorf("the reminders in the audit log: %s", text(page))
		}
		// each section's links keep the other's parameters
		_, page = ww.get(roundURL + "?unit_name=" + url.QueryEscape("测试") + "&part=" + url.QueryEscape("一、2026年工作回顾"))
		pager := page[strings.Index(page, `id="recipients-pager"`):]
		pager = pager[:strings.Index(pager, "</p>")]
		if !strings.Contains(pager, "unit_name=%E6%B5%8B%E8%AF%95") || !strings.Contains(pager, "part=") || !strings.Contains(pager, "unit_page=2") {
			t.Errorf("the recipients' pager drops the comments' filter: %s", pager)
		}
		if counts := page[strings.Index(page, `id="unit-counts"`):]; !strings.Contains(counts[:strings.Index(counts, "</ul>")], "unit_name=") {
			t.Errorf("the status counts drop the comments' filter")
		}
		_, page = ww.get(roundURL + "?unit_status=unanswered&unit_page=2")
		if form := page[strings.Index(page, `id="filter-form"`):]; !strings.Contains(form[:strings.Index(form, "</form>")], `name="unit_page" value="2"`) {
			t.Errorf("the comments' filter form drops the recipients' page")
		}
		if rs, err := a.store.Reminders(ctx, a.ws.ID, many[0]); err != nil || len(rs) != 2 {
			t.Errorf("a unit that has not answered, reminded again: %v %v", rs, err)
		}
		if rs, err := a.store.Reminders(ctx, a.ws.ID, many[1]); err != nil || len(rs) != 1 || rs[0].Note != "请于明日反馈" {
			t.Errorf("the unit heard at the seminar was reminded again: %v %v", rs, err)
		}

		// a group is named on the page and its comments are one filter away
		_, page = ww.get(roundURL)
		if !strings.Contains(page, `href="?group=same-1#comments"`) {
			t.Errorf("the same-passage group has no link to its comments")
		}
		_, page = ww.get(roundURL + "?group=same-1")
		if !strings.Contains(page, "意见（3 条") || !strings.Contains(page, "东湖镇建议核实投资数据") || !strings.Contains(page, `id="group-filter"`) {
			t.Errorf("the comments of a group: %s", text(page[strings.Index(page, `id="comments"`):]))
		}

		// the comments of units named in the filter
		_, page = ww.get(roundURL + "?unit_name=" + url.QueryEscape("测试单位001"))
		if !strings.Contains(page, "投资数据请与统计局核对") || strings.Contains(page, "东湖镇建议核实投资数据") {
			t.Errorf("comments of 测试单位001: %s", text(page[strings.Index(page, `id="comments"`):]))
		}
		_, page = ww.get(roundURL + "?unit_name=" + url.QueryEscape("镇"))
		if !strings.Contains(page, "投资数据请与统计局核对") || !strings.Contains(page, "东湖镇建议核实投资数据") || !strings.Contains(page, "意见（2 条") {
			t.Errorf("comments of the townships: %s", text(page[strings.Index(page, `id="comments"`):]))
		}
		if _, page := ww.get(roundURL + "?unit_name=" + url.QueryEscape("教育局")); !strings.Contains(page, "没有名称含“教育局”的单位") {
			t.Errorf("a unit name that matches none: %s", text(page))
		}

		// a unit drafting shows at once in the table, its draft nowhere
		if st, raw := a.tokenFor("victim").call("POST", "/api/v1/rounds/"+id(rd.ID)+"/comments", map[string]any{"text": "发改局的草稿"}, nil); st != 201 {
			t.Fatalf("a draft: %d %s", st, raw)
		}
		_, page = ww.get(roundURL + "?unit_status=drafting")
		if !strings.Contains(plain(page), "起草中 1") || !strings.Contains(page, "市发展和改革局") || strings.Contains(page, "发改局的草稿") {
			t.Errorf("the units drafting: %s", text(page[strings.Index(page, "各单位反馈情况"):]))
		}

		// a decision shows at once on the pages kept before it
		if st, raw := a.tokenFor("writer").call("POST", fmt.Sprintf("/api/v1/comments/%d/decision", c.ID), map[string]any{"decision": "rejected", "reason": "以统计局数据为准"}, nil); st != 200 {
			t.Fatalf("decide: %d %s", st, raw)
		}
		_, page = ww.get(roundURL + "?status=undecided")
		if strings.Contains(page, "东湖镇建议核实投资数据") || !strings.Contains(page, "意见（2 条") {
			t.Errorf("the undecided comments after the decision: %s", text(page[strings.Index(page, `id="comments"`):]))
		}
		if _, page := ww.get(roundURL + "?status=rejected"); !strings.Contains(page, "以统计局数据为准") {
			t.Errorf("the rejected comments after the decision: %s", text(page[strings.Index(page, `id="comments"`):]))
		}
		if _, page := ww.get(fmt.Sprintf("/w/%d/versions/%d/comments", a.ws.ID, a.v2.ID)); !strings.Contains(page, "未采纳：以统计局数据为准") || !strings.Contains(page, "共 3 条") {
			t.Errorf("the version's comments after the decision: %s", text(page))
		}
	})
}
