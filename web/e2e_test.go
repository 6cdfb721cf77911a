package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"qicao/demo"
	"qicao/load"
	"qicao/sample"
	"qicao/store"
)

// browserTest is a headless Chromium driven through the DevTools protocol, with the console
// collected so that a Content-Security-Policy violation or a script error fails the test.
type browserTest struct {
	t       *testing.T
	ctx     context.Context
	shots   string
	mu      sync.Mutex
	console []string
}

func newBrowser(t *testing.T) *browserTest {
	path, err := exec.LookPath("chromium")
	if err != nil {
		if _, err := os.Stat("/usr/bin/chromium"); err != nil {
			t.Skip("chromium is not installed")
		}
		path = "/usr/bin/chromium"
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 768),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })

	shots := os.Getenv("QICAO_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	must(t, os.MkdirAll(shots, 0o755))
	b := &browserTest{t: t, ctx: ctx, shots: shots}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768)); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m.String()+" "+m.URL)
			b.mu.Unlock()
		}
	}()
	return b
}

func (b *browserTest) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func (b *browserTest) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func (b *browserTest) count(sel string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", sel)))
	if err != nil {
		b.t.Fatalf("counting %s: %v", sel, err)
	}
	return n
}

// shot saves what the screen shows as name.png.
func (b *browserTest) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	must(b.t, os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644))
}

func (b *browserTest) login(base, username string) {
	b.t.Helper()
	b.do("login as "+username,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), username),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), password),
		chromedp.Submit(chromedp.CSS(`form.form`)),
		chromedp.WaitVisible(chromedp.CSS(`.me .who`)),
	)
}

func (b *browserTest) logout() {
	b.t.Helper()
	b.do("logout", chromedp.Click(chromedp.CSS(`.me button.link`)), chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)))
}

// TestBrowser is the main path in a real browser: a writer logs in, uploads a version, reads
// its outline, compares two versions and downloads the .docx; a contact logs in and cannot
// reach the report. Screenshots of the main pages, at 1366×768 and at a phone's width, are kept
// in $QICAO_SCREENSHOTS.
func TestBrowser(t *testing.T) {
	b := newBrowser(t)
	a := startApp(t, backends[0].dsn(t))
	base := a.url

	b.do("login page", chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS(`form.form`)))
	b.shot("login")
	b.login(base, "writer")
	b.shot("home")
	if n := b.count("table.list tbody tr"); n != 2 {
		t.Fatalf("home lists %d versions, want 2", n)
	}

	// upload the 送审稿 through the form and its progress script
	// a file that is not a report: the script shows the server's message in place
	bad := filepath.Join(t.TempDir(), "扫描件.pdf")
	must(t, os.WriteFile(bad, []byte("%PDF-1.7\n"), 0o644))
	b.do("bad upload",
		chromedp.Navigate(base+"/w/"+id(a.ws.ID)+"/upload"),
		chromedp.WaitVisible(chromedp.CSS(`#upload-form`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=label]`), "送审稿"),
		chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{bad}),
		chromedp.Click(chromedp.CSS(`#upload-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#upload-error`)),
	)
	if msg := b.text("#upload-error"); !strings.Contains(msg, "PDF") {
		t.Errorf("bad upload shows %q", msg)
	}
	b.shot("upload-error")
	if a.versionCount() != 2 {
		t.Fatalf("a bad upload stored a version")
	}

	file := filepath.Join(t.TempDir(), "示例市2027年政府工作报告（送审稿）.txt")
	must(t, os.WriteFile(file, sample.Report(3), 0o644))
	b.do("upload form",
		chromedp.Navigate(base+"/w/"+id(a.ws.ID)+"/upload"),
		chromedp.WaitVisible(chromedp.CSS(`#upload-form`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=label]`), "送审稿"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=note]`), "根据征求意见修改"),
		chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{file}),
	)
	b.shot("upload")
	b.do("upload", chromedp.Click(chromedp.CSS(`#upload-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`nav.toc`)))
	if got := b.text(".doc-head h1"); !strings.Contains(got, "送审稿") {
		t.Fatalf("after upload the page shows %q", got)
	}
	if a.versionCount() != 3 {
		t.Fatalf("%d versions after the upload", a.versionCount())
	}
	b.shot("version")
	// the outline navigates: its links point at paragraphs of the page
	if n := b.count("nav.toc li a"); n < 10 {
		t.Fatalf("outline has %d entries", n)
	}
	target, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { const a = document.querySelectorAll("nav.toc li a")[3]; a.click(); return document.getElementById(a.getAttribute("href").slice(1)) !== null && location.hash === a.getAttribute("href"); })()`))
	if err != nil || !target {
		t.Fatalf("outline link does not reach its paragraph: %v", err)
	}
	b.shot("version-outline-link")

	// compare with the version before, from the version page, then choose the 初稿 instead
	vs, _ := a.store.Versions(t.Context(), a.ws.ID)
	b.do("compare with the previous version",
		chromedp.Click(chromedp.CSS(`a[href*="/compare?to="]`)),
		chromedp.WaitVisible(chromedp.CSS(`article.diff`)),
	)
	if got := b.text("p.summary"); !strings.Contains(got, "征求意见稿") || !strings.Contains(got, "送审稿") {
		t.Errorf("comparison from the version page: %q", got)
	}
	b.do("choose the 初稿", chromedp.SetValue(chromedp.CSS(`select[name=from]`), id(a.v1.ID)))
	// RunResponse waits for the page the form loads
	if resp, err := chromedp.RunResponse(b.ctx, chromedp.Submit(chromedp.CSS(`form.inline-form`))); err != nil || resp.Status != 200 {
		t.Fatalf("comparison form: %v %v", resp, err)
	}
	if got := b.text("p.summary"); !strings.Contains(got, "初稿") || !strings.Contains(got, "送审稿") {
		t.Errorf("comparison chosen in the form: %q", got)
	}
	if b.count("article.diff ins")+b.count("article.diff del") == 0 {
		t.Fatal("the comparison shows no change")
	}
	b.shot("compare")

	// download the .docx
	dir := t.TempDir()
	progress := chromedp.Events(b.ctx, browser.DownloadProgress)
	b.do("download",
		chromedp.Navigate(fmt.Sprintf("%s/w/%d/versions/%d", base, a.ws.ID, vs[2].ID)),
		chromedp.WaitVisible(chromedp.CSS(`nav.toc`)),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			t := true
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &t,
			})
			return err
		}),
		chromedp.Click(chromedp.CSS(`.actions a.button`)),
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
		t.Fatalf("the downloaded .docx does not read back: %v", err)
	}
	v3, err := a.store.Version(t.Context(), vs[2].ID)
	must(t, err)
	if got, want := doc.PlainText(), v3.Doc.PlainText(); got != want {
		t.Errorf("the downloaded .docx reads back as %d bytes of text, the version has %d", len(got), len(want))
	}

	// phone width
	b.do("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	b.do("phone home", chromedp.Navigate(base+"/w/"+id(a.ws.ID)), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	b.shot("phone-home")
	b.do("phone version", chromedp.Navigate(fmt.Sprintf("%s/w/%d/versions/%d", base, a.ws.ID, vs[2].ID)), chromedp.WaitVisible(chromedp.CSS(`nav.toc`)))
	b.shot("phone-version")
	b.do("phone compare", chromedp.Navigate(fmt.Sprintf("%s/w/%d/compare?from=%d&to=%d", base, a.ws.ID, a.v1.ID, vs[2].ID)), chromedp.WaitVisible(chromedp.CSS(`article.diff`)))
	b.shot("phone-compare")
	b.logout()
	b.shot("phone-login")
	b.do("desktop", chromedp.EmulateViewport(1366, 768))

	// a contact sees their unit and cannot reach the report or another unit
	b.login(base, "contact")
	b.shot("contact-home")
	if b.count(`a[href*="/versions/"]`) != 0 {
		t.Error("a contact's home links to versions")
	}
	for path, want := range map[string]string{
		fmt.Sprintf("/w/%d/versions/%d", a.ws.ID, a.v1.ID): "无权访问",
		fmt.Sprintf("/w/%d/compare", a.ws.ID):              "无权访问",
		fmt.Sprintf("/units/%d", a.units["xishan"].ID):     "页面不存在",
		"/admin/users": "无权访问",
	} {
		b.do("contact visits "+path, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
		if got := b.text("main h1"); got != want {
			t.Errorf("contact at %s sees %q, want %q", path, got, want)
		}
	}
	b.shot("contact-forbidden")
	b.logout()

	// an admin's pages
	b.login(base, "admin")
	b.do("users", chromedp.Navigate(base+"/admin/users"), chromedp.WaitVisible(chromedp.CSS(`table.list`)))
	b.shot("admin-users")
	b.do("audit", chromedp.Navigate(base+"/admin/audit"), chromedp.WaitVisible(chromedp.CSS(`table.list`)))
	b.shot("admin-audit")

	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		if strings.Contains(m, "Content Security Policy") || strings.HasPrefix(m, "exception") {
			t.Errorf("browser console: %s", m)
		}
	}
	t.Logf("screenshots in %s", b.shots)
}

// TestBrowserDemo looks at the demo a newcomer sees: 示例市 with its 44 units and three drafts.
func TestBrowserDemo(t *testing.T) {
	dsn := backends[0].dsn(t)
	st, err := store.Open(context.Background(), dsn)
	must(t, err)
	t.Cleanup(func() { st.Close() })
	accounts, err := demo.Seed(context.Background(), st)
	must(t, err)
	b := newBrowser(t) // after seeding: the browser's deadline is for the browser
	a := &app{t: t, dsn: dsn, store: st}
	a.serve()
	login := func(username string) {
		for _, acc := range accounts {
			if acc.Username == username {
				b.do("login as "+username,
					chromedp.Navigate(a.url+"/login"),
					chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
					chromedp.SendKeys(chromedp.CSS(`input[name=username]`), username),
					chromedp.SendKeys(chromedp.CSS(`input[name=password]`), acc.Password),
					chromedp.Submit(chromedp.CSS(`form.form`)),
					chromedp.WaitVisible(chromedp.CSS(`.me .who`)),
				)
				return
			}
		}
		t.Fatalf("no demo account %s", username)
	}
	login("leader1")
	if n := b.count("table.list tbody tr"); n != 4 {
		t.Errorf("the demo home lists %d versions, want 4 (the three drafts and the 常务会议修改稿)", n)
	}
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(document.querySelectorAll("details").forEach(d => d.open = true), true)`)); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	must(t, err)
	must(t, os.WriteFile(filepath.Join(b.shots, "demo-home-full.png"), png, 0o644))
	b.logout()
	login("contact-donghu")
	if got := b.text("main"); !strings.Contains(got, "东湖镇") {
		t.Errorf("the contact's home does not name 东湖镇: %q", got)
	}
	b.shot("demo-contact-home")
}
