package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"qicao/docx"
	"qicao/load"
	"qicao/material"
	"qicao/report"
	"qicao/web"
)

// Material collection at scale.
//
//	go test ./web -run '^$' -bench 'BenchmarkMaterial' -benchtime 20x
//
// Targets (issue 9): the board of a 60-unit campaign renders in under 100 ms; a 30,000-character
// .docx submitted while 20 contacts upload at once is acknowledged in under 1 s at the 99th
// percentile.

// campaignAt opens a campaign of the default items to n new townships, each with a contact
// (contact00…) who can log in.
func campaignAt(b *testing.B, a *app, n int) (*report.Campaign, []*report.Unit) {
	ctx := context.Background()
	none := report.AuditEntry{}
	hash, err := web.HashPassword(password)
	must(b, err)
	var units []*report.Unit
	var ids []int64
	for i := range n {
		u := &report.Unit{Name: fmt.Sprintf("示例第%02d镇", i), Kind: report.UnitTownship}
		must(b, a.store.CreateUnit(ctx, u, none))
		must(b, a.store.CreateUser(ctx, &report.User{Username: fmt.Sprintf("contact%02d", i), Name: fmt.Sprintf("联络员%02d", i),
			Role: report.RoleContact, UnitID: u.ID, PasswordHash: hash}, none))
		units = append(units, u)
		ids = append(ids, u.ID)
	}
	c := &report.Campaign{WorkspaceID: a.ws.ID, Title: "关于报送2027年政府工作报告起草材料的通知", Office: "示例市人民政府办公室",
		Date: time.Now(), Deadline: time.Now().Add(72 * time.Hour), Items: material.DefaultItems(), UnitIDs: ids}
	must(b, a.store.CreateCampaign(ctx, c, none))
	return c, units
}

func BenchmarkMaterialBoard(b *testing.B) {
	a := startApp(b, backends[0].dsn(b))
	c, units := campaignAt(b, a, 60)
	ctx := context.Background()
	// most units have sent most items; a few nothing at all
	for i, u := range units[:50] {
		for j, it := range c.Items {
			if (i+j)%7 == 0 {
				continue
			}
			sub := &report.Submission{CampaignID: c.ID, ItemID: it.ID, UnitID: u.ID, Format: "typed", Text: fmt.Sprintf("%s%s，全年各项工作稳步推进。", u.Name, it.Name)}
			var rows []report.Project
			if it.Rows {
				sub.Format, sub.Text = "rows", ""
				rows = []report.Project{{Name: u.Name + "老旧小区改造", Content: "改造3个小区", Funds: "600万元", Owner: u.Name, Due: "2027年底"}}
			}
			must(b, a.store.Submit(ctx, sub, nil, rows, report.AuditEntry{}))
		}
	}
	w := a.login("writer")
	path := fmt.Sprintf("/w/%d/campaigns/%d", a.ws.ID, c.ID)
	if resp, body := w.get(path); resp.StatusCode != 200 || !strings.Contains(body, "示例第59镇") {
		b.Fatalf("board: %d %s", resp.StatusCode, text(body))
	}
	var times []time.Duration
	cpu := processCPU()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if resp, _ := w.get(path); resp.StatusCode != 200 {
			b.Fatal(resp.StatusCode)
		}
		times = append(times, time.Since(start))
	}
	reportCPU(b, cpu)
	reportPercentiles(b, times)
}

// benchSummary is a township's 工作总结 of about n characters as a .docx.
func benchSummary(b *testing.B, unit string, n int) []byte {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s2026年工作总结\n\n", unit)
	sections := []string{"一、主要成绩", "二、存在问题", "三、2027年工作打算"}
	line := "全镇坚持稳中求进工作总基调，新建高标准农田1.2万亩，改造农村公路15公里，村级集体经济收入全部超过20万元，群众获得感持续增强。"
	for k := 0; utf8.RuneCountInString(sb.String()) < n; k++ {
		if k%40 == 0 {
			sb.WriteString(sections[(k/40)%len(sections)] + "\n")
		}
		sb.WriteString(line + "\n")
	}
	doc, err := load.Bytes([]byte(sb.String()))
	must(b, err)
	var buf bytes.Buffer
	must(b, docx.Write(&buf, doc))
	return buf.Bytes()
}

func BenchmarkMaterialUpload(b *testing.B) {
	const uploaders = 20
	a := startApp(b, backends[0].dsn(b))
	c, units := campaignAt(b, a, uploaders)
	clients := make([]*client, uploaders)
	files := make([][]byte, uploaders)
	for i := range uploaders {
		clients[i] = a.login(fmt.Sprintf("contact%02d", i))
		files[i] = benchSummary(b, units[i].Name, 30000)
	}
	item := c.Items[0].ID
	submit := func(i int) (time.Duration, error) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("csrf", clients[i].csrf)
		mw.WriteField("contact", fmt.Sprintf("联络员%02d", i))
		fw, err := mw.CreateFormFile("file", "工作总结.docx")
		if err != nil {
			return 0, err
		}
		fw.Write(files[i])
		mw.Close()
		req, err := http.NewRequest("POST", fmt.Sprintf("%s/w/%d/campaigns/%d/units/%d/items/%d", a.url, a.ws.ID, c.ID, units[i].ID, item), &buf)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Content-Type", mw.FormDataContentType())
		start := time.Now()
		resp, body := clients[i].do(req)
		if resp.StatusCode != http.StatusSeeOther {
			return 0, fmt.Errorf("upload %d: %d %s", i, resp.StatusCode, text(body))
		}
		return time.Since(start), nil
	}
	var times []time.Duration
	cpu := processCPU()
	b.ResetTimer()
	for b.Loop() {
		var wg sync.WaitGroup
		var mu sync.Mutex
		var failed error
		for i := range uploaders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d, err := submit(i)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					failed = err
				}
				times = append(times, d)
			}()
		}
		wg.Wait()
		if failed != nil {
			b.Fatal(failed)
		}
	}
	reportCPU(b, cpu)
	reportPercentiles(b, times)
	subs, err := a.store.Submissions(context.Background(), c.ID, 0)
	must(b, err)
	sent := map[int64]bool{}
	for _, sub := range subs {
		sent[sub.UnitID] = true
	}
	if len(sent) != uploaders {
		b.Fatalf("%d units have submissions after the run, want %d", len(sent), uploaders)
	}
}

// reportPercentiles adds the median and 99th percentile of the measured times, in milliseconds.
func reportPercentiles(b *testing.B, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
}
