package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"qicao/chronicle"
	"qicao/compare"
	"qicao/load"
	"qicao/report"
	"qicao/sample"
	"qicao/web"
)

// seedMeeting records a meeting on v1 today with one general instruction assigned to the writer.
func (a *app) seedMeeting() (meeting, instruction int64) {
	ctx := context.Background()
	m := &report.Meeting{WorkspaceID: a.ws.ID, Kind: "政府常务会议", Date: chronicle.Day(time.Now()), VersionID: a.v1.ID, PresidingID: a.users["leader"].ID}
	must(a.t, a.store.CreateMeeting(ctx, m, report.AuditEntry{}))
	in := &report.Instruction{MeetingID: m.ID, VersionID: a.v1.ID, Text: "民生实事增加一项", GivenBy: "市长", AssigneeID: a.users["writer"].ID}
	must(a.t, a.store.AddInstruction(ctx, in, report.AuditEntry{}))
	return m.ID, in.ID
}

type meetingJSON struct {
	ID        int64  `json:"id"`
	Date      string `json:"date"`
	VersionID int64  `json:"version_id"`
}

type instructionJSON struct {
	ID      int64  `json:"id"`
	Text    string `json:"text"`
	State   string `json:"state"`
	Current string `json:"current"`
	Status  string `json:"status"`
	Outcome string `json:"outcome"`
	Anchor  *struct {
		BlockID string `json:"block_id"`
		Quote   string `json:"quote"`
	} `json:"anchor"`
}

// TestMeetingFlow: a meeting on the 征求意见稿, instructions on its passages, the next version,
// how each passage changed, 落实 with what was done, the one-page report, the 起草说明 and the
// timeline, through the API and the pages, with the bad input of the issue refused.
func TestMeetingFlow(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		ctx := context.Background()
		api := a.tokenFor("writer")
		leader := a.tokenFor("leader")
		wid := id(a.ws.ID)
		today := chronicle.Day(time.Now())

		// A meeting dated before the version it reviews, or on another workspace's version.
		st, body := api.call("POST", "/api/v1/workspaces/"+wid+"/meetings", map[string]any{"kind": "政府常务会议",
			"date": today.AddDate(0, 0, -2).Format("2006-01-02"), "version_id": a.v2.ID}, nil)
		if st != 400 || !strings.Contains(body, "早于所审议版本的上传日期") {
			t.Fatalf("meeting before its version: %d %s", st, body)
		}
		other := &report.Workspace{Name: "2028年政府工作报告", Year: 2028}
		must(t, a.store.CreateWorkspace(ctx, other, report.AuditEntry{}))
		d1, err := load.Bytes(sample.Report(1))
		must(t, err)
		otherV := &report.Version{WorkspaceID: other.ID, Label: "初稿", Doc: d1}
		must(t, a.store.AddVersion(ctx, otherV, nil, report.AuditEntry{}))
		st, body = api.call("POST", "/api/v1/workspaces/"+wid+"/meetings", map[string]any{"kind": "政府常务会议",
			"date": today.Format("2006-01-02"), "version_id": otherV.ID}, nil)
		if st != 400 || !strings.Contains(body, "不属于本工作区") {
			t.Fatalf("meeting on another workspace's version: %d %s", st, body)
		}
		ms, _ := a.store.Meetings(ctx, a.ws.ID)
		if len(ms) != 0 {
			t.Fatalf("a refused meeting was stored: %+v", ms)
		}

		var m meetingJSON
		st, body = leader.call("POST", "/api/v1/workspaces/"+wid+"/meetings", map[string]any{"kind": "政府常务会议",
			"date": today.Format("2006-01-02"), "version_id": a.v2.ID, "attendees": []string{"李市长", "王副市长"}}, &m)
		if st != 201 || m.ID == 0 || m.Date != today.Format("2006-01-02") {
			t.Fatalf("meeting: %d %s", st, body)
		}
		mid := id(m.ID)

		// Three instructions: on a passage the next version rewrites, on one it keeps, on the
		// report as a whole; v3 is the 送审稿 written from v2.
		v3doc, err := load.Bytes(sample.Report(3))
		must(t, err)
		res := compare.Compare(a.v2.Doc, v3doc)
		var changed, same *report.Block
		for _, op := range res.Ops {
			if op.Old < 0 || op.New < 0 {
				continue
			}
			b := &a.v2.Doc.Blocks[op.Old]
			if b.Kind != report.Paragraph || len([]rune(b.Text)) < 30 {
				continue
			}
			if op.Kind == compare.Changed && changed == nil {
				changed = b
			}
			if op.Kind == compare.Same && same == nil {
				same = b
			}
		}
		if changed == nil || same == nil {
			t.Fatal("the sample versions have no changed and unchanged paragraphs to test with")
		}
		var first, second, general instructionJSON
		st, body = api.call("POST", "/api/v1/meetings/"+mid+"/instructions", map[string]any{"block_id": changed.ID, "text": "这一段要再具体一些", "given_by": "市长 李市长", "assignee_id": a.users["writer"].ID}, &first)
		if st != 201 || first.Anchor == nil || first.Anchor.Quote != changed.Text {
			t.Fatalf("instruction on a paragraph: %d %s", st, body)
		}
		quote := string([]rune(same.Text)[2:10])
		st, body = api.call("POST", "/api/v1/meetings/"+mid+"/instructions", map[string]any{"block_id": same.ID, "start": 2, "end": 10, "quote": quote, "text": "表述再精炼"}, &second)
		if st != 201 || second.Anchor.Quote != quote {
			t.Fatalf("instruction on a passage: %d %s", st, body)
		}
		st, body = api.call("POST", "/api/v1/meetings/"+mid+"/instructions", map[string]any{"text": "民生实事增加一项", "assignee_id": a.users["writer"].ID}, &general)
		if st != 201 || general.Anchor != nil || general.Status != "pending" {
			t.Fatalf("general instruction: %d %s", st, body)
		}
		// On a passage of another workspace's version: refused, whether the version is named or not.
		ob := otherV.Doc.Blocks[2]
		st, body = api.call("POST", "/api/v1/meetings/"+mid+"/instructions", map[string]any{"version_id": otherV.ID, "block_id": ob.ID, "start": 0, "end": 2, "text": "x"}, nil)
		if st != 400 || !strings.Contains(body, "不能指向其他版本") {
			t.Fatalf("instruction naming another workspace's version: %d %s", st, body)
		}
		if a.v2.Doc.Block(ob.ID) == nil {
			st, body = api.call("POST", "/api/v1/meetings/"+mid+"/instructions", map[string]any{"block_id": ob.ID, "start": 0, "end": 2, "text": "x"}, nil)
			if st != 400 || !strings.Contains(body, "没有所指的段落") {
				t.Fatalf("instruction on another version's paragraph: %d %s", st, body)
			}
		}
		st, body = api.call("POST", "/api/v1/meetings/"+mid+"/instructions", map[string]any{"block_id": same.ID, "start": 2, "end": 10, "quote": "不是这几个字", "text": "x"}, nil)
		if st != 400 {
			t.Fatalf("instruction with a wrong quote: %d %s", st, body)
		}
		ins, _ := a.store.Instructions(ctx, a.ws.ID, m.ID)
		if len(ins) != 3 {
			t.Fatalf("%d instructions stored, want 3", len(ins))
		}

		// Minutes: empty refused, a file read, typed text replacing it; a contact cannot.
		w := a.login("writer")
		resp, page := w.post("/w/"+wid+"/meetings/"+mid+"/minutes", url.Values{"text": {"  "}})
		if resp.StatusCode != 400 || !strings.Contains(page, "会议纪要还没有内容") {
			t.Fatalf("empty minutes: %d", resp.StatusCode)
		}
		resp, _ = w.uploadFile("/w/"+wid+"/meetings/"+mid+"/minutes", "纪要.txt", []byte("市政府常务会议纪要\n\n会议原则通过《报告》。"), nil)
		if resp.StatusCode != 303 {
			t.Fatalf("minutes file: %d", resp.StatusCode)
		}
		got0, err := a.store.Meeting(ctx, m.ID)
		must(t, err)
		if got0.MinutesFilename != "纪要.txt" || !strings.Contains(got0.MinutesText, "会议原则通过《报告》。") {
			t.Errorf("minutes from a file: %q %q", got0.MinutesFilename, got0.MinutesText)
		}
		if resp, _ := w.get("/w/" + id(other.ID) + "/meetings/" + mid); resp.StatusCode != 404 {
			t.Errorf("the meeting under another workspace: %d", resp.StatusCode)
		}
		if resp, _ := a.login("contact").post("/w/"+wid+"/meetings/"+mid+"/minutes", url.Values{"text": {"x"}}); resp.StatusCode != 403 {
			t.Errorf("a contact's minutes: %d", resp.StatusCode)
		}

		// The writer's 待办 lists the two assigned to them.
		_, home := w.get("/w/" + wid)
		if strings.Count(home, "落实审议意见：") != 2 {
			t.Errorf("writer's to-do list: %s", text(home))
		}

		// The next version; marking on the meeting's own version is refused.
		st, body = api.call("POST", "/api/v1/instructions/"+id(first.ID)+"/status", map[string]any{"status": "done", "outcome": "改了", "version_id": a.v2.ID}, nil)
		if st != 400 {
			t.Fatalf("marking on the reviewed version: %d %s", st, body)
		}
		var v3 struct {
			ID    int64  `json:"id"`
			Stage string `json:"stage"`
		}
		st, body = api.upload("/api/v1/workspaces/"+wid+"/versions", map[string]string{"label": "送审稿", "stage": "政府常务会议审议"}, "v3.txt", sample.Report(3), &v3)
		if st != 201 || v3.Stage != "政府常务会议审议" {
			t.Fatalf("v3: %d %s", st, body)
		}
		if _, vp := w.get("/w/" + wid + "/versions/" + id(v3.ID)); !strings.Contains(vp, "政府常务会议审议阶段") {
			t.Error("the version page does not say the stage it was made for")
		}
		var got []instructionJSON
		st, body = api.call("GET", "/api/v1/versions/"+id(v3.ID)+"/instructions", nil, &got)
		if st != 200 || len(got) != 3 {
			t.Fatalf("instructions of v3: %d %s", st, body)
		}
		states := map[int64]instructionJSON{}
		for _, g := range got {
			states[g.ID] = g
		}
		if s := states[first.ID]; s.State != "changed" || s.Current == changed.Text {
			t.Errorf("rewritten paragraph: %+v", s)
		}
		if s := states[second.ID]; s.State != "exact" || s.Current != quote {
			t.Errorf("kept passage: %+v", s)
		}
		if s := states[general.ID]; s.State != "general" {
			t.Errorf("general: %+v", s)
		}

		// 已落实 without what was done, 未落实 without a reason: refused, nothing stored.
		n := len(auditLog(t, a))
		st, body = api.call("POST", "/api/v1/instructions/"+id(first.ID)+"/status", map[string]any{"status": "done", "outcome": " ", "version_id": v3.ID}, nil)
		if st != 400 || !strings.Contains(body, "请写明做了哪些修改") {
			t.Fatalf("已落实 without what: %d %s", st, body)
		}
		resp, page = w.post("/w/"+wid+"/instructions/"+id(second.ID)+"/mark", url.Values{"status": {"not_done"}, "version": {id(v3.ID)}})
		if resp.StatusCode != 400 || !strings.Contains(page, "请写明原因") {
			t.Fatalf("未落实 without why: %d %s", resp.StatusCode, text(page))
		}
		if len(auditLog(t, a)) != n {
			t.Fatal("a refused mark was audited")
		}
		st, body = api.call("POST", "/api/v1/instructions/"+id(first.ID)+"/status", map[string]any{"status": "done", "outcome": "补充了三项具体举措", "version_id": v3.ID}, nil)
		if st != 200 || !strings.Contains(body, `"status":"done"`) {
			t.Fatalf("已落实: %d %s", st, body)
		}
		resp, _ = w.post("/w/"+wid+"/instructions/"+id(second.ID)+"/mark", url.Values{"status": {"done"}, "outcome": {"已精炼"}, "version": {id(v3.ID)}})
		if resp.StatusCode != 303 {
			t.Fatalf("mark form: %d", resp.StatusCode)
		}
		if e := auditLog(t, a)[0]; e.Action != "instruction.mark" || e.WorkspaceID != a.ws.ID {
			t.Errorf("last audit %+v", e)
		}

		// The meeting page, the one-page 落实情况 and its .docx.
		_, page = w.get("/w/" + wid + "/meetings/" + mid)
		for _, want := range []string{"所指文字已修改", "原文未改", "补充了三项具体举措", "<del>", "<ins>"} {
			if !strings.Contains(page, want) {
				t.Errorf("meeting page lacks %q", want)
			}
		}
		lc := a.login("leader")
		_, page = lc.get("/w/" + wid + "/meetings/" + mid + "/carry")
		if !strings.Contains(page, "提出审议意见3条。对照第3版《送审稿》，已落实2条，未落实0条，待落实1条。") {
			t.Errorf("落实情况: %s", text(page))
		}
		resp, docxBody := lc.get("/w/" + wid + "/meetings/" + mid + "/carry.docx")
		if resp.StatusCode != 200 || !strings.HasPrefix(docxBody, "PK") {
			t.Errorf("落实情况.docx: %d", resp.StatusCode)
		}

		// The 起草说明 through the API: JSON with each sentence's record, Markdown, .docx.
		st, body = leader.call("GET", "/api/v1/workspaces/"+wid+"/explanation?version="+id(v3.ID)+"&format=md", nil, nil)
		if st != 200 || !strings.Contains(body, "经市政府常务会议审议，会议提出审议意见3条，已落实2条、正在落实1条。") || !strings.Contains(body, "# 关于2027年《政府工作报告（送审稿）》") {
			t.Errorf("explanation md: %d %s", st, body)
		}
		var e chronicle.Explanation
		st, body = leader.call("GET", "/api/v1/workspaces/"+wid+"/explanation?version="+id(v3.ID), nil, &e)
		if st != 200 || len(e.Sections) != 3 {
			t.Fatalf("explanation json: %d %s", st, body)
		}
		found := false
		for _, s := range e.Sections[0].Paragraphs[0] {
			found = found || (s.Ref.Kind == "meeting" && s.Ref.ID == m.ID)
		}
		if !found {
			t.Error("no sentence names the meeting")
		}
		st, body = leader.call("GET", "/api/v1/workspaces/"+wid+"/explanation?version="+id(v3.ID)+"&format=docx", nil, nil)
		if st != 200 || !strings.HasPrefix(body, "PK") {
			t.Errorf("explanation docx: %d", st)
		}
		st, _ = leader.call("GET", "/api/v1/workspaces/"+wid+"/explanation?version="+id(otherV.ID), nil, nil)
		if st != 400 {
			t.Errorf("explanation of another workspace's version: %d", st)
		}
		_, page = lc.get("/w/" + wid + "/explanation?version=" + id(v3.ID))
		if !strings.Contains(page, `href="/w/`+wid+`/meetings/`+mid+`"`) {
			t.Error("the explanation page does not link the meeting's sentence to the meeting")
		}
		resp, _ = w.post("/w/"+wid+"/explanation/principles", url.Values{"principles": {"结构力求合理，表述力求准确。"}})
		if resp.StatusCode != 303 {
			t.Errorf("principles: %d", resp.StatusCode)
		}
		_, md := w.get("/w/" + wid + "/explanation.md")
		if !strings.Contains(md, "## 三、《报告》的特点\n\n结构力求合理，表述力求准确。") {
			t.Errorf("principles not in the explanation: %s", md)
		}

		// The timeline, the 修改对照 downloads.
		_, page = lc.get("/w/" + wid + "/timeline")
		if !strings.Contains(page, "政府常务会议审议《征求意见稿》，提出审议意见3条") {
			t.Errorf("timeline: %s", text(page))
		}
		resp, page = lc.get("/w/" + wid + "/compare/print?from=" + id(a.v2.ID) + "&to=" + id(v3.ID))
		if resp.StatusCode != 200 || !strings.Contains(page, "只看修改的段落") || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "style-src 'unsafe-inline'") {
			t.Errorf("printable comparison: %d", resp.StatusCode)
		}
		resp, docxBody = lc.get("/w/" + wid + "/compare/docx?from=" + id(a.v2.ID) + "&to=" + id(v3.ID))
		if resp.StatusCode != 200 || !strings.HasPrefix(docxBody, "PK") {
			t.Errorf("tracked .docx: %d", resp.StatusCode)
		}
		resp, _ = lc.get("/w/" + wid + "/compare/docx?from=" + id(otherV.ID) + "&to=" + id(v3.ID))
		if resp.StatusCode != 404 {
			t.Errorf("comparing another workspace's version: %d", resp.StatusCode)
		}
	})
}

// TestStages: the default list, a workspace's own, a loop refused, the home page's status.
func TestStages(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		w := a.login("writer")
		wid := id(a.ws.ID)
		_, home := w.get("/w/" + wid)
		if !strings.Contains(home, "当前阶段：<strong>起草</strong>") || !strings.Contains(home, "下一步：<strong>征求意见</strong>") {
			t.Errorf("home without stages: %s", text(home))
		}
		resp, page := w.post("/w/"+wid+"/stages", url.Values{"stages": {"起草\n征求意见\n政府常务会议审议\n起草"}})
		if resp.StatusCode != 400 || !strings.Contains(page, "顺序成环") {
			t.Fatalf("a loop: %d %s", resp.StatusCode, text(page))
		}
		resp, page = w.post("/w/"+wid+"/stages", url.Values{"stages": {"起草 2027-01-03\n征求意见 2026-12-20"}})
		if resp.StatusCode != 400 || !strings.Contains(page, "日期却更早") {
			t.Fatalf("dates backwards: %d %s", resp.StatusCode, text(page))
		}
		resp, page = w.post("/w/"+wid+"/stages", url.Values{"stages": {"起草 2026-12-01\n征求意见 2027-01-05\n区委常委会审议\n定稿 2027-01-20"}})
		if resp.StatusCode != 303 {
			t.Fatalf("own stages: %d %s", resp.StatusCode, text(page))
		}
		got, err := a.store.Stages(context.Background(), a.ws.ID)
		must(t, err)
		if len(got) != 4 || got[2].Name != "区委常委会审议" {
			t.Fatalf("stages %+v", got)
		}
		// A version made for 征求意见 moves the report on.
		api := a.tokenFor("writer")
		st, body := api.upload("/api/v1/workspaces/"+wid+"/versions", map[string]string{"label": "征求意见稿", "stage": "征求意见", "identical": "ok"}, "v.txt", sample.Report(2), nil)
		if st != 201 {
			t.Fatalf("upload: %d %s", st, body)
		}
		st, body = api.upload("/api/v1/workspaces/"+wid+"/versions", map[string]string{"label": "x", "stage": "人代会", "identical": "ok"}, "v.txt", sample.Report(2), nil)
		if st != 400 || !strings.Contains(body, "不在本工作区的阶段列表中") {
			t.Fatalf("unknown stage: %d %s", st, body)
		}
		_, home = w.get("/w/" + wid)
		if !strings.Contains(home, "当前阶段：<strong>征求意见</strong>（计划 1月5日）") || !strings.Contains(home, "下一步：<strong>区委常委会审议</strong>") {
			t.Errorf("home after a version: %s", text(home))
		}
	})
}

func auditLog(t *testing.T, a *app) []report.AuditEntry {
	es, err := a.store.AuditLog(context.Background(), 1000, 0)
	must(t, err)
	return es
}

// TestMeetingDayInChina: the office's day, not the server's. At 01:00 Beijing time the server's
// UTC clock still reads the day before; the form must offer the office's date, which the store
// checks against the version's upload day, also in China.
func TestMeetingDayInChina(t *testing.T) {
	late := time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC) // 01:00 on 1 December in Beijing
	a := startAppWith(t, backends[0].dsn(t), func(c *web.Config) { c.Now = func() time.Time { return late } })
	w := a.login("writer")
	_, body := w.get(fmt.Sprintf("/w/%d/meetings", a.ws.ID))
	if !strings.Contains(body, `name="date" value="2026-12-01"`) {
		t.Errorf("the meeting form does not default to the day in China:\n%s", text(body))
	}
}
