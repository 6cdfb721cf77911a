package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"qicao/load"
)

// TestBrowserFigures is the figures' path in a real browser: a writer uploads a draft with
// placeholders and binds a number by selecting it; two department contacts fill their figures
// and confirm them; the writer sees the filled text and downloads the 填充稿 .docx. Screenshots
// are kept in $QICAO_SCREENSHOTS (figures-*.png).
func TestBrowserFigures(t *testing.T) {
	b := newBrowser(t)
	a := startApp(t, backends[0].dsn(t))
	a.seedFigureUnits()
	base := a.url
	wbase := base + "/w/" + id(a.ws.ID)

	b.login(base, "writer")
	file := filepath.Join(t.TempDir(), "示例市2027年政府工作报告（初稿）.txt")
	must(t, os.WriteFile(file, []byte(figuresDraft), 0o644))
	b.do("upload the draft",
		chromedp.Navigate(wbase+"/upload"),
		chromedp.WaitVisible(chromedp.CSS(`#upload-form`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=label]`), "初稿"),
		chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{file}),
		chromedp.Click(chromedp.CSS(`#upload-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#figures`)),
	)
	if n := b.count("article.paper mark.fig-unfilled"); n != 5 {
		t.Fatalf("%d unfilled figures marked in the text, want 5", n)
	}
	b.shot("figures-1-uploaded")

	// bind "126个" by selecting it in the text
	b.do("select 126个", chromedp.Evaluate[chromedp.Void](`(() => {
		const p = [...document.querySelectorAll("article.paper p")].find(p => p.textContent.includes("126个"));
		const node = [...p.childNodes].find(n => n.nodeType === 3 && n.textContent.includes("126个"));
		const at = node.textContent.indexOf("126个");
		const r = document.createRange();
		r.setStart(node, at); r.setEnd(node, at + 4);
		const s = getSelection(); s.removeAllRanges(); s.addRange(r);
	})()`))
	b.do("bind form filled", chromedp.WaitEnabled(chromedp.CSS(`#bind-form button[type=submit]`)))
	if q := b.text("#bind-quote"); q != "“126个”" {
		t.Fatalf("the bind form shows %q", q)
	}
	b.do("bind",
		chromedp.SendKeys(chromedp.CSS(`#bind-form input[name=name]`), "省市重点项目"),
		chromedp.SetValue(chromedp.CSS(`#bind-form select[name=owner]`), id(a.units["fagai"].ID)),
	)
	b.shot("figures-2-bind")
	if resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(`#bind-form button[type=submit]`))); err != nil || resp.Status != 200 {
		t.Fatalf("bind: %v %v", resp, err)
	}
	if got := b.text("#figures h2"); got != "本版数据（6 处）" {
		t.Fatalf("after binding: %q", got)
	}
	b.logout()

	// 统计局 fills in the register and confirms
	b.login(base, "tongji")
	b.shot("figures-3-todo")
	b.do("the register", chromedp.Navigate(wbase+"/figures"), chromedp.WaitVisible(chromedp.CSS(`table.figures`)))
	for _, f := range []struct{ name, value, status string }{{"地区生产总值", "386.5", "初步核算"}, {"地区生产总值增速", "6.2", "初步核算"}, {"地区生产总值增长目标", "6%左右", "预计"}} {
		ind := a.indicatorNamed(f.name)
		row := fmt.Sprintf(`#ind-%d `, ind.ID)
		b.do("fill "+f.name,
			chromedp.SetValue(chromedp.CSS(row+`input[name=value]`), f.value),
			chromedp.SetValue(chromedp.CSS(row+`select[name=status]`), f.status),
		)
		// wait for the page the form posts to, not for a p.ok still showing on the page before it
		if resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(row+`button[type=submit]`))); err != nil || resp.Status != 200 {
			t.Fatalf("fill %s: %v %v", f.name, resp, err)
		}
		b.do("filled "+f.name, chromedp.WaitVisible(chromedp.CSS(`p.ok`)))
	}
	b.shot("figures-4-filled")
	if resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(`#confirm-all`))); err != nil || resp.Status != 200 {
		t.Fatalf("confirm: %v %v", resp, err)
	}
	if got := b.text("p.ok"); !strings.Contains(got, "已确认本单位全部数据") {
		t.Fatalf("after confirming: %q", got)
	}
	b.shot("figures-5-confirmed")
	b.logout()

	// 财政局 fills its one figure on its page, a wrong unit first
	b.login(base, "caizheng")
	income := a.indicatorNamed("一般公共预算收入")
	b.do("figure page", chromedp.Navigate(fmt.Sprintf("%s/figures/%d", wbase, income.ID)), chromedp.WaitVisible(chromedp.CSS(`input[name=value]`)),
		chromedp.SetValue(chromedp.CSS(`input[name=value]`), "21.8万人"),
		chromedp.Click(chromedp.CSS(`form.form button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`p.alert`)),
	)
	if msg := b.text("p.alert"); !strings.Contains(msg, "单位不符") {
		t.Errorf("a wrong unit shows %q", msg)
	}
	b.shot("figures-6-wrong-unit")
	b.do("fill income",
		chromedp.SetValue(chromedp.CSS(`input[name=value]`), "21.8"),
		chromedp.SetValue(chromedp.CSS(`input[name=reason]`), "财政快报"),
		chromedp.Click(chromedp.CSS(`form.form button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`p.ok`)),
		chromedp.Navigate(wbase+"/figures"), chromedp.WaitVisible(chromedp.CSS(`#confirm-all`)),
		chromedp.Click(chromedp.CSS(`#confirm-all`)), chromedp.WaitVisible(chromedp.CSS(`p.ok`)),
	)
	b.logout()

	// the writer sees the filled text, the board, and downloads the 填充稿
	b.login(base, "writer")
	v := a.latestVersion()
	b.do("version", chromedp.Navigate(fmt.Sprintf("%s/versions/%d", wbase, v.ID)), chromedp.WaitVisible(chromedp.CSS(`#figures`)))
	if n := b.count("article.paper mark.fig-confirmed"); n != 4 {
		t.Errorf("%d confirmed figures marked, want 4", n)
	}
	if n := b.count("article.paper mark.fig-unfilled"); n != 1 {
		t.Errorf("%d unfilled figures marked, want 1 (城镇新增就业, which has no department yet)", n)
	}
	b.shot("figures-7-writer-version")
	b.do("scroll to the panel", chromedp.ScrollIntoView(chromedp.CSS(`#figures`)))
	b.shot("figures-8-panel")
	b.do("board", chromedp.Navigate(wbase+"/figures/round"), chromedp.WaitVisible(chromedp.CSS(`table.round`)))
	b.shot("figures-9-round")

	dir := t.TempDir()
	progress := chromedp.Events(b.ctx, browser.DownloadProgress)
	b.do("download the 填充稿",
		chromedp.Navigate(fmt.Sprintf("%s/versions/%d", wbase, v.ID)),
		chromedp.WaitVisible(chromedp.CSS(`#figures`)),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			t := true
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &t,
			})
			return err
		}),
		chromedp.Click(chromedp.CSS(`a[href$="/filled.docx"]`)),
	)
	var saved string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("download canceled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			saved = filepath.Join(dir, ev.GUID)
			break
		}
	}
	data, err := os.ReadFile(saved)
	must(t, err)
	doc, err := load.Bytes(data)
	if err != nil {
		t.Fatalf("the 填充稿 does not read back: %v", err)
	}
	for _, want := range []string{"地区生产总值386.5亿元，增长6.2%；一般公共预算收入完成21.8亿元。", "全年实施重点项目126个", "地区生产总值增长6%左右。"} {
		if !strings.Contains(doc.PlainText(), want) {
			t.Errorf("the 填充稿 lacks %q:\n%s", want, doc.PlainText())
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		if strings.Contains(m, "Content Security Policy") || strings.Contains(m, "Uncaught") {
			t.Errorf("browser console: %s", m)
		}
	}
	t.Logf("screenshots in %s", b.shots)
}
