package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qicao/docx"
	"qicao/report"
)

// figuresDraft is a draft with placeholders as writers type them.
const figuresDraft = `政府工作报告
一、2026年工作回顾
预计全年实现地区生产总值××亿元【地区生产总值｜统计局】，增长XX%【地区生产总值增速｜统计局】；一般公共预算收入完成××亿元【待填：一般公共预算收入｜财政局】。
新增城镇就业XX人【城镇新增就业】，全年实施重点项目126个。
二、2027年工作安排
2027年经济社会发展的主要预期目标是：地区生产总值增长【地区生产总值增长目标｜统计局】左右。
`

// seedFigureUnits adds the departments of the figures tests and their contacts.
func (a *app) seedFigureUnits() {
	ctx := context.Background()
	hash := a.users["writer"].PasswordHash
	for _, d := range []struct{ key, name, user string }{{"tongji", "市统计局", "tongji"}, {"caizheng", "市财政局", "caizheng"}, {"renshe", "市人力资源和社会保障局", "renshe"}} {
		u := &report.Unit{Name: d.name, Kind: report.UnitDepartment}
		must(a.t, a.store.CreateUnit(ctx, u, report.AuditEntry{}))
		a.units[d.key] = u
		user := &report.User{Username: d.user, Name: d.name + "联络员", Role: report.RoleContact, UnitID: u.ID, PasswordHash: hash}
		must(a.t, a.store.CreateUser(ctx, user, report.AuditEntry{}))
		a.users[d.user] = user
	}
}

// ownedIndicator adds an unfilled indicator owned by a user's unit.
func (a *app) ownedIndicator(username string) *report.Indicator {
	ind := &report.Indicator{WorkspaceID: a.ws.ID, Name: "镇级财政收入", Unit: "万元", Period: "2026年", Kind: report.KindActual,
		OwnerID: a.users[username].UnitID, Status: report.StatusPending}
	must(a.t, a.store.CreateIndicator(context.Background(), ind, report.AuditEntry{}))
	return ind
}

// send makes a request with a JSON body (or none) as the client, with its CSRF token.
func (c *client) send(method, path string, body any) (*http.Response, string) {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		must(c.t, err)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.app.url+path, r)
	must(c.t, err)
	req.Header.Set("X-CSRF-Token", c.csrf)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.do(req)
}

// send calls the API and answers like client.send.
func (c *apiClient) send(method, path string, body any) (*http.Response, string) {
	c.t.Helper()
	code, raw := c.call(method, path, body, nil)
	return &http.Response{StatusCode: code}, raw
}

// uploadFile posts a multipart file to path with extra fields.
func (c *client) uploadFile(path, filename string, data []byte, fields map[string]string) (*http.Response, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", filename)
	must(c.t, err)
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest("POST", c.app.url+path, &buf)
	must(c.t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

type apiFigures struct {
	Figures []struct {
		IndicatorID int64  `json:"indicator_id"`
		Indicator   string `json:"indicator"`
		Owner       string `json:"owner"`
		BlockID     string `json:"block_id"`
		Start, End  int
		Quote       string `json:"quote"`
		Value       string `json:"value"`
		Status      string `json:"status"`
		Differs     bool   `json:"differs"`
	} `json:"figures"`
	Findings []struct {
		Rule    string `json:"rule"`
		Message string `json:"message"`
	} `json:"findings"`
}

func (a *app) latestVersion() *report.Version {
	vs, err := a.store.Versions(context.Background(), a.ws.ID)
	must(a.t, err)
	v, err := a.store.Version(context.Background(), vs[len(vs)-1].ID)
	must(a.t, err)
	return v
}

func (a *app) indicatorNamed(name string) *report.Indicator {
	inds, err := a.store.Indicators(context.Background(), a.ws.ID)
	must(a.t, err)
	for i := range inds {
		if inds[i].Name == name {
			return &inds[i]
		}
	}
	a.t.Fatalf("no indicator %q", name)
	return nil
}

// TestFiguresWholeProgram: a writer uploads a draft with placeholders; departments fill and
// confirm through the pages and the API; the 填充稿 carries the values; the next version keeps
// its bindings and flags a changed number; 定稿 waits for every confirmation.
func TestFiguresWholeProgram(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		a.seedFigureUnits()
		w := a.login("writer")
		base := "/w/" + id(a.ws.ID)

		// a placeholder naming an unknown department refuses the upload, storing nothing
		before := a.versionCount()
		resp, body := w.upload("初稿", "bad.txt", []byte(strings.Replace(figuresDraft, "｜财政局", "｜财务局", 1)))
		if resp.StatusCode != 400 || !strings.Contains(body, "“财务局”不存在") {
			t.Fatalf("unknown department: %d %s", resp.StatusCode, text(body))
		}
		if a.versionCount() != before {
			t.Fatal("a refused upload stored a version")
		}
		if inds, _ := a.store.Indicators(context.Background(), a.ws.ID); len(inds) != 0 {
			t.Fatalf("a refused upload stored %d indicators", len(inds))
		}

		resp, _ = w.upload("初稿", "draft.txt", []byte(figuresDraft))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload: %d", resp.StatusCode)
		}
		v := a.latestVersion()
		_, page := w.get(base + "/versions/" + id(v.ID))
		for _, want := range []string{"本版数据（5 处）", "fig-unfilled", "地区生产总值增速", "市统计局", "XX人【城镇新增就业】", "下载填充稿"} {
			if !strings.Contains(page, want) && !strings.Contains(text(page), want) {
				t.Errorf("version page lacks %q", want)
			}
		}
		jobs := a.indicatorNamed("城镇新增就业")
		if jobs.OwnerID != 0 || jobs.Unit != "人" {
			t.Errorf("城镇新增就业: %+v", jobs)
		}
		// the writer assigns it to 人社局
		resp, body = w.post(base+"/figures/"+id(jobs.ID), url.Values{"full": {"1"}, "name": {"城镇新增就业"}, "unit": {"人"}, "period": {"2026年"}, "kind": {"实绩"}, "owner": {id(a.units["renshe"].ID)}, "source": {""}, "last_year": {"8200人"}, "deadline": {"2027-01-10"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("assigning an owner: %d %s", resp.StatusCode, text(body))
		}

		// departments: the to-do list shows what they owe, in context
		tj := a.login("tongji")
		_, home := tj.get(base)
		for _, want := range []string{"数据填报：地区生产总值增速（2026年）", "增长XX%【地区生产总值增速｜统计局】"} {
			if !strings.Contains(home, want) {
				t.Errorf("统计局's to-do list lacks %q: %s", want, text(home))
			}
		}
		gdpRate := a.indicatorNamed("地区生产总值增速")
		gdp := a.indicatorNamed("地区生产总值")
		target := a.indicatorNamed("地区生产总值增长目标")
		income := a.indicatorNamed("一般公共预算收入")
		// bad values: a clear message, nothing stored
		for _, bad := range []struct{ value, want string }{{"约6%", "不是数值"}, {"6亿元", "单位不符"}, {"abc", "不是数值"}} {
			resp, body := tj.post(base+"/figures/"+id(gdpRate.ID), url.Values{"value": {bad.value}, "status": {"预计"}})
			if resp.StatusCode != 400 || !strings.Contains(body, bad.want) {
				t.Errorf("value %q: %d %s", bad.value, resp.StatusCode, text(body))
			}
		}
		if got := a.indicatorNamed("地区生产总值增速"); got.Value != "" {
			t.Errorf("a refused value was stored: %+v", got)
		}
		resp, body = tj.post(base+"/figures/"+id(gdpRate.ID), url.Values{"value": {"6.2"}, "status": {"初步核算"}, "note": {"快报数"}, "reason": {"统计快报"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("filling: %d %s", resp.StatusCode, text(body))
		}
		// the API, as the owner: value in another unit of the same measure is converted
		tok := a.tokenFor("tongji")
		resp, body = tok.send("PUT", "/api/v1/indicators/"+id(gdp.ID), map[string]any{"value": "3865000万元", "status": "初步核算"})
		if resp.StatusCode != 200 || !strings.Contains(body, `"value":"386.5"`) {
			t.Fatalf("PUT as owner: %d %s", resp.StatusCode, body)
		}
		resp, body = tok.send("PUT", "/api/v1/indicators/"+id(target.ID), map[string]any{"value": "6%左右", "status": "预计"})
		if resp.StatusCode != 200 {
			t.Fatalf("PUT a target as text: %d %s", resp.StatusCode, body)
		}
		// a department filling another's figure
		resp, body = tok.send("PUT", "/api/v1/indicators/"+id(income.ID), map[string]any{"value": "21.8"})
		if resp.StatusCode != 403 || !strings.Contains(body, "市财政局负责") {
			t.Errorf("filling another's figure: %d %s", resp.StatusCode, body)
		}
		// confirm all at once
		resp, body = tj.post(base+"/figures/confirm", nil)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirm: %d %s", resp.StatusCode, text(body))
		}
		if got := a.indicatorNamed("地区生产总值"); got.Status != report.StatusConfirmed {
			t.Errorf("after confirming: %+v", got)
		}

		// 财政局 through the .xlsx template: a renamed row is refused, then the right one imported
		cz := a.login("caizheng")
		resp, tmpl := cz.get(base + "/figures/template.xlsx")
		if resp.StatusCode != 200 {
			t.Fatalf("template: %d", resp.StatusCode)
		}
		renamed := editTemplate(t, []byte(tmpl), func(f *excelize.File) { f.SetCellStr("数据填报", "B2", "公共预算收入") })
		resp, body = cz.uploadFile(base+"/figures/template.xlsx", "t.xlsx", renamed, nil)
		if resp.StatusCode != 400 || !strings.Contains(body, "指标名称被改为“公共预算收入”") {
			t.Errorf("renamed row: %d %s", resp.StatusCode, text(body))
		}
		extra := editTemplate(t, []byte(tmpl), func(f *excelize.File) {
			f.SetCellValue("数据填报", "A3", 999)
			f.SetCellStr("数据填报", "B3", "税收收入")
		})
		resp, body = cz.uploadFile(base+"/figures/template.xlsx", "t.xlsx", extra, nil)
		if resp.StatusCode != 400 || !strings.Contains(body, "第 3 行“税收收入”不是本单位需填报的指标") {
			t.Errorf("extra row: %d %s", resp.StatusCode, text(body))
		}
		missing := editTemplate(t, []byte(tmpl), func(f *excelize.File) { f.RemoveRow("数据填报", 2) })
		resp, body = cz.uploadFile(base+"/figures/template.xlsx", "t.xlsx", missing, nil)
		if resp.StatusCode != 400 || !strings.Contains(body, "缺少指标“一般公共预算收入”") {
			t.Errorf("missing row: %d %s", resp.StatusCode, text(body))
		}
		filled := editTemplate(t, []byte(tmpl), func(f *excelize.File) {
			f.SetCellStr("数据填报", "G2", "21.8")
			f.SetCellStr("数据填报", "H2", "初步核算")
		})
		resp, body = cz.uploadFile(base+"/figures/template.xlsx", "t.xlsx", filled, nil)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("import: %d %s", resp.StatusCode, text(body))
		}
		if got := a.indicatorNamed("一般公共预算收入"); got.Value != "21.8" || got.Status != report.StatusPreliminary {
			t.Errorf("imported: %+v", got)
		}

		// the API lists the figures; the 填充稿 has the values in place
		wt := a.tokenFor("writer")
		resp, body = wt.send("GET", "/api/v1/versions/"+id(v.ID)+"/figures", nil)
		var figs apiFigures
		if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &figs) != nil || len(figs.Figures) != 5 {
			t.Fatalf("figures API: %d %s", resp.StatusCode, body)
		}
		if f := figs.Figures[1]; f.Indicator != "地区生产总值增速" || f.Owner != "市统计局" || f.Value != "6.2" || f.Status != "已确认" || f.Quote != "XX%【地区生产总值增速｜统计局】" {
			t.Errorf("figure %+v", f)
		}
		resp, filledText := wt.send("GET", "/api/v1/versions/"+id(v.ID)+"/filled.txt", nil)
		for _, want := range []string{"地区生产总值386.5亿元，增长6.2%；一般公共预算收入完成21.8亿元。", "新增城镇就业XX人【城镇新增就业】", "地区生产总值增长6%左右。"} {
			if !strings.Contains(filledText, want) {
				t.Errorf("filled text lacks %q:\n%s", want, filledText)
			}
		}
		resp, filledDocx := w.get(base + "/versions/" + id(v.ID) + "/filled.docx")
		if resp.StatusCode != 200 {
			t.Fatalf("filled.docx: %d", resp.StatusCode)
		}
		doc, err := docx.Read([]byte(filledDocx))
		if err != nil || !strings.Contains(doc.PlainText(), "增长6.2%") {
			t.Errorf("filled.docx reads back %v:\n%s", err, doc.PlainText())
		}

		// 定稿 waits for every figure: 人社局 has not filled, 财政局 not confirmed
		v2text := strings.Replace(strings.Replace(filledText, "增长6.2%", "增长6.3%", 1), "XX人【城镇新增就业】", "XX人【城镇新增就业】", 1)
		resp, body = w.upload("定稿", "final.txt", []byte(v2text))
		if resp.StatusCode != 409 || !strings.Contains(body, "未经责任单位确认，不能标为定稿") {
			t.Fatalf("定稿 with unconfirmed figures: %d %s", resp.StatusCode, text(body))
		}
		resp, body = w.uploadFile(base+"/versions", "final.txt", []byte(v2text), map[string]string{"label": "定稿", "note": "", "final_reason": "人社局数据以人代会前发布数为准"})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("定稿 with a reason: %d %s", resp.StatusCode, text(body))
		}
		v2 := a.latestVersion()
		_, body = wt.send("GET", "/api/v1/versions/"+id(v2.ID)+"/figures", nil)
		figs = apiFigures{}
		json.Unmarshal([]byte(body), &figs)
		if len(figs.Figures) != 5 {
			t.Fatalf("bindings carried into the new version: %d: %s", len(figs.Figures), body)
		}
		flagged := false
		for _, f := range figs.Findings {
			if f.Rule == "data-confirmed-changed" && strings.Contains(f.Message, "文中写作“6.3%”") {
				flagged = true
			}
		}
		if !flagged {
			t.Errorf("a confirmed figure changed in the new text is not flagged: %s", body)
		}
		ovs, _ := a.store.FinalOverrides(context.Background(), a.ws.ID)
		if len(ovs) != 1 || ovs[0].Reason != "人社局数据以人代会前发布数为准" || ovs[0].Pending != 2 {
			t.Errorf("overrides %+v", ovs)
		}
		_, board := w.get(base + "/figures/round")
		for _, want := range []string{"数据确认进度", "市人力资源和社会保障局", "人社局数据以人代会前发布数为准"} {
			if !strings.Contains(board, want) {
				t.Errorf("the board lacks %q", want)
			}
		}
	})
}

// editTemplate changes a downloaded template as a department would in Excel.
func editTemplate(t *testing.T, data []byte, edit func(*excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
