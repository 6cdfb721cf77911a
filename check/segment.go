package check

import (
	"strings"
	"unicode/utf8"
)

// Word segmentation, used as a veto around candidate findings: a doubled character or a listed
// wrong form is only a slip when the text does not read as words without it. The reading is the
// fewest-words segmentation of a short window (dynamic programming over the dictionary, the
// workspace lexicon and the productive reduplications below), which is what a reader does.

// abb recognises ABB, an adjective or noun with a doubled syllable the dictionary lists, that
// ends a clause or stands before 的 地 得: 亮堂堂的, 绿油油. rs[k] is the first B.
func abb(rs []rune, k int) bool {
	if k < 1 || k+2 > len(rs) || rs[k] != rs[k+1] {
		return false
	}
	t := charTag(rs[k-1])
	if t != 'a' && t != 'n' || !dictHas(rs[k:k+2]) || dictHas(rs[k-1:k+1]) {
		return false
	}
	return k+2 == len(rs) || !isHan(rs[k+2]) || strings.ContainsRune("的地得", rs[k+2])
}

// word tells whether rs reads as one word here.
func (c *checker) word(rs []rune) bool {
	_, ok := c.wordFreq(rs)
	return ok
}

// virtualFreq is the frequency class given to words the dictionary does not list but the
// checker reads as words (reduplications, prefixed words, our own word list); lexiconFreq to the
// workspace's words, which win over any reading of the dictionary's.
const virtualFreq, lexiconFreq = 10, 20

// minFreq drops the dictionary's rarest entries (frequency below 6), among which are
// fragments like 家安 that would let a slip read as words.
const minFreq = 3

// wordFreq returns the frequency class of rs as one word, and whether it is one.
func (c *checker) wordFreq(rs []rune) (int, bool) {
	n := len(rs)
	if n < 2 {
		_, f := charInfo(rs[0])
		return f, n == 1
	}
	if n <= maxSegWord {
		var buf [4 * maxSegWord]byte
		m := 0
		for _, r := range rs {
			m += utf8.EncodeRune(buf[m:], r)
		}
		if c.lex.userWords[string(buf[:m])] {
			return lexiconFreq, true
		}
		if f, ok := dictFreq(rs); ok && f >= minFreq {
			return f, true
		}
		if c.lex.redupSet[string(buf[:m])] || n == 2 && c.lex.words[string(buf[:m])] {
			return virtualFreq, true
		}
	}
	if reduplication(rs) || prefixed(rs) {
		return virtualFreq, true
	}
	return 0, false
}

// reduplication recognises the productive doubling patterns of Chinese, none of which a
// dictionary lists in full:
//   - distributive XX, "every X", where 每X is a word: 周周, 月月;
//   - 一XX, one after another, where 一X is a word: 一座座, 一台台, 一桩桩;
//   - AABB, both halves doubled: 实实在在, 方方面面.
func reduplication(rs []rune) bool {
	switch len(rs) {
	case 2:
		return rs[0] == rs[1] && distributive(rs[0])
	case 3:
		if rs[1] != rs[2] {
			return false
		}
		return rs[0] == '一' && dictHas(rs[:2])
	case 4:
		return rs[0] == rs[1] && rs[2] == rs[3] && rs[0] != rs[2] && isHan(rs[0]) && isHan(rs[2])
	}
	return false
}

func distributive(x rune) bool {
	return isHan(x) && dictHas([]rune{'每', x})
}

// freeSingle is a character that stands as a word of its own in running text: a function word,
// pronoun, numeral or measure word, or one of the commonest verbs. Any other single character in
// a segmentation is an orphan: a sign of a name the dictionary lacks, or of a slip.
func freeSingle(r rune) bool {
	switch charTag(r) {
	case 'u', 'p', 'c', 'r', 'd', 'm', 'q', 'f', 'y', 'e', 'o':
		return true
	}
	return strings.ContainsRune("是有为在到去来说要会能让使把被将和与及或等各每其之", r)
}

// segmentation is the best reading of a window: how many words, how many orphans, and where
// each word starts (starts[k] is true when a word begins at rune k).
type segmentation struct {
	words, orphans int
	starts         []bool
}

const maxSegWord = 8

// span returns the word of the reading that holds rune q.
func (s segmentation) span(q int) (int, int) {
	a, b := q, q+1
	for a > 0 && !s.starts[a] {
		a--
	}
	for b < len(s.starts)-1 && !s.starts[b] {
		b++
	}
	return a, b
} // longest word tried, lexicon words included

// segment reads rs with the fewest words, as a reader takes the longest words that fit, and
// among readings with as many words the most probable one (each word's probability its
// dictionary frequency over the total, the reading jieba makes); it counts the words and the
// orphans of that reading.
func (c *checker) segment(rs []rune) segmentation {
	n := len(rs)
	total := logTotal()
	type cell struct{ words, score, from int }
	best := make([]cell, n+1)
	for i := 1; i <= n; i++ {
		best[i] = cell{words: 1 << 30, score: -1 << 30}
	}
	for i := 0; i < n; i++ {
		if best[i].words == 1<<30 {
			continue
		}
		for l := 1; l <= maxSegWord && i+l <= n; l++ {
			f, ok := c.wordFreq(rs[i : i+l])
			if !ok {
				continue
			}
			w, sc := best[i].words+1, best[i].score+f-total
			if b := &best[i+l]; w < b.words || w == b.words && sc > b.score {
				*b = cell{w, sc, i}
			}
		}
	}
	s := segmentation{starts: make([]bool, n+1)}
	for i := n; i > 0; i = best[i].from {
		p := best[i].from
		s.starts[p] = true
		s.words++
		if i-p == 1 && !freeSingle(rs[p]) {
			s.orphans++
		}
	}
	s.starts[n] = true
	return s
}

// hanWindow returns the Han characters around rs[k:e] within the clause, at most side of them on
// each side, and where rs[k] falls in it.
func hanWindow(rs []rune, k, e, side int) (a, b int) {
	a, b = k, e
	for a > 0 && k-a < side && isHan(rs[a-1]) {
		a--
	}
	for b < len(rs) && b-e < side && isHan(rs[b]) {
		b++
	}
	return a, b
}

// straddled tells whether rs[a:b] is read across word boundaries: some segmentation of the
// window around it by dictionary words alone (no single characters, never rs[a:b] itself, at
// least one word crossing its start or its end) runs from before it to past it, as 形成|积极 does
// around 成积. 一代|一路 inside 一代一路 does not count: no word reaches outside it.
func (c *checker) straddled(rs []rune, a, b int) bool {
	lo, hi := hanWindow(rs, a, b, maxWord)
	if lo == a && hi == b {
		return false
	}
	// reach[p]: 0 not reached, 1 reached, 2 reached by a path with a word crossing a or b.
	reach := make([]uint8, hi-lo+1)
	for p := lo; p <= a; p++ {
		reach[p-lo] = 1
	}
	for p := lo; p < b; p++ {
		if reach[p-lo] == 0 {
			continue
		}
		for l := 2; l <= maxSegWord && p+l <= hi; l++ {
			q := p + l
			if p == a && q == b || !c.word(rs[p:q]) {
				continue
			}
			st := reach[p-lo]
			if p < a && a < q || p < b && b < q {
				st = 2
			}
			if q >= b && st == 2 {
				return true
			}
			reach[q-lo] = max(reach[q-lo], st)
		}
	}
	return false
}

// prefixed is a productive prefix before a dictionary word: 全链条, 跨区域, 总规模, 非公企业.
func prefixed(rs []rune) bool {
	return len(rs) >= 3 && len(rs) <= 4 && strings.ContainsRune("全总跨非超副逐亚次微零", rs[0]) && rs[0] != rs[1] && dictHas(rs[1:])
}
