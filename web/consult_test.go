package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"qicao/consult"
	"qicao/load"
	"qicao/report"
)

// passage finds the paragraph of doc holding quote and the quote's offsets in it, in runes and
// in UTF-16 units (as a browser counts them).
func passage(t testing.TB, doc *report.Document, quote string) (block string, start, end, start16, end16 int) {
	t.Helper()
	for _, b := range doc.Blocks {
		if i := strings.Index(b.Text, quote); i >= 0 {
			start = utf8.RuneCountInString(b.Text[:i])
			start16 = len(utf16.Encode([]rune(b.Text[:i])))
			return b.ID, start, start + utf8.RuneCountInString(quote), start16, start16 + len(utf16.Encode([]rune(quote)))
		}
	}
	t.Fatalf("no paragraph holds %q", quote)
	return
}

type apiRoundOut struct {
	ID      int64
	UnitIDs []int64 `json:"unit_ids"`
}

type apiCommentOut struct {
	ID       int64
	UnitID   int64 `json:"unit_id"`
	BlockID  string
	Start    int
	End      int
	Quote    string
	Text     string
	State    string
	Anchor   string
	Original string
	Decision string
	Reason   string
}

// TestRound is a comment round's life on both databases: opened through the API, read by a
// township's contact who drafts comments on a selection, a paragraph and the whole, a colleague
// who drafts too, edits and deletes, the unit's send; a township's 无意见; a department that never
// answers, reminded; the leaders' conflicting proposal; a seminar opinion; decisions one by one
// and in bulk; the next version made from the accepted wordings; links proposed and confirmed;
// comments seen in the new version; the 意见采纳情况表 exported and read back; the notice.
func TestRound(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		ctx := context.Background()
		// a colleague of the 东湖镇 contact
		colleague := *a.users["contact"]
		colleague.ID, colleague.Username, colleague.Name = 0, "contact-b", "李同事"
		must(t, a.store.CreateUser(ctx, &colleague, report.AuditEntry{}))
		a.users["contact-b"] = &colleague
		writer, contact, contact2, leader := a.tokenFor("writer"), a.tokenFor("contact"), a.tokenFor("contact2"), a.tokenFor("leader")
		donghu, xishan, fagai := a.units["donghu"].ID, a.units["xishan"].ID, a.units["fagai"].ID
		wid := id(a.ws.ID)

		// before the round a contact cannot read the draft
		if st, raw := contact.call("GET", "/api/v1/versions/"+id(a.v2.ID), nil, nil); st != 404 {
			t.Fatalf("a contact reads v2 before any round: %d %s", st, raw)
		}

		// opening: a contact may not; a writer opens it on v2 for three units and the leaders
		body := map[string]any{"version_id": a.v2.ID, "title": "关于征求《2027年政府工作报告（征求意见稿）》意见的通知",
			"deadline": time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339), "unit_ids": []int64{donghu, xishan, fagai},
			"unit_kinds": []string{"leadership"}, "contact": "钱思远", "phone": "0000-1234567"}
		st, raw := contact.call("POST", "/api/v1/workspaces/"+wid+"/rounds", body, nil)
		wantAPIError(t, "a contact opens a round", st, raw, 403, "forbidden")
		bad := map[string]any{}
		for k, v := range body {
			bad[k] = v
		}
		bad["version_id"] = 999999
		st, raw = writer.call("POST", "/api/v1/workspaces/"+wid+"/rounds", bad, nil)
		wantAPIError(t, "a round on a version that does not exist", st, raw, 400, "invalid")
		var rd apiRoundOut
		if st, raw := writer.call("POST", "/api/v1/workspaces/"+wid+"/rounds", body, &rd); st != 201 || len(rd.UnitIDs) != 4 {
			t.Fatalf("open round: %d %s", st, raw)
		}
		rid := id(rd.ID)
		roundURL := "/w/" + wid + "/rounds/" + rid

		// the notice: 主送 the units, the deadline, the contact
		ww := a.login("writer")
		resp, notice := ww.get(roundURL + "/notice.docx")
		if resp.StatusCode != 200 {
			t.Fatalf("notice: %d", resp.StatusCode)
		}
		doc, err := load.Bytes([]byte(notice))
		must(t, err)
		nt := doc.PlainText()
		for _, want := range []string{"关于征求《2027年政府工作报告（征求意见稿）》意见的通知", "市政府领导，各乡镇人民政府，市直各部门：", "联系人：钱思远", "请于"} {
			if !strings.Contains(nt, want) && !strings.Contains(doc.Title, want) {
				t.Errorf("the notice lacks %q:\n%s", want, nt)
			}
		}

		// the contact now reads v2 (and only v2), finds the round in the to-do list, opens it
		if st, _ := contact.call("GET", "/api/v1/versions/"+id(a.v2.ID), nil, nil); st != 200 {
			t.Errorf("the invited contact cannot read v2: %d", st)
		}
		if st, _ := contact.call("GET", "/api/v1/versions/"+id(a.v1.ID), nil, nil); st != 404 {
			t.Errorf("the invited contact reads v1: %d", st)
		}
		cw := a.login("contact")
		if _, home := cw.get("/w/" + wid); !strings.Contains(home, "征求意见：关于征求") || !strings.Contains(home, "尚未反馈") {
			t.Errorf("the contact's to-do list lacks the round: %s", text(home))
		}
		if resp, page := cw.get(roundURL); resp.StatusCode != 303 || !strings.HasSuffix(resp.Header.Get("Location"), "/read") {
			t.Errorf("a contact on the writers' round page: %d %s", resp.StatusCode, text(page))
		}
		if resp, page := cw.get(roundURL + "/read"); resp.StatusCode != 200 || !strings.Contains(page, `id="comment-form"`) {
			t.Fatalf("reading page: %d %s", resp.StatusCode, text(page))
		}

		// a selection, as the browser posts it (UTF-16 offsets and the text seen)
		blk, s, e, s16, e16 := passage(t, a.v2.Doc, "完成投资165亿元以上")
		form := url.Values{"block": {blk}, "start": {fmt.Sprint(s16)}, "end": {fmt.Sprint(e16)}, "quote": {"完成投资165亿元以上"},
			"text": {"建议增加乡村振兴项目投资的具体数据"}, "proposal": {"完成投资170亿元以上"}}
		if resp, page := cw.post(roundURL+"/comments", form); resp.StatusCode != 303 {
			t.Fatalf("comment on a selection: %d %s", resp.StatusCode, text(page))
		}
		// a whole paragraph, and a general comment through the API
		para, _, _, _, _ := passage(t, a.v2.Doc, "扛稳粮食安全责任")
		if resp, page := cw.post(roundURL+"/comments", url.Values{"block": {para}, "whole": {"1"}, "text": {"本段对粮食生产的表述已经体现"}}); resp.StatusCode != 303 {
			t.Fatalf("comment on a paragraph: %d %s", resp.StatusCode, text(page))
		}
		var general apiCommentOut
		if st, raw := contact.call("POST", "/api/v1/rounds/"+rid+"/comments", map[string]any{"text": "全文篇幅偏长，建议压缩"}, &general); st != 201 || general.BlockID != "" || general.State != "draft" {
			t.Fatalf("general comment: %d %s", st, raw)
		}
		// a colleague's draft; the colleague sees the contact's drafts, 西山镇 does not
		bw := a.login("contact-b")
		tmp, _, _, _, _ := passage(t, a.v2.Doc, "建强园区承载平台")
		if resp, page := bw.post(roundURL+"/comments", url.Values{"block": {tmp}, "whole": {"1"}, "text": {"园区扩区调位的进度请核实"}}); resp.StatusCode != 303 {
			t.Fatalf("a colleague's comment: %d %s", resp.StatusCode, text(page))
		}
		if _, page := bw.get(roundURL + "/read"); !strings.Contains(page, "全文篇幅偏长") {
			t.Errorf("the colleague does not see the unit's drafts")
		}
		sw := a.login("contact2")
		if _, page := sw.get(roundURL + "/read"); strings.Contains(page, "全文篇幅偏长") || strings.Contains(page, "园区扩区调位") {
			t.Errorf("another unit sees 东湖镇's drafts")
		}
		// the writers do not see drafts either
		if _, page := ww.get(roundURL); strings.Contains(page, "全文篇幅偏长") {
			t.Errorf("the writers see a draft")
		}
		// edit the colleague's draft, delete the general one
		drafts, err := a.store.Comments(ctx, report.CommentFilter{RoundID: rd.ID, DraftsOf: donghu})
		must(t, err)
		if len(drafts) != 4 {
			t.Fatalf("%d drafts, want 4", len(drafts))
		}
		var colleagueDraft int64
		for _, c := range drafts {
			if c.BlockID == tmp {
				colleagueDraft = c.ID
			}
		}
		if resp, page := cw.post(roundURL+"/comments/"+id(colleagueDraft), url.Values{"text": {"园区扩区调位的进度和投资额请核实"}}); resp.StatusCode != 303 {
			t.Fatalf("edit draft: %d %s", resp.StatusCode, text(page))
		}
		if resp, page := cw.post(roundURL+"/comments/"+id(general.ID), url.Values{"delete": {"1"}}); resp.StatusCode != 303 {
			t.Fatalf("delete draft: %d %s", resp.StatusCode, text(page))
		}
		// another unit cannot touch them
		if resp, _ := sw.post(roundURL+"/comments/"+id(colleagueDraft), url.Values{"text": {"改掉"}}); resp.StatusCode != 404 {
			t.Errorf("another unit edits a draft: %d", resp.StatusCode)
		}

		// bad input: nothing stored, a Chinese message, the right status
		before := countComments(t, a, rd.ID, donghu)
		for _, c := range []struct {
			what   string
			body   any
			status int
		}{
			{"a selection that does not match", map[string]any{"block_id": blk, "start": s, "end": e, "quote": "完成投资999亿元", "text": "x"}, 400},
			{"offsets out of range", map[string]any{"block_id": blk, "start": 0, "end": 100000, "text": "x"}, 400},
			{"an empty selection", map[string]any{"block_id": blk, "start": 5, "end": 5, "text": "x"}, 400},
			{"a paragraph of another version", map[string]any{"block_id": "p000000000000", "start": 0, "end": 2, "text": "x"}, 400},
			{"a comment on a version not in the round", map[string]any{"version_id": a.v1.ID, "block_id": blk, "start": s, "end": e, "text": "x"}, 400},
			{"a comment of 5001 characters", map[string]any{"block_id": blk, "start": s, "end": e, "text": strings.Repeat("长", 5001)}, 400},
			{"an empty comment", map[string]any{"block_id": blk, "start": s, "end": e, "text": "  "}, 400},
			{"a 5 MB comment", map[string]any{"text": strings.Repeat("意", 5<<20/3)}, 413},
			{"1,001 comments at once", manyComments(1001), 413},
			{"10,000 comments at once", manyComments(10000), 413},
			{"one bad comment among good ones", append(manyComments(3), map[string]any{"block_id": blk, "start": 0, "end": 100000, "text": "x"}), 400},
		} {
			st, raw := contact.call("POST", "/api/v1/rounds/"+rid+"/comments", c.body, nil)
			code := map[int]string{400: "invalid", 413: "too_large"}[c.status]
			wantAPIError(t, c.what, st, raw, c.status, code)
		}
		// the form's surrogate pair case is in TestRoundSurrogates
		if after := countComments(t, a, rd.ID, donghu); after != before {
			t.Fatalf("bad input stored comments: %d before, %d after", before, after)
		}
		// 1,000 at once is taken, all or none, then the unit's limit refuses more
		var many []apiCommentOut
		if st, raw := contact2.call("POST", "/api/v1/rounds/"+rid+"/comments", manyComments(1000), &many); st != 201 || len(many) != 1000 {
			t.Fatalf("1,000 comments: %d %.200s", st, raw)
		}
		st, raw = contact2.call("POST", "/api/v1/rounds/"+rid+"/comments", map[string]any{"text": "再一条"}, nil)
		wantAPIError(t, "the 1,001st comment of a unit", st, raw, 413, "too_large")
		// 西山镇 thinks better of it: its drafts go, and 无意见 is refused while drafts remain
		st, raw = contact2.call("POST", "/api/v1/rounds/"+rid+"/no-comments", nil, nil)
		wantAPIError(t, "无意见 with drafts", st, raw, 409, "conflict")
		for _, c := range many {
			must(t, a.store.DeleteComment(ctx, c.ID, xishan, report.AuditEntry{}))
		}
		if st, raw := contact2.call("POST", "/api/v1/rounds/"+rid+"/no-comments", nil, nil); st != 200 {
			t.Fatalf("无意见: %d %s", st, raw)
		}
		st, raw = contact2.call("POST", "/api/v1/rounds/"+rid+"/comments", map[string]any{"text": "补充一条"}, nil)
		wantAPIError(t, "a comment after 无意见", st, raw, 409, "conflict")

		// 东湖镇 sends: the head or the contact; a second send is refused
		if resp, page := cw.post(roundURL+"/send", nil); resp.StatusCode != 303 {
			t.Fatalf("send: %d %s", resp.StatusCode, text(page))
		}
		st, raw = contact.call("POST", "/api/v1/rounds/"+rid+"/send", nil, nil)
		wantAPIError(t, "a second send", st, raw, 409, "conflict")
		if resp, page := cw.post(roundURL+"/comments/"+id(colleagueDraft), url.Values{"text": {"发送后再改"}}); resp.StatusCode != 409 || !strings.Contains(page, "已发送") {
			t.Errorf("edit after send: %d %s", resp.StatusCode, text(page))
		}

		// the leaders propose another wording for the same words, in nearly the same words
		ls, ls16 := s, s16
		_ = ls16
		var lc apiCommentOut
		if st, raw := leader.call("POST", "/api/v1/rounds/"+rid+"/comments", map[string]any{"block_id": blk, "start": ls, "end": e,
			"quote": "完成投资165亿元以上", "text": "建议增加乡村振兴项目投资的具体数据支撑", "proposal": "完成投资180亿元以上"}, &lc); st != 201 {
			t.Fatalf("leader's comment: %d %s", st, raw)
		}
		if st, raw := leader.call("POST", "/api/v1/rounds/"+rid+"/send", nil, nil); st != 200 {
			t.Fatalf("leader's send: %d %s", st, raw)
		}
		// a seminar opinion for 东湖镇, entered by a writer with the words it names
		if resp, page := ww.post(roundURL+"/seminar", url.Values{"unit": {id(donghu), "999999"}, "block": {para}, "quote": {"扛稳粮食安全责任"}, "text": {"座谈会上提出：粮食安全表述再精炼"}}); resp.StatusCode != 400 || !strings.Contains(page, "座谈会意见的单位") {
			t.Errorf("a seminar opinion for a unit not invited: %d %s", resp.StatusCode, text(page))
		}
		if resp, page := ww.post(roundURL+"/seminar", url.Values{"unit": {id(donghu)}, "block": {para}, "quote": {"扛稳粮食安全责任"}, "text": {"座谈会上提出：粮食安全表述再精炼"}}); resp.StatusCode != 303 {
			t.Fatalf("seminar: %d %s", resp.StatusCode, text(page))
		}
		// 发改局 never answers: reminded, it sees the round on top of its to-do list
		if resp, page := ww.post(roundURL+"/remind", url.Values{"unit": {id(fagai)}, "note": {"请今日反馈"}}); resp.StatusCode != 303 {
			t.Fatalf("remind: %d %s", resp.StatusCode, text(page))
		}
		if resp, page := ww.post(roundURL+"/remind", url.Values{"unit": {id(donghu)}}); resp.StatusCode != 400 || !strings.Contains(page, "已经反馈") {
			t.Errorf("reminding a unit that answered: %d %s", resp.StatusCode, text(page))
		}
		vw := a.login("victim")
		if _, home := vw.get("/w/" + wid); !strings.Contains(home, "催办") || !strings.Contains(home, "请今日反馈") {
			t.Errorf("the reminded unit's to-do list: %s", text(home))
		}

		// status: one row per unit
		var rows []struct {
			UnitID  int64 `json:"unit_id"`
			Status  string
			Contact string
		}
		if st, raw := writer.call("GET", "/api/v1/rounds/"+rid+"/status", nil, &rows); st != 200 || len(rows) != 4 {
			t.Fatalf("status: %d %s", st, raw)
		}
		status := map[int64]string{}
		for _, r := range rows {
			status[r.UnitID] = r.Status
		}
		if status[donghu] != "已反馈" || status[xishan] != "无意见" || status[fagai] != "未查看" || status[a.units["leadership"].ID] != "已反馈" {
			t.Errorf("statuses %v", status)
		}
		// a contact sees their own row only
		if st, raw := contact.call("GET", "/api/v1/rounds/"+rid+"/status", nil, &rows); st != 200 || len(rows) != 1 || rows[0].UnitID != donghu {
			t.Errorf("a contact's status: %d %s", st, raw)
		}

		// the writers' page: statuses, contacts, the conflict and the near-duplicates
		_, page := ww.get(roundURL)
		for _, want := range []string{"已反馈", "无意见", "未查看", "王联络", "建议冲突", "相近1", "完成投资180亿元以上", "座谈会"} {
			if !strings.Contains(page, want) {
				t.Errorf("the round page lacks %q", want)
			}
		}
		_, filtered := ww.get(roundURL + "?unit=" + id(a.units["leadership"].ID))
		if strings.Contains(filtered, "园区扩区调位") || !strings.Contains(filtered, "完成投资180亿元以上") {
			t.Errorf("filtering by unit: %s", text(filtered))
		}

		// decisions
		sent, err := a.store.Comments(ctx, report.CommentFilter{RoundID: rd.ID})
		must(t, err)
		byText := map[string]int64{}
		for _, c := range sent {
			byText[c.Text] = c.ID
		}
		dh := byText["建议增加乡村振兴项目投资的具体数据"]
		st, raw = writer.call("POST", fmt.Sprintf("/api/v1/comments/%d/decision", lc.ID), map[string]any{"decision": "partly"}, nil)
		wantAPIError(t, "部分采纳 without a reason", st, raw, 400, "invalid")
		st, raw = writer.call("POST", fmt.Sprintf("/api/v1/comments/%d/decision", lc.ID), map[string]any{"decision": "maybe"}, nil)
		wantAPIError(t, "an unknown decision", st, raw, 400, "invalid")
		st, raw = contact.call("POST", fmt.Sprintf("/api/v1/comments/%d/decision", dh), map[string]any{"decision": "adopted"}, nil)
		wantAPIError(t, "a contact decides", st, raw, 403, "forbidden")
		var dc apiCommentOut
		if st, raw := writer.call("POST", fmt.Sprintf("/api/v1/comments/%d/decision", dh), map[string]any{"decision": "adopted"}, &dc); st != 200 || dc.Decision != "adopted" {
			t.Fatalf("decide: %d %s", st, raw)
		}
		// in bulk with one reason; and a 采纳 whose passage will not change
		if resp, page := ww.post(roundURL+"/decisions", url.Values{"comment": {id(lc.ID), id(byText["座谈会上提出：粮食安全表述再精炼"])}, "decision": {"rejected"}}); resp.StatusCode != 400 || !strings.Contains(page, "未采纳须填写理由") {
			t.Errorf("bulk 未采纳 without reason: %d %s", resp.StatusCode, text(page))
		}
		if resp, page := ww.post(roundURL+"/decisions", url.Values{"comment": {id(lc.ID), id(byText["座谈会上提出：粮食安全表述再精炼"])}, "decision": {"rejected"}, "reason": {"与东湖镇意见冲突，以统计数据为准"}}); resp.StatusCode != 303 {
			t.Fatalf("bulk decide: %d %s", resp.StatusCode, text(page))
		}
		if resp, page := ww.post(roundURL+"/decisions", url.Values{"comment": {id(byText["本段对粮食生产的表述已经体现"])}, "decision": {"adopted"}}); resp.StatusCode != 303 {
			t.Fatalf("decide: %d %s", resp.StatusCode, text(page))
		}
		// the writer's to-do list counts what is left
		if _, home := ww.get("/w/" + wid); !strings.Contains(home, "1 条意见待处理") {
			t.Errorf("the writer's to-do list: %s", text(home))
		}

		// the next version from the accepted wording
		nBefore := a.versionCount()
		if resp, page := ww.post(roundURL+"/apply", url.Values{"label": {"修改稿"}}); resp.StatusCode != 303 {
			t.Fatalf("apply: %d %s", resp.StatusCode, text(page))
		}
		if a.versionCount() != nBefore+1 {
			t.Fatalf("no new version")
		}
		vs, err := a.store.Versions(ctx, a.ws.ID)
		must(t, err)
		v3, err := a.store.Version(ctx, vs[len(vs)-1].ID)
		must(t, err)
		if !strings.Contains(v3.Doc.PlainText(), "完成投资170亿元以上") || strings.Contains(v3.Doc.PlainText(), "完成投资165亿元以上") {
			t.Fatalf("the accepted wording is not in the new version")
		}
		c, err := a.store.Comment(ctx, dh)
		must(t, err)
		if c.Decision.LinkVersion != v3.ID || !c.Decision.LinkConfirmed || c.Decision.LinkBlock == "" {
			t.Errorf("the applied decision is not linked: %+v", c.Decision)
		}
		// links proposed from the diff; the 采纳 whose paragraph did not change is flagged
		_, page = ww.get(roundURL)
		if !strings.Contains(page, "意见在第3版") || !strings.Contains(page, "采纳但未修改") || !strings.Contains(page, "改为“完成投资170亿元以上”") {
			t.Errorf("the links table: %s", text(page[strings.Index(page, "意见在第"):]))
		}
		if resp, page := ww.post(roundURL+"/links", url.Values{"comment": {id(lc.ID)}}); resp.StatusCode != 303 {
			t.Fatalf("confirm link: %d %s", resp.StatusCode, text(page))
		}
		c, err = a.store.Comment(ctx, lc.ID)
		must(t, err)
		if c.Decision.LinkVersion != v3.ID || !c.Decision.LinkConfirmed {
			t.Errorf("the confirmed link: %+v", c.Decision)
		}

		// every comment as seen in the new version
		var seen []apiCommentOut
		if st, raw := writer.call("GET", "/api/v1/versions/"+id(v3.ID)+"/comments", nil, &seen); st != 200 {
			t.Fatalf("version comments: %d %s", st, raw)
		}
		states := map[int64]apiCommentOut{}
		for _, x := range seen {
			states[x.ID] = x
		}
		if x := states[dh]; x.Anchor != "changed" || x.Quote != "完成投资170亿元以上" || x.Original != "完成投资165亿元以上" {
			t.Errorf("the adopted comment in v3: %+v", x)
		}
		if x := states[byText["本段对粮食生产的表述已经体现"]]; x.Anchor != "exact" {
			t.Errorf("an untouched paragraph's comment in v3: %+v", x)
		}
		if len(seen) != len(sent) {
			t.Errorf("%d comments in v3, want %d", len(seen), len(sent))
		}
		if _, page := ww.get("/w/" + wid + "/versions/" + id(v3.ID) + "/comments"); !strings.Contains(page, "原文已修改") {
			t.Errorf("the version's comments page: %s", text(page))
		}

		// the 意见采纳情况表
		req, _ := http.NewRequest("GET", a.url+"/api/v1/rounds/"+rid+"/table.xlsx", nil)
		st, xlsx := writer.do(req, nil)
		if st != 200 {
			t.Fatalf("table.xlsx: %d %s", st, xlsx)
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(xlsx)))
		must(t, err)
		sheetRows, err := f.GetRows(f.GetSheetName(0))
		must(t, err)
		f.Close()
		if strings.Join(sheetRows[1], "|") != strings.Join(consult.Header, "|") {
			t.Errorf("header %v", sheetRows[1])
		}
		all := strings.Join(flatten(sheetRows), "\n")
		for _, want := range []string{"东湖镇", "东湖镇（座谈会）", "市政府领导", "完成投资165亿元以上", "完成投资170亿元以上", "采纳", "未采纳", "与东湖镇意见冲突，以统计数据为准",
			"共向4个单位征求意见，2个单位反馈意见5条，1个单位无意见；采纳2条，部分采纳0条，未采纳2条，已体现0条，尚未处理1条", "未反馈单位：市发展和改革局"} {
			if !strings.Contains(all, want) {
				t.Errorf("the .xlsx lacks %q:\n%s", want, all)
			}
		}
		if got := len(sheetRows); got < 2+len(sent) {
			t.Errorf("%d rows in the .xlsx for %d comments", got, len(sent))
		}
		req, _ = http.NewRequest("GET", a.url+"/api/v1/rounds/"+rid+"/table.docx", nil)
		st, dx := writer.do(req, nil)
		if st != 200 {
			t.Fatalf("table.docx: %d", st)
		}
		tdoc, err := load.Bytes([]byte(dx))
		must(t, err)
		if !strings.Contains(tdoc.PlainText(), "征求意见采纳情况表") || !strings.Contains(tdoc.PlainText(), "修改后表述") || !strings.Contains(tdoc.PlainText(), "未反馈单位：市发展和改革局") {
			t.Errorf("the .docx table: %.600s", tdoc.PlainText())
		}
		// a contact may not export
		req, _ = http.NewRequest("GET", a.url+"/api/v1/rounds/"+rid+"/table.xlsx", nil)
		if st, _ := contact.do(req, nil); st != 403 {
			t.Errorf("a contact exports the table: %d", st)
		}

		// extend, close: no comment afterwards
		if resp, page := ww.post(roundURL+"/extend", url.Values{"deadline": {time.Now().AddDate(0, 0, 10).Format("2006-01-02")}}); resp.StatusCode != 303 {
			t.Fatalf("extend: %d %s", resp.StatusCode, text(page))
		}
		if resp, page := ww.post(roundURL+"/close", url.Values{"confirm": {"1"}}); resp.StatusCode != 303 {
			t.Fatalf("close: %d %s", resp.StatusCode, text(page))
		}
		st, raw = a.tokenFor("victim").call("POST", "/api/v1/rounds/"+rid+"/comments", map[string]any{"text": "迟到的意见"}, nil)
		wantAPIError(t, "a comment after closing", st, raw, 409, "conflict")

		// every change is in the audit log
		actions := map[string]bool{}
		for off := 0; ; off += 1000 {
			log, err := a.store.AuditLog(ctx, 1000, off)
			must(t, err)
			for _, e := range log {
				actions[e.Action] = true
			}
			if len(log) < 1000 {
				break
			}
		}
		for _, want := range []string{"round.open", "round.view", "comment.add", "comment.edit", "comment.delete", "round.send", "round.no_comment", "remind", "comment.decide", "version.add", "comment.link", "round.extend", "round.close"} {
			if !actions[want] {
				t.Errorf("no %s in the audit log", want)
			}
		}
	})
}

// TestRoundSurrogates: offsets from a browser inside a character outside the BMP, and a unit
// that is not invited, are refused with a Chinese message and nothing stored.
func TestRoundSurrogates(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		ctx := context.Background()
		doc, err := load.Bytes([]byte("政府工作报告\n一、工作回顾\n𠮷祥镇新建𠮷祥大道3公里，群众出行更加便利。\n二、工作安排\n加快建设𠮷祥大道二期。\n"))
		must(t, err)
		v := &report.Version{WorkspaceID: a.ws.ID, Label: "测试稿", Doc: doc}
		must(t, a.store.AddVersion(ctx, v, nil, report.AuditEntry{}))
		rd := &report.Round{WorkspaceID: a.ws.ID, VersionID: v.ID, Title: "测试征求意见", Deadline: time.Now().Add(time.Hour),
			Recipients: []report.Recipient{{UnitID: a.units["donghu"].ID}}}
		must(t, a.store.OpenRound(ctx, rd, report.AuditEntry{}))
		roundURL := "/w/" + id(a.ws.ID) + "/rounds/" + id(rd.ID)
		blk, _, _, s16, e16 := passage(t, doc, "𠮷祥大道3公里")
		cw := a.login("contact")
		for _, c := range []struct {
			what       string
			start, end int
			quote      string
			want       string
		}{
			{"start inside a surrogate pair", s16 + 1, e16, "", "代理对"},
			{"end inside a surrogate pair", s16 - 1, s16 + 1, "", "代理对"},
			{"past the end", 0, 1000, "", "超出段落范围"},
			{"a selection that does not match", s16, e16, "吉祥大道3公里", "不符"},
		} {
			resp, page := cw.post(roundURL+"/comments", url.Values{"block": {blk}, "start": {fmt.Sprint(c.start)}, "end": {fmt.Sprint(c.end)}, "quote": {c.quote}, "text": {"意见"}})
			if resp.StatusCode != 400 || !strings.Contains(page, c.want) {
				t.Errorf("%s: %d %s", c.what, resp.StatusCode, text(page))
			}
		}
		if n := countComments(t, a, rd.ID, a.units["donghu"].ID); n != 0 {
			t.Fatalf("bad selections stored %d comments", n)
		}
		// the right UTF-16 offsets give the right characters
		if resp, page := cw.post(roundURL+"/comments", url.Values{"block": {blk}, "start": {fmt.Sprint(s16)}, "end": {fmt.Sprint(e16)}, "quote": {"𠮷祥大道3公里"}, "text": {"意见"}}); resp.StatusCode != 303 {
			t.Fatalf("a good selection: %d %s", resp.StatusCode, text(page))
		}
		cs, err := a.store.Comments(ctx, report.CommentFilter{RoundID: rd.ID, DraftsOf: a.units["donghu"].ID})
		must(t, err)
		if len(cs) != 1 || cs[0].Quote != "𠮷祥大道3公里" || cs[0].Start != 5 || cs[0].End != 12 {
			t.Errorf("stored %+v", cs)
		}
		// units not invited: 西山镇's contact does not see the round; the leaders see it but may not comment
		st, raw := a.tokenFor("contact2").call("POST", "/api/v1/rounds/"+id(rd.ID)+"/comments", map[string]any{"text": "x"}, nil)
		wantAPIError(t, "a contact of a unit not invited", st, raw, 404, "not_found")
		st, raw = a.tokenFor("leader").call("POST", "/api/v1/rounds/"+id(rd.ID)+"/comments", map[string]any{"text": "x"}, nil)
		wantAPIError(t, "a leader of a unit not invited", st, raw, 403, "forbidden")
		// a version not sent to the contact's unit stays unreadable
		if st, _ := a.tokenFor("contact2").call("GET", "/api/v1/versions/"+id(v.ID), nil, nil); st != 404 {
			t.Errorf("a contact of a unit not invited reads the version: %d", st)
		}
	})
}

func countComments(t testing.TB, a *app, round, unit int64) int {
	t.Helper()
	cs, err := a.store.Comments(context.Background(), report.CommentFilter{RoundID: round, DraftsOf: unit})
	must(t, err)
	return len(cs)
}

func manyComments(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = map[string]any{"text": fmt.Sprintf("第%d条意见", i+1)}
	}
	return out
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}
