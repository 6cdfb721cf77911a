package compare_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"qicao/compare"
)

func zipEntry(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no %s in the archive", name)
	return ""
}

func trackedDocx(t *testing.T) []byte {
	t.Helper()
	old, new := load(t, "v1.txt"), load(t, "v2.txt")
	r := compare.Compare(old, new)
	var b bytes.Buffer
	if err := compare.WriteDocx(&b, r, old, new, "起草组", time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// deletedAndInserted collects the text inside w:del and w:ins elements of a document.xml.
func deletedAndInserted(xml string) (del, ins []string) {
	for _, m := range regexp.MustCompile(`(?s)<w:del [^>]*>(.*?)</w:del>`).FindAllStringSubmatch(xml, -1) {
		del = append(del, strings.Join(texts(m[1], "w:delText"), ""))
	}
	for _, m := range regexp.MustCompile(`(?s)<w:ins [^>]*>(.*?)</w:ins>`).FindAllStringSubmatch(xml, -1) {
		ins = append(ins, strings.Join(texts(m[1], "w:t"), ""))
	}
	return del, ins
}

func texts(xml, tag string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<`+tag+`(?: [^>]*)?>([^<]*)</`+tag+`>`).FindAllStringSubmatch(xml, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestDocxRevisionMarks(t *testing.T) {
	xml := zipEntry(t, trackedDocx(t), "word/document.xml")
	del, ins := deletedAndInserted(xml)
	all := strings.Join(del, "|") + " / " + strings.Join(ins, "|")
	for _, want := range []string{"有进", "向好", "（四）内外兼修提升城市品质", "（四）坚定不移擦亮生态底色", "全面", "持续", "，城乡居民医保参保率稳定在96%以上", "2.狠抓项目扩大有效投资"} {
		if !strings.Contains(all, want) {
			t.Errorf("revision marks lack %q: %s", want, all)
		}
	}
	if !strings.Contains(xml, `w:author="起草组"`) || !strings.Contains(xml, `w:date="2027-01-10T09:00:00Z"`) {
		t.Errorf("revision marks lack author or date")
	}
}

// TestDocxLibreOfficeRoundTrip opens the tracked-changes .docx in LibreOffice, saves it as
// .odt and as .docx again, and checks that the changes are still tracked changes.
func TestDocxLibreOfficeRoundTrip(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "对照.docx")
	if err := os.WriteFile(in, trackedDocx(t), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"odt", "docx:MS Word 2007 XML"} {
		ext, _, _ := strings.Cut(format, ":")
		outDir := filepath.Join(dir, ext)
		cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
			"--headless", "--convert-to", format, "--outdir", outDir, in)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, out)
		}
		data, err := os.ReadFile(filepath.Join(outDir, "对照."+ext))
		if err != nil {
			t.Fatal(err)
		}
		if ext == "odt" {
			content := zipEntry(t, data, "content.xml")
			regions := strings.Count(content, "<text:changed-region")
			if !strings.Contains(content, "<text:tracked-changes") || regions < 10 ||
				!strings.Contains(content, "<text:deletion>") || !strings.Contains(content, "<text:insertion>") ||
				!strings.Contains(content, "起草组") || !strings.Contains(content, "内外兼修提升城市品质") {
				t.Errorf("odt lost the tracked changes: %d regions", regions)
			}
			continue
		}
		del, ins := deletedAndInserted(zipEntry(t, data, "word/document.xml"))
		if !strings.Contains(strings.Join(del, "|"), "内外兼修提升城市品质") || !strings.Contains(strings.Join(ins, "|"), "坚定不移擦亮生态底色") {
			t.Errorf("docx round trip lost the tracked changes: del %q ins %q", del, ins)
		}
	}
}
