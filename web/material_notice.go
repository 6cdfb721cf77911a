package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"qicao/docx"
	"qicao/material"
)

// downloadNotice sends the campaign's 材料征集通知 as a GB/T 9704 .docx.
func (s *Server) downloadNotice(w http.ResponseWriter, r *http.Request) {
	_, c, err := s.campaignFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := docx.WriteNotice(&buf, material.Notice(c, units)); err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, fmt.Sprintf("notice-%d.docx", c.ID), c.Title+".docx", "docx", buf.Bytes())
}

// dayString is a stored day as 2026-10-19.
func dayString(t time.Time) string { return t.Format("2006-01-02") }

// statusClass is the board cell's CSS class for a status.
func statusClass(st material.Status) string {
	switch st {
	case material.Sent:
		return "st-sent"
	case material.SentLate:
		return "st-late"
	case material.Missing:
		return "st-missing"
	}
	return "st-none"
}

// markText escapes text and wraps each occurrence of q (letters in any case) in <mark>.
func markText(text, q string) template.HTML {
	q = strings.TrimSpace(q)
	if q == "" {
		return template.HTML(template.HTMLEscapeString(text))
	}
	rs, low, qs := []rune(text), []rune(strings.ToLower(text)), []rune(strings.ToLower(q))
	if len(low) != len(rs) {
		return template.HTML(template.HTMLEscapeString(text))
	}
	var b strings.Builder
	last := 0
	for i := 0; i+len(qs) <= len(low); {
		if string(low[i:i+len(qs)]) == string(qs) {
			b.WriteString(template.HTMLEscapeString(string(rs[last:i])))
			b.WriteString("<mark>")
			b.WriteString(template.HTMLEscapeString(string(rs[i : i+len(qs)])))
			b.WriteString("</mark>")
			i += len(qs)
			last = i
			continue
		}
		i++
	}
	b.WriteString(template.HTMLEscapeString(string(rs[last:])))
	return template.HTML(b.String())
}
