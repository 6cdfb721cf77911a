package load_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"qicao/docx"
	"qicao/load"
	"qicao/report"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func zipOf(t testing.TB, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := z.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipWith builds a zip of named parts with the given contents.
func zipWith(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := z.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[i+1]))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestBytesText(t *testing.T) {
	txt := fixture(t, "shili.txt")
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(txt)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		data     []byte
		headings int
	}{
		{"UTF-8 text", txt, 12},
		{"GBK text", gbk, 12},
		{"Markdown", fixture(t, "shili.md"), 6},
	}
	for _, tt := range tests {
		doc, err := load.Bytes(tt.data)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		n := 0
		for _, b := range doc.Blocks {
			if b.Kind == report.Heading {
				n++
			}
			if strings.Contains(b.Text, "#") || strings.Contains(b.Text, "**") {
				t.Errorf("%s: markup left in %q", tt.name, b.Text)
			}
		}
		if doc.Title != "政府工作报告" || n != tt.headings {
			t.Errorf("%s: title %q with %d headings, want 政府工作报告 with %d", tt.name, doc.Title, n, tt.headings)
		}
	}
}

// A .docx goes to the docx reader whatever the reader makes of it, its main part found through
// the package relationship (here word/document2.xml, as Office 365 saves).
func TestBytesDocx(t *testing.T) {
	data := zipWith(t,
		"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document2.xml"/></Relationships>`,
		"word/document2.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>政府工作报告</w:t></w:r></w:p><w:p><w:r><w:t>一、回顾</w:t></w:r></w:p></w:body></w:document>`)
	gotDoc, gotErr := load.Bytes(data)
	wantDoc, wantErr := docx.Read(data)
	if gotErr != nil || len(gotDoc.Blocks) != 1 || !reflect.DeepEqual(gotDoc, wantDoc) || report.ErrorMessage(gotErr) != report.ErrorMessage(wantErr) {
		t.Errorf("load.Bytes = %v, %v; docx.Read = %v, %v", gotDoc, gotErr, wantDoc, wantErr)
	}
}

func TestBytesRejects(t *testing.T) {
	junk := make([]byte, 2048)
	for i := range junk {
		junk[i] = byte(i * 131 % 251)
	}
	tests := []struct {
		name string
		data []byte
		msg  string
	}{
		{"empty", nil, "文件为空"},
		{"blank", []byte(" \r\n\t\n"), "文件为空"},
		{"legacy .doc", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00"), "不支持旧版 .doc 格式，请在 Word 或 WPS 中另存为 .docx"},
		{"PDF", []byte("%PDF-1.7\n1 0 obj\n"), "不支持 PDF"},
		{"RTF", []byte(`{\rtf1\ansi 示例}`), "RTF"},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "图片"},
		{"zip of other files", zipOf(t, "readme.txt", "data.csv"), "不是 .docx"},
		{"OpenDocument", zipOf(t, "mimetype", "content.xml"), ".odt"},
		{"Excel", zipOf(t, "[Content_Types].xml", "xl/workbook.xml"), "Excel"},
		{"a document.xml no relationship names", zipOf(t, "word/document.xml"), "不是 .docx"},
		{"truncated zip", zipOf(t, "word/document.xml")[:40], "损坏或不完整"},
		{"binary junk", junk, ""},
		{"invalid text", []byte("示例\xff\xfe\x80市"), "编码"},
	}
	for _, tt := range tests {
		doc, err := load.Bytes(tt.data)
		if err == nil {
			t.Errorf("%s: got a document with %d blocks, want an error", tt.name, len(doc.Blocks))
			continue
		}
		if report.ErrorCode(err) != report.EINVALID || !hasHan(err.Error()) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: error %q (%s), want EINVALID containing %q", tt.name, err, report.ErrorCode(err), tt.msg)
		}
	}
}

func TestFile(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: the test costs no disk, and File must stop reading at the cap anyway.
	if err := f.Truncate(load.MaxSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	tests := []struct {
		name, path, code, msg string
	}{
		{"missing", filepath.Join(dir, "none.txt"), report.ENOTFOUND, "找不到文件"},
		{"directory", dir, report.EINVALID, "无法读取文件"},
		{"too large", big, report.ETOOLARGE, "50 MB"},
	}
	for _, tt := range tests {
		_, err := load.File(tt.path)
		if report.ErrorCode(err) != tt.code || !strings.Contains(report.ErrorMessage(err), tt.msg) {
			t.Errorf("%s: File = %v (%s), want %s containing %q", tt.name, err, report.ErrorCode(err), tt.code, tt.msg)
		}
	}
	doc, err := load.File(filepath.Join("testdata", "shili.txt"))
	if err != nil || doc.Speaker != "示例市市长　李明远" {
		t.Errorf("File(shili.txt) = %v, %v", doc, err)
	}
}

func FuzzLoadBytes(f *testing.F) {
	f.Add([]byte("政府工作报告\n一、回顾\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := load.Bytes(data)
		if err != nil {
			if c := report.ErrorCode(err); c != report.EINVALID && c != report.ETOOLARGE || !hasHan(err.Error()) {
				t.Fatalf("error %q has code %s, want EINVALID or ETOOLARGE in Chinese", err, c)
			}
			return
		}
		for _, b := range doc.Blocks {
			if !utf8.ValidString(b.Text) {
				t.Fatalf("block text is not valid UTF-8: %q", b.Text)
			}
		}
	})
}

// TestSameLimitsEveryFormat: a file beyond the paragraph or text limit is refused as too large
// whether it is a .docx, plain text or Markdown (a 1.5 MB .docx of 200,000 paragraphs was
// once accepted and took 24 s to compare).
func TestSameLimitsEveryFormat(t *testing.T) {
	many := &report.Document{Title: "政府工作报告"}
	for i := 0; i < report.MaxParagraphs+1; i++ {
		many.Blocks = append(many.Blocks, report.Block{ID: fmt.Sprint(i), Kind: report.Paragraph, Text: "甲"})
	}
	var dx bytes.Buffer
	if err := docx.Write(&dx, many); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("很长的段落。", report.MaxTextBytes/18/100+1)
	for name, data := range map[string][]byte{
		"docx, many paragraphs":     dx.Bytes(),
		"text, many paragraphs":     []byte("政府工作报告\n" + strings.Repeat("甲\n", report.MaxParagraphs+1)),
		"markdown, many paragraphs": []byte("# 政府工作报告\n\n" + strings.Repeat("甲\n\n", report.MaxParagraphs+1)),
		"text, too much text":       []byte("政府工作报告\n" + strings.Repeat(long+"\n", 101)),
	} {
		_, err := load.Bytes(data)
		if report.ErrorCode(err) != report.ETOOLARGE {
			t.Errorf("%s (%d bytes): %v, want ETOOLARGE", name, len(data), err)
		}
	}
	// at the limit, accepted
	ok := []byte("政府工作报告\n" + strings.Repeat("甲\n", report.MaxParagraphs-1))
	if _, err := load.Bytes(ok); err != nil {
		t.Errorf("%d paragraphs: %v", report.MaxParagraphs, err)
	}
}
