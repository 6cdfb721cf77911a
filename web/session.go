package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"time"

	"qicao/report"
)

const (
	sessionCookie   = "qicao_session"
	loginCSRFCookie = "qicao_login_csrf"
)

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is what the store keeps of a session token: a stolen database opens no session.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func (s *Server) lookupSession(ctx context.Context, token string) (*report.Session, *report.User, error) {
	hash := hashToken(token)
	now := s.now()
	if sess, u, ok := s.logins.get(hash, now); ok {
		return sess, u, nil
	}
	sess, err := s.store.Session(ctx, hash)
	if report.ErrorCode(err) == report.ENOTFOUND {
		return nil, nil, nil
	} else if err != nil {
		return nil, nil, err
	}
	if !s.now().Before(sess.ExpiresAt) {
		return nil, nil, nil
	}
	u, err := s.store.User(ctx, sess.UserID)
	if report.ErrorCode(err) == report.ENOTFOUND {
		return nil, nil, nil
	} else if err != nil {
		return nil, nil, err
	}
	if u.Disabled {
		return nil, nil, nil
	}
	s.logins.put(hash, sess, u, now)
	return sess, u, nil
}

// startSession stores a new session for u and hands its token to the browser.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *report.User) error {
	token := randomToken()
	now := s.now()
	sess := &report.Session{
		TokenHash: hashToken(token),
		UserID:    u.ID,
		CSRFToken: randomToken(),
		CreatedAt: now,
		ExpiresAt: now.Add(s.ttl),
	}
	if err := s.store.CreateSession(r.Context(), sess); err != nil {
		return err
	}
	http.SetCookie(w, s.cookie(r, sessionCookie, token, int(s.ttl/time.Second)))
	return nil
}

func (s *Server) endSession(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		s.logins.forget(hashToken(c.Value))
		if err := s.store.DeleteSession(r.Context(), hashToken(c.Value)); err != nil && report.ErrorCode(err) != report.ENOTFOUND {
			return err
		}
	}
	http.SetCookie(w, s.cookie(r, sessionCookie, "", -1))
	return nil
}

func (s *Server) cookie(r *http.Request, name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   s.secure || r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	}
}

// loginCSRF returns the login form's token, setting its cookie when the browser has none yet.
func (s *Server) loginCSRF(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(loginCSRFCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	token := randomToken()
	http.SetCookie(w, s.cookie(r, loginCSRFCookie, token, 0))
	return token
}
