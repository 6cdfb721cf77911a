package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"qicao/sample"
)

// TestBrowserMeeting is the 审议 path in a real browser: the writer records a 政府常务会议 on
// the 征求意见稿 with an instruction on a passage and a general one, uploads the next version,
// sees how the passage changed, marks one instruction 已落实 (after being told to say what was
// done) and one 未落实, and the leader reads the one-page 落实情况. Screenshots are kept in
// $QICAO_SCREENSHOTS (meeting-*.png).
func TestBrowserMeeting(t *testing.T) {
	b := newBrowser(t)
	a := startApp(t, backends[0].dsn(t))
	base := a.url
	wbase := base + "/w/" + id(a.ws.ID)

	b.login(base, "writer")
	b.do("record the meeting",
		chromedp.Navigate(wbase+"/meetings"),
		chromedp.WaitVisible(chromedp.CSS(`#meeting-form`)),
		chromedp.SetValue(chromedp.CSS(`#meeting-form select[name=version]`), id(a.v2.ID)),
		chromedp.SetValue(chromedp.CSS(`#meeting-form select[name=presiding]`), id(a.users["leader"].ID)),
		chromedp.SendKeys(chromedp.CSS(`#meeting-form textarea[name=attendees]`), "李市长、王副市长"),
		chromedp.Click(chromedp.CSS(`#meeting-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#instruction-form`)),
	)
	// An instruction on "改造老旧小区38个", which v3 rewrites as 40.
	para, quote := "", ""
	for _, blk := range a.v2.Doc.Blocks {
		if strings.HasPrefix(blk.Text, "2.深入实施城市更新行动") {
			para = blk.ID
			i := strings.Index(blk.Text, "改造老旧小区")
			quote = string([]rune(blk.Text[i:])[:8])
			break
		}
	}
	if para == "" {
		t.Fatal("the 征求意见稿 has no paragraph on 城市更新")
	}
	b.do("an instruction on a passage",
		chromedp.SendKeys(chromedp.CSS(`#instruction-form textarea[name=text]`), "老旧小区改造数量要与省里下达的计划衔接"),
		chromedp.SendKeys(chromedp.CSS(`#instruction-form input[name=given_by]`), "市长 李市长"),
		chromedp.SetValue(chromedp.CSS(`#instruction-form select[name=block]`), para),
		chromedp.SendKeys(chromedp.CSS(`#instruction-form input[name=quote]`), quote),
		chromedp.SetValue(chromedp.CSS(`#instruction-form select[name=assignee]`), id(a.users["writer"].ID)),
		chromedp.Click(chromedp.CSS(`#instruction-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#instructions`)),
	)
	b.do("a general instruction",
		chromedp.SendKeys(chromedp.CSS(`#instruction-form textarea[name=text]`), "民生实事增加一项"),
		chromedp.Click(chromedp.CSS(`#instruction-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#instructions li:nth-child(2)`)),
	)
	if n := b.count("#instructions > li"); n != 2 {
		t.Fatalf("%d instructions listed, want 2", n)
	}
	b.shot("meeting-1-instructions")
	meetingURL, err := chromedp.Run(b.ctx, chromedp.Location())
	must(t, err)

	// The next version, from the upload page.
	file := filepath.Join(t.TempDir(), "送审稿.txt")
	must(t, os.WriteFile(file, sample.Report(3), 0o644))
	b.do("upload the 送审稿",
		chromedp.Navigate(wbase+"/upload"),
		chromedp.WaitVisible(chromedp.CSS(`#upload-form`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=label]`), "送审稿"),
		chromedp.SetValue(chromedp.CSS(`select[name=stage]`), "政府常务会议审议"),
		chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{file}),
		chromedp.Click(chromedp.CSS(`#upload-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`article.paper`)),
	)
	b.do("back to the meeting", chromedp.Navigate(meetingURL), chromedp.WaitVisible(chromedp.CSS(`#instructions`)))
	first := b.text("#instructions > li:nth-child(1)")
	if !strings.Contains(first, "在第3版中：所指文字已修改") {
		t.Errorf("the first instruction against v3: %s", first)
	}
	if b.count("#instructions > li:nth-child(1) .diff-inline ins") == 0 {
		t.Error("no inserted text shown in the changed passage")
	}
	// 已落实 without saying what was done is refused with the message on the page.
	b.do("已落实 without what",
		chromedp.Click(chromedp.CSS(`#instructions > li:nth-child(1) input[value=done]`)),
		chromedp.Click(chromedp.CSS(`#instructions > li:nth-child(1) .mark-form button`)),
		chromedp.WaitVisible(chromedp.CSS(`#meeting-error`)),
	)
	if msg := b.text("#meeting-error"); msg != "标为已落实时，请写明做了哪些修改" {
		t.Fatalf("message %q", msg)
	}
	b.shot("meeting-2-refused")
	b.do("已落实",
		chromedp.Click(chromedp.CSS(`#instructions > li:nth-child(1) input[value=done]`)),
		chromedp.SendKeys(chromedp.CSS(`#instructions > li:nth-child(1) textarea[name=outcome]`), "按省下达计划调整了改造数量"),
		chromedp.Click(chromedp.CSS(`#instructions > li:nth-child(1) .mark-form button`)),
		chromedp.WaitVisible(chromedp.CSS(`#instructions > li.carry-done`)),
	)
	b.do("未落实",
		chromedp.Click(chromedp.CSS(`#instructions > li:nth-child(2) input[value=not_done]`)),
		chromedp.SendKeys(chromedp.CSS(`#instructions > li:nth-child(2) textarea[name=outcome]`), "待财政局测算后再定"),
		chromedp.Click(chromedp.CSS(`#instructions > li:nth-child(2) .mark-form button`)),
		chromedp.WaitVisible(chromedp.CSS(`#instructions > li.carry-not_done`)),
	)
	b.shot("meeting-3-carried")
	b.logout()

	b.login(base, "leader")
	b.do("the 落实情况", chromedp.Navigate(meetingURL+"/carry"), chromedp.WaitVisible(chromedp.CSS(`#carry-table`)))
	if intro := b.text("#carry-intro"); !strings.Contains(intro, "提出审议意见2条。对照第3版《送审稿》，已落实1条，未落实1条，待落实0条。") {
		t.Errorf("落实情况: %s", intro)
	}
	b.shot("meeting-4-carry")
	b.do("the 起草说明", chromedp.Navigate(wbase+"/explanation"), chromedp.WaitVisible(chromedp.CSS(`#explanation`)))
	if got := b.text("#explanation"); !strings.Contains(got, "经市政府常务会议审议，会议提出审议意见2条，已落实1条、未落实1条。") {
		t.Errorf("起草说明: %s", got)
	}
	b.shot("meeting-5-explanation")
}
