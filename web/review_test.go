package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestReview: the version page lists the findings by part and family and jumps to each; a
// writer dismisses one with a reason, which holds in a later version while the sentence is
// unchanged, and adds a word to the workspace lexicon, which the checker then reads as a word.
func TestReview(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		c := a.login("writer")
		v1 := "示例市2027年政府工作报告\n一、2026年工作回顾\n推进示锦锦绣新城建设。我们们要坚持稳中求进。\n二、2027年工作安排\n全市地区生产总值增长6.2%,就业稳定。\n"
		resp, body := c.upload("初稿", "初稿.txt", []byte(v1))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", resp.StatusCode, text(body))
		}
		loc := resp.Header.Get("Location")
		_, page := c.get(loc)
		for _, want := range []string{`<section id="review"`, "审校结果（3 处）", "<th class=\"num\">标点</th>", "<th class=\"num\">重复</th>",
			"一、2026年工作回顾</a>（2 处）", "二、2027年工作安排</a>（1 处）", "加入词库"} {
			if !strings.Contains(page, want) {
				t.Errorf("version page lacks %q", want)
			}
		}
		// each finding of the list jumps to its mark in the text
		jumps := regexp.MustCompile(`<span class="family">[^<]*</span> <a href="#(f-\d+)">`).FindAllStringSubmatch(page, -1)
		if len(jumps) != 3 {
			t.Fatalf("%d jumps in the list, want 3", len(jumps))
		}
		for _, j := range jumps {
			if !strings.Contains(page, `<mark id="`+j[1]+`"`) {
				t.Errorf("the list jumps to #%s, which the text lacks", j[1])
			}
		}
		form := func(excerpt string) url.Values {
			m := regexp.MustCompile(`(?s)<input type="hidden" name="rule" value="([^"]+)">\s*<input type="hidden" name="block" value="([^"]+)"><input type="hidden" name="start" value="(\d+)"><input type="hidden" name="end" value="(\d+)">`)
			i := strings.Index(page, excerpt)
			if i < 0 {
				t.Fatalf("no finding %q", excerpt)
			}
			f := m.FindStringSubmatch(page[i:])
			return url.Values{"rule": {f[1]}, "block": {f[2]}, "start": {f[3]}, "end": {f[4]}}
		}
		vid := loc[strings.LastIndex(loc, "/")+1:]
		wsPath := "/w/" + id(a.ws.ID)

		// a reason is required, and nothing is stored without one
		f := form("我【们们】要")
		if resp, body := c.post(loc+"/dismissals", f); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "理由") {
			t.Fatalf("dismiss without a reason: %d %s", resp.StatusCode, text(body))
		}
		if ds, _ := a.store.Dismissals(context.Background(), a.ws.ID); len(ds) != 0 {
			t.Fatalf("a dismissal without a reason was stored: %+v", ds)
		}
		f.Set("reason", "引用原话，保留")
		if resp, body := c.post(loc+"/dismissals", f); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("dismiss: %d %s", resp.StatusCode, text(body))
		}
		if resp, _ := c.post(loc+"/dismissals", f); resp.StatusCode != http.StatusConflict {
			t.Errorf("dismissing twice: %d, want 409", resp.StatusCode)
		}
		bad := form("增长6.2%【,】")
		bad.Set("start", "1")
		bad.Set("reason", "x")
		if resp, _ := c.post(loc+"/dismissals", bad); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("dismissing a finding that is not there: %d, want 400", resp.StatusCode)
		}
		_, page = c.get(loc)
		if strings.Contains(page, ">们们</mark>") || !strings.Contains(page, "审校结果（2 处）") || !strings.Contains(page, "已忽略（1 处）") || !strings.Contains(page, "理由：引用原话，保留") {
			t.Errorf("the dismissed finding still shows, or is not listed as dismissed")
		}

		// the lexicon: 示锦 read as a word, 锦锦 no longer a slip
		if resp, body := c.post(wsPath+"/lexicon", url.Values{"word": {" "}, "back": {vid}}); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("empty word: %d %s", resp.StatusCode, text(body))
		}
		if resp, body := c.post(wsPath+"/lexicon", url.Values{"word": {"示锦"}, "back": {vid}}); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != loc+"#review" {
			t.Fatalf("add word: %d %s %s", resp.StatusCode, resp.Header.Get("Location"), text(body))
		}
		if resp, _ := c.post(wsPath+"/lexicon", url.Values{"word": {"示锦"}}); resp.StatusCode != http.StatusConflict {
			t.Errorf("the same word twice: %d, want 409", resp.StatusCode)
		}
		_, page = c.get(loc)
		if strings.Contains(page, ">锦锦</mark>") || !strings.Contains(page, "审校结果（1 处）") {
			t.Errorf("the lexicon word is still reported")
		}

		// a later version: the unchanged sentence stays dismissed, the edited one shows again
		v2 := strings.Replace(v1, "推进示锦锦绣新城建设。", "推进示锦锦绣新城建设，建成公园3个。", 1)
		v2 = strings.Replace(v2, "就业稳定。", "就业稳定。我们们要再接再厉。", 1)
		resp, _ = c.upload("修改稿", "修改稿.txt", []byte(v2))
		loc2 := resp.Header.Get("Location")
		_, page = c.get(loc2)
		if n := strings.Count(page, ">们们</mark>"); n != 1 {
			t.Errorf("version 2 marks 们们 %d times, want once (the new sentence)", n)
		}
		if !strings.Contains(page, "已忽略（1 处）") {
			t.Error("version 2 does not carry the dismissal of the unchanged sentence")
		}

		// the lexicon page; restoring and removing are audited
		_, lex := c.get(wsPath + "/lexicon")
		if !strings.Contains(lex, "<td>示锦</td>") || !strings.Contains(lex, "引用原话，保留") {
			t.Errorf("lexicon page lacks the word or the dismissal")
		}
		ds, err := a.store.Dismissals(context.Background(), a.ws.ID)
		if err != nil || len(ds) != 1 {
			t.Fatalf("Dismissals: %+v %v", ds, err)
		}
		if resp, _ := c.post(wsPath+"/dismissals/delete", url.Values{"id": {id(ds[0].ID)}, "back": {vid}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("restore: %d", resp.StatusCode)
		}
		words, _ := a.store.Lexicon(context.Background(), a.ws.ID)
		if resp, _ := c.post(wsPath+"/lexicon/delete", url.Values{"id": {id(words[0].ID)}}); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != wsPath+"/lexicon" {
			t.Errorf("remove word: %d", resp.StatusCode)
		}
		_, page = c.get(loc)
		if !strings.Contains(page, "审校结果（3 处）") {
			t.Error("after restoring and removing, version 1 does not show its three findings again")
		}
		log, err := a.store.AuditLog(context.Background(), 20, 0)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range log {
			seen[e.Action] = true
		}
		for _, act := range []string{"check.dismiss", "check.undismiss", "lexicon.add", "lexicon.delete"} {
			if !seen[act] {
				t.Errorf("no audit entry %s", act)
			}
		}
		// a leader reads the list but gets no forms
		_, page = a.login("leader").get(loc)
		if !strings.Contains(page, `<section id="review"`) || strings.Contains(page, "加入词库</button>") {
			t.Error("a leader's version page: list missing or forms shown")
		}
	})
}

// TestReviewAPI: the API lists a version's findings with their parts, dismisses one and adds a
// lexicon word through the same functions as the page.
func TestReviewAPI(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	c := a.login("writer")
	doc := "示例市2027年政府工作报告\n一、2026年工作回顾\n推进示锦锦绣新城建设。我们们要坚持稳中求进。\n"
	resp, _ := c.upload("初稿", "初稿.txt", []byte(doc))
	loc := resp.Header.Get("Location")
	vid := loc[strings.LastIndex(loc, "/")+1:]
	api := a.tokenFor("writer")
	type found struct {
		N         int    `json:"n"`
		Rule      string `json:"rule"`
		Part      string `json:"part"`
		BlockID   string `json:"block_id"`
		Start     int    `json:"start"`
		End       int    `json:"end"`
		Excerpt   string `json:"excerpt"`
		Sentence  string `json:"sentence"`
		Dismissed *struct {
			Reason string `json:"reason"`
		} `json:"dismissed"`
	}
	var list struct {
		Findings []found `json:"findings"`
	}
	if st, body := api.call("GET", "/api/v1/versions/"+vid+"/findings", nil, &list); st != 200 || len(list.Findings) != 2 {
		t.Fatalf("findings: %d %s", st, body)
	}
	var slip found
	for _, f := range list.Findings {
		if strings.Contains(f.Excerpt, "们们") {
			slip = f
		}
	}
	if slip.Part != "一、2026年工作回顾" || slip.Sentence != "我们们要坚持稳中求进。" || slip.Dismissed != nil {
		t.Fatalf("the finding on 们们: %+v", slip)
	}
	body := map[string]any{"rule": slip.Rule, "block_id": slip.BlockID, "start": slip.Start, "end": slip.End, "reason": "引用原话"}
	if st, out := api.call("POST", "/api/v1/versions/"+vid+"/dismissals", body, nil); st != 201 {
		t.Fatalf("dismiss: %d %s", st, out)
	}
	body["reason"] = ""
	if st, _ := api.call("POST", "/api/v1/versions/"+vid+"/dismissals", body, nil); st != 409 {
		t.Errorf("dismissing again: %d, want 409", st)
	}
	if st, out := api.call("POST", "/api/v1/workspaces/"+id(a.ws.ID)+"/lexicon", map[string]string{"word": "示锦"}, nil); st != 201 {
		t.Fatalf("add word: %d %s", st, out)
	}
	if st, out := api.call("POST", "/api/v1/workspaces/"+id(a.ws.ID)+"/lexicon", map[string]string{"word": ""}, nil); st != 400 || !strings.Contains(out, "请填写") {
		t.Errorf("empty word: %d %s", st, out)
	}
	list.Findings = nil
	api.call("GET", "/api/v1/versions/"+vid+"/findings", nil, &list)
	if len(list.Findings) != 1 || list.Findings[0].Dismissed == nil || list.Findings[0].Dismissed.Reason != "引用原话" {
		t.Errorf("after dismissing and adding 示锦: %+v", list.Findings)
	}
	if st, _ := a.tokenFor("leader").call("POST", "/api/v1/workspaces/"+id(a.ws.ID)+"/lexicon", map[string]string{"word": "示丰"}, nil); st != 403 {
		t.Errorf("a leader adds a word: %d, want 403", st)
	}
}
