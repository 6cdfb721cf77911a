package xlsx

import (
	"bytes"
	"fmt"
	"strconv"
)

// Style is a cell format of one Writer: an index into its styles.xml cellXfs (ECMA-376 Part 1
// §18.8.10). The zero Style is the workbook's default (Calibri 11, General).
type Style int

// Format describes a cell format for Writer.Style.
type Format struct {
	Bold bool
	Size float64 // font size in points; 0 is the default 11
	// Fill is a solid background colour as six hex digits "RRGGBB" (§18.8.32 patternFill
	// solid, §18.8.19 fgColor); "" is none.
	Fill string
	Wrap bool // wrap text within the column's width (§18.8.1 alignment wrapText)
	// HAlign and VAlign are ST_HorizontalAlignment (§18.18.40) and ST_VerticalAlignment
	// (§18.18.88) values: "" (the default), "left", "center", "right"; "top", "center", "bottom".
	HAlign, VAlign string
	// Border draws a thin line on all four sides (§18.8.4).
	Border bool
	// NumFmt is a built-in number format id, 0 to 49 (§18.8.30): 0 General, 1 "0", 2 "0.00",
	// 3 "#,##0", 9 "0%", 14 a date, 49 "@" (text: what the user types stays text).
	NumFmt int
}

func (f Format) check() error {
	if f.Size < 0 || f.Size > 409 {
		return fmt.Errorf("xlsx: font size %g pt outside 1–409", f.Size)
	}
	if f.Fill != "" {
		if len(f.Fill) != 6 {
			return fmt.Errorf("xlsx: fill %q is not RRGGBB", f.Fill)
		}
		for i := 0; i < 6; i++ {
			if !isHex(f.Fill[i]) {
				return fmt.Errorf("xlsx: fill %q is not RRGGBB", f.Fill)
			}
		}
	}
	switch f.HAlign {
	case "", "left", "center", "right":
	default:
		return fmt.Errorf("xlsx: horizontal alignment %q", f.HAlign)
	}
	switch f.VAlign {
	case "", "top", "center", "bottom":
	default:
		return fmt.Errorf("xlsx: vertical alignment %q", f.VAlign)
	}
	if f.NumFmt < 0 || f.NumFmt > 49 {
		return fmt.Errorf("xlsx: number format %d is not a built-in one (0–49)", f.NumFmt)
	}
	return nil
}

// Style registers f and returns its Style, the same Style for the same Format. Styles may be
// registered at any time before Close, as styles.xml is written last.
func (w *Writer) Style(f Format) (Style, error) {
	if err := f.check(); err != nil {
		return 0, err
	}
	if f.Size == 11 {
		f.Size = 0
	}
	if st, ok := w.styleOf[f]; ok {
		return st, nil
	}
	if w.styleOf == nil {
		w.styleOf = map[Format]Style{}
	}
	w.formats = append(w.formats, f)
	st := Style(len(w.formats)) // 0 is the default xf
	w.styleOf[f] = st
	return st, nil
}

type fontKey struct {
	bold bool
	size float64
}

// stylesXML is xl/styles.xml (§18.8.39 styleSheet) for the registered formats. Fills 0 and 1 are
// the none and gray125 patterns Excel reserves; font, fill and border 0 are the defaults.
func (w *Writer) stylesXML() []byte {
	fonts := []fontKey{{}}
	fontOf := map[fontKey]int{{}: 0}
	fills := []string{"", ""}
	fillOf := map[string]int{}
	var xfs bytes.Buffer
	for _, f := range w.formats {
		fk := fontKey{f.Bold, f.Size}
		fi, ok := fontOf[fk]
		if !ok {
			fi = len(fonts)
			fonts = append(fonts, fk)
			fontOf[fk] = fi
		}
		fl := 0
		if f.Fill != "" {
			if fl, ok = fillOf[f.Fill]; !ok {
				fl = len(fills)
				fills = append(fills, f.Fill)
				fillOf[f.Fill] = fl
			}
		}
		bd := 0
		if f.Border {
			bd = 1
		}
		fmt.Fprintf(&xfs, `<xf numFmtId="%d" fontId="%d" fillId="%d" borderId="%d" xfId="0"`, f.NumFmt, fi, fl, bd)
		if f.NumFmt != 0 {
			xfs.WriteString(` applyNumberFormat="1"`)
		}
		if fi != 0 {
			xfs.WriteString(` applyFont="1"`)
		}
		if fl != 0 {
			xfs.WriteString(` applyFill="1"`)
		}
		if bd != 0 {
			xfs.WriteString(` applyBorder="1"`)
		}
		if f.Wrap || f.HAlign != "" || f.VAlign != "" {
			xfs.WriteString(` applyAlignment="1"><alignment`)
			if f.HAlign != "" {
				xfs.WriteString(` horizontal="` + f.HAlign + `"`)
			}
			if f.VAlign != "" {
				xfs.WriteString(` vertical="` + f.VAlign + `"`)
			}
			if f.Wrap {
				xfs.WriteString(` wrapText="1"`)
			}
			xfs.WriteString(`/></xf>`)
		} else {
			xfs.WriteString(`/>`)
		}
	}
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<styleSheet xmlns="` + nsMain + `">`)
	fmt.Fprintf(&b, `<fonts count="%d">`, len(fonts))
	for _, f := range fonts {
		b.WriteString(`<font>`)
		if f.bold {
			b.WriteString(`<b/>`)
		}
		size := f.size
		if size == 0 {
			size = 11
		}
		b.WriteString(`<sz val="` + strconv.FormatFloat(size, 'g', -1, 64) + `"/><name val="Calibri"/><family val="2"/></font>`)
	}
	fmt.Fprintf(&b, `</fonts><fills count="%d"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>`, len(fills))
	for _, rgb := range fills[2:] {
		b.WriteString(`<fill><patternFill patternType="solid"><fgColor rgb="FF` + rgb + `"/><bgColor indexed="64"/></patternFill></fill>`)
	}
	b.WriteString(`</fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>` +
		`<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`)
	fmt.Fprintf(&b, `<cellXfs count="%d"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`, len(w.formats)+1)
	b.Write(xfs.Bytes())
	b.WriteString(`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`)
	return b.Bytes()
}
