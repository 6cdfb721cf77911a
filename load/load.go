// Package load opens a report from whatever file a user has, telling the format by its content
// (a .docx renamed .txt, or text saved without an extension, still loads), and turns the files it
// cannot read into a message saying what to do instead.
package load

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"

	"qicao/docx"
	"qicao/report"
	"qicao/textfile"
)

// MaxSize caps the file read into memory. The longest government report is well under 1 MiB of
// text; a .docx with photographs stays far below this.
const MaxSize = 50 << 20

// File reads the report at path, reading no more than MaxSize bytes of it.
func File(path string) (*report.Document, error) {
	data, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	// Nothing else holds data, so the text may share its memory.
	return fromBytes(data, true)
}

// ReadFile reads a file of at most MaxSize bytes, with the errors File gives.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, report.Errorf(report.ENOTFOUND, "找不到文件：%s", path)
		}
		return nil, report.Errorf(report.EINVALID, "无法打开文件：%s", path)
	}
	defer f.Close()
	tooLarge := report.Errorf(report.ETOOLARGE, "文件超过 %d MB 的上限：%s", MaxSize>>20, path)
	// A regular file says its size up front; a pipe or device is read up to the cap and no further.
	var buf bytes.Buffer
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		if info.Size() > MaxSize {
			return nil, tooLarge
		}
		buf.Grow(int(info.Size()) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxSize+1)); err != nil {
		return nil, report.Errorf(report.EINVALID, "无法读取文件：%s（是否是文件夹？）", path)
	}
	if buf.Len() > MaxSize {
		return nil, tooLarge
	}
	return buf.Bytes(), nil
}

// Bytes reads a report held in memory, refusing one beyond report.MaxParagraphs or
// report.MaxTextBytes whatever its format. A file with content from which no text was read is an
// error, never an empty report: "0字, 未发现问题" would tell the user the file was read.
func Bytes(data []byte) (*report.Document, error) { return fromBytes(data, false) }

// fromBytes is Bytes; owned says that the caller hands data over and never changes it again.
func fromBytes(data []byte, owned bool) (*report.Document, error) {
	doc, err := readBytes(data, owned)
	if err != nil {
		return nil, err
	}
	if len(doc.Blocks) == 0 && doc.Title == "" && doc.Subtitle == "" && doc.Speaker == "" {
		return nil, report.Errorf(report.EINVALID, "文件中没有读出正文文字：请确认上传的是报告的原稿；若文件在 Word 或 WPS 中能看到文字，请另存为 .docx 后再上传")
	}
	if err := report.CheckSize(doc); err != nil {
		return nil, err
	}
	return doc, nil
}

func readBytes(data []byte, owned bool) (*report.Document, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, report.Errorf(report.EINVALID, "文件为空")
	}
	if msg, known := foreign(data); known {
		return nil, report.Errorf(report.EINVALID, "%s", msg)
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		if err := checkDocx(data); err != nil {
			return nil, err
		}
		return docx.Read(data)
	}
	decode := textfile.Decode
	if owned {
		decode = textfile.DecodeOwned
	}
	text, err := decode(data)
	if err != nil {
		return nil, err
	}
	if textfile.HasMarkdownHeadings(text) {
		return textfile.ReadMarkdownString(text)
	}
	return textfile.ReadString(text)
}

// foreign recognises formats people mistake for a report file by their leading bytes.
func foreign(data []byte) (string, bool) {
	magic := []struct {
		prefix string
		msg    string
	}{
		{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "不支持旧版 .doc 格式，请在 Word 或 WPS 中另存为 .docx"},
		{"%PDF-", "不支持 PDF 文件，请上传报告的 .docx 原稿，或在 WPS 中将 PDF 转换为 .docx"},
		{"{\\rtf", "不支持 RTF 格式，请在 Word 或 WPS 中另存为 .docx"},
		{"\x89PNG", "这是一张图片，不是报告文件，请上传 .docx 或 .txt"},
		{"\xFF\xD8\xFF", "这是一张图片，不是报告文件，请上传 .docx 或 .txt"},
		{"GIF8", "这是一张图片，不是报告文件，请上传 .docx 或 .txt"},
		{"Rar!", "这是 RAR 压缩包，请解压后上传其中的 .docx 文件"},
		{"7z\xBC\xAF\x27\x1C", "这是 7z 压缩包，请解压后上传其中的 .docx 文件"},
		{"\x1F\x8B", "这是 gzip 压缩文件，请解压后上传其中的 .docx 文件"},
		{"PK\x05\x06", "这是一个空的 zip 压缩包，不是 .docx 文件"},
	}
	for _, m := range magic {
		if strings.HasPrefix(string(data[:min(len(data), 16)]), m.prefix) {
			return m.msg, true
		}
	}
	return "", false
}

// checkDocx tells a .docx (whatever its main part is called: the package's relationships say)
// from the other zip-based files people have at hand.
func checkDocx(data []byte) error {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return report.Errorf(report.EINVALID, "文件已损坏或不完整，无法作为 .docx 打开，请重新保存后再试")
	}
	has := func(name string) bool {
		for _, f := range z.File {
			if f.Name == name {
				return true
			}
		}
		return false
	}
	if docx.IsWord(data) {
		return nil
	}
	switch {
	case has("content.xml"):
		return report.Errorf(report.EINVALID, "不支持 OpenDocument（.odt）格式，请在 WPS 或 LibreOffice 中另存为 .docx")
	case has("xl/workbook.xml"):
		return report.Errorf(report.EINVALID, "这是 Excel 表格文件，不是报告文件，请上传 .docx")
	case has("ppt/presentation.xml"):
		return report.Errorf(report.EINVALID, "这是 PowerPoint 演示文稿，不是报告文件，请上传 .docx")
	}
	return report.Errorf(report.EINVALID, "这是一个 zip 压缩包，不是 .docx 文件；如果报告在压缩包里，请解压后上传")
}
