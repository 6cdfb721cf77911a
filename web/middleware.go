package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"qicao/report"
)

// Body limits: an uploaded report may be large, a form never is.
const (
	maxUpload = 50 << 20
	maxForm   = 1 << 20
)

// uploadRoutes take a file; every other unsafe request is a small form.
var uploadRoutes = map[string]bool{"POST /w/{wid}/versions": true,
	"POST /w/{wid}/campaigns/{cid}/units/{uid}/items/{iid}": true, "POST /w/{wid}/research/visits/{rid}/minutes": true,
	"POST /api/v1/campaigns/{cid}/submissions": true, "POST /api/v1/workspaces/{wid}/versions": true}

type visitorKey struct{}

// visitor is who is asking: nil user and session when nobody is logged in.
type visitor struct {
	user    *report.User
	session *report.Session
	token   bool // authenticated by an API token, not a session cookie
}

func currentUser(r *http.Request) *report.User {
	if v, ok := r.Context().Value(visitorKey{}).(*visitor); ok {
		return v.user
	}
	return nil
}

// usedToken reports whether the request was authenticated by an API token.
func usedToken(r *http.Request) bool {
	v, ok := r.Context().Value(visitorKey{}).(*visitor)
	return ok && v.token
}

func currentSession(r *http.Request) *report.Session {
	if v, ok := r.Context().Value(visitorKey{}).(*visitor); ok {
		return v.session
	}
	return nil
}

// recoverPanics turns a handler's panic into a 500 page and a log line, so the server keeps serving.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v)
				s.fail(w, r, errors.New("panic"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status and size of a response for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		// loadSession fills in the visitor, so the log line can say who asked.
		v := &visitor{}
		r = r.WithContext(context.WithValue(r.Context(), visitorKey{}, v))
		next.ServeHTTP(sw, r)
		var uid int64
		if v.user != nil {
			uid = v.user.ID
		}
		s.log.LogAttrs(r.Context(), levelFor(sw.status), "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Int64("bytes", sw.size),
			slog.Duration("duration", time.Since(start)), slog.Int64("user", uid),
			slog.String("remote", s.clientAddr(r)))
	})
}

func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// loadSession finds who is logged in from the session cookie. An unknown, expired or disabled
// login counts as nobody.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, ok := r.Context().Value(visitorKey{}).(*visitor)
		if !ok {
			v = &visitor{}
			r = r.WithContext(context.WithValue(r.Context(), visitorKey{}, v))
		}
		if token := bearer(r); token != "" && isAPI(r) {
			u, err := s.lookupToken(r.Context(), token)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			v.user, v.token = u, true
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			sess, u, err := s.lookupSession(r.Context(), c.Value)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			v.session, v.user = sess, u
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody caps what an unsafe request may send: uploads 50 MiB, forms 1 MiB.
func (s *Server) limitBody(pattern string, next http.Handler) http.Handler {
	limit := int64(maxForm)
	if uploadRoutes[pattern] {
		limit = maxUpload
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			s.fail(w, r, tooLarge(limit))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

func tooLarge(limit int64) error {
	if limit >= maxUpload {
		return report.Errorf(report.ETOOLARGE, "文件太大：上传的文件不能超过 50 MB")
	}
	return report.Errorf(report.ETOOLARGE, "提交的内容太多：表单不能超过 1 MB")
}

// checkCSRF refuses an unsafe request that does not come from our own pages: a cross-site Origin
// or Sec-Fetch-Site, or a token that differs from the session's (the login form, before any
// session, compares with its cookie instead).
func (s *Server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		forbidden := report.Errorf(report.EFORBIDDEN, "请求已失效或来源不明，请刷新页面后重试")
		token := usedToken(r)
		if !token && !sameOrigin(r) {
			s.fail(w, r, forbidden)
			return
		}
		if err := parseBody(r); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				s.fail(w, r, tooLarge(mbe.Limit))
				return
			}
			s.fail(w, r, report.Errorf(report.EINVALID, "无法读取提交的内容，请重试"))
			return
		}
		if token {
			next.ServeHTTP(w, r)
			return
		}
		got := r.Header.Get("X-CSRF-Token")
		if got == "" {
			got = r.PostFormValue("csrf")
		}
		want := ""
		if sess := currentSession(r); sess != nil {
			want = sess.CSRFToken
		} else if c, err := r.Cookie(loginCSRFCookie); err == nil {
			want = c.Value
		}
		if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			s.fail(w, r, forbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// parseBody reads a form or a multipart upload; files beyond a few MiB go to temporary files,
// which net/http removes when the request ends.
func parseBody(r *http.Request) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return r.ParseMultipartForm(8 << 20)
	}
	return r.ParseForm()
}

func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	scheme := "http://"
	if r.TLS != nil {
		scheme = "https://"
	}
	return origin == scheme+r.Host || strings.TrimPrefix(origin, "https://") == r.Host
}

// clientAddr is the client's IP address. Behind a reverse proxy every request comes from the
// proxy, so the address is read from the header the proxy sets, when one is configured and the
// request did come from a trusted proxy; a header from anyone else is ignored, since a client
// could name any address in it.
func (s *Server) clientAddr(r *http.Request) string {
	peer := remoteAddr(r)
	if s.proxyHeader == "" {
		return peer
	}
	ip, err := netip.ParseAddr(peer)
	if err != nil || !s.trustedProxy(ip.Unmap()) {
		return peer
	}
	v := r.Header.Values(s.proxyHeader)
	if len(v) == 0 {
		return peer
	}
	// X-Forwarded-For lists every hop; the last one is what our proxy saw.
	parts := strings.Split(v[len(v)-1], ",")
	client, err := netip.ParseAddr(strings.TrimSpace(parts[len(parts)-1]))
	if err != nil {
		return peer
	}
	return client.Unmap().String()
}

func (s *Server) trustedProxy(ip netip.Addr) bool {
	for _, p := range s.proxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// remoteAddr is the address of the connection's other end, without the port.
func remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
