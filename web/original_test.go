package web_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"qicao/docx"
	"qicao/load"
	"qicao/report"
	"qicao/sample"
)

// TestOriginalKept: the uploaded file comes back byte for byte, beside the GB/T 9704 copy, and
// the version page offers both.
func TestOriginalKept(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		c := a.login("writer")
		doc, err := load.Bytes(sample.Report(2))
		must(t, err)
		var file bytes.Buffer
		must(t, docx.Write(&file, doc))
		original := file.Bytes()
		resp, body := c.upload("修改稿", "市长的修改稿.docx", original)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload: status %d: %s", resp.StatusCode, text(body))
		}
		loc := resp.Header.Get("Location")
		_, page := c.get(loc)
		if !strings.Contains(page, loc+"/original") || !strings.Contains(page, loc+"/docx") || !strings.Contains(page, "市长的修改稿.docx") {
			t.Fatalf("version page offers no original and copy: %s", text(page))
		}
		resp, got := c.get(loc + "/original")
		if resp.StatusCode != 200 || got != string(original) {
			t.Fatalf("original: status %d, %d bytes, want %d", resp.StatusCode, len(got), len(original))
		}
		if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''%E5%B8%82") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/vnd.openxmlformats") {
			t.Errorf("headers %v", resp.Header)
		}
		resp, copy := c.get(loc + "/docx")
		if resp.StatusCode != 200 || !strings.HasPrefix(copy, "PK") {
			t.Errorf("GB/T 9704 copy: status %d", resp.StatusCode)
		}
		// A version stored without its file (added before originals were kept) offers only
		// the copy, and its original is a 404 with a message.
		bare := &report.Version{WorkspaceID: a.ws.ID, Label: "旧稿", Doc: doc}
		must(t, a.store.AddVersion(t.Context(), bare, nil, report.AuditEntry{}))
		vloc := "/w/" + id(a.ws.ID) + "/versions/" + id(bare.ID)
		if _, page := c.get(vloc); strings.Contains(page, vloc+"/original") || !strings.Contains(page, vloc+"/docx") {
			t.Errorf("version without an original: %s", text(page))
		}
		if resp, body := c.get(vloc + "/original"); resp.StatusCode != 404 || !strings.Contains(body, "没有保存上传的原件") {
			t.Errorf("missing original: status %d: %s", resp.StatusCode, text(body))
		}
	})
}
