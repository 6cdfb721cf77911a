package docx_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"strings"
	"testing"

	"qicao/docx"
	"qicao/report"
)

func wantError(t *testing.T, data []byte, code, msg string) {
	t.Helper()
	doc, err := docx.Read(data)
	if err == nil {
		t.Fatalf("no error; read %d blocks", len(doc.Blocks))
	}
	if got := report.ErrorCode(err); got != code {
		t.Fatalf("code %q (%v), want %q", got, err, code)
	}
	if !strings.Contains(report.ErrorMessage(err), msg) {
		t.Fatalf("message %q does not contain %q", report.ErrorMessage(err), msg)
	}
}

func TestReadBadInput(t *testing.T) {
	valid := makeDocx(t, wpsBody, "", wpsNumbering)
	tests := []struct {
		name string
		data []byte
		code string
		msg  string
	}{
		{"empty file", nil, report.EINVALID, "不是有效的 .docx 文件"},
		{"not a zip", []byte("政府工作报告\n各位代表："), report.EINVALID, "不是有效的 .docx 文件"},
		{"old .doc", append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 512)...), report.EINVALID, "另存为 .docx"},
		{"zip without document.xml", zipParts(t, "[Content_Types].xml", contentTypes, "word/styles.xml", "<w:styles/>"), report.EINVALID, "不是有效的 .docx 文件"},
		{"empty document.xml", docParts(t, "word/document.xml", ""), report.EINVALID, "不是有效的 .docx 文件"},
		{"spreadsheet", zipParts(t, "_rels/.rels", strings.Replace(rootRels, "word/document.xml", "xl/workbook.xml", 1), "xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`), report.EINVALID, "不是有效的 .docx 文件"},
		{"broken XML", docParts(t, "word/document.xml", `<w:document `+wNS+`><w:body><w:p></w:body></w:document>`), report.EINVALID, "XML 格式错误"},
		{"invalid UTF-8", docParts(t, "word/document.xml", "<w:document "+wNS+"><w:body><w:p><w:r><w:t>\xff\xfe示例</w:t></w:r></w:p></w:body></w:document>"), report.EINVALID, "UTF-8"},
		{"broken styles", makeDocx(t, p("正文"), "<w:style>", ""), report.EINVALID, "styles.xml"},
		{"nested a million deep", docParts(t, "word/document.xml", `<w:document `+wNS+`><w:body>`+strings.Repeat("<w:sdt>", 1000000)), report.EINVALID, "嵌套层数过多"},
		{"nested in skipped content", docParts(t, "word/document.xml", `<w:document `+wNS+`><w:body><w:del>`+strings.Repeat("<w:del>", 1000000)), report.EINVALID, "嵌套层数过多"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantError(t, tt.data, tt.code, tt.msg) })
	}
	if _, err := docx.Read(valid); err != nil {
		t.Fatalf("valid file: %v", err)
	}
}

func TestReadTruncated(t *testing.T) {
	valid := makeDocx(t, wpsBody, wordStyles, wpsNumbering)
	for n := 0; n < len(valid); n += 7 {
		doc, err := docx.Read(valid[:n])
		if err == nil {
			t.Fatalf("cut at %d of %d: no error, %d blocks", n, len(valid), len(doc.Blocks))
		}
		if code := report.ErrorCode(err); code != report.EINVALID {
			t.Fatalf("cut at %d: code %q: %v", n, code, err)
		}
	}
}

// TestReadCorrupted flips bytes inside the compressed data, which the zip directory does not
// notice: the inflater or the checksum must.
func TestReadCorrupted(t *testing.T) {
	valid := makeDocx(t, wpsBody, wordStyles, wpsNumbering)
	for i := 40; i < len(valid)-200; i += 13 {
		bad := bytes.Clone(valid)
		bad[i] ^= 0x55
		if _, err := docx.Read(bad); err != nil && report.ErrorCode(err) == report.EINTERNAL {
			t.Fatalf("flip at %d: internal error %v", i, err)
		}
	}
}

// bomb returns a zip whose document.xml inflates to about size bytes of paragraphs. The deflate
// stream is one compressed megabyte-block repeated, so building it costs almost nothing.
func bomb(t *testing.T, size int64, declared uint64) []byte {
	t.Helper()
	head := `<w:document ` + wNS + `><w:body>`
	unit := strings.Repeat("<w:p/>", 1<<20/6)
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	fw.Write([]byte(head + unit))
	fw.Flush()
	first := bytes.Clone(buf.Bytes())
	buf.Reset()
	fw.Write([]byte(unit))
	fw.Flush()
	buf.Reset()
	fw.Write([]byte(unit)) // the third block no longer depends on the head
	fw.Flush()
	block := bytes.Clone(buf.Bytes())

	repeats := int(size/int64(len(unit))) - 1
	if declared == 0 {
		declared = uint64(len(head) + (repeats+1)*len(unit))
	}
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	for _, part := range [][2]string{{"[Content_Types].xml", contentTypes}, {"_rels/.rels", rootRels}} {
		pw, err := zw.Create(part[0])
		if err != nil {
			t.Fatal(err)
		}
		pw.Write([]byte(part[1]))
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, UncompressedSize64: declared, CompressedSize64: uint64(len(first) + repeats*len(block) + 5)})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(first)
	for range repeats {
		w.Write(block)
	}
	w.Write([]byte{1, 0, 0, 0xff, 0xff}) // a final empty stored block
	zw.Close()
	return z.Bytes()
}

func TestReadZipBomb(t *testing.T) {
	// A gibibyte that says so is refused from its header; one whose header lies is refused when
	// the inflated bytes pass the limit.
	t.Run("honest header", func(t *testing.T) {
		wantError(t, bomb(t, 1<<30, 1<<30), report.ETOOLARGE, "过大")
	})
	t.Run("lying header", func(t *testing.T) {
		wantError(t, bomb(t, 1<<30, 1000), report.EINVALID, "实际大小与记录不符")
	})
	t.Run("the stream is valid", func(t *testing.T) {
		// The same construction under the limit inflates completely, to XML that never ends.
		doc, err := docx.Read(bomb(t, 4<<20, 0))
		if err == nil || report.ErrorCode(err) != report.EINVALID || !strings.Contains(err.Error(), "XML") {
			t.Fatalf("want the unterminated-XML error, got %v (doc %v)", err, doc)
		}
	})
}

func TestReadLargeParagraph(t *testing.T) {
	long := strings.Repeat("示例市坚持稳中求进工作总基调。", 2<<20/45)
	doc, err := docx.Read(makeDocx(t, p("各位代表：")+p(long), "", ""))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Blocks) != 2 || doc.Blocks[1].Text != long {
		t.Fatalf("blocks = %d", len(doc.Blocks))
	}
}

func TestReadEmptyBody(t *testing.T) {
	doc, err := docx.Read(makeDocx(t, "", "", ""))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Blocks) != 0 || doc.Title != "" {
		t.Fatalf("got %+v", doc)
	}
}

// TestReadTotalLimit spreads the decompressed bytes over several parts, each under the
// per-part limit, so that only the total limit stops them.
func TestReadTotalLimit(t *testing.T) {
	pad := strings.Repeat(" ", 30<<20)
	wantError(t, zipParts(t,
		"_rels/.rels", strings.Replace(rootRels, "</Relationships>", pad+"</Relationships>", 1),
		"word/_rels/document.xml.rels", strings.Replace(docRels, "</Relationships>", pad+"</Relationships>", 1),
		"word/styles.xml", `<w:styles `+wNS+`>`+pad+`</w:styles>`,
		"word/numbering.xml", `<w:numbering `+wNS+`>`+pad+`</w:numbering>`,
		"word/document.xml", `<w:document `+wNS+`><w:body/></w:document>`,
	), report.ETOOLARGE, "总大小超过 100 MB")
}
