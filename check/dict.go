package check

import (
	_ "embed"
	"sort"
)

// The segmenter dictionary: every word of 2 to 6 Han characters in gse's Chinese dictionary
// (derived from jieba's), as sorted fixed-width tables built by `go generate` (see
// internal/mkdict and dict/NOTICE). The tables are embedded as strings and binary-searched where
// they lie, so a check pays nothing to load them and touches only the pages it searches.
//
//go:generate go run ./internal/mkdict -o dict

var (
	//go:embed dict/w2.bin
	dictW2 string
	//go:embed dict/w3.bin
	dictW3 string
	//go:embed dict/w4.bin
	dictW4 string
	//go:embed dict/w5.bin
	dictW5 string
	//go:embed dict/w6.bin
	dictW6 string
	//go:embed dict/f2.bin
	dictF2 string
	//go:embed dict/f3.bin
	dictF3 string
	//go:embed dict/f4.bin
	dictF4 string
	//go:embed dict/f5.bin
	dictF5 string
	//go:embed dict/f6.bin
	dictF6 string
	//go:embed dict/chars.bin
	dictChars string
	//go:embed dict/total.txt
	dictTotal string
)

var (
	dictTables = [...]string{2: dictW2, 3: dictW3, 4: dictW4, 5: dictW5, 6: dictW6}
	dictFreqs  = [...]string{2: dictF2, 3: dictF3, 4: dictF4, 5: dictF5, 6: dictF6}
)

// logTotal is log2 of the dictionary's total frequency: a word of frequency class f has log
// probability f - logTotal.
func logTotal() int {
	n := 0
	for _, b := range []byte(dictTotal) {
		if b >= '0' && b <= '9' {
			n = n*10 + int(b-'0')
		}
	}
	return n
}

// maxWord is the longest word, in characters, the dictionary holds.
const maxWord = 6

// dictHas tells whether rs (2 to 6 characters) is a word of the dictionary.
func dictHas(rs []rune) bool {
	_, ok := dictFreq(rs)
	return ok
}

// dictFreq returns the frequency class (log2 of the frequency) of the word rs.
func dictFreq(rs []rune) (int, bool) {
	n := len(rs)
	if n < 2 || n > maxWord {
		return 0, false
	}
	var buf [3 * maxWord]byte
	for i, r := range rs {
		if !(r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF) {
			return 0, false
		}
		buf[3*i] = byte(0xE0 | r>>12)
		buf[3*i+1] = byte(0x80 | (r>>6)&0x3F)
		buf[3*i+2] = byte(0x80 | r&0x3F)
	}
	key := string(buf[:3*n]) // does not escape: the compiler keeps it on the stack
	tbl := dictTables[n]
	w := len(key)
	count := len(tbl) / w
	i := sort.Search(count, func(i int) bool { return tbl[i*w:i*w+w] >= key })
	if i < count && tbl[i*w:i*w+w] == key {
		return int(dictFreqs[n][i]), true
	}
	return 0, false
}

// charTag is the part of speech the dictionary gives a single character (its tag's first letter:
// 'n' noun, 'v' verb, 'a' adjective, 'd' adverb, 'q' measure word …), 0 when it has none.
func charTag(r rune) byte {
	tag, _ := charInfo(r)
	return tag
}

// charInfo returns a character's part of speech and frequency class (0, 0 when not listed).
func charInfo(r rune) (tag byte, freq int) {
	if !(r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF) {
		return 0, 0
	}
	key := string([]byte{byte(0xE0 | r>>12), byte(0x80 | (r>>6)&0x3F), byte(0x80 | r&0x3F)})
	const w = 5
	count := len(dictChars) / w
	i := sort.Search(count, func(i int) bool { return dictChars[i*w:i*w+3] >= key })
	if i < count && dictChars[i*w:i*w+3] == key {
		return dictChars[i*w+3], int(dictChars[i*w+4])
	}
	return 0, 0
}
