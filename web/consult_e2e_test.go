package web_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/xuri/excelize/v2"

	"qicao/material"
	"qicao/report"
)

// TestBrowserRound is the comment round in a real browser as four people: the writer opens it;
// 东湖镇's contact selects words in a paragraph and drafts a comment with a proposed wording,
// then a comment on a whole paragraph; a colleague drafts a third; the contact sends the three;
// 发改局 replies 无意见 (also at a phone's width); the writer decides and downloads the
// 意见采纳情况表. Screenshots are kept in $QICAO_SCREENSHOTS (round-*.png).
func TestBrowserRound(t *testing.T) {
	b := newBrowser(t)
	a := startApp(t, backends[0].dsn(t))
	ctx := context.Background()
	colleague := *a.users["contact"]
	colleague.ID, colleague.Username, colleague.Name = 0, "contact-b", "李同事"
	must(t, a.store.CreateUser(ctx, &colleague, report.AuditEntry{}))
	base := a.url
	wbase := base + "/w/" + id(a.ws.ID)
	// 西山镇 gave its phone in a 材料报送: the round's table offers it to call
	camp := &report.Campaign{WorkspaceID: a.ws.ID, Title: "关于报送起草材料的通知", Office: "示例市人民政府办公室",
		Date: time.Now(), Deadline: time.Now().Add(72 * time.Hour), Items: material.DefaultItems(), UnitIDs: []int64{a.units["xishan"].ID}}
	must(t, a.store.CreateCampaign(ctx, camp, report.AuditEntry{}))
	must(t, a.store.Submit(ctx, &report.Submission{CampaignID: camp.ID, ItemID: camp.Items[0].ID, UnitID: a.units["xishan"].ID, Format: "typed",
		Text: "西山镇全年工作总结。", Contact: "张联络", Phone: "0000-7654321"}, nil, nil, report.AuditEntry{}))

	// the writer opens the round on the 征求意见稿 for the leaders, the townships and the departments
	b.login(base, "writer")
	b.do("open the round",
		chromedp.Navigate(wbase+"/rounds/new"),
		chromedp.WaitVisible(chromedp.CSS(`#round-form`)),
		chromedp.SetValue(chromedp.CSS(`#round-form input[name=contact]`), "钱思远"),
		chromedp.SetValue(chromedp.CSS(`#round-form input[name=phone]`), "0000-1234567"),
		chromedp.Click(chromedp.CSS(`#round-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#recipients`)),
	)
	if got := b.text("p.ok"); !strings.Contains(got, "已发起征求意见") {
		t.Fatalf("after opening: %q", got)
	}
	rs, err := a.store.Rounds(ctx, a.ws.ID)
	must(t, err)
	if len(rs) != 1 || rs[0].VersionID != a.v2.ID || rs[0].Invited != 4 {
		t.Fatalf("rounds %+v", rs)
	}
	rurl := fmt.Sprintf("%s/rounds/%d", wbase, rs[0].ID)
	b.shot("round-1-opened")
	b.logout()

	// 东湖镇's contact: from the to-do list to the text; selects words, drafts with a proposal
	b.login(base, "contact")
	b.shot("round-2-todo")
	b.do("to-do", chromedp.Click(chromedp.CSS(`.todo-list a`)), chromedp.WaitVisible(chromedp.CSS(`#reading`)))
	b.do("select 165亿元", chromedp.Evaluate[chromedp.Void](`(() => {
		const p = [...document.querySelectorAll("#reading p")].find(p => p.textContent.includes("完成投资165亿元以上"));
		const node = [...p.childNodes].find(n => n.nodeType === 3 && n.textContent.includes("完成投资165亿元以上"));
		const at = node.textContent.indexOf("完成投资165亿元以上");
		const r = document.createRange();
		r.setStart(node, at); r.setEnd(node, at + "完成投资165亿元以上".length);
		const s = getSelection(); s.removeAllRanges(); s.addRange(r);
	})()`))
	b.do("the form shows the selection", chromedp.Poll[chromedp.Void](`document.getElementById("comment-quote").textContent.includes("165亿元")`))
	b.do("draft one",
		chromedp.SendKeys(chromedp.CSS(`#comment-form textarea[name=text]`), "请与发改局核实全年投资计划。"),
		chromedp.SendKeys(chromedp.CSS(`#comment-form input[name=proposal]`), "完成投资170亿元以上"),
	)
	b.shot("round-3-selection")
	b.do("save", chromedp.Click(chromedp.CSS(`#comment-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`p.ok`)))
	// a whole paragraph, picked with its link
	b.do("paragraph comment", chromedp.Evaluate[chromedp.Void](`(() => {
		const p = [...document.querySelectorAll("#reading p")].find(p => p.textContent.startsWith("1.扛稳粮食安全责任"));
		document.querySelector('a.para-comment[data-block="' + p.id + '"]').click();
	})()`),
		chromedp.SendKeys(chromedp.CSS(`#comment-form textarea[name=text]`), "本段可再精炼。"),
	)
	b.submit("save the paragraph comment", `#comment-form button[type=submit]`)
	if n := b.count("#reading .comment.own"); n != 2 {
		t.Fatalf("%d drafts after the paragraph comment, want 2", n)
	}
	b.logout()

	// a colleague of the same township sees both drafts and adds one
	b.login(base, "contact-b")
	b.do("read", chromedp.Navigate(rurl+"/read"), chromedp.WaitVisible(chromedp.CSS(`#reading`)))
	if n := b.count("#reading .comment.own"); n != 2 {
		t.Errorf("the colleague sees %d drafts, want 2", n)
	}
	b.do("general comment",
		chromedp.SendKeys(chromedp.CSS(`#comment-form textarea[name=text]`), "全文篇幅偏长，建议压缩。"),
	)
	b.submit("save the general comment", `#comment-form button[type=submit]`)
	if n := b.count(".comment.own"); n != 3 {
		t.Fatalf("%d drafts after the colleague's, want 3", n)
	}
	b.logout()

	// the contact sends the three
	b.login(base, "contact")
	b.do("read", chromedp.Navigate(rurl+"/read"), chromedp.WaitVisible(chromedp.CSS(`#send-form`)))
	if got := b.text("#send-form button"); !strings.Contains(got, "3 条") {
		t.Errorf("send button: %q", got)
	}
	b.shot("round-4-drafts")
	b.do("send", chromedp.Click(chromedp.CSS(`#send-form button`)), chromedp.WaitVisible(chromedp.CSS(`p.ok`)))
	if got := b.text("#read-status"); got != "已反馈" {
		t.Errorf("status after sending: %q", got)
	}
	b.logout()

	// 发改局 replies 无意见, on a phone
	b.do("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	b.login(base, "victim")
	b.do("read", chromedp.Navigate(rurl+"/read"), chromedp.WaitVisible(chromedp.CSS(`#nocomment-form`)))
	b.shot("round-5-phone")
	b.do("无意见", chromedp.Click(chromedp.CSS(`#nocomment-form button`)), chromedp.WaitVisible(chromedp.CSS(`p.ok`)))
	b.shot("round-6-phone-answered")
	b.logout()
	b.do("desktop", chromedp.EmulateViewport(1366, 768))

	// the writer decides: 采纳 the proposal, 未采纳 the general one with a reason
	b.login(base, "writer")
	b.do("round page", chromedp.Navigate(rurl), chromedp.WaitVisible(chromedp.CSS(`#recipients`)))
	cs, err := a.store.Comments(ctx, report.CommentFilter{RoundID: rs[0].ID})
	must(t, err)
	if len(cs) != 3 {
		t.Fatalf("%d comments sent, want 3", len(cs))
	}
	var proposal, general int64
	for _, c := range cs {
		if c.Proposal != "" {
			proposal = c.ID
		}
		if c.BlockID == "" {
			general = c.ID
		}
	}
	decide := func(cid int64, decision, reason string) {
		b.do("decide", chromedp.Navigate(rurl), chromedp.WaitVisible(chromedp.CSS(`#decide-form`)),
			chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=comment][value="%d"][form=decide-form]`, cid))),
			chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const f = document.getElementById("decide-form"); f.elements.decision.value = %q; f.elements.reason.value = %q; })()`, decision, reason)),
			chromedp.Click(chromedp.CSS(`#decide-form button`)),
			chromedp.WaitVisible(chromedp.CSS(`p.ok`)),
		)
	}
	decide(proposal, "adopted", "")
	decide(general, "rejected", "篇幅已按常务会议要求控制")
	b.do("scroll", chromedp.ScrollIntoView(chromedp.CSS(`#c`+id(proposal))))
	b.shot("round-7-decided")
	b.do("top", chromedp.ScrollIntoView(chromedp.CSS(`#recipients`)))
	b.shot("round-8-recipients")

	dir := t.TempDir()
	progress := chromedp.Events(b.ctx, browser.DownloadProgress)
	b.do("download the table",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			t := true
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &t,
			})
			return err
		}),
		chromedp.Click(chromedp.CSS(`a[href$="/table.xlsx"]`)),
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
	f, err := excelize.OpenFile(saved)
	must(t, err)
	rows, err := f.GetRows(f.GetSheetName(0))
	must(t, err)
	f.Close()
	all := strings.Join(flatten(rows), "\n")
	for _, want := range []string{"完成投资170亿元以上", "篇幅已按常务会议要求控制", "共向4个单位征求意见，1个单位反馈意见3条，1个单位无意见；采纳1条，部分采纳0条，未采纳1条，已体现0条，尚未处理1条", "未反馈单位："} {
		if !strings.Contains(all, want) {
			t.Errorf("the downloaded table lacks %q:\n%s", want, all)
		}
	}
	// on a phone, the writer chases a unit that has not answered from its row, then enters a
	// seminar opinion on its own page, the unit typed by name
	b.do("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	b.do("round page on a phone", chromedp.Navigate(rurl+"?unit_status=unanswered"), chromedp.WaitVisible(chromedp.CSS(`#recipients`)))
	if over, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`)); err != nil || over > 0 {
		t.Errorf("the round page at 390 px is %d px wider than the screen (%v)", over, err)
	}
	b.shot("round-9-phone-units")
	// the rows are cards: the unit, its status, its contact and the 催办 button within the screen
	b.do("scroll to the units", chromedp.ScrollIntoView(chromedp.CSS(`#recipients-heading`)))
	b.shot("round-9a-phone-cards")
	type cardCheck struct {
		Head             string
		Unit, Contact    string
		Button, Width    float64
		ButtonH, Overlap float64
		Tel, TelH        float64
	}
	cards, err := chromedp.Run(b.ctx, chromedp.Evaluate[cardCheck](`(() => {
		const tel = document.querySelector('#recipients a[href="tel:0000-7654321"]');
		const row = tel.closest("tr");
		const btn = row.querySelector("button[form=remind-form]");
		const r = btn.getBoundingClientRect();
		return {Head: getComputedStyle(document.querySelector("#recipients thead")).display,
			Unit: row.querySelector("td.unit").innerText, Contact: getComputedStyle(row.querySelector("td.contact"), "::before").content,
			Button: r.right, Width: window.innerWidth, ButtonH: r.height,
			Overlap: row.getBoundingClientRect().right - window.innerWidth,
			Tel: tel ? tel.getBoundingClientRect().right : -1, TelH: tel ? tel.getBoundingClientRect().height : 0};
	})()`))
	must(t, err)
	if cards.Head != "none" || cards.Unit == "" || cards.Contact != `"联系人"` || cards.Button > cards.Width || cards.ButtonH < 40 || cards.Overlap > 0 || cards.Tel < 0 || cards.Tel > cards.Width || cards.TelH < 20 {
		t.Errorf("the recipients at 390 px are not cards within the screen: %+v", cards)
	}
	b.do("scroll to the phone", chromedp.ScrollIntoView(chromedp.CSS(`#recipients a[href^="tel:"]`)))
	b.shot("round-9c-phone-tel")
	// Enter in the reminder's note submits nothing: no reminder leaves by accident
	b.do("Enter in the note", chromedp.SendKeys(chromedp.CSS(`#remind-form input[name=note]`), "请尽快反馈"+kb.Enter), chromedp.Sleep(700*time.Millisecond))
	if loc, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.search`)); err != nil || strings.Contains(loc, "reminded") || b.count("#remind-confirm") != 0 {
		t.Errorf("Enter in the reminder's note submitted the form: %q %v", loc, err)
	}
	if n := auditActions(t, a, "remind"); n != 0 {
		t.Errorf("Enter in the note reminded: %d reminders", n)
	}
	// the bulk reminder asks first, naming the count
	b.do("bulk reminder", chromedp.Click(chromedp.CSS(`#remind-filtered`)), chromedp.WaitVisible(chromedp.CSS(`#remind-confirm`)))
	if got := b.text("#remind-confirm p"); !strings.Contains(got, "确定催办未反馈的单位（2 个）吗？") || !strings.Contains(got, "请尽快反馈") {
		t.Errorf("the bulk reminder's question: %q", got)
	}
	b.shot("round-9b-phone-confirm")
	if n := auditActions(t, a, "remind"); n != 0 {
		t.Errorf("a bulk reminder not confirmed reminded: %d", n)
	}
	b.do("round page on a phone", chromedp.Navigate(rurl+"?unit_status=unanswered"), chromedp.WaitVisible(chromedp.CSS(`#recipients`)))
	b.do("remind one unit", chromedp.Click(chromedp.CSS(`#recipients button[form=remind-form]`)), chromedp.WaitVisible(chromedp.CSS(`p.ok`)))
	if got := b.text("p.ok"); !strings.Contains(got, "已催办：1 个单位") {
		t.Errorf("after a row's reminder: %q", got)
	}
	b.do("seminar page", chromedp.Click(chromedp.CSS(`#seminar-link`)), chromedp.WaitVisible(chromedp.CSS(`#seminar-form input[name=held_on]`)),
		chromedp.SendKeys(chromedp.CSS(`#seminar-form input[name=unit_names]`), "西山"),
		chromedp.SendKeys(chromedp.CSS(`#seminar-form textarea[name=text]`), "座谈会上提出：乡村振兴部分再充实"),
		chromedp.Click(chromedp.CSS(`#seminar-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`p.ok`)))
	if got := b.text("p.ok"); !strings.Contains(got, "已录入座谈会意见（1 个单位）") {
		t.Errorf("after the seminar opinion: %q", got)
	}
	if n := b.count("#entered ~ article.comment form"); n != 2 {
		t.Errorf("the opinion entered offers %d forms to correct it, want 2", n)
	}
	b.shot("round-10-phone-seminar")

	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		if strings.Contains(m, "Content Security Policy") || strings.Contains(m, "Uncaught") {
			t.Errorf("browser console: %s", m)
		}
	}
	t.Logf("screenshots in %s", b.shots)

}

// submit clicks a form's button and waits for the page the form leads to.
func (b *browserTest) submit(what, sel string) {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil || resp.Status != 200 {
		b.t.Fatalf("%s: %v %v", what, resp, err)
	}
}

// auditActions counts the audit log's entries of an action.
func auditActions(t *testing.T, a *app, action string) int {
	t.Helper()
	es, err := a.store.AuditLog(context.Background(), 1000, 0)
	must(t, err)
	n := 0
	for _, e := range es {
		if e.Action == action {
			n++
		}
	}
	return n
}
