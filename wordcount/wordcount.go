// Package wordcount counts text the way Word's 字数 statistic does, which is the number a
// writing team quotes ("约5400余字"): every CJK character and full-width mark counts one, and a
// run of Latin letters, digits and ASCII marks counts one word.
package wordcount

import (
	"strconv"
	"unicode"
)

// Stats are the counts Word shows in its 字数统计 dialog.
type Stats struct {
	Words         int `json:"words"`         // 字数
	CharsNoSpaces int `json:"charsNoSpaces"` // 字符数(不计空格)
	Chars         int `json:"chars"`         // 字符数(计空格)
}

// Add returns the sum of two counts.
func (s Stats) Add(o Stats) Stats {
	return Stats{s.Words + o.Words, s.CharsNoSpaces + o.CharsNoSpaces, s.Chars + o.Chars}
}

// Count counts s.
func Count(s string) Stats {
	var st Stats
	inWord := false
	for _, r := range s {
		st.Chars++
		switch {
		case unicode.IsSpace(r):
			inWord = false
			continue
		case IsWide(r):
			st.Words++
			inWord = false
		case !inWord:
			st.Words++
			inWord = true
		}
		st.CharsNoSpaces++
	}
	return st
}

// IsWide reports whether r counts as one word on its own: a CJK character or a full-width or
// typographic mark of Chinese text.
func IsWide(r rune) bool {
	switch {
	case r < 0x2000:
		return r == 0x00B7 // middle dot in names
	case r >= 0x2010 && r <= 0x206F: // dashes, quotes, ellipsis
		return true
	case r >= 0x2E80 && r <= 0x9FFF: // CJK radicals, symbols and punctuation, kana, ideographs
		return true
	case IsUserDefined(r): // a 造字 stands for a Chinese character
		return true
	case r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFFEF:
		return true
	case r >= 0x20000 && r <= 0x3FFFF: // CJK extensions B and beyond
		return true
	}
	return false
}

// About words a count the way a writing team does: "约5400余字" for 5,463, "约5400字" for 5,400.
// Counts of a thousand and more are floored to hundreds, smaller ones to tens.
func About(n int) string {
	step := 100
	if n < 1000 {
		step = 10
	}
	if n < 10 {
		return "约" + strconv.Itoa(n) + "字"
	}
	floor := n / step * step
	if floor == n {
		return "约" + strconv.Itoa(n) + "字"
	}
	return "约" + strconv.Itoa(floor) + "余字"
}
