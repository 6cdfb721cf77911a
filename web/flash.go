package web

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"time"
)

// A flash is what a POST tells the page it redirects to (post/redirect/get): a generated
// password to show once, a notice. It travels in a short-lived cookie, encrypted, so that a
// password never sits readable in the browser's cookie store, and it is deleted as soon as the
// page has shown it: a reload shows nothing and changes nothing.
const (
	flashCookie = "qicao_flash"
	flashTTL    = 2 * time.Minute
)

type flash struct {
	For      int64  `json:"for"` // the user it is about
	Password string `json:"pw,omitempty"`
	Notice   string `json:"notice,omitempty"`
	At       int64  `json:"at"`
}

func (s *Server) flashAEAD(r *http.Request) (cipher.AEAD, error) {
	key, err := s.deviceKey(r.Context())
	if err != nil {
		return nil, err
	}
	k := sha256.Sum256(append([]byte("qicao flash\x00"), key...))
	block, err := aes.NewCipher(k[:])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func (s *Server) setFlash(w http.ResponseWriter, r *http.Request, f flash) error {
	aead, err := s.flashAEAD(r)
	if err != nil {
		return err
	}
	f.At = s.now().Unix()
	plain, _ := json.Marshal(f)
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	sealed := aead.Seal(nonce, nonce, plain, []byte(sessionOf(r)))
	http.SetCookie(w, s.cookie(r, flashCookie, base64.RawURLEncoding.EncodeToString(sealed), int(flashTTL/time.Second)))
	return nil
}

// takeFlash returns the flash about user id, deleting the cookie; nil when there is none.
// A flash is bound to the session that set it.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request, id int64) *flash {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, s.cookie(r, flashCookie, "", -1))
	sealed, err := base64.RawURLEncoding.DecodeString(c.Value)
	aead, aerr := s.flashAEAD(r)
	if err != nil || aerr != nil || len(sealed) < aead.NonceSize() {
		return nil
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], []byte(sessionOf(r)))
	var f flash
	if err != nil || json.Unmarshal(plain, &f) != nil || f.For != id || s.now().Sub(time.Unix(f.At, 0)) > flashTTL {
		return nil
	}
	return &f
}

func sessionOf(r *http.Request) string {
	if sess := currentSession(r); sess != nil {
		return sess.TokenHash
	}
	return ""
}
