package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"qicao/sample"
)

// uploadWith posts a file to the upload route with extra form fields.
func (c *client) uploadWith(label string, data []byte, fields map[string]string) (*http.Response, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf)
	mw.WriteField("label", label)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", "report.txt")
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.app.url+"/w/"+id(c.app.ws.ID)+"/versions", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// TestWithdrawVersion is issue 14's item 7: an identical upload is noticed, a wrong upload is
// withdrawn with a reason (hidden, kept, audited) and an administrator restores it.
func TestWithdrawVersion(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	w := a.login("writer")
	home := "/w/" + id(a.ws.ID)

	// the same text as version 2 (a.v2) is noticed, and stored only when confirmed
	resp, body := w.uploadWith("修改稿", sample.Report(2), nil)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "与第2版（征求意见稿）内容完全相同") {
		t.Fatalf("identical upload: %d: %s", resp.StatusCode, text(body))
	}
	if n := a.versionCount(); n != 2 {
		t.Fatalf("the identical upload was stored: %d versions", n)
	}
	resp, _ = w.uploadWith("修改稿", sample.Report(2), map[string]string{"identical": "ok", "note": "第一行\n第二行"})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed identical upload: %d", resp.StatusCode)
	}
	page := resp.Header.Get("Location")
	if _, body := w.get(home); !strings.Contains(body, "修改稿") || !strings.Contains(body, "第一行\n第二行") {
		t.Errorf("the home page does not list the new version with its note's lines: %s", text(body))
	}
	// only the latest version can be withdrawn, with a reason
	if resp, _ := w.post("/w/"+id(a.ws.ID)+"/versions/"+id(a.v1.ID)+"/withdraw", url.Values{"reason": {"错了"}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("withdrawing an earlier version: %d", resp.StatusCode)
	}
	if _, body := w.get(page); !strings.Contains(body, "撤回此版本") {
		t.Errorf("the latest version's page offers no withdrawal")
	}
	resp, _ = w.post(page+"/withdraw", url.Values{"reason": {"误传了上一稿"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", resp.StatusCode)
	}
	if _, body := w.get(home); strings.Contains(body, `">修改稿</a>`) || !strings.Contains(body, "已撤回的版本（1）") {
		t.Errorf("after withdrawing, the home page: %s", text(body))
	}
	if _, body := w.get(home + "/compare"); strings.Contains(body, "修改稿") {
		t.Error("the comparison still offers the withdrawn version")
	}
	_, body = w.get(page)
	if !strings.Contains(body, "此版本已撤回") || !strings.Contains(body, "误传了上一稿") || strings.Contains(body, "恢复此版本") {
		t.Errorf("the withdrawn version's page: %s", text(body))
	}
	if n := a.auditActions()["version.withdraw"]; n != 1 {
		t.Errorf("%d version.withdraw rows", n)
	}
	// a writer cannot restore; an administrator can
	if resp, _ := w.post(page+"/restore", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a writer restoring: %d", resp.StatusCode)
	}
	admin := a.login("admin")
	if _, body := admin.get(page); !strings.Contains(body, "恢复此版本") {
		t.Error("no restore button for the administrator")
	}
	if resp, _ := admin.post(page+"/restore", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", resp.StatusCode)
	}
	if n := a.versionCount(); n != 3 {
		t.Errorf("after restoring: %d versions listed", n)
	}
	if _, body := w.get(page); strings.Contains(body, "此版本已撤回") {
		t.Error("the restored version still says withdrawn")
	}
}
