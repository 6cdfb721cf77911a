package outline

import (
	"strings"
	"unicode/utf8"
)

// dropTOC removes a table of contents, which repeats the headings with page numbers and would
// otherwise count twice and break the headings' sequence: paragraphs the file marks as entries
// (a TOC field, a 目录 style), runs of lines shaped "title⇥page" or "title……page", and the
// 目录 line above them. A single line of that shape stands only after a 目录 line or when the
// file marks it: "全年增长\t5" alone is text.
func dropTOC(paras []Para) []Para {
	// In place: out never passes the paragraph being read.
	out := paras[:0]
	for i := 0; i < len(paras); {
		j, marked := i, false
		for j < len(paras) && paras[j].Rows == nil && (paras[j].TOC || isTOCLine(paras[j].Text)) {
			marked = marked || paras[j].TOC
			j++
		}
		if j == i {
			out = append(out, paras[i])
			i++
			continue
		}
		titled := len(out) > 0 && isTOCTitle(out[len(out)-1])
		if marked || titled || j-i >= 2 {
			if titled {
				out = out[:len(out)-1]
			}
		} else {
			out = append(out, paras[i:j]...)
		}
		i = j
	}
	return out
}

// isTOCTitle recognises the 目录 line, typed with spaces as often as not.
func isTOCTitle(p Para) bool {
	if p.Rows != nil {
		return false
	}
	s := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u3000' || r == '\t' {
			return -1
		}
		return r
	}, p.Text)
	return s == "目录" || s == "目次"
}

// isTOCLine recognises "title⇥page" and "title……page": a title, a tab or a leader of two or
// more dots, and a page number of at most four digits at the end.
func isTOCLine(s string) bool {
	end := len(s)
	for end > 0 && s[end-1] >= '0' && s[end-1] <= '9' {
		end--
	}
	if end == len(s) || len(s)-end > 4 {
		return false
	}
	sep, leaders, tab := end, 0, false
	for sep > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:sep])
		switch r {
		case '\t':
			tab = true
		case '.', '．', '…', '·', '・', '-', '—', '_', ' ', '\u3000':
			if r == '…' {
				leaders += 2
			} else if r != ' ' && r != '\u3000' {
				leaders++
			}
		default:
			return (tab || leaders >= 2) && Trim(s[:sep]) != ""
		}
		sep -= size
	}
	return false
}
