package web

import (
	"crypto/rand"
	_ "embed"
	"math/big"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"

	"qicao/report"
)

// argonParams follow OWASP's argon2id advice (19 MiB, 2 passes, 1 lane): strong enough for an
// intranet, cheap enough that a few logins at once do not exhaust a small server's memory.
var argonParams = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// HashPassword returns the argon2id hash of a password, checking it against the policy.
func HashPassword(pw string) (string, error) {
	if err := CheckPassword(pw, ""); err != nil {
		return "", err
	}
	return argon2id.CreateHash(pw, argonParams)
}

// minPassword is the shortest password accepted: with the common ones refused, ten characters
// resist online guessing under the throttle for longer than a report takes to write.
const minPassword = 10

// CheckPassword applies the password policy: 10 to 128 characters, not the username nor built
// on it, not a common password or a keyboard, digit or letter run, not one character repeated.
func CheckPassword(pw, username string) error {
	if n := utf8.RuneCountInString(pw); n < minPassword {
		return report.Errorf(report.EINVALID, "密码至少需要 %d 个字符", minPassword)
	} else if n > 128 {
		return report.Errorf(report.EINVALID, "密码不能超过 128 个字符")
	}
	lower := strings.ToLower(pw)
	if name := strings.ToLower(strings.TrimSpace(username)); len(name) >= 3 && (strings.Contains(lower, name) || strings.Contains(lower, reverse(name))) {
		return report.Errorf(report.EINVALID, "密码不能包含用户名")
	}
	if commonPassword(lower) {
		return report.Errorf(report.EINVALID, "这个密码太常见，容易被猜中；请换一个，例如几个不相关的词加数字")
	}
	return nil
}

//go:embed common_passwords.txt
var commonList string

var commonSet = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool)
	for _, line := range strings.Split(commonList, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
})

// commonPassword reports whether a lowercased password is one guessers try early: a listed word
// with digits or symbols around it (password2024!, 1qaz2wsx), a run along the keyboard, the
// digits or the alphabet (1234567890, qwertyuiop, abcdefghij), a repeated pattern (aaaaaaaaaa,
// abcabcabca), or a date (20240101).
func commonPassword(pw string) bool {
	stem := strings.TrimFunc(pw, func(r rune) bool { return !unicode.IsLetter(r) })
	unleet := strings.NewReplacer("@", "a", "0", "o", "1", "i", "3", "e", "$", "s", "5", "s", "!", "i").Replace
	for _, c := range []string{pw, stem, unleet(pw), unleet(stem)} {
		if commonSet()[c] {
			return true
		}
	}
	if stem == "" || onlyRuns(pw) || repeated(pw) {
		return true
	}
	return false
}

// keyboardRows are the runs people type without thinking, each also read backwards.
var keyboardRows = []string{"`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./", "abcdefghijklmnopqrstuvwxyz",
	"1qaz2wsx3edc4rfv5tgb6yhn", "qazwsxedcrfvtgbyhnujmikolp"}

// onlyRuns reports whether pw is made of pieces of three or more characters each lying along
// a keyboard row or the alphabet (either direction), with at most two other characters.
func onlyRuns(pw string) bool {
	b := []byte(pw)
	other, i := 0, 0
	for i < len(b) {
		n := longestRun(b[i:])
		if n >= 3 {
			i += n
			continue
		}
		other++
		i++
	}
	return other <= 2
}

func longestRun(b []byte) int {
	best := 1
	for _, row := range keyboardRows {
		for _, r := range []string{row, reverse(row)} {
			at := strings.IndexByte(r, b[0])
			if at < 0 {
				continue
			}
			n := 1
			for at+n < len(r) && n < len(b) && r[at+n] == b[n] {
				n++
			}
			best = max(best, n)
		}
	}
	return best
}

// repeated reports whether pw is one short piece (up to four characters) said again and again.
func repeated(pw string) bool {
	for n := 1; n <= 4 && n < len(pw); n++ {
		if strings.Repeat(pw[:n], len(pw)/n+1)[:len(pw)] == pw {
			return true
		}
	}
	return false
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
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
// It passes the policy (a random draw that happens to look like a keyboard run is drawn again).
func NewPassword() string {
	for {
		if pw := randomPassword(); CheckPassword(pw, "") == nil {
			return pw
		}
	}
}

func randomPassword() string {
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
