package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserMaterial is the proof in a real browser: a writer opens a campaign through
// the form; one contact submits a .docx, another 民生实事 rows; the writer sees the board,
// searches, and files an excerpt under a section of the draft. Screenshots go to
// $QICAO_SCREENSHOTS as material-*.png.
func TestBrowserMaterial(t *testing.T) {
	b := newBrowser(t)
	a := startApp(t, backends[0].dsn(t))
	base, wid := a.url, id(a.ws.ID)

	b.login(base, "writer")
	b.do("new campaign",
		chromedp.Navigate(base+"/w/"+wid+"/campaigns/new"),
		chromedp.WaitVisible(chromedp.CSS(`#campaign-form`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=doc_number]`), "示政办函〔2026〕12号"),
		chromedp.SendKeys(chromedp.CSS(`input[name=contact_name]`), "李明"),
		chromedp.SendKeys(chromedp.CSS(`input[name=phone]`), "0000-1234567"),
	)
	b.shot("material-new")
	b.do("open", chromedp.Click(chromedp.CSS(`#campaign-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`#board`)))
	cs, err := a.store.Campaigns(t.Context(), a.ws.ID)
	must(t, err)
	if len(cs) != 1 || len(cs[0].Items) != 4 || len(cs[0].UnitIDs) != 3 {
		t.Fatalf("campaign opened through the form: %+v", cs)
	}
	c := cs[0]
	if n := b.count("#board tbody tr"); n != 3 {
		t.Fatalf("the board has %d rows, want 3", n)
	}
	b.logout()

	// the first contact: the to-do list, then a .docx for 工作总结
	b.login(base, "contact")
	if got := b.text("main"); !strings.Contains(got, c.Title) {
		t.Errorf("the contact's home does not list the campaign: %q", got)
	}
	b.shot("material-contact-todo")
	file := filepath.Join(t.TempDir(), "东湖镇2026年工作总结.docx")
	must(t, os.WriteFile(file, summaryDocx(t), 0o644))
	item := fmt.Sprintf("#item-%d", c.Items[0].ID)
	b.do("submit .docx",
		chromedp.Navigate(fmt.Sprintf("%s/w/%s/campaigns/%d/units/%d", base, wid, c.ID, a.units["donghu"].ID)),
		chromedp.WaitVisible(chromedp.CSS(item+" form")),
		chromedp.SetUploadFiles(chromedp.CSS(item+" input[type=file]"), []string{file}),
		chromedp.Clear(chromedp.CSS(item+" input[name=phone]")),
		chromedp.SendKeys(chromedp.CSS(item+" input[name=phone]"), "13900000001"),
		chromedp.Click(chromedp.CSS(item+" button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`p.ok`)),
	)
	if got := b.text(item + " h2"); !strings.Contains(got, "已报送") {
		t.Errorf("after submitting, the item shows %q", got)
	}
	b.shot("material-contact-submitted")
	b.logout()

	// the second contact: 民生实事 rows in the form
	b.login(base, "contact2")
	rows := fmt.Sprintf("#item-%d", c.Items[3].ID)
	b.do("民生实事 rows",
		chromedp.Navigate(fmt.Sprintf("%s/w/%s/campaigns/%d/units/%d", base, wid, c.ID, a.units["xishan"].ID)),
		chromedp.WaitVisible(chromedp.CSS(rows+" form")),
		chromedp.SendKeys(chromedp.CSS(rows+" tbody tr:nth-child(1) input[name=p_name]"), "老旧小区改造"),
		chromedp.SendKeys(chromedp.CSS(rows+" tbody tr:nth-child(1) input[name=p_content]"), "改造西山镇3个老旧小区"),
		chromedp.SendKeys(chromedp.CSS(rows+" tbody tr:nth-child(1) input[name=p_funds]"), "1200万元"),
		chromedp.SendKeys(chromedp.CSS(rows+" tbody tr:nth-child(2) input[name=p_name]"), "农村公路提档升级"),
		chromedp.SendKeys(chromedp.CSS(rows+" tbody tr:nth-child(2) input[name=p_due]"), "2027年10月"),
	)
	b.shot("material-rows-form")
	b.do("submit rows", chromedp.Click(chromedp.CSS(rows+" button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(`p.ok`)))
	if n := b.count(rows + " table.list:not(.rows) tbody tr"); n != 2 {
		t.Errorf("the unit page lists %d proposals, want 2", n)
	}
	b.shot("material-rows-submitted")
	b.logout()

	// the writer: the board, a search, an excerpt
	b.login(base, "writer")
	b.do("board", chromedp.Navigate(fmt.Sprintf("%s/w/%s/campaigns/%d", base, wid, c.ID)), chromedp.WaitVisible(chromedp.CSS(`#board`)))
	if n := b.count("#board td.st-sent"); n != 2 {
		t.Errorf("the board shows %d cells sent, want 2", n)
	}
	b.shot("material-board")
	b.do("search",
		chromedp.Navigate(base+"/w/"+wid+"/materials"),
		chromedp.WaitVisible(chromedp.CSS(`#search-form`)),
		chromedp.SendKeys(chromedp.CSS(`#search-form input[name=q]`), "高标准农田"),
		chromedp.Submit(chromedp.CSS(`#search-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#hits`)),
	)
	if got := b.text("#hits"); !strings.Contains(got, "东湖镇 · 工作总结") || !strings.Contains(got, "高标准农田1.2万亩") {
		t.Errorf("search hits: %q", got)
	}
	b.shot("material-search")
	b.do("open the hit", chromedp.Click(chromedp.CSS(`#hits a`)), chromedp.WaitVisible(chromedp.CSS(`#excerpt-form`)))
	b.do("excerpt",
		chromedp.SendKeys(chromedp.CSS(`#excerpt-quote`), "全镇新建高标准农田1.2万亩"),
		chromedp.SendKeys(chromedp.CSS(`#excerpt-form input[name=note]`), "用于农业部分"),
	)
	b.shot("material-submission")
	b.do("file the excerpt", chromedp.Click(chromedp.CSS(`#excerpt-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`blockquote.excerpt`)))
	if got := b.text("blockquote.excerpt"); !strings.Contains(got, "全镇新建高标准农田1.2万亩") || !strings.Contains(got, "东湖镇 · 工作总结") {
		t.Errorf("the excerpt shows %q", got)
	}
	b.shot("material-excerpts")
	b.do("projects", chromedp.Navigate(fmt.Sprintf("%s/w/%s/campaigns/%d/projects", base, wid, c.ID)), chromedp.WaitVisible(chromedp.CSS(`#projects`)))
	b.shot("material-projects")

	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		if strings.Contains(m, "Content Security Policy") || strings.HasPrefix(m, "exception") {
			t.Errorf("browser console: %s", m)
		}
	}
}
