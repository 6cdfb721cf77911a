// Package outline recognises the structure of a report from its visible text: which paragraphs
// are headings of which numbering style ("一、", "（一）", "1.", "（1）", "第一部分"), where a
// heading run into its paragraph ends, and the title block. Most reports are typed as plain
// paragraphs, so the text, not the Word style, is what tells a heading.
package outline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"qicao/report"
)

// maxTitleRunes bounds a heading proper. A first sentence longer than this is body text that
// happens to be numbered, and the whole paragraph then counts as the heading's text.
const maxTitleRunes = 60

// Heading describes a paragraph that starts with a numbering label.
type Heading struct {
	Numbering report.Numbering
	Ordinal   int
	LabelEnd  int // byte offset where the label ends
	HeadEnd   int // byte offset where the heading proper ends
}

// Classify tells whether text (already trimmed of indentation) is a heading.
func Classify(text string) (Heading, bool) {
	n, ord, end := label(text)
	if n == report.NoNumbering || end >= len(text) {
		return Heading{}, false
	}
	h := Heading{Numbering: n, Ordinal: ord, LabelEnd: end, HeadEnd: len(text)}
	rest := text[end:]
	if i := sentenceEnd(rest); i > 0 && i < len(rest) && utf8.RuneCountInString(rest[:i]) <= maxTitleRunes {
		h.HeadEnd = end + i
	}
	return h, true
}

// sentenceEnd returns the byte offset just past the first 。！？ in s, or -1.
func sentenceEnd(s string) int {
	for i, r := range s {
		if r == '。' || r == '！' || r == '？' {
			return i + utf8.RuneLen(r)
		}
	}
	return -1
}

// label parses a numbering label at the start of s and returns its style, its ordinal and the
// byte offset where it ends (trailing spaces after the label included).
func label(s string) (report.Numbering, int, int) {
	switch {
	case strings.HasPrefix(s, "第"):
		num, i := chineseNumber(s[len("第"):])
		if num > 0 && strings.HasPrefix(s[len("第")+i:], "部分") {
			end := len("第") + i + len("部分")
			// "第一部分为：…" is a sentence about a part, not the part's heading: a heading's
			// label stands apart from its title.
			if r, _ := utf8.DecodeRuneInString(s[end:]); end == len(s) || strings.ContainsRune(" \u3000\t：:", r) {
				if r == '：' || r == ':' {
					end += utf8.RuneLen(r)
				}
				return report.PartNumber, num, skipSeparators(s, end)
			}
		}
	case strings.HasPrefix(s, "（") || strings.HasPrefix(s, "("):
		open := 1
		if s[0] != '(' {
			open = len("（")
		}
		inner := s[open:]
		num, i := chineseNumber(inner)
		style := report.ChineseParen
		if num == 0 {
			num, i = arabicNumber(inner)
			style = report.ArabicParen
		}
		if num == 0 {
			break
		}
		after := inner[i:]
		switch {
		case strings.HasPrefix(after, "）"):
			return style, num, skipSeparators(s, open+i+len("）"))
		case strings.HasPrefix(after, ")"):
			return style, num, skipSeparators(s, open+i+1)
		}
	default:
		if num, i := chineseNumber(s); num > 0 && strings.HasPrefix(s[i:], "、") {
			return report.ChineseComma, num, skipSeparators(s, i+len("、"))
		}
		if num, i := arabicNumber(s); num > 0 && num < 100 {
			after := s[i:]
			for _, sep := range []string{".", "．", "、"} {
				if strings.HasPrefix(after, sep) {
					end := i + len(sep)
					// "1.5万亿元" is a number, not a label.
					if r, _ := utf8.DecodeRuneInString(s[end:]); unicode.IsDigit(r) {
						return report.NoNumbering, 0, 0
					}
					return report.ArabicDot, num, skipSeparators(s, end)
				}
			}
		}
	}
	return report.NoNumbering, 0, 0
}

// skipSeparators moves past spaces (and a stray 、) that typists put after a label.
func skipSeparators(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != ' ' && r != '\u3000' && r != '\t' && r != '\u00a0' && r != '、' {
			break
		}
		i += size
	}
	return i
}

// chineseDigit is the value of 一 to 九, 0 for any other rune.
func chineseDigit(r rune) int {
	return (strings.IndexRune("一二三四五六七八九", r) + 3) / 3 // each is 3 bytes; -1 gives 0
}

// chineseNumber parses 一 … 九十九 at the start of s and returns its value and byte length.
func chineseNumber(s string) (int, int) {
	val, cur, i := 0, 0, 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if d := chineseDigit(r); d > 0 && cur == 0 {
			cur = d
		} else if r == '十' && val == 0 {
			if cur == 0 {
				cur = 1
			}
			val, cur = cur*10, 0
		} else {
			break
		}
		i += size
	}
	return val + cur, i
}

// arabicNumber parses ASCII or full-width digits at the start of s.
func arabicNumber(s string) (int, int) {
	val, i := 0, 0
	for i < len(s) && val < 1000 {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= '0' && r <= '9':
			val = val*10 + int(r-'0')
		case r >= '０' && r <= '９':
			val = val*10 + int(r-'０')
		default:
			return val, i
		}
		i += size
	}
	return val, i
}
