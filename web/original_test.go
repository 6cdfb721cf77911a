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

// A GBK text with a 造字 and a .docx with a footnote: the version page lists the 造字 and shows
// the note under its paragraph.
func TestVersionPageUserDefinedAndNotes(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	c := a.login("writer")
	gbk := []byte("\xca\xbe\xc0\xfd\xca\xd0\xd5\xfe\xb8\xae\xb9\xa4\xd7\xf7\xb1\xa8\xb8\xe6\n" + // 示例市政府工作报告
		"\xd2\xbb\xa1\xa2\xbb\xd8\xb9\xcb\n" + // 一、回顾
		"\xc7\xe0\xca\xaf\xd5\xf2\xaa\xa1\xcf\xaa\xb4\xe5\xa1\xa3\n") // 青石镇\uE000溪村。
	resp, body := c.upload("修改稿", "gbk.txt", gbk)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: status %d: %s", resp.StatusCode, text(body))
	}
	if _, page := c.get(resp.Header.Get("Location")); !strings.Contains(page, "造字：文中有 1 个") || !strings.Contains(page, "E000") {
		t.Errorf("version page lists no 造字: %s", text(page))
	}

	doc, err := load.Bytes(sample.Report(1))
	must(t, err)
	doc.Blocks[1].Notes = []report.Note{{At: 3, Text: "“三个示范”：示范镇、示范村、示范户。"}}
	var file bytes.Buffer
	must(t, docx.Write(&file, doc))
	resp, body = c.upload("修改稿", "有脚注.docx", file.Bytes())
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: status %d: %s", resp.StatusCode, text(body))
	}
	if _, page := c.get(resp.Header.Get("Location")); !strings.Contains(page, "脚注：“三个示范”：示范镇、示范村、示范户。") {
		t.Errorf("version page shows no footnote: %s", text(page))
	}
}
