package wordcount

import (
	"fmt"
	"unicode/utf8"

	"qicao/report"
)

// UserDefined is a 造字: a character an office made for a name or a place, stored in the
// Unicode Private Use Area (from GBK's user-defined areas or Windows' EUDC editor). It shows
// only with the font it was made in, so the writing team must check it before printing.
type UserDefined struct {
	Code    string `json:"code"`    // "U+E000"
	Char    string `json:"char"`    // the character itself
	Count   int    `json:"count"`   // occurrences in the document
	BlockID string `json:"blockId"` // the first paragraph it occurs in; "" in the title block
	Context string `json:"context"` // a few characters either side of its first occurrence
}

// IsUserDefined reports whether r is in the Basic Multilingual Plane's Private Use Area.
func IsUserDefined(r rune) bool { return r >= 0xE000 && r <= 0xF8FF }

// UserDefinedChars lists the 造字 of a document in the order they first occur.
func UserDefinedChars(doc *report.Document) []UserDefined {
	var out []UserDefined
	index := map[rune]int{}
	scan := func(s, blockID string) {
		for i, r := range s {
			if !IsUserDefined(r) {
				continue
			}
			if k, ok := index[r]; ok {
				out[k].Count++
				continue
			}
			index[r] = len(out)
			out = append(out, UserDefined{Code: fmt.Sprintf("U+%04X", r), Char: string(r), Count: 1, BlockID: blockID, Context: around(s, i, 8)})
		}
	}
	for _, s := range []string{doc.Title, doc.Subtitle, doc.Speaker} {
		scan(s, "")
	}
	for i := range doc.Blocks {
		scan(doc.Blocks[i].Text, doc.Blocks[i].ID)
		for _, n := range doc.Blocks[i].Notes {
			scan(n.Text, doc.Blocks[i].ID)
		}
	}
	return out
}

// around returns up to n characters either side of the byte offset at.
func around(s string, at, n int) string {
	start := at
	for k := 0; k < n && start > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(s[:start])
		start -= size
	}
	end := at
	for k := 0; k <= n && end < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	return s[start:end]
}
