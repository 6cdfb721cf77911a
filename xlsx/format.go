package xlsx

import (
	"archive/zip"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// xlsxreader gives a number as stored, whatever its cell's number format, and a date in ISO
// form whenever the format is one: a 数值 of 0.069 that Excel shows as 6.90% would be imported
// as 0.069, and a 完成时限 shown as 2027年12月 as 46752 (Chinese Excel's built-in format 57,
// which xlsxreader does not know for a date) or 2027-12-01. The wrapper's pass over the sheet
// finds the cells whose format changes what a number means to the person who typed it, and
// gives the text they saw: percentages, and dates shown as a year and month or with 年, 月, 日.

// builtinFormats are the built-in number formats (ECMA-376 Part 1 §18.8.30) that Rows shows as
// Excel does: the percentages, and the dates of Chinese (zh-CN) Excel, which a file names by id
// alone.
var builtinFormats = map[int]string{
	9:  "0%",
	10: "0.00%",
	27: `yyyy"年"m"月"`, 36: `yyyy"年"m"月"`, 50: `yyyy"年"m"月"`, 52: `yyyy"年"m"月"`, 57: `yyyy"年"m"月"`,
	28: `m"月"d"日"`, 29: `m"月"d"日"`, 51: `m"月"d"日"`, 53: `m"月"d"日"`, 54: `m"月"d"日"`, 58: `m"月"d"日"`,
	31: `yyyy"年"m"月"d"日"`,
}

// cellFormats reads xl/styles.xml, where xlsxreader reads it, and returns for each cell format
// (cellXfs, §18.8.10, indexed by a cell's s) the number format code Rows renders itself, or ""
// for the formats whose values it leaves as xlsxreader gives them. A file without styles, or
// with styles that do not parse, renders none (xlsxreader refuses the latter).
func cellFormats(zr *zip.Reader) []string {
	var ss struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			ID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := unmarshalPart(zr, "xl/styles.xml", &ss); err != nil {
		return nil
	}
	custom := make(map[int]string, len(ss.NumFmts))
	for _, f := range ss.NumFmts {
		custom[f.ID] = f.Code
	}
	codes := make([]string, len(ss.Xfs))
	any := false
	for i, xf := range ss.Xfs {
		code, ok := custom[xf.ID]
		if !ok {
			code = builtinFormats[xf.ID]
		}
		if code != "" && rendered(code) {
			codes[i] = code
			any = true
		}
	}
	if !any {
		return nil
	}
	return codes
}

// rendered tells the codes Rows renders: a percentage, or a date of year and month only or
// with 年, 月 or 日 in it, in a form format can show.
func rendered(code string) bool {
	toks, ok := tokens(firstSection(code))
	if !ok {
		return false
	}
	var y, m, d, cjk bool
	switch kindOf(toks) {
	case '%':
		return true
	case 'd':
		for _, t := range toks {
			switch t.kind {
			case 'y':
				y = true
			case 'm':
				m = true
			case 'd':
				d = true
			case 'l':
				cjk = cjk || strings.ContainsAny(t.text, "年月日")
			}
		}
		return cjk || y && m && !d
	}
	return false
}

// kindOf tells a percentage ('%': one number and a percent sign) from a date ('d': years,
// months or days and no number), or neither (0).
func kindOf(toks []token) byte {
	pct, num, date := 0, 0, false
	for _, t := range toks {
		switch t.kind {
		case '%':
			pct++
		case '0':
			num++
		case 'y', 'm', 'd':
			date = true
		}
	}
	switch {
	case pct > 0 && num == 1 && !date:
		return '%'
	case date && pct == 0 && num == 0:
		return 'd'
	}
	return 0
}

// format renders the number v (as a cell's <v> holds it) in the format code, as Excel shows it,
// with one difference: a percentage keeps the digits its value has beyond those the code shows
// (0.069 in "0%" is 6.9%, not 7%), since an imported figure must be the one typed, not its
// rounding on screen. ok is false for a code or a value it does not render.
func format(code, v string, date1904 bool) (string, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return "", false
	}
	toks, ok := tokens(firstSection(code))
	if !ok {
		return "", false
	}
	var b strings.Builder
	pct := 0
	for _, t := range toks {
		if t.kind == '%' {
			pct++
		}
	}
	switch kindOf(toks) {
	case '%':
		n := percent(f, pct)
		if n == "" {
			return "", false
		}
		for _, t := range toks {
			switch t.kind {
			case '0':
				b.WriteString(showNumber(n, t.text))
			case '%':
				b.WriteByte('%')
			default:
				b.WriteString(t.text)
			}
		}
	case 'd':
		epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
		if date1904 {
			epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
		} else if f < 61 {
			return "", false // before 1900-03-01, where Excel counts a 29 February 1900
		}
		if f < 0 || f > 2958465 { // 9999-12-31, Excel's last date
			return "", false
		}
		day := epoch.AddDate(0, 0, int(f))
		for _, t := range toks {
			switch t.kind {
			case 'y':
				if len(t.text) <= 2 {
					b.WriteString(pad2(day.Year() % 100))
				} else {
					b.WriteString(strconv.Itoa(day.Year()))
				}
			case 'm':
				b.WriteString(unit(int(day.Month()), len(t.text)))
			case 'd':
				b.WriteString(unit(day.Day(), len(t.text)))
			default:
				b.WriteString(t.text)
			}
		}
	default:
		return "", false
	}
	return b.String(), true
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// unit is a month or day: m or d without a leading zero, mm or dd with.
func unit(n, width int) string {
	if width >= 2 {
		return pad2(n)
	}
	return strconv.Itoa(n)
}

// percent is f×100^times in decimal, from f rounded to the 15 significant digits Excel keeps, so
// that 0.069 gives 6.9 and not 6.9000000000000004.
func percent(f float64, times int) string {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', 15, 64))
	if !ok {
		return ""
	}
	for range times {
		r.Mul(r, big.NewRat(100, 1))
	}
	// the decimals the value has: a 15-digit decimal needs no more than 15 + its exponent
	s := r.FloatString(20)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// showNumber shows n, a decimal such as "-6.9", in the digit placeholders run (such as "#,##0.00"):
// at least as many decimals as the run has after its point (0 places and # ones alike), the
// integer part grouped by thousands if the run has a comma.
func showNumber(n, run string) string {
	neg := strings.HasPrefix(n, "-")
	n = strings.TrimPrefix(n, "-")
	whole, frac, _ := strings.Cut(n, ".")
	places := 0
	if _, after, ok := strings.Cut(run, "."); ok {
		places = strings.Count(after, "0")
	}
	for len(frac) < places {
		frac += "0"
	}
	if strings.Contains(run, ",") && len(whole) > 3 {
		var g strings.Builder
		for i, c := range whole {
			if i > 0 && (len(whole)-i)%3 == 0 {
				g.WriteByte(',')
			}
			g.WriteRune(c)
		}
		whole = g.String()
	}
	if frac != "" {
		whole += "." + frac
	}
	if neg && strings.Trim(whole, "0.,") != "" {
		whole = "-" + whole
	}
	return whole
}

// firstSection is the part of a format code for positive numbers: up to the first unquoted,
// unescaped semicolon.
func firstSection(code string) string {
	quoted := false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\\':
			i++
		case c == ';':
			return code[:i]
		}
	}
	return code
}

// token is one piece of a format code: kind 'l' a literal text, '0' a run of digit
// placeholders, '%', or 'y', 'm', 'd' a run of those letters.
type token struct {
	kind byte
	text string
}

// tokens splits a section of a format code (§18.8.31). ok is false for what format does not
// render: times, month and weekday names, eras, scientific notation, fractions, text (@),
// conditions, Chinese numerals ([DBNum1]) and General.
func tokens(code string) ([]token, bool) {
	var toks []token
	lit := func(s string) {
		if n := len(toks); n > 0 && toks[n-1].kind == 'l' {
			toks[n-1].text += s
			return
		}
		toks = append(toks, token{'l', s})
	}
	for i := 0; i < len(code); {
		c := code[i]
		switch {
		case c == '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return nil, false
			}
			lit(code[i+1 : i+1+j])
			i += j + 2
		case c == '\\':
			if i+1 >= len(code) {
				return nil, false
			}
			_, size := utf8.DecodeRuneInString(code[i+1:])
			lit(code[i+1 : i+1+size])
			i += 1 + size
		case c == '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return nil, false
			}
			in := code[i+1 : i+j]
			// a locale ([$-804]) or a colour ([Red]) changes nothing of the text; a currency
			// symbol ([$¥-804]) shows its symbol
			switch {
			case strings.HasPrefix(in, "$"):
				sym, _, _ := strings.Cut(in[1:], "-")
				lit(sym)
			case isColour(in):
			default:
				return nil, false
			}
			i += j + 1
		case c == '_': // a space as wide as the next character
			if i+1 >= len(code) {
				return nil, false
			}
			_, size := utf8.DecodeRuneInString(code[i+1:])
			lit(" ")
			i += 1 + size
		case c == '*': // fills the cell with the next character: nothing in a text
			if i+1 >= len(code) {
				return nil, false
			}
			_, size := utf8.DecodeRuneInString(code[i+1:])
			i += 1 + size
		case c == '%':
			toks = append(toks, token{'%', "%"})
			i++
		case c == '0' || c == '#' || c == '?' || c == '.' && i+1 < len(code) && strings.IndexByte("0#?", code[i+1]) >= 0:
			j := i
			for j < len(code) && strings.IndexByte("0#?,.", code[j]) >= 0 {
				j++
			}
			run := code[i:j]
			if strings.HasSuffix(run, ",") || strings.Count(run, ".") > 1 {
				return nil, false // a trailing comma scales by a thousand
			}
			toks = append(toks, token{'0', run})
			i = j
		case c == 'y' || c == 'Y' || c == 'm' || c == 'M' || c == 'd' || c == 'D':
			j := i
			for j < len(code) && (code[j]|0x20) == c|0x20 {
				j++
			}
			if j-i > 2 && c|0x20 != 'y' {
				return nil, false // mmm is a month's name, ddd a weekday's
			}
			toks = append(toks, token{c | 0x20, code[i:j]})
			i = j
		case c >= 0x80:
			r, size := utf8.DecodeRuneInString(code[i:])
			if r == '上' || r == '下' { // 上午/下午, a time
				return nil, false
			}
			lit(code[i : i+size])
			i += size
		case strings.IndexByte(" -/.,:()+$^'{}<>=!&~", c) >= 0:
			lit(code[i : i+1])
			i++
		default: // h, s, AM/PM, e, b, g, E+, /, @, General and the rest
			return nil, false
		}
	}
	return toks, true
}

func isColour(s string) bool {
	switch strings.ToLower(s) {
	case "black", "blue", "cyan", "green", "magenta", "red", "white", "yellow":
		return true
	}
	return strings.HasPrefix(strings.ToLower(s), "color")
}

// date1904 tells a workbook that counts its dates from 1904 (§18.2.28 workbookPr date1904).
func date1904(zr *zip.Reader) bool {
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
	}
	if unmarshalPart(zr, "xl/workbook.xml", &wb) != nil {
		return false
	}
	return wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"
}
