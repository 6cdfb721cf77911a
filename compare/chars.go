package compare

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxDiffRunes bounds the part of a paragraph that goes through the character diff, after the
// common beginning and end are set aside; past it the middle is shown as replaced as a whole.
// The diff is O(N·D): a long paragraph with a few edits is quick (50,000 characters with 21
// scattered edits take about 5 ms), and a rewrite too different to diff within maxDiffCells
// (myers.go, about 0.1 s) is shown as replaced, which for such a rewrite is what a reader wants.
const maxDiffRunes = 50_000

// charDiff returns the character-level difference of two paragraphs, cleaned up for a reader.
func charDiff(a, b string) []Span {
	if !utf8.ValidString(a) || !utf8.ValidString(b) {
		// Runes would replace the bad bytes and the spans would no longer rebuild the texts;
		// readers decode files first, so only a caller's own strings get here.
		return []Span{{a, Delete}, {b, Insert}}
	}
	pre, suf := commonEnds(a, b)
	midA, midB := []rune(a[pre:len(a)-suf]), []rune(b[pre:len(b)-suf])

	var spans []Span
	add := func(text string, kind SpanKind) {
		if text == "" {
			return
		}
		if n := len(spans); n > 0 && spans[n-1].Kind == kind {
			spans[n-1].Text += text
			return
		}
		spans = append(spans, Span{text, kind})
	}
	add(a[:pre], Equal)
	for _, s := range wordCleanup(middleDiff(midA, midB)) {
		add(s.Text, s.Kind)
	}
	add(a[len(a)-suf:], Equal)
	return wholeNumbers(orderEdits(spans))
}

// commonEnds returns the lengths in bytes of the longest common beginning and end of two valid
// UTF-8 texts, each ending on a character boundary and not overlapping. Bytes are compared, not
// characters: UTF-8 is self-synchronising, so the common characters are the common bytes cut
// back to a boundary, and an edited paragraph need not be decoded beyond its edit.
func commonEnds(a, b string) (pre, suf int) {
	pre = commonPrefix(a, b)
	return pre, commonSuffix(a[pre:], b[pre:])
}

// middleDiff is the bounded diff of what lies between the common beginning and end: Myers with
// semantic cleanup, or the whole middle replaced when either side exceeds maxDiffRunes.
func middleDiff(midA, midB []rune) []Span {
	if len(midA) > maxDiffRunes || len(midB) > maxDiffRunes {
		return []Span{{string(midA), Delete}, {string(midB), Insert}}
	}
	return cleanupSemantic(runeDiff(midA, midB))
}

// Edit is a run of one text that is common to both (Equal), only in the old (Delete) or only in
// the new (Insert), measured in runes.
type Edit struct {
	Kind SpanKind
	Len  int // runes
}

// Edits returns the character difference of a and b for mapping positions from a to b, under
// the same bounds as the 修改对照 but without the clean-ups made for readers: every Equal run is
// text that both share at that place, and the runs rebuild both texts rune for rune. Invalid
// UTF-8 is treated as replaced whole.
func Edits(a, b string) []Edit {
	if !utf8.ValidString(a) || !utf8.ValidString(b) {
		return appendEdit(appendEdit(nil, Delete, utf8.RuneCountInString(a)), Insert, utf8.RuneCountInString(b))
	}
	pre, suf := commonEnds(a, b)
	edits := appendEdit(nil, Equal, utf8.RuneCountInString(a[:pre]))
	if pre < len(a)-suf || pre < len(b)-suf {
		for _, d := range exactDiff([]rune(a[pre:len(a)-suf]), []rune(b[pre:len(b)-suf])) {
			edits = appendEdit(edits, d.Kind, utf8.RuneCountInString(d.Text))
		}
	}
	return appendEdit(edits, Equal, utf8.RuneCountInString(a[len(a)-suf:]))
}

// exactDiff is middleDiff without the semantic clean-up, which trades short common runs for
// a readable replacement: for mapping positions every common run counts. Efficiency clean-up
// still drops equalities too short to matter between edits on both sides.
func exactDiff(midA, midB []rune) []Span {
	if len(midA) > maxDiffRunes || len(midB) > maxDiffRunes {
		return middleDiff(midA, midB)
	}
	return cleanupMerge(dropCoincidences(cleanupEfficiency(runeDiff(midA, midB))))
}

// dropCoincidences turns into deletion and insertion each equal run that is no longer than the
// deletions on both sides of it: characters that a deleted passage and the new text happen to
// share ("，" and "请" left standing where "，请予审议，并请" was deleted) are not text that was kept.
// An equal run between insertions alone is kept: the old text is all there.
func dropCoincidences(diffs []Span) []Span {
	for changed := true; changed; {
		changed = false
		for k := 1; k+1 < len(diffs); k++ {
			if diffs[k].Kind != Equal {
				continue
			}
			left, right := 0, 0
			for x := k - 1; x >= 0 && diffs[x].Kind != Equal; x-- {
				if diffs[x].Kind == Delete {
					left += utf8.RuneCountInString(diffs[x].Text)
				}
			}
			for x := k + 1; x < len(diffs) && diffs[x].Kind != Equal; x++ {
				if diffs[x].Kind == Delete {
					right += utf8.RuneCountInString(diffs[x].Text)
				}
			}
			if n := utf8.RuneCountInString(diffs[k].Text); n <= left && n <= right {
				t := diffs[k].Text
				diffs = splice(diffs, k, 1, Span{t, Delete}, Span{t, Insert})
				changed = true
			}
		}
	}
	return diffs
}

func appendEdit(edits []Edit, kind SpanKind, n int) []Edit {
	if n == 0 {
		return edits
	}
	if k := len(edits); k > 0 && edits[k-1].Kind == kind {
		edits[k-1].Len += n
		return edits
	}
	return append(edits, Edit{kind, n})
}

// wholeNumbers widens an edit that starts or ends inside a number to the whole number, so that
// 40 changed to 45 reads [-40-]{+45+}, not 4[-0-]{+5+}: a reader checks figures as wholes.
func wholeNumbers(spans []Span) []Span {
	for k := 0; k < len(spans); k++ {
		if spans[k].Kind == Equal {
			continue
		}
		start := k
		for k+1 < len(spans) && spans[k+1].Kind != Equal {
			k++
		}
		opens, closes := false, false // an edit begins or ends with part of a number
		for _, sp := range spans[start : k+1] {
			opens = opens || startsNumber(sp.Text)
			closes = closes || endsNumber(sp.Text)
		}
		if start > 0 && opens {
			eq := &spans[start-1]
			cut := len(eq.Text) - numberSuffix(eq.Text)
			moved := eq.Text[cut:]
			eq.Text = eq.Text[:cut]
			spans, k = widen(spans, start, k, moved, "")
		}
		if k+1 < len(spans) && closes {
			eq := &spans[k+1]
			n := numberPrefix(eq.Text)
			moved := eq.Text[:n]
			eq.Text = eq.Text[n:]
			spans, k = widen(spans, start, k, "", moved)
		}
	}
	out := spans[:0]
	for _, s := range spans {
		if s.Text != "" {
			out = append(out, s)
		}
	}
	return out
}

// widen adds the same text before and after both sides of the edit spans[start..end]; an edit
// that lacks a deletion or an insertion gets one, since the moved text now is on both sides.
func widen(spans []Span, start, end int, before, after string) ([]Span, int) {
	if before == "" && after == "" {
		return spans, end
	}
	hasDel, hasIns := false, false
	for _, s := range spans[start : end+1] {
		hasDel = hasDel || s.Kind == Delete
		hasIns = hasIns || s.Kind == Insert
	}
	if !hasDel || !hasIns {
		// A pure insertion or deletion inside a number becomes a replacement of the number.
		kind := Delete
		if hasDel {
			kind = Insert
		}
		extra := Span{Kind: kind}
		if kind == Delete {
			spans = append(spans[:start], append([]Span{extra}, spans[start:]...)...)
		} else {
			spans = append(spans[:end+1], append([]Span{extra}, spans[end+1:]...)...)
		}
		end++
	}
	for i := start; i <= end; i++ {
		if spans[i].Kind == Delete {
			spans[i].Text = before + spans[i].Text + after
			break
		}
	}
	for i := start; i <= end; i++ {
		if spans[i].Kind == Insert {
			spans[i].Text = before + spans[i].Text + after
			break
		}
	}
	return spans, end
}

// A number is digits, ASCII or full-width, with the decimal points and thousands separators
// between them: 12.5, 1,200, １２３.
func digit(r rune) bool     { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }
func separator(r rune) bool { return r == '.' || r == ',' || r == '．' }

func startsNumber(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return digit(r) || separator(r)
}

func endsNumber(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return digit(r) || separator(r)
}

// numberSuffix is the length in bytes of the part of a number that ends s, never beginning with
// a separator: "完成1," gives "1,", "年。" nothing.
func numberSuffix(s string) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeLastRuneInString(s[:len(s)-n])
		if !digit(r) && !separator(r) {
			break
		}
		n += size
	}
	for n > 0 {
		r, size := utf8.DecodeRuneInString(s[len(s)-n:])
		if !separator(r) {
			break
		}
		n -= size
	}
	return n
}

// numberPrefix is the length in bytes of the part of a number that begins s, never ending with
// a separator: ".5%" gives ".5", ".。" nothing.
func numberPrefix(s string) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !digit(r) && !separator(r) {
			break
		}
		n += size
	}
	for n > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:n])
		if !separator(r) {
			break
		}
		n -= size
	}
	return n
}

// wordCleanup absorbs into the surrounding edits the short equal runs, of one or two
// characters that are not punctuation, that the diff finds inside a rewritten phrase: Chinese
// words are mostly two characters long, and "推[-动-]{+进+}" reads worse than a whole word
// replaced, while an edit is left alone where it meets a punctuation mark.
func wordCleanup(spans []Span) []Span {
	out := make([]Span, 0, len(spans))
	var del, ins strings.Builder
	flush := func() {
		if del.Len() > 0 {
			out = append(out, Span{del.String(), Delete})
		}
		if ins.Len() > 0 {
			out = append(out, Span{ins.String(), Insert})
		}
		del.Reset()
		ins.Reset()
	}
	for k := 0; k < len(spans); k++ {
		s := spans[k]
		switch {
		case s.Kind == Delete:
			del.WriteString(s.Text)
		case s.Kind == Insert:
			ins.WriteString(s.Text)
		case (del.Len() > 0 || ins.Len() > 0) && k+1 < len(spans) && isWordFragment(s.Text):
			del.WriteString(s.Text)
			ins.WriteString(s.Text)
		default:
			flush()
			out = append(out, s)
		}
	}
	flush()
	return out
}

func isWordFragment(s string) bool {
	n := 0
	for _, r := range s {
		n++
		if n > 2 || !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return n > 0
}

// orderEdits puts a deletion before the insertion that replaces it, the order in which
// readers and Word's revision marks expect them.
func orderEdits(spans []Span) []Span {
	for k := 1; k < len(spans); k++ {
		if spans[k].Kind == Delete && spans[k-1].Kind == Insert {
			spans[k], spans[k-1] = spans[k-1], spans[k]
		}
	}
	return spans
}
