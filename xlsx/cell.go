package xlsx

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// Excel's limits (ECMA-376 leaves them to the application; these are Excel's "specifications
// and limits", which LibreOffice shares): a sheet holds at most MaxRows rows and MaxCols columns,
// and a cell at most MaxCellChars UTF-16 code units of text.
const (
	MaxRows      = 1 << 20 // 1,048,576
	MaxCols      = 1 << 14 // 16,384, column XFD
	MaxCellChars = 32767
)

type kind uint8

const (
	blank kind = iota
	text
	number
	badNumber // NaN or ±Inf: SpreadsheetML's xsd:double cell values have no such value
)

// Cell is one cell of a row: text, a number or blank, with a style. The zero Cell is blank and
// unstyled, and takes no room in the file.
type Cell struct {
	s     string // the text, or the number in xsd:double form
	kind  kind
	style Style
}

// Text is a text cell, written as an inline string (t="inlineStr", ECMA-376 Part 1 §18.3.1.4
// and §18.3.1.53): Excel shows it as typed, never as a number or a date, so "6.20" stays 6.20
// and "1-11" is not turned into 11 January. Characters XML 1.0 forbids (the C0 controls other
// than tab, line feed and carriage return, U+FFFE, U+FFFF) are dropped and invalid UTF-8 becomes
// U+FFFD, so the file stays well-formed. Text longer than MaxCellChars UTF-16 code units is
// refused by Sheet.Row (see Clip). An empty string is a blank cell.
func Text(s string) Cell {
	if s == "" {
		return Cell{}
	}
	return Cell{s: s, kind: text}
}

// Texts is a row of text cells.
func Texts(ss ...string) []Cell {
	cs := make([]Cell, len(ss))
	for i, s := range ss {
		cs[i] = Text(s)
	}
	return cs
}

// Int is a number cell holding n. Excel keeps 15 significant digits: integers beyond ±10^15
// lose their last digits there, so identifiers that long belong in Text.
func Int(n int64) Cell {
	return Cell{s: strconv.FormatInt(n, 10), kind: number}
}

// Number is a number cell holding f (§18.3.1.96, xsd:double). NaN and ±Inf have no cell value
// and are refused by Sheet.Row.
func Number(f float64) Cell {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Cell{kind: badNumber}
	}
	// the shortest digits that read back as f, in plain decimals where they are not absurdly
	// long, as a reader that takes <v> as text (xlsxreader does) shows them
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'g'
	}
	return Cell{s: strconv.FormatFloat(f, format, -1, 64), kind: number}
}

// With returns the cell in style st. A blank cell with a style is written (as a cell with no
// value) so that its fill or number format shows where the user will type.
func (c Cell) With(st Style) Cell {
	c.style = st
	return c
}

// Clip shortens s to at most MaxCellChars UTF-16 code units, at a character boundary, for a
// caller that prefers a cut cell to a refused row.
func Clip(s string) string {
	if len(s) <= MaxCellChars { // UTF-8 never takes fewer bytes than UTF-16 code units
		return s
	}
	n := 0
	for i, r := range s {
		u := 1
		if r >= 0x10000 {
			u = 2
		}
		if n+u > MaxCellChars {
			return s[:i]
		}
		n += u
	}
	return s
}

// utf16Len counts s in UTF-16 code units, the unit of Excel's cell limit.
func utf16Len(s string) int {
	if len(s) <= MaxCellChars {
		return len(s) // a bound is enough below the limit
	}
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// appendText appends s escaped as XML 1.0 character data (attr false) or an attribute value
// (attr true, in double quotes). Forbidden characters are dropped and invalid UTF-8 replaced;
// a carriage return is written as a character reference, which XML's end-of-line handling would
// otherwise turn into a line feed. In cell text (xstring true) an underscore that would start an
// ST_Xstring escape such as _x000D_ (§22.9.2.19) is itself escaped as _x005F_, so the reader
// gets back the characters written and not a decoded control character.
func appendText(dst []byte, s string, attr, xstring bool) []byte {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x80 || c == '&' || c == '<' || c == '>' || c == '"' || c == '_' {
			clean = false
			break
		}
	}
	if clean {
		return append(dst, s...)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '&':
				dst = append(dst, "&amp;"...)
			case c == '<':
				dst = append(dst, "&lt;"...)
			case c == '>':
				dst = append(dst, "&gt;"...)
			case c == '"' && attr:
				dst = append(dst, "&quot;"...)
			case c == '\r':
				dst = append(dst, "&#xD;"...)
			case (c == '\n' || c == '\t') && attr:
				dst = append(dst, "&#x"...)
				dst = strconv.AppendInt(dst, int64(c), 16)
				dst = append(dst, ';')
			case c == '\n' || c == '\t':
				dst = append(dst, c)
			case c < 0x20:
				// forbidden in XML 1.0: dropped
			case c == '_' && xstring && isXEscape(s[i-1:]):
				dst = append(dst, "_x005F_"...)
			default:
				dst = append(dst, c)
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			dst = append(dst, "\uFFFD"...)
		case r == 0xFFFE || r == 0xFFFF:
			// not XML characters: dropped
		default:
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}

// isXEscape tells whether s starts with _xHHHH_.
func isXEscape(s string) bool {
	if len(s) < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for i := 2; i < 6; i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// needsPreserve tells whether s has leading or trailing white space, which Excel strips from a
// <t> without xml:space="preserve".
func needsPreserve(s string) bool {
	return isSpace(s[0]) || isSpace(s[len(s)-1])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// ColName is the letters of column col (1-based): 1 → A, 27 → AA, 16384 → XFD.
func ColName(col int) string {
	return string(appendCol(nil, col))
}

func appendCol(dst []byte, col int) []byte {
	var b [4]byte
	i := len(b)
	for col > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return append(dst, b[i:]...)
}

// Ref is the A1-style reference of the cell at row and col, both 1-based: Ref(2, 8) is "H2".
func Ref(row, col int) string {
	return string(appendRef(nil, row, col))
}

func appendRef(dst []byte, row, col int) []byte {
	dst = appendCol(dst, col)
	return strconv.AppendInt(dst, int64(row), 10)
}

// Range is a rectangle of cells, rows and columns 1-based and inclusive.
type Range struct {
	Row1, Col1, Row2, Col2 int
}

// String is the range in A1 notation, "H2:H9", or "A1" for a single cell.
func (r Range) String() string {
	if r.Row1 == r.Row2 && r.Col1 == r.Col2 {
		return Ref(r.Row1, r.Col1)
	}
	return Ref(r.Row1, r.Col1) + ":" + Ref(r.Row2, r.Col2)
}

func (r Range) valid() bool {
	return 1 <= r.Row1 && r.Row1 <= r.Row2 && r.Row2 <= MaxRows && 1 <= r.Col1 && r.Col1 <= r.Col2 && r.Col2 <= MaxCols
}

func (r Range) overlaps(o Range) bool {
	return r.Row1 <= o.Row2 && o.Row1 <= r.Row2 && r.Col1 <= o.Col2 && o.Col1 <= r.Col2
}
