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

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

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

// blockTags end a paragraph of HTML text.
var blockTags = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"li": true, "blockquote": true, "pre": true, "section": true, "article": true, "br": true,
	"dt": true, "dd": true, "address": true, "center": true, "title": true,
}

// readHTML turns HTML into paragraphs: text between block elements is a paragraph, a table a
// table. Scripts, styles and the head are not text.
func readHTML(data []byte, contentType string) ([]outline.Para, error) {
	r, err := charset.NewReader(bytes.NewReader(data), contentType)
	if err != nil {
		return nil, errAltChunk
	}
	root, err := html.Parse(r)
	if err != nil {
		return nil, errAltChunk
	}
	h := &htmlReader{}
	h.walk(root, 0)
	h.flush()
	if h.overflow {
		return nil, report.Errorf(report.ETOOLARGE, "嵌入的网页内容过长，拒绝处理")
	}
	return h.out, nil
}

type htmlReader struct {
	out      []outline.Para
	text     strings.Builder
	rows     [][]string
	row      []string
	inTable  int
	overflow bool
}

func (h *htmlReader) flush() {
	if t := strings.TrimSpace(h.text.String()); t != "" {
		if h.inTable > 0 {
			h.row = append(h.row, t) // text of a cell, joined when the cell ends
		} else if len(h.out) < maxChunkParas {
			h.out = append(h.out, outline.Para{Text: t})
		} else {
			h.overflow = true
		}
	}
	h.text.Reset()
}

func (h *htmlReader) walk(n *html.Node, depth int) {
	if depth > maxDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		// HTML collapses white space; Chinese text has none between characters.
		h.text.WriteString(strings.Join(strings.Fields(n.Data), " "))
		return
	case html.ElementNode:
		switch n.Data {
		case "script", "style", "head", "noscript", "template":
			return
		case "table":
			h.flush()
			h.inTable++
			outer := h.rows
			h.rows = nil
			h.walkChildren(n, depth)
			switch {
			case h.inTable > 1: // a table inside a cell is text of that cell
				for _, r := range h.rows {
					h.text.WriteString(strings.Join(r, " "))
				}
			case len(h.rows) > 0 && len(h.out) < maxChunkParas:
				h.out = append(h.out, outline.Para{Rows: h.rows})
			}
			h.rows = outer
			h.inTable--
			return
		case "tr":
			h.flush()
			row := h.row
			h.row = nil
			var cells []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
					h.row = nil
					h.walkChildren(c, depth)
					h.flush()
					cells = append(cells, strings.Join(h.row, " "))
				}
			}
			if len(cells) > 0 {
				h.rows = append(h.rows, cells)
			}
			h.row = row
			return
		}
		if blockTags[n.Data] {
			h.flush()
			h.walkChildren(n, depth)
			h.flush()
			return
		}
	}
	h.walkChildren(n, depth)
}

func (h *htmlReader) walkChildren(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		h.walk(c, depth+1)
	}
}
