package check

import "unicode/utf8"

func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF || r == '〇' || r >= 0x20000 && r <= 0x2FA1F
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isLatin(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || isDigit(r) }

// isCJK is a Han character or a full-width mark: the company a half-width mark must not keep.
func isCJK(r rune) bool {
	switch {
	case isHan(r):
		return true
	case r >= 0x3000 && r <= 0x303F, r >= 0xFF01 && r <= 0xFF60:
		return true
	case r == '“' || r == '”' || r == '‘' || r == '’' || r == '…' || r == '—':
		return true
	}
	return false
}

// chineseNumeral is a character that can spell a number in Chinese.
func chineseNumeral(r rune) bool {
	switch r {
	case '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万', '两', '〇', '零':
		return true
	}
	return false
}

// numeralValue is the value of the numerals 一 to 九 (and 两), 0 for any other rune. A switch,
// not a map: a map is built when the program starts, which every file command pays.
func numeralValue(r rune) int {
	switch r {
	case '一':
		return 1
	case '二', '两':
		return 2
	case '三':
		return 3
	case '四':
		return 4
	case '五':
		return 5
	case '六':
		return 6
	case '七':
		return 7
	case '八':
		return 8
	case '九':
		return 9
	}
	return 0
}

// parseChinese reads 一 … 九十九 (and 两) from rs[i:] and returns value and runes used.
func parseChinese(rs []rune, i int) (int, int) {
	val, cur, j := 0, 0, i
	for j < len(rs) {
		r := rs[j]
		if d := numeralValue(r); d > 0 && cur == 0 {
			cur = d
		} else if r == '十' && val == 0 {
			if cur == 0 {
				cur = 1
			}
			val, cur = cur*10, 0
		} else {
			break
		}
		j++
	}
	return val + cur, j - i
}

// runeText is a block decoded once: runes and the byte offset of each, plus one past the end.
type runeText struct {
	r   []rune
	off []int
}

func decode(t string, buf *runeText) *runeText {
	buf.r, buf.off = buf.r[:0], buf.off[:0]
	for i, r := range t {
		buf.r = append(buf.r, r)
		buf.off = append(buf.off, i)
	}
	buf.off = append(buf.off, len(t))
	return buf
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u3000' || r == '\u00a0' || r == '\n' || r == '\r'
}
