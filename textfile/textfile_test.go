package textfile_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"qicao/golden"
	"qicao/report"
	"qicao/textfile"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dump shows a document's structure one block a line, for golden files.
func dump(doc *report.Document) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "title: %s\nsubtitle: %s\nspeaker: %s\n", doc.Title, doc.Subtitle, doc.Speaker)
	for _, b := range doc.Blocks {
		switch b.Kind {
		case report.Heading:
			fmt.Fprintf(&sb, "H%d %s | %s | %s\n", b.Level, b.Label(), b.Title(), b.Body())
		case report.Table:
			fmt.Fprintf(&sb, "T %q\n", b.Rows)
		default:
			fmt.Fprintf(&sb, "P %s\n", b.Text)
		}
	}
	return sb.String()
}

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var out []byte
	if bom {
		s = "\ufeff" + s
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func TestReadEncodings(t *testing.T) {
	utf8Text := string(readFixture(t, "shili.txt"))
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(utf8Text)
	if err != nil {
		t.Fatal(err)
	}
	// "𠀀" needs GB18030's four-byte form; GBK cannot hold it.
	gb18030, err := simplifiedchinese.GB18030.NewEncoder().String(utf8Text + "生僻字𠀀。\n")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		tail string
	}{
		{"UTF-8", []byte(utf8Text), ""},
		{"UTF-8 BOM", append([]byte("\ufeff"), utf8Text...), ""},
		{"GBK", []byte(gbk), ""},
		{"GB18030", []byte(gb18030), "生僻字𠀀。\n"},
		{"UTF-16LE BOM", utf16Bytes(utf8Text, false, true), ""},
		{"UTF-16BE BOM", utf16Bytes(utf8Text, true, true), ""},
		{"UTF-16LE", utf16Bytes(utf8Text, false, false), ""},
		{"UTF-16BE", utf16Bytes(utf8Text, true, false), ""},
		{"CRLF", []byte(strings.ReplaceAll(utf8Text, "\n", "\r\n")), ""},
		{"CR", []byte(strings.ReplaceAll(utf8Text, "\n", "\r")), ""},
		{"GBK CRLF", []byte(strings.ReplaceAll(gbk, "\n", "\r\n")), ""},
	}
	want, err := textfile.Read([]byte(utf8Text))
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "shili.golden", []byte(dump(want)))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := textfile.Read(tt.data)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if got, want := doc.PlainText(), want.PlainText()+strings.TrimSuffix(tt.tail, "\n")+tailNewline(tt.tail); got != want {
				t.Errorf("text differs:\n%s\nwant:\n%s", got, want)
			}
			if got, want := dump(doc), dump(want); tt.tail == "" && got != want {
				t.Errorf("structure differs:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func tailNewline(s string) string {
	if s == "" {
		return ""
	}
	return "\n"
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"form feed from pdftotext", []byte("第一页\f第二页"), "第一页\n第二页"},
		{"vertical tab", []byte("甲\v乙"), "甲\n乙"},
		{"DOS end mark", []byte("甲乙\x1a"), "甲乙"},
		{"tab kept", []byte("指标\t数值"), "指标\t数值"},
		{"mixed line ends", []byte("一\r\n二\r三\n四"), "一\n二\n三\n四"},
		{"ASCII only", []byte("GDP 5%"), "GDP 5%"},
	}
	for _, tt := range tests {
		got, err := textfile.Decode(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("%s: Decode = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

// hasHan reports whether a message is written in Chinese.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestReadBadInput(t *testing.T) {
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i*7919 + i/13)
	}
	tests := []struct {
		name string
		in   []byte
		msg  string
	}{
		{"empty", nil, "文件为空"},
		{"only blank lines", []byte("\n\r\n　　\n"), "没有文字"},
		{"neither UTF-8 nor GBK", []byte("示例\xff\xfe\xfd\x80市"), "编码"},
		{"binary junk", junk, ""},
		{"NUL in UTF-8", []byte("第一行\n第二\x00行\n"), "空字符"},
		{"control character", []byte("第一行\n第二\x07行\n"), "第2行"},
		{"DEL", []byte("第一行\n第二行\n第三\x7f行"), "U+007F"},
		{"C1 control", []byte("第一行\n第二\u0085行\n"), "U+0085"},
		{"UTF-16 odd length", append([]byte{0xFF, 0xFE}, "示\x00例"...), "UTF-16"},
		{"UTF-16 lone surrogate", []byte{0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00}, "UTF-16"},
		{"bad UTF-8 after BOM", []byte("\ufeff示例\xff"), "UTF-8"},
		{"GBK user-defined area", []byte{0xAA, 0xA1, 0xAA, 0xA2}, "编码"},
	}
	for _, tt := range tests {
		for _, read := range []func([]byte) (*report.Document, error){textfile.Read, textfile.ReadMarkdown} {
			doc, err := read(tt.in)
			if err == nil {
				t.Errorf("%s: read = %v, want an error", tt.name, dump(doc))
				continue
			}
			if report.ErrorCode(err) != report.EINVALID || !hasHan(report.ErrorMessage(err)) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("%s: error %q (%s), want EINVALID in Chinese containing %q", tt.name, err, report.ErrorCode(err), tt.msg)
			}
		}
	}
}

// A NUL anywhere in a UTF-8 report is refused as a NUL, never taken for UTF-16 without a BOM
// (a single NUL at an odd offset once made the file read as UTF-16 garbage).
func TestStrayNULIsNotUTF16(t *testing.T) {
	text := "一、标题\n\n正文内容，完成投资12.5亿元。\n"
	for i := 0; i <= len(text); i++ {
		if i < len(text) && !utf8.RuneStart(text[i]) {
			continue
		}
		in := []byte(text[:i] + "\x00" + text[i:])
		_, err := textfile.Read(in)
		if err == nil || !strings.Contains(err.Error(), "空字符") {
			t.Errorf("NUL at byte %d: %v, want the NUL refused", i, err)
		}
	}
}

func TestReadLongParagraph(t *testing.T) {
	para := strings.Repeat("全市经济运行稳中有进，重点项目加快建设", 37000) // about 2 MB
	data := []byte("政府工作报告\n\n一、2026年工作回顾\n\n" + para + "。\n")
	if len(data) < 2<<20 {
		t.Fatalf("fixture is %d bytes, want 2 MB", len(data))
	}
	for _, read := range []func([]byte) (*report.Document, error){textfile.Read, textfile.ReadMarkdown} {
		doc, err := read(data)
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Blocks) != 2 || len(doc.Blocks[1].Text) != len(para)+len("。") {
			t.Errorf("got %d blocks, want the heading and one 2 MB paragraph", len(doc.Blocks))
		}
	}
}

func TestReadMarkdown(t *testing.T) {
	doc, err := textfile.ReadMarkdown(readFixture(t, "shili.md"))
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "shili-md.golden", []byte(dump(doc)))
}

func TestReadMarkdownStyleLevel(t *testing.T) {
	// A heading with no numbering text has only its # level to say it is a heading; the
	// reader passes that on, and whatever the outline builder makes of it, its text survives.
	doc, err := textfile.ReadMarkdown([]byte("# 政府工作报告\n\n## 一、回顾\n\n### 附件说明\n\n正文。\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.PlainText(); got != "政府工作报告\n一、回顾\n附件说明\n正文。\n" {
		t.Errorf("PlainText = %q", got)
	}
}

// Inputs on which CommonMark parsers are known to take quadratic time. The reader must stay
// linear; at these sizes a quadratic one would run for minutes.
func TestReadMarkdownPathological(t *testing.T) {
	nested := func() string {
		var sb strings.Builder
		for i := range 3000 {
			sb.WriteString(strings.Repeat(" ", 2*i) + "- 甲\n")
		}
		return sb.String()
	}
	tests := map[string]string{
		"nested quotes":    strings.Repeat("> ", 200000) + "甲",
		"nested lists":     nested(),
		"open brackets":    strings.Repeat("[", 300000) + "甲",
		"unclosed links":   strings.Repeat("[a](", 200000),
		"emphasis runs":    strings.Repeat("*甲_乙**丙__", 100000),
		"backticks":        strings.Repeat("`` ` ", 200000),
		"open tags":        strings.Repeat("<a ", 300000),
		"open comments":    strings.Repeat("<!--", 300000),
		"many paragraphs":  strings.Repeat("甲\n\n", 1000000),
		"many table rows":  "|a|b|\n|-|-|\n" + strings.Repeat("|1|2|\n", 300000),
		"pipes everywhere": strings.Repeat("a|b\n", 300000),
	}
	for name, in := range tests {
		doc, err := textfile.ReadMarkdown([]byte(in))
		switch {
		case err != nil && report.ErrorCode(err) != report.ETOOLARGE:
			t.Errorf("%s: %v", name, err)
		case err == nil && doc.Title == "" && len(doc.Blocks) == 0:
			t.Errorf("%s: an empty document", name)
		}
	}
}

func TestReadTooManyParagraphs(t *testing.T) {
	_, err := textfile.Read([]byte(strings.Repeat("甲\n", 60000)))
	if report.ErrorCode(err) != report.ETOOLARGE || !strings.Contains(err.Error(), "段落") {
		t.Errorf("Read of 60000 lines: %v, want ETOOLARGE", err)
	}
}

func TestHasMarkdownHeadings(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"# 政府工作报告\n正文", true},
		{"正文\n## 一、回顾\n", true},
		{"   ### 三级\n", true},
		{"#标签不是标题\n", false},
		{"正文中的 # 号\n", false},
		{"    # 缩进四格是代码\n", false},
		{"政府工作报告\n一、回顾\n", false},
	}
	for _, tt := range tests {
		if got := textfile.HasMarkdownHeadings(tt.in); got != tt.want {
			t.Errorf("HasMarkdownHeadings(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestReadMarkdownEscapes(t *testing.T) {
	tests := []struct{ in, want string }{
		{`A\*B &amp; C`, "A*B & C"},
		{"`代码\\*`", `代码\*`},
		{"**加粗**与*斜体*", "加粗与斜体"},
		{"第一行\n第二行", "第一行第二行"},
		{"GDP\ngrowth", "GDP growth"},
		{"见<https://example.org>", "见https://example.org"},
		{"换行<br>之后", "换行之后"},
		{"    缩进四格的段落", "缩进四格的段落"},
		{"- 无序列表项", "无序列表项"},
		{"3. 有序列表项", "3.有序列表项"},
		{"> 引用", "引用"},
		{"5 * 3 与 snake_case", "5 * 3 与 snake_case"},
		{"![图片说明](a.png)与[链接](http://x/(y)", "图片说明与链接"},
		{"[没有地址]的括号", "[没有地址]的括号"},
		{"<!-- 注释 -->正文", "正文"},
		{"全角&#12288;空格&nosuch;", "全角\u3000空格&nosuch;"},
		{"行尾两个空格  \n换行", "行尾两个空格\n换行"},
		{"行尾反斜杠\\\n换行", "行尾反斜杠\n换行"},
	}
	for _, tt := range tests {
		doc, err := textfile.ReadMarkdown([]byte("正文开始。\n\n" + tt.in + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		if got := doc.Blocks[len(doc.Blocks)-1].Text; got != tt.want {
			t.Errorf("ReadMarkdown(%q) last block = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func BenchmarkReadText(b *testing.B) {
	data := benchReport(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := textfile.Read(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadTextGBK(b *testing.B) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(benchReport(b))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(gbk)))
	for b.Loop() {
		if _, err := textfile.Read(gbk); err != nil {
			b.Fatal(err)
		}
	}
}

// benchReport repeats the fixture's second part with varied numbers until the report holds
// about 30,000 characters, the size of a real county report.
func benchReport(b *testing.B) []byte {
	b.Helper()
	fixture := string(readFixture(b, "shili.txt"))
	i := strings.Index(fixture, "二、2027年工作安排")
	head, part := fixture[:i], fixture[i:]
	var sb bytes.Buffer
	sb.WriteString(head)
	for n := 2; len([]rune(sb.String())) < 30000; n++ {
		sb.WriteString(strings.Replace(part, "二、", chineseNumeral(n)+"、", 1))
	}
	return sb.Bytes()
}

func chineseNumeral(n int) string {
	d := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return d[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + d[n-10]
	}
	return d[n/10] + "十" + d[n%10]
}
