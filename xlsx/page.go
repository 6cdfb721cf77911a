package xlsx

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Page is how a sheet prints: on A4 (§18.3.1.63 pageSetup paperSize 9), portrait unless
// Landscape.
type Page struct {
	Landscape bool
	// FitWidth scales the sheet to one page wide, as many pages tall as it takes (pageSetup
	// fitToWidth 1, fitToHeight 0, with §18.3.1.65 pageSetUpPr fitToPage): a table of eight
	// wide columns otherwise prints its first three on page 1 and the rest pages later.
	FitWidth bool
	// TitleRows are repeated at the top of every printed page, rows 1 to TitleRows (the defined
	// name _xlnm.Print_Titles, §18.2.5); 0 repeats none.
	TitleRows int
}

// Print sets how the sheet prints. It must come before the first Row, as the fit-to-page flag
// precedes the rows in the file; afterwards it returns ErrRowsStarted.
func (s *Sheet) Print(p Page) error {
	switch {
	case s.done:
		return ErrSheetDone
	case s.started:
		return ErrRowsStarted
	case p.TitleRows < 0 || p.TitleRows > MaxRows:
		return ErrBadRange
	}
	s.page = &p
	return nil
}

// appendPage is what follows the data validations (§18.3.1.99: printOptions, pageMargins,
// pageSetup, headerFooter): the table centred across the page, margins of 1.8 cm at the sides
// and 1.9 cm at top and bottom (Excel's "normal" ones are 1.8 and 1.9 too), and the page
// number in the footer, which a printed table of many pages needs to be put back in order.
func (p *Page) appendPage(b []byte) []byte {
	b = append(b, `<printOptions horizontalCentered="1"/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="9"`...)
	if p.FitWidth {
		b = append(b, ` fitToWidth="1" fitToHeight="0"`...)
	}
	if p.Landscape {
		b = append(b, ` orientation="landscape"`...)
	} else {
		b = append(b, ` orientation="portrait"`...)
	}
	// &P and &N are the page and the number of pages (§18.3.1.46 oddFooter)
	return append(b, `/><headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>`...)
}

// printTitles is the defined name of a sheet's repeated rows: 'name'!$1:$n, the name quoted
// with its apostrophes doubled, as a formula names a sheet (§18.17.2.3).
func printTitles(index int, name string, rows int) string {
	return `<definedName name="_xlnm.Print_Titles" localSheetId="` + strconv.Itoa(index) + `">` +
		string(appendText(nil, "'"+strings.ReplaceAll(name, "'", "''")+"'!$1:$"+strconv.Itoa(rows), false, false)) + `</definedName>`
}

// Line heights for Fit: a line of the default 11-point Calibri is 14.5 points high in Excel
// (15 at 96 dpi, 14.4 in LibreOffice); a larger font scales it.
const (
	lineHeight  = 14.5
	defaultSize = 11
	maxHeight   = 409 // Excel's largest row height
	// defaultWidth is the width of a column Col leaves at 0, in characters.
	defaultWidth = 8.43
)

// Fit is the height in points of a row of cells once its wrapped texts are broken into lines
// at their columns' widths, or 0 if none needs more than one line, which leaves the row at its
// default height: Sheet.Height(s.Fit(cells...)) before Row. A text wraps when its cell's style
// wraps, or its column's style for a cell of the default style. The width of a line counts a
// CJK character as two and others as one, against the column's width less one for the
// cell's padding; a line break starts a line. It is an estimate, meant to err on the high side
// (a word of Latin letters is not split), as LibreOffice shows a file with the heights it
// holds and cuts off what does not fit, and Excel grows a row to its text only when a cell is
// edited. It is at most Excel's 409 points.
func (s *Sheet) Fit(cells ...Cell) float64 {
	best := 0.0
	for i := range cells {
		c := &cells[i]
		if c.kind != text {
			continue
		}
		st := c.style
		if st == 0 && i < len(s.cols) {
			st = s.cols[i].Style
		}
		if st <= 0 || int(st) > len(s.w.formats) {
			continue
		}
		f := s.w.formats[st-1]
		if !f.Wrap {
			continue
		}
		width := defaultWidth
		if i < len(s.cols) && s.cols[i].Width > 0 {
			width = s.cols[i].Width
		}
		size := f.Size
		if size == 0 {
			size = defaultSize
		}
		// a larger font's character takes more of the column, and its line more height
		n := Lines(c.s, (width-1)*defaultSize/size)
		if n <= 1 {
			continue
		}
		if h := float64(n) * lineHeight * size / defaultSize; h > best {
			best = h
		}
	}
	return min(best, maxHeight)
}

// Lines is how many lines text takes in a column width characters wide, as Fit counts them:
// a CJK or other wide character takes two, others one; a run of Latin letters and digits stays
// on one line when it fits in one; each line break starts a line. An empty text is one line.
func Lines(text string, width float64) int {
	if width < 2 {
		width = 2 // a wide character takes a line of its own, however narrow the column
	}
	lines := 1
	used := 0.0
	for len(text) > 0 {
		r, size := utf8.DecodeRuneInString(text)
		if r == '\n' {
			lines++
			used = 0
			text = text[size:]
			continue
		}
		if r == '\r' {
			text = text[size:]
			continue
		}
		// a word: letters and digits that break together, or one character of another kind
		w, n := float64(runeWidth(r)), size
		if isWordRune(r) {
			for n < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[n:])
				if !isWordRune(r2) {
					break
				}
				w += float64(runeWidth(r2))
				n += s2
			}
		}
		switch {
		case used+w <= width:
			used += w
		case r == ' ':
			// a space at the end of a line does not carry to the next
			used = width
		case w <= width:
			lines++
			used = w
		default: // a word longer than a line starts on a line of its own and breaks at the edge
			if used > 0 {
				lines++
			}
			full := math.Ceil(w/width) - 1
			lines += int(full)
			used = w - full*width
		}
		text = text[n:]
	}
	return lines
}

// isWordRune is a character that Latin word-wrapping keeps with its neighbours.
func isWordRune(r rune) bool {
	return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == ',' || r == '%' || r == '-')
}

// runeWidth is a character's display width in columns: two for the East Asian wide and
// fullwidth characters (CJK ideographs, kana, hangul, fullwidth punctuation and forms), one for
// the rest.
func runeWidth(r rune) int {
	switch {
	case r < 0x1100:
		return 1
	case r <= 0x115F, // hangul jamo
		0x2E80 <= r && r <= 0x303E, // CJK radicals, punctuation
		0x3041 <= r && r <= 0x33FF, // kana, bopomofo, CJK compatibility
		0x3400 <= r && r <= 0x4DBF, // extension A
		0x4E00 <= r && r <= 0x9FFF, // unified ideographs
		0xA000 <= r && r <= 0xA4CF, // yi
		0xAC00 <= r && r <= 0xD7A3, // hangul syllables
		0xF900 <= r && r <= 0xFAFF, // compatibility ideographs
		0xFE30 <= r && r <= 0xFE4F, // CJK compatibility forms
		0xFF00 <= r && r <= 0xFF60, // fullwidth forms
		0xFFE0 <= r && r <= 0xFFE6,
		0x1F300 <= r && r <= 0x1F64F, // emoji
		0x1F900 <= r && r <= 0x1F9FF,
		0x20000 <= r && r <= 0x3FFFD: // extensions B and on
		return 2
	}
	return 1
}
