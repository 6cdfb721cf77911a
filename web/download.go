package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"

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

// downloadOriginal sends the file a version was uploaded as, byte for byte, under the name it
// was uploaded with.
func (s *Server) downloadOriginal(w http.ResponseWriter, r *http.Request) {
	_, v, err := s.versionFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.store.VersionOriginal(r.Context(), v.Version.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := v.Version.Filename
	if name == "" {
		name = fmt.Sprintf("第%d版原件", v.Version.Number)
	}
	ctype := "application/octet-stream"
	switch ext := strings.ToLower(path.Ext(name)); {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) && (ext == ".docx" || ext == ""):
		ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ext == ".txt" || ext == ".md":
		ctype = "text/plain" // no charset: the bytes are the writer's, in whatever encoding
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"version-%d-original%s\"; filename*=UTF-8''%s", v.Version.Number, asciiExt(name), url.PathEscape(name)))
	h.Set("Cache-Control", "private, no-store")
	w.Write(data)
	s.audit(r, "version.download", versionTarget(v.Version.ID), "原件")
}

// asciiExt is a file name's extension when it is plain ASCII, for the fallback file name.
func asciiExt(name string) string {
	ext := path.Ext(name)
	for _, c := range ext {
		if c > 0x7e || c <= ' ' || c == '"' || c == '\\' {
			return ""
		}
	}
	return ext
}
