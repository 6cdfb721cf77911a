package web

import (
	"crypto/rand"
	"math/big"
	"sync"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"

	"qicao/report"
)

// argonParams follow OWASP's argon2id advice (19 MiB, 2 passes, 1 lane): strong enough for an
// intranet, cheap enough that a few logins at once do not exhaust a small server's memory.
var argonParams = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// HashPassword returns the argon2id hash of a password, checking that it is long enough.
func HashPassword(pw string) (string, error) {
	if err := validPassword(pw); err != nil {
		return "", err
	}
	return argon2id.CreateHash(pw, argonParams)
}

func validPassword(pw string) error {
	if n := utf8.RuneCountInString(pw); n < 8 {
		return report.Errorf(report.EINVALID, "密码至少需要 8 个字符")
	} else if n > 128 {
		return report.Errorf(report.EINVALID, "密码不能超过 128 个字符")
	}
	return nil
}

// dummyHash is compared against when a username does not exist, so that a login takes as long
// for an unknown user as for a wrong password. It is made on first use: hashing at package
// initialisation would cost every qicao command, not only the server, 20 MB and tens of ms.
var dummyHash = sync.OnceValue(func() string {
	h, _ := argon2id.CreateHash("qicao-no-such-user", argonParams)
	return h
})

// passwordMatches reports whether pw matches hash; a malformed hash matches nothing.
func passwordMatches(pw, hash string) bool {
	ok, err := argon2id.ComparePasswordAndHash(pw, hash)
	return err == nil && ok
}

// NewPassword generates a random password that reads well aloud and on paper: no 0/O, 1/l/I.
func NewPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 14)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err) // crypto/rand does not fail on supported systems
		}
		b[i] = alphabet[n.Int64()]
	}
	return string(b)
}
