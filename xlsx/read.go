package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/thedatashed/xlsxreader"

	"qicao/report"
)

// Reading is done by github.com/thedatashed/xlsxreader; this wrapper adds what an uploaded,
// untrusted file needs around it: a bound on what may be decompressed, checked in the zip
// directory before anything is opened (archive/zip refuses an entry that inflates past its
// declared size); a pass over the sheet that refuses malformed XML, which xlsxreader would take
// for the end of the rows, and the inputs that would make it panic in its own goroutine; cells
// placed by column; the cell formulas, which xlsxreader does not report; and the text Excel
// shows for numbers whose format changes what they mean (format.go).

// Limits bound what reading one workbook may decompress, in bytes.
type Limits struct {
	Part  int64 // one part (zip entry), as the directory declares it
	Total int64 // all parts together
}

// maxEntries bounds a workbook's parts; a real one has a few dozen.
const maxEntries = 10000

// Book is an uploaded workbook opened for reading. It holds the file's bytes and xlsxreader's
// shared strings; rows are decoded as they are read.
type Book struct {
	zr    *zip.Reader
	x     *xlsxreader.XlsxFile
	parts map[string]*zip.File // sheet name → its part
	scans map[string]*scan
	// formats are the codes of the cell formats Rows renders itself, by a cell's s (nil if
	// none); date1904 tells the workbook's date system
	formats  []string
	date1904 bool
}

var (
	errNotBook = report.Errorf(report.EINVALID, "不是有效的 .xlsx 文件：无法作为 Excel 工作簿打开，文件可能已损坏或格式不符")
	errOldXLS  = report.Errorf(report.EINVALID, "不是有效的 .xlsx 文件：这是旧版 Excel 97-2003 (.xls) 文件，请先另存为 .xlsx")
)

// Open opens data, an .xlsx file, for reading. Errors are *report.Error in Chinese: EINVALID for
// a file that is not a workbook, ETOOLARGE for one that would decompress past lim.
func Open(data []byte, lim Limits) (b *Book, err error) {
	if bytes.HasPrefix(data, []byte{0xd0, 0xcf, 0x11, 0xe0}) {
		return nil, errOldXLS
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errNotBook
	}
	if len(zr.File) > maxEntries {
		return nil, report.Errorf(report.ETOOLARGE, "文件包含的部件过多（超过 %d 个），不像是正常的 Excel 工作簿", maxEntries)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > uint64(lim.Part) || total > uint64(lim.Total) {
			return nil, report.Errorf(report.ETOOLARGE, "文件解压后超过 %d MB，不像是正常的 Excel 工作簿", max(lim.Part, lim.Total)>>20)
		}
	}
	if err := checkSharedStrings(zr); err != nil {
		return nil, err
	}
	defer func() {
		// xlsxreader's start-up runs here, in this goroutine: a panic on a malformed file we did
		// not foresee is a refused file, not a crash
		if recover() != nil {
			b, err = nil, errNotBook
		}
	}()
	x, err := xlsxreader.NewReaderZip(zr)
	if err != nil {
		return nil, errNotBook
	}
	parts, err := sheetParts(zr)
	if err != nil {
		return nil, errNotBook
	}
	return &Book{zr: zr, x: x, parts: parts, scans: map[string]*scan{}, formats: cellFormats(zr), date1904: date1904(zr)}, nil
}

// Sheets are the names of the workbook's sheets, in its order.
func (b *Book) Sheets() []string { return b.x.Sheets }

// Pos is a cell's place, row and column 1-based.
type Pos struct{ Row, Col int }

// String is the cell's A1 reference.
func (p Pos) String() string { return Ref(p.Row, p.Col) }

// Formula is a cell that holds a formula (§18.3.1.40 f).
type Formula struct {
	Pos
	// Cached tells that the file holds the formula's value as the last program to save it
	// computed (a non-empty v), which Rows gives; Excel and WPS save one, a file written by a
	// program that does not calculate has none and Rows gives "". Error tells that the value is
	// an error such as #DIV/0! (t="e").
	Cached, Error bool
}

// Formulas lists the cells of sheet that hold a formula, in the file's order, which is row by
// row.
func (b *Book) Formulas(sheet string) ([]Formula, error) {
	sc, err := b.scan(sheet)
	if err != nil {
		return nil, err
	}
	return sc.formulas, nil
}

// Rows calls fn for each row of sheet that has a value, in the file's order, with its 1-based
// row number and its cells by column (cells[0] is column A; missing cells are ""). Text comes
// with Excel's _xHHHH_ escapes decoded; numbers as written, rounded to the 15 significant digits
// Excel shows; dates as 2006-01-02 (or RFC 3339 with a time); booleans as TRUE or FALSE. Numbers
// in a percent format come as Excel shows them, 6.90% for 0.069 in 0.00% (with the digits the
// value has beyond the format's: 6.9% in 0%), and dates in a format of year and month only or
// with 年, 月 or 日 as the format says: 2027年12月, 2027年12月31日, 12月31日, 2027-12. A
// formula cell gives its cached value. The cells slice is reused between calls. An error from fn
// stops the reading and is returned; a malformed sheet gives a Chinese *report.Error (EINVALID)
// naming the row.
func (b *Book) Rows(sheet string, fn func(row int, cells []string) error) error {
	sc, err := b.scan(sheet)
	if err != nil {
		return err
	}
	ch := b.x.ReadRows(sheet)
	// xlsxreader's goroutine stops only at the end of the sheet (a XlsxFile made from a zip
	// reader has no Close), so an early stop drains the rest; the scan has bounded it.
	defer func() {
		for range ch {
		}
	}()
	var cells []string
	prev := 0
	for row := range ch {
		n := row.Index
		if n == 0 { // the r attribute is optional (§18.3.1.73): the row after the last
			n = prev + 1
		}
		if row.Error != nil || n < 1 || n > MaxRows {
			return report.Errorf(report.EINVALID, "工作表“%s”第 %d 行无法读取", sheet, n)
		}
		prev = n
		cells = cells[:0]
		for _, c := range row.Cells {
			col := len(cells) // a cell without a reference follows the last one
			if c.Column != "" {
				if len(c.Column) > 3 {
					return report.Errorf(report.EINVALID, "工作表“%s”第 %d 行有超出范围的单元格", sheet, n)
				}
				col = c.ColumnIndex()
			}
			if col < 0 || col >= MaxCols {
				return report.Errorf(report.EINVALID, "工作表“%s”第 %d 行有超出范围的单元格", sheet, n)
			}
			for len(cells) <= col {
				cells = append(cells, "")
			}
			cells[col] = value(c)
			if t, ok := sc.shown[Pos{n, col + 1}]; ok {
				cells[col] = t
			}
		}
		if err := fn(n, cells); err != nil {
			return err
		}
	}
	return nil
}

// value is a cell's text as Rows gives it.
func value(c xlsxreader.Cell) string {
	switch c.Type {
	case xlsxreader.TypeString:
		return unescapeX(c.Value)
	case xlsxreader.TypeBoolean:
		if c.Value == "1" {
			return "TRUE"
		}
		return "FALSE"
	case xlsxreader.TypeNumerical:
		return round15(c.Value)
	}
	return c.Value
}

// round15 gives a number of more than 15 significant digits as Excel shows it, with 15, the
// way a binary fraction such as 0.30000000000000004 reads back as 0.3.
func round15(v string) string {
	digits, lead := 0, true
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == 'e' || c == 'E' {
			break
		}
		if c < '0' || c > '9' || lead && c == '0' {
			continue
		}
		lead = false
		digits++
	}
	if digits <= 15 {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	return strconv.FormatFloat(f, 'G', 15, 64)
}

// unescapeX decodes ST_Xstring escapes (ECMA-376 Part 1 §22.9.2.19): Excel writes a carriage
// return as _x000D_, and a literal _x000D_ as _x005F_x000D_.
func unescapeX(s string) string {
	i := strings.Index(s, "_x")
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i >= 0 {
		b.WriteString(s[:i])
		s = s[i:]
		if isXEscape(s) {
			u, _ := strconv.ParseUint(s[2:6], 16, 16)
			if r := rune(u); utf8.ValidRune(r) {
				b.WriteRune(r)
				s = s[7:]
			} else {
				b.WriteString(s[:7])
				s = s[7:]
			}
		} else {
			b.WriteString("_x")
			s = s[2:]
		}
		i = strings.Index(s, "_x")
	}
	b.WriteString(s)
	return b.String()
}

// scan is what one pass over a sheet's XML found.
type scan struct {
	formulas []Formula
	shown    map[Pos]string // the numbers a cell format renders, as Excel shows them
}

// scan reads the sheet's XML once, through to its end, before xlsxreader does: encoding/xml
// errors that xlsxreader would take for the end of the sheet (a truncated or corrupt part) are
// refused here, and so is a negative shared-string index, on which xlsxreader would index out of
// range in its goroutine. It notes the cells that hold formulas on the way, and renders the
// numbers whose format Rows shows as Excel does.
func (b *Book) scan(sheet string) (*scan, error) {
	if sc, ok := b.scans[sheet]; ok {
		return sc, nil
	}
	part := b.parts[sheet]
	if part == nil {
		return nil, report.Errorf(report.EINVALID, "文件中没有“%s”工作表", sheet)
	}
	rc, err := part.Open()
	if err != nil {
		return nil, report.Errorf(report.EINVALID, "工作表“%s”无法读取：文件已损坏", sheet)
	}
	defer rc.Close()
	bad := func(row int) error {
		return report.Errorf(report.EINVALID, "工作表“%s”第 %d 行无法读取：文件已损坏或格式不符", sheet, row)
	}
	sc := &scan{}
	d := xml.NewDecoder(rc)
	row, col := 0, 0 // the current row and the last cell's column, following xlsxreader's numbering
	cellDepth, depth := 0, 0
	shared, formula, cached, isErr := false, false, false, false
	var ref, code, shown string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, bad(row + 1)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "row":
				n := row + 1
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						if n, err = strconv.Atoi(a.Value); err != nil || n < 1 || n > MaxRows {
							return nil, bad(row + 1)
						}
					}
				}
				row, col = n, 0
			case "c":
				if cellDepth > 0 {
					continue // xlsxreader reads no cell within a cell
				}
				cellDepth, shared, formula, cached, isErr, ref, code, shown = depth, false, false, false, false, "", "", ""
				number := true
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "t":
						shared = shared || a.Value == "s"
						isErr = isErr || a.Value == "e"
						number = number && (a.Value == "n" || a.Value == "")
					case "r":
						ref = a.Value
					case "s":
						if i, err := strconv.Atoi(a.Value); err == nil && i >= 0 && i < len(b.formats) {
							code = b.formats[i]
						}
					}
				}
				if !number {
					code = ""
				}
				col++
				if ref != "" {
					col = xlsxreader.Cell{Column: strings.Map(upperAlpha, ref)}.ColumnIndex() + 1
				}
			case "f":
				formula = formula || cellDepth > 0
			case "v":
				if cellDepth > 0 {
					next, err := d.Token()
					if err != nil {
						return nil, bad(row)
					}
					if cd, ok := next.(xml.CharData); ok {
						cached = cached || len(bytes.TrimSpace(cd)) > 0
						if i, err := strconv.Atoi(string(cd)); shared && err == nil && i < 0 {
							return nil, bad(row)
						}
						if code != "" {
							shown, _ = format(code, string(cd), b.date1904)
						}
					}
					if _, ok := next.(xml.EndElement); ok {
						depth--
					}
					if _, ok := next.(xml.StartElement); ok {
						depth++
					}
				}
			}
		case xml.EndElement:
			if depth == cellDepth {
				if formula && col >= 1 && col <= MaxCols && row >= 1 {
					sc.formulas = append(sc.formulas, Formula{Pos: Pos{row, col}, Cached: cached, Error: isErr && cached})
				}
				if shown != "" && col >= 1 && col <= MaxCols && row >= 1 {
					if sc.shown == nil {
						sc.shown = map[Pos]string{}
					}
					sc.shown[Pos{row, col}] = shown
				}
				cellDepth = 0
			}
			depth--
		}
	}
	b.scans[sheet] = sc
	return sc, nil
}

func upperAlpha(r rune) rune {
	switch {
	case 'A' <= r && r <= 'Z':
		return r
	case 'a' <= r && r <= 'z':
		return r - 'a' + 'A'
	}
	return -1
}

// checkSharedStrings refuses a shared-string table whose declared count is negative or larger
// than its part could hold: xlsxreader allocates the count before reading a string.
func checkSharedStrings(zr *zip.Reader) error {
	for _, f := range zr.File {
		if f.Name != "xl/sharedStrings.xml" && f.Name != "xl/SharedStrings.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return errNotBook
		}
		d := xml.NewDecoder(rc)
		for {
			tok, err := d.Token()
			if err != nil {
				break // xlsxreader reports it
			}
			if se, ok := tok.(xml.StartElement); ok {
				for _, a := range se.Attr {
					if a.Name.Local == "count" {
						if n, err := strconv.Atoi(a.Value); err == nil && (n < 0 || uint64(n) > f.UncompressedSize64) {
							rc.Close()
							return errNotBook
						}
					}
				}
				break
			}
		}
		rc.Close()
	}
	return nil
}

// sheetParts maps each sheet's name to its part the way xlsxreader does (workbook.xml's sheets
// through xl/_rels/workbook.xml.rels), so that the scan reads the part xlsxreader will.
func sheetParts(zr *zip.Reader) (map[string]*zip.File, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := unmarshalPart(zr, "xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	if err := unmarshalPart(zr, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	parts := map[string]*zip.File{}
	for _, s := range wb.Sheets {
		for _, r := range rels.Rels {
			if r.ID != s.ID {
				continue
			}
			name := "xl/" + r.Target
			if strings.HasPrefix(r.Target, "/") {
				name = r.Target[1:]
			}
			for _, f := range zr.File {
				if f.Name == name {
					parts[s.Name] = f
				}
			}
			break
		}
		if parts[s.Name] == nil {
			return nil, fmt.Errorf("sheet %q has no part", s.Name)
		}
	}
	return parts, nil
}

func unmarshalPart(zr *zip.Reader, name string, v any) error {
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		return xml.NewDecoder(rc).Decode(v)
	}
	return errors.New("no " + name)
}
