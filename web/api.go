package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"qicao/report"
)

// The JSON API (/api/v1, docs/api.md) is made of ordinary routes: the same permissions table,
// the same service functions as the pages. What differs is only at the edges: a script
// authenticates with a bearer token instead of a session cookie, needs no CSRF token (a browser
// never sends an Authorization header across sites on its own), and gets errors as JSON.

// apiPrefix starts every API path.
const apiPrefix = "/api/"

// isAPI reports whether r asks the JSON API rather than a page.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, apiPrefix) }

// tokenPrefix marks qicao's tokens, so a leaked one is recognisable in a log or a repository.
const tokenPrefix = "qct_"

// NewAPIToken returns a new random token and the hash the store keeps of it.
func NewAPIToken() (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	token = tokenPrefix + hex.EncodeToString(b)
	return token, hashToken(token)
}

// bearer returns the token of an Authorization: Bearer header, "" when there is none.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// lookupToken finds the user a bearer token belongs to. An unknown or revoked token, or one
// whose user is disabled, is refused outright rather than treated as nobody, so a script learns
// at once that its token no longer works.
func (s *Server) lookupToken(ctx context.Context, token string) (*report.User, error) {
	refused := report.Errorf(report.EUNAUTHORIZED, "API 令牌无效或已撤销")
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 200 {
		return nil, refused
	}
	tok, err := s.store.APITokenByHash(ctx, hashToken(token))
	if report.ErrorCode(err) == report.ENOTFOUND {
		return nil, refused
	} else if err != nil {
		return nil, err
	}
	u, err := s.store.User(ctx, tok.UserID)
	if report.ErrorCode(err) == report.ENOTFOUND || (err == nil && u.Disabled) {
		return nil, refused
	} else if err != nil {
		return nil, err
	}
	if now := s.now(); now.Sub(tok.LastUsed) > tokenTouchEvery {
		if err := s.store.TouchAPIToken(ctx, tok.ID, now); err != nil {
			s.log.Warn("recording a token's use", "err", err)
		}
	}
	return u, nil
}

// tokenTouchEvery bounds how often a token's last use is written: a script calling in a loop
// would otherwise write on every request.
const tokenTouchEvery = time.Minute

// apiError is the body of every API error.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// writeJSON answers v as JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// failJSON answers an error as {code, message}, the message in Chinese.
func failJSON(w http.ResponseWriter, err error) {
	code := report.ErrorCode(err)
	writeJSON(w, statusOf[code], apiError{Code: code, Message: report.ErrorMessage(err)})
}

// decodeJSON reads a request's JSON body into v. The body is already capped by limitBody;
// unknown fields are refused, so a misspelt field is an error rather than silently ignored.
func decodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return report.Errorf(report.EINVALID, "请求内容须为 JSON（Content-Type: application/json）")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		var ute *json.UnmarshalTypeError
		switch {
		case errors.As(err, &mbe):
			return tooLarge(mbe.Limit)
		case errors.Is(err, io.EOF):
			return report.Errorf(report.EINVALID, "请求内容为空，应为 JSON")
		case errors.As(err, &ute):
			return report.Errorf(report.EINVALID, "字段 %s 的类型不对", ute.Field)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return report.Errorf(report.EINVALID, "未知字段 %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
		}
		return report.Errorf(report.EINVALID, "JSON 格式有误")
	}
	if dec.More() {
		return report.Errorf(report.EINVALID, "JSON 之后还有多余的内容")
	}
	return nil
}
