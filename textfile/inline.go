package textfile

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lookahead bounds keep inline reading linear: a closing mark further away than this is not
// looked for, and the opening mark is then plain text.
const (
	maxLinkText = 1024
	maxLinkDest = 2048
	maxCode     = 4096
	maxTag      = 256
	maxEntity   = 32
)

// inline returns the visible text of a line of Markdown: emphasis, code marks, links, images and
// HTML tags dropped, backslash escapes and entities resolved.
func inline(s string) string {
	if !strings.ContainsAny(s, "\\`*_[]!<&") {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	skip := map[int]int{} // the "](url)" of a link: from its ']' to one past its ')'
	for i := 0; i < len(s); {
		if end, ok := skip[i]; ok {
			i = end
			continue
		}
		c := s[i]
		switch c {
		case '\\':
			if i+1 < len(s) && isPunct(s[i+1]) {
				sb.WriteByte(s[i+1])
				i += 2
				continue
			}
		case '`':
			n := run(s, i)
			if j := closingRun(s, i+n, n); j >= 0 {
				code := s[i+n : j]
				if len(code) > 2 && code[0] == ' ' && code[len(code)-1] == ' ' {
					code = code[1 : len(code)-1]
				}
				sb.WriteString(code)
				i = j + n
				continue
			}
			sb.WriteString(s[i : i+n])
			i += n
			continue
		case '*', '_':
			n := run(s, i)
			if !emphasis(s, i, n) {
				sb.WriteString(s[i : i+n])
			}
			i += n
			continue
		case '!':
			if i+1 < len(s) && s[i+1] == '[' && link(s, i+1, skip) {
				i += 2
				continue
			}
		case '[':
			if link(s, i, skip) {
				i++
				continue
			}
		case '<':
			if url, end, ok := autolink(s, i); ok {
				sb.WriteString(url)
				i = end
				continue
			}
			if end, ok := tag(s, i); ok {
				i = end
				continue
			}
		case '&':
			if text, end, ok := entity(s, i); ok {
				sb.WriteString(text)
				i = end
				continue
			}
		}
		sb.WriteByte(c)
		i++
	}
	return sb.String()
}

func isPunct(c byte) bool {
	return c < utf8.RuneSelf && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

// run is the length of the run of s[i] starting at i.
func run(s string, i int) int {
	n := 1
	for i+n < len(s) && s[i+n] == s[i] {
		n++
	}
	return n
}

// closingRun finds a run of exactly n backticks at or after from, within maxCode bytes.
func closingRun(s string, from, n int) int {
	limit := min(len(s), from+maxCode)
	for j := from; j < limit; {
		if s[j] != '`' {
			j++
			continue
		}
		m := run(s, j)
		if m == n {
			return j
		}
		j += m
	}
	return -1
}

// emphasis tells whether the run of n '*' or '_' at i is markup: it touches text on at least
// one side. "5 * 3" keeps its star, and snake_case its underscore, as CommonMark does.
func emphasis(s string, i, n int) bool {
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	next, _ := utf8.DecodeRuneInString(s[i+n:])
	hasPrev, hasNext := i > 0 && !unicode.IsSpace(prev), i+n < len(s) && !unicode.IsSpace(next)
	if s[i] == '_' && hasPrev && hasNext && isAlnum(prev) && isAlnum(next) {
		return false
	}
	return hasPrev || hasNext
}

func isAlnum(r rune) bool { return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// link recognises "[text](destination)" opening at i; the text stays and the rest is recorded
// in skip to be dropped when the reader gets there.
func link(s string, i int, skip map[int]int) bool {
	limit := min(len(s), i+1+maxLinkText)
	j := i + 1
	for ; j < limit && s[j] != ']'; j++ {
		if s[j] == '\\' {
			j++
		}
	}
	if j >= limit || j+1 >= len(s) || s[j+1] != '(' {
		return false
	}
	limit = min(len(s), j+2+maxLinkDest)
	k := j + 2
	for ; k < limit && s[k] != ')'; k++ {
		if s[k] == '\\' {
			k++
		}
	}
	if k >= limit {
		return false
	}
	skip[j] = k + 1
	return true
}

// autolink recognises "<https://…>" and returns the address.
func autolink(s string, i int) (string, int, bool) {
	limit := min(len(s), i+maxLinkDest)
	colon := -1
	for j := i + 1; j < limit; j++ {
		switch c := s[j]; {
		case c == '>':
			if colon > i+2 {
				return s[i+1 : j], j + 1, true
			}
			return "", 0, false
		case c == ':' && colon < 0:
			colon = j
		case c == ' ' || c == '<' || c < 0x20:
			return "", 0, false
		case colon < 0 && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-'):
			return "", 0, false
		}
	}
	return "", 0, false
}

// tag recognises an HTML tag or comment, which carries no report text: "<br>", "</strong>".
func tag(s string, i int) (int, bool) {
	if strings.HasPrefix(s[i:], "<!--") {
		if j := strings.Index(s[i+4:min(len(s), i+maxCode)], "-->"); j >= 0 {
			return i + 4 + j + 3, true
		}
		return 0, false
	}
	j := i + 1
	if j < len(s) && s[j] == '/' {
		j++
	}
	if j >= len(s) || !(s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
		return 0, false
	}
	limit := min(len(s), i+maxTag)
	for ; j < limit; j++ {
		switch s[j] {
		case '>':
			return j + 1, true
		case '<':
			return 0, false
		}
	}
	return 0, false
}

// entity resolves "&amp;", "&#12288;" and the like.
func entity(s string, i int) (string, int, bool) {
	limit := min(len(s), i+maxEntity)
	j := strings.IndexByte(s[i:limit], ';')
	if j < 2 {
		return "", 0, false
	}
	token := s[i : i+j+1]
	for _, c := range token[1 : len(token)-1] {
		if !(c == '#' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return "", 0, false
		}
	}
	text := html.UnescapeString(token)
	if text == token {
		return "", 0, false
	}
	return text, i + j + 1, true
}
