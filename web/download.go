package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"

	"qicao/docx"
)

// downloadVersion sends a version as a GB/T 9704 .docx file.
func (s *Server) downloadVersion(w http.ResponseWriter, r *http.Request) {
	ws, v, err := s.versionFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := docx.Write(&buf, v.Doc); err != nil {
		s.fail(w, r, err)
		return
	}
	name := fmt.Sprintf("%s-第%d版-%s.docx", ws.Name, v.Version.Number, v.Version.Label)
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"version-%d.docx\"; filename*=UTF-8''%s", v.Version.Number, url.PathEscape(name)))
	h.Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes())
	s.audit(r, "version.download", versionTarget(v.Version.ID), "")
}
