package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qicao/docx"
	"qicao/load"
	"qicao/material"
	"qicao/report"
	"qicao/sample"
)

// workbook is an .xlsx whose first sheet holds rows.
func workbook(t testing.TB, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			f.SetCellStr("Sheet1", cell, v)
		}
	}
	var buf bytes.Buffer
	must(t, f.Write(&buf))
	return buf.Bytes()
}

// summaryDocx is a township's 工作总结 as a Word file.
func summaryDocx(t testing.TB) []byte {
	t.Helper()
	doc, err := load.Bytes([]byte("东湖镇2026年工作总结\n\n一、主要成绩\n全镇新建高标准农田1.2万亩，粮食总产量稳定在3万吨以上。\n二、存在问题\n农田水利设施老化，村级集体经济薄弱。\n"))
	must(t, err)
	var buf bytes.Buffer
	must(t, docx.Write(&buf, doc))
	return buf.Bytes()
}

type apiCampaign struct {
	ID    int64
	Items []struct {
		ID       int64
		Name     string
		Required bool
		Rows     bool
	}
	UnitIDs []int64 `json:"unit_ids"`
}

type apiStatus struct {
	UnitID       int64 `json:"unit_id"`
	Unit, Item   string
	Status       string
	SubmissionID int64 `json:"submission_id"`
	Late         bool
	Contact      string
	Phone        string
}

// TestMaterial is a campaign from opening to excerpts, on both databases: opened through the
// API, answered by two contacts (a .docx, 民生实事 rows by form and by .xlsx), replaced, late,
// reminded, exported, searched, excerpted, and the research around it; every bad input refused
// with a Chinese message and nothing stored.
func TestMaterial(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		ctx := context.Background()
		writer, contact, contact2 := a.tokenFor("writer"), a.tokenFor("contact"), a.tokenFor("contact2")
		donghu, xishan := a.units["donghu"].ID, a.units["xishan"].ID

		// opening: contacts may not, a writer may; items default to the four
		body := map[string]any{"title": "关于报送2027年政府工作报告起草材料的通知", "office": "示例市人民政府办公室",
			"doc_number": "示政办函〔2026〕12号", "date": "2026-10-19", "deadline": time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339),
			"unit_ids": []int64{donghu, xishan}, "contact_name": "李明", "phone": "0000-1234567"}
		st, raw := contact.call("POST", fmt.Sprintf("/api/v1/workspaces/%d/campaigns", a.ws.ID), body, nil)
		wantAPIError(t, "a contact opens a campaign", st, raw, 403, "forbidden")
		var c apiCampaign
		if st, raw := writer.call("POST", fmt.Sprintf("/api/v1/workspaces/%d/campaigns", a.ws.ID), body, &c); st != 201 || len(c.Items) != 4 || !c.Items[3].Rows || len(c.UnitIDs) != 2 {
			t.Fatalf("open campaign: %d %s", st, raw)
		}
		cid := id(c.ID)
		submit := func(cl *apiClient, fields map[string]string, name string, data []byte) (int, string) {
			var buf bytes.Buffer
			_ = buf
			return cl.upload("/api/v1/campaigns/"+cid+"/submissions", fields, name, data, nil)
		}
		count := func() int {
			subs, err := a.store.Submissions(ctx, c.ID, 0)
			must(t, err)
			return len(subs)
		}

		// the contact's to-do list names the campaign
		cw := a.login("contact")
		if _, home := cw.get("/w/" + id(a.ws.ID)); !strings.Contains(home, "材料报送：关于报送2027年政府工作报告起草材料的通知") {
			t.Errorf("the contact's home has no to-do for the campaign: %s", text(home))
		}

		// a .docx for 工作总结, read by the engine
		var sub struct {
			ID     int64
			Format string
			Late   bool
		}
		if st, raw := contact.upload("/api/v1/campaigns/"+cid+"/submissions", map[string]string{"item": "工作总结", "contact": "王联络", "phone": "13900000001"}, "东湖镇工作总结.docx", summaryDocx(t), &sub); st != 201 || sub.Format != "docx" || sub.Late {
			t.Fatalf("submit .docx: %d %s", st, raw)
		}
		got, err := a.store.Submission(ctx, sub.ID)
		must(t, err)
		if got.Doc == nil || !strings.Contains(got.Text, "高标准农田1.2万亩") {
			t.Fatalf("the .docx was not read: %+v", got)
		}
		// a PDF is kept unread, told by content whatever its name
		if st, raw := contact.upload("/api/v1/campaigns/"+cid+"/submissions", map[string]string{"item": "典型经验材料"}, "经验.txt", []byte("%PDF-1.7\n1 0 obj\n"), &sub); st != 201 || sub.Format != "pdf" {
			t.Fatalf("submit a PDF: %d %s", st, raw)
		}
		// 民生实事 by .xlsx from the second contact, and by the form from the first
		rows := workbook(t, [][]string{{"项目名称", "主要内容", "投资/资金", "责任单位", "完成时限"},
			{"老旧小区改造", "改造西山镇3个老旧小区", "1200万元", "西山镇", "2027年底"}, {"农村公路提档升级", "新建10公里", "800万元", "交通局", "2027年10月"}})
		if st, raw := contact2.upload("/api/v1/campaigns/"+cid+"/submissions", map[string]string{"item": "民生实事建议"}, "民生实事.xlsx", rows, &sub); st != 201 || sub.Format != "rows" {
			t.Fatalf("import .xlsx: %d %s", st, raw)
		}
		itemRows := id(c.Items[3].ID)
		resp, page := cw.post(fmt.Sprintf("/w/%d/campaigns/%s/units/%d/items/%s", a.ws.ID, cid, donghu, itemRows),
			url.Values{"p_name": {"老旧小区改造提升", ""}, "p_content": {"改造东湖镇老旧小区", ""}, "p_funds": {"600万元", ""}, "p_owner": {"东湖镇", ""}, "p_due": {"2027年", ""}})
		if resp.StatusCode != 303 {
			t.Fatalf("民生实事 by form: %d %s", resp.StatusCode, text(page))
		}
		ps, err := a.store.Projects(ctx, c.ID)
		must(t, err)
		if len(ps) != 3 {
			t.Fatalf("%d proposals", len(ps))
		}
		ww := a.login("writer")
		_, page = ww.get(fmt.Sprintf("/w/%d/campaigns/%s/projects", a.ws.ID, cid))
		if !strings.Contains(page, "2 个单位") {
			t.Errorf("similar 老旧小区 proposals are not grouped: %s", text(page))
		}

		// bad input: refused with a Chinese message, nothing stored
		n := count()
		hostile := hostileDocx(t)
		for _, tc := range []struct {
			what   string
			cl     *apiClient
			fields map[string]string
			name   string
			data   []byte
			status int
			code   string
		}{
			{"60 MB file", contact, map[string]string{"item": "工作计划"}, "计划.docx", bytes.Repeat([]byte("很大"), 10<<20), 413, "too_large"},
			{"hostile .docx", contact, map[string]string{"item": "工作计划"}, "计划.docx", hostile, 400, "invalid"},
			{".exe renamed .docx", contact, map[string]string{"item": "工作计划"}, "计划.docx", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), bytes.Repeat([]byte{0, 0xff, 7}, 300)...), 400, "invalid"},
			{"wrong columns", contact, map[string]string{"item": "民生实事建议"}, "表.xlsx", workbook(t, [][]string{{"名称", "金额"}, {"道路", "5"}}), 400, "invalid"},
			{"not a workbook", contact, map[string]string{"item": "民生实事建议"}, "表.xlsx", []byte("项目名称,主要内容\n"), 400, "invalid"},
			{"no such item", contact, map[string]string{"item": "年鉴"}, "a.txt", []byte("内容"), 400, "invalid"},
		} {
			st, raw := submit(tc.cl, tc.fields, tc.name, tc.data)
			wantAPIError(t, tc.what, st, raw, tc.status, tc.code)
		}
		// an empty required item typed in the form
		resp, page = cw.post(fmt.Sprintf("/w/%d/campaigns/%s/units/%d/items/%d", a.ws.ID, cid, donghu, c.Items[2].ID), url.Values{"text": {"  "}})
		if resp.StatusCode != 400 || !strings.Contains(page, "还没有内容") {
			t.Errorf("empty item: %d %s", resp.StatusCode, text(page))
		}
		// a contact submitting for another unit
		resp, page = cw.post(fmt.Sprintf("/w/%d/campaigns/%s/units/%d/items/%d", a.ws.ID, cid, xishan, c.Items[2].ID), url.Values{"text": {"冒名报送"}})
		if resp.StatusCode != 403 && resp.StatusCode != 404 {
			t.Errorf("submitting for another unit: %d %s", resp.StatusCode, text(page))
		}
		if count() != n {
			t.Fatalf("bad input stored %d submissions", count()-n)
		}
		if resp, _ := cw.get("/healthz"); resp.StatusCode != 200 {
			t.Fatal("the server stopped serving")
		}

		// a replacement keeps the first
		if st, raw := contact.upload("/api/v1/campaigns/"+cid+"/submissions", map[string]string{"item": "工作总结"}, "总结（修改）.txt", []byte("东湖镇工作总结（修改稿）\n全镇新建高标准农田1.3万亩。\n"), &sub); st != 201 {
			t.Fatalf("replace: %d %s", st, raw)
		}
		hist, err := a.store.Submissions(ctx, c.ID, donghu)
		must(t, err)
		old := 0
		for _, s := range hist {
			if !s.Current {
				old++
			}
		}
		if old != 1 {
			t.Errorf("%d replaced submissions kept, want 1", old)
		}

		// the board: one row per unit and item
		var status []apiStatus
		if st, raw := writer.call("GET", "/api/v1/campaigns/"+cid+"/status", nil, &status); st != 200 || len(status) != 8 {
			t.Fatalf("status: %d %s", st, raw)
		}
		want := map[string]string{"东湖镇/工作总结": "已报送", "东湖镇/典型经验材料": "已报送", "东湖镇/工作计划": "未报送", "西山镇/民生实事建议": "已报送", "西山镇/工作总结": "未报送"}
		for _, s := range status {
			if w, ok := want[s.Unit+"/"+s.Item]; ok && s.Status != w {
				t.Errorf("%s/%s: %s, want %s", s.Unit, s.Item, s.Status, w)
			}
		}
		var mine []apiStatus
		if st, _ := contact2.call("GET", "/api/v1/campaigns/"+cid+"/status", nil, &mine); st != 200 || len(mine) != 4 || mine[0].Unit != "西山镇" {
			t.Errorf("a contact's status: %d %+v", st, mine)
		}

		// the board as .xlsx
		resp, xlsx := ww.get(fmt.Sprintf("/w/%d/campaigns/%s/board.xlsx", a.ws.ID, cid))
		if resp.StatusCode != 200 {
			t.Fatalf("board.xlsx: %d", resp.StatusCode)
		}
		f, err := excelize.OpenReader(strings.NewReader(xlsx))
		must(t, err)
		sheet, err := f.GetRows("报送情况表")
		must(t, err)
		// the units' order follows their ids, which the seed gives in no fixed order
		rowOf := map[string][]string{}
		for _, row := range sheet {
			if len(row) > 2 {
				rowOf[row[1]] = row
			}
		}
		if len(sheet) < 4 || sheet[1][1] != "单位" || !strings.HasPrefix(rowOf["东湖镇"][2], "已报送") || rowOf["西山镇"][2] != "未报送" {
			t.Errorf("报送情况表: %q", sheet)
		}

		// reminders raise the campaign in 西山镇's list
		resp, page = ww.post(fmt.Sprintf("/w/%d/campaigns/%s/remind", a.ws.ID, cid), url.Values{"unit": {id(xishan)}, "note": {"请尽快报送工作总结"}})
		if resp.StatusCode != 303 {
			t.Fatalf("remind: %d %s", resp.StatusCode, text(page))
		}
		rems, err := a.store.Reminders(ctx, a.ws.ID, xishan)
		must(t, err)
		if len(rems) != 1 || rems[0].Subject != "campaign:"+cid {
			t.Errorf("reminders %+v", rems)
		}
		if _, home := a.login("contact2").get("/w/" + id(a.ws.ID)); !strings.Contains(home, "请尽快报送工作总结") {
			t.Errorf("the reminded contact's home does not show the reminder: %s", text(home))
		}

		// search, the same on both databases
		var res struct {
			Total int
			Hits  []struct {
				Kind, Unit, Item, Snippet string
				SubmissionID              int64 `json:"submission_id"`
			}
		}
		if st, raw := writer.call("GET", fmt.Sprintf("/api/v1/workspaces/%d/materials?q=%s", a.ws.ID, url.QueryEscape("高标准农田")), nil, &res); st != 200 || res.Total != 1 ||
			res.Hits[0].Unit != "东湖镇" || res.Hits[0].Item != "工作总结" || !strings.Contains(res.Hits[0].Snippet, "高标准农田1.3万亩") {
			t.Fatalf("search: %d %s", st, raw)
		}
		st, raw = contact.call("GET", fmt.Sprintf("/api/v1/workspaces/%d/materials?q=x", a.ws.ID), nil, nil)
		wantAPIError(t, "a contact searches", st, raw, 403, "forbidden")
		if st, raw := writer.call("GET", fmt.Sprintf("/api/v1/workspaces/%d/materials?q=%s", a.ws.ID, url.QueryEscape("公路")), nil, &res); st != 200 || res.Total != 1 || res.Hits[0].Unit != "西山镇" {
			t.Errorf("two-character search in 民生实事 rows: %d %s", st, raw)
		}

		// an excerpt filed under a section of the latest version, seen there with its source
		v2, err := a.store.Version(ctx, a.v2.ID)
		must(t, err)
		var section *report.Block
		for i := range v2.Doc.Blocks {
			if v2.Doc.Blocks[i].Kind == report.Heading {
				section = &v2.Doc.Blocks[i]
				break
			}
		}
		hit := res.Hits[0].SubmissionID
		must(t, json.Unmarshal([]byte(mustSearch(t, writer, a.ws.ID, "高标准农田")), &res))
		hit = res.Hits[0].SubmissionID
		resp, page = ww.post(fmt.Sprintf("/w/%d/excerpts", a.ws.ID), url.Values{"submission": {id(hit)}, "quote": {"全镇新建高标准农田1.3万亩"}, "block": {section.ID}, "note": {"农业部分"}})
		if resp.StatusCode != 303 {
			t.Fatalf("excerpt: %d %s", resp.StatusCode, text(page))
		}
		resp, page = ww.post(fmt.Sprintf("/w/%d/excerpts", a.ws.ID), url.Values{"submission": {id(hit)}, "quote": {"材料里没有的话"}, "block": {section.ID}})
		if resp.StatusCode != 400 || !strings.Contains(page, "原材料") {
			t.Errorf("an excerpt not in the source: %d %s", resp.StatusCode, text(page))
		}
		_, page = a.login("leader").get(fmt.Sprintf("/w/%d/excerpts", a.ws.ID))
		if !strings.Contains(page, "全镇新建高标准农田1.3万亩") || !strings.Contains(page, "东湖镇 · 工作总结") {
			t.Errorf("the excerpts page: %s", text(page))
		}

		// research: a team, a visit, typed minutes, found by search
		for _, step := range []struct {
			path string
			form url.Values
		}{
			{"/research/teams", url.Values{"name": {"第一调研组"}, "leader": {"王副市长"}, "members": {"李明、赵强"}}},
		} {
			if resp, page := ww.post(fmt.Sprintf("/w/%d%s", a.ws.ID, step.path), step.form); resp.StatusCode != 303 {
				t.Fatalf("%s: %d %s", step.path, resp.StatusCode, text(page))
			}
		}
		teams, err := a.store.Teams(ctx, a.ws.ID)
		must(t, err)
		if resp, page := ww.post(fmt.Sprintf("/w/%d/research/visits", a.ws.ID), url.Values{"team": {id(teams[0].ID)}, "unit": {id(donghu)}, "date": {"2026-10-27"}, "topic": {"乡村振兴"}}); resp.StatusCode != 303 {
			t.Fatalf("visit: %d %s", resp.StatusCode, text(page))
		}
		visits, err := a.store.Visits(ctx, a.ws.ID)
		must(t, err)
		var mbuf bytes.Buffer
		mw := multipartForm(&mbuf, map[string]string{"csrf": ww.csrf, "text": "座谈中，镇里反映冷链物流设施不足，建议统筹建设。"})
		resp, page = ww.doRaw("POST", fmt.Sprintf("/w/%d/research/visits/%d/minutes", a.ws.ID, visits[0].ID), mw, &mbuf)
		if resp.StatusCode != 303 {
			t.Fatalf("minutes: %d %s", resp.StatusCode, text(page))
		}
		if st, raw := writer.call("GET", fmt.Sprintf("/api/v1/workspaces/%d/materials?q=%s", a.ws.ID, url.QueryEscape("冷链物流")), nil, &res); st != 200 || res.Total != 1 || res.Hits[0].Kind != "minutes" {
			t.Errorf("search minutes: %d %s", st, raw)
		}
		_, page = ww.get(fmt.Sprintf("/w/%d/research", a.ws.ID))
		if !strings.Contains(page, "第一调研组 → 东湖镇") || !strings.Contains(page, "10月27日") {
			t.Errorf("research page: %s", text(page))
		}
		ev, err := a.store.MaterialEvents(ctx, a.ws.ID)
		must(t, err)
		if len(ev.Campaigns) != 1 || ev.Campaigns[0].Recipients != 2 || ev.Teams != 1 || len(ev.Visits) != 1 {
			t.Errorf("events %+v", ev)
		}

		// a late campaign: without a reason refused, with one marked late
		body["deadline"] = time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
		body["title"] = "关于补报材料的通知"
		var late apiCampaign
		if st, raw := writer.call("POST", fmt.Sprintf("/api/v1/workspaces/%d/campaigns", a.ws.ID), body, &late); st != 201 {
			t.Fatalf("late campaign: %d %s", st, raw)
		}
		st, raw = contact.upload(fmt.Sprintf("/api/v1/campaigns/%d/submissions", late.ID), map[string]string{"item": "工作计划"}, "计划.txt", []byte("2027年工作计划"), nil)
		wantAPIError(t, "late without a reason", st, raw, 400, "invalid")
		if !strings.Contains(raw, "逾期") {
			t.Errorf("late message: %s", raw)
		}
		if st, raw := contact.upload(fmt.Sprintf("/api/v1/campaigns/%d/submissions", late.ID), map[string]string{"item": "工作计划", "reason": "等待统计数据"}, "计划.txt", []byte("2027年工作计划"), &sub); st != 201 || !sub.Late {
			t.Fatalf("late with a reason: %d %s", st, raw)
		}

		// the notice .docx reads back with its parts
		resp, notice := cw.get(fmt.Sprintf("/w/%d/campaigns/%s/notice.docx", a.ws.ID, cid))
		if resp.StatusCode != 200 {
			t.Fatalf("notice: %d", resp.StatusCode)
		}
		nd, err := load.Bytes([]byte(notice))
		must(t, err)
		for _, want := range []string{"示政办函〔2026〕12号", "关于报送2027年政府工作报告起草材料的通知", "各乡镇人民政府：", "工作总结", "民生实事建议", "2026年10月19日", "联系人：李明"} {
			if !strings.Contains(nd.PlainText(), want) {
				t.Errorf("the notice lacks %q:\n%s", want, nd.PlainText())
			}
		}

		// every change is audited
		es, err := a.store.AuditLog(ctx, 1000, 0)
		must(t, err)
		actions := map[string]int{}
		for _, e := range es {
			actions[e.Action]++
		}
		for _, act := range []string{"campaign.create", "submission.add", "remind", "excerpt.add", "team.create", "visit.add", "minutes.add"} {
			if actions[act] == 0 {
				t.Errorf("no %s in the audit log", act)
			}
		}
		_ = sample.Report
	})
}

func mustSearch(t *testing.T, c *apiClient, wid int64, q string) string {
	t.Helper()
	st, raw := c.call("GET", fmt.Sprintf("/api/v1/workspaces/%d/materials?q=%s", wid, url.QueryEscape(q)), nil, nil)
	if st != 200 {
		t.Fatalf("search %s: %d %s", q, st, raw)
	}
	return raw
}

// hostileDocx is a .docx whose document part declares entities (a billion laughs).
func hostileDocx(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml": `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>` +
			`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>`,
	} {
		w, err := zw.Create(name)
		must(t, err)
		w.Write([]byte(body))
	}
	must(t, zw.Close())
	return buf.Bytes()
}

// multipartForm writes fields as a multipart body and returns its content type.
func multipartForm(buf *bytes.Buffer, fields map[string]string) string {
	mw := multipart.NewWriter(buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	return mw.FormDataContentType()
}

func (c *client) doRaw(method, path, contentType string, body io.Reader) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.app.url+path, body)
	must(c.t, err)
	req.Header.Set("Content-Type", contentType)
	return c.do(req)
}

// materialFixture is one of everything 材料征集 and 调研 have, for the authorisation test.
type materialFixture struct{ campaign, item, submission, visit, minutes int64 }

func seedMaterial(t testing.TB, a *app) materialFixture {
	t.Helper()
	ctx := context.Background()
	donghu := a.units["donghu"].ID
	c := &report.Campaign{WorkspaceID: a.ws.ID, Title: "关于报送材料的通知", Office: "示例市人民政府办公室", Date: time.Date(2026, 10, 19, 0, 0, 0, 0, time.UTC),
		Deadline: time.Now().Add(24 * time.Hour), Items: material.DefaultItems(), UnitIDs: []int64{donghu, a.units["xishan"].ID}}
	must(t, a.store.CreateCampaign(ctx, c, report.AuditEntry{}))
	sub := &report.Submission{CampaignID: c.ID, ItemID: c.Items[0].ID, UnitID: donghu, Filename: "总结.txt", Format: "txt", Text: "东湖镇工作总结"}
	must(t, a.store.Submit(ctx, sub, []byte("东湖镇工作总结"), nil, report.AuditEntry{}))
	team := &report.Team{WorkspaceID: a.ws.ID, Name: "第一调研组"}
	must(t, a.store.CreateTeam(ctx, team, report.AuditEntry{}))
	v := &report.Visit{TeamID: team.ID, UnitID: donghu, Date: time.Date(2026, 10, 27, 0, 0, 0, 0, time.UTC), Topic: "乡村振兴"}
	must(t, a.store.AddVisit(ctx, v, report.AuditEntry{}))
	m := &report.Minutes{VisitID: v.ID, Filename: "纪要.txt", Format: "txt", Text: "座谈纪要"}
	must(t, a.store.AddMinutes(ctx, m, []byte("座谈纪要"), report.AuditEntry{}))
	return materialFixture{campaign: c.ID, item: c.Items[1].ID, submission: sub.ID, visit: v.ID, minutes: m.ID}
}
