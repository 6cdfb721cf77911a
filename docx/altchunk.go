package docx

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"path"
	"strings"

	"qicao/outline"
	"qicao/report"
)

// errAltChunk refuses an embedded chunk qicao cannot read (RTF, another .docx): Word converts
// it when it opens the file, and saving from Word or WPS stores the converted text.
var errAltChunk = report.Errorf(report.EINVALID, "文件的正文是嵌入的其他格式内容（altChunk），无法直接读取：请在 Word 或 WPS 中打开此文件，另存为 .docx 后再上传")

// maxChunkParas bounds what one HTML chunk may produce, however it nests.
const maxChunkParas = 200000

// readAltChunk reads an alternative-format chunk (w:altChunk), the way report generators put
// HTML or MHT into a .docx and leave Word to convert it: its text becomes paragraphs, its
// tables tables.
func readAltChunk(p *pkg, name, contentType string) ([]outline.Para, error) {
	f := p.find(name)
	if f == nil {
		return nil, report.Errorf(report.EINVALID, "文件已损坏：正文引用的嵌入内容 %s 不存在", name)
	}
	data, err := p.read(f)
	if err != nil {
		return nil, err
	}
	ext := strings.ToLower(path.Ext(name))
	ct := strings.ToLower(contentType)
	switch {
	case ct == "message/rfc822" || ct == "application/x-mimearchive" || ext == ".mht" || ext == ".mhtml":
		return readMHT(data)
	case ct == "text/html" || ct == "application/xhtml+xml" || ext == ".htm" || ext == ".html" || ext == ".xhtml":
		return readHTML(data, "")
	case ct == "text/plain" || ext == ".txt":
		if !isUTF8(data) {
			return nil, errAltChunk
		}
		var out []outline.Para
		for _, line := range strings.Split(string(data), "\n") {
			out = append(out, outline.Para{Text: line})
		}
		return out, nil
	}
	return nil, errAltChunk
}

func isUTF8(b []byte) bool { return bytes.Equal(b, bytes.ToValidUTF8(b, nil)) }

// readMHT reads the HTML part of a MIME web archive.
func readMHT(data []byte) ([]outline.Para, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return nil, errAltChunk
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return nil, errAltChunk
	}
	if !strings.HasPrefix(mt, "multipart/") {
		body, err := decodeTransfer(msg.Body, msg.Header.Get("Content-Transfer-Encoding"))
		if err != nil || mt != "text/html" {
			return nil, errAltChunk
		}
		return readHTML(body, msg.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextRawPart()
		if err != nil {
			return nil, errAltChunk // no HTML part
		}
		ptype, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if ptype != "text/html" {
			continue
		}
		body, err := decodeTransfer(part, part.Header.Get("Content-Transfer-Encoding"))
		if err != nil {
			return nil, errAltChunk
		}
		return readHTML(body, part.Header.Get("Content-Type"))
	}
}

func decodeTransfer(r io.Reader, encoding string) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r) // it skips the line breaks of MIME
	}
	return io.ReadAll(io.LimitReader(r, maxPartBytes))
}
