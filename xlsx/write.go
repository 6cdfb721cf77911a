// Package xlsx writes SpreadsheetML workbooks (.xlsx; ECMA-376 Part 1 §18, Office Open XML
// transitional) as a stream, and reads uploaded ones through github.com/thedatashed/xlsxreader.
//
// The writer sends each row into the zip entry of its worksheet as it is given, so memory does
// not grow with the number of rows: strings are inline (t="inlineStr") rather than shared, and
// only the things SpreadsheetML places after the rows (merged cells, data validations) and the
// styles are held until the sheet or the workbook is finished.
//
//	w := xlsx.NewWriter(out)
//	head, _ := w.Style(xlsx.Format{Bold: true, Fill: "D9E1F2"})
//	s, _ := w.Sheet("名称", xlsx.Col{Width: 8}, xlsx.Col{Width: 40})
//	s.Freeze(1, 0)
//	s.Row(xlsx.Text("序号").With(head), xlsx.Text("内容").With(head))
//	for rows.Next() { s.Row(xlsx.Int(n), xlsx.Text(text)) }
//	w.Close()
//
// Excel's limits are enforced rather than left to corrupt the file: more than MaxRows rows or
// MaxCols columns, and a cell of more than MaxCellChars characters, are errors (Clip shortens a
// text for a caller that would rather cut it).
package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Errors of the writer; the error returned wraps one of them with the sheet and cell.
var (
	ErrTooManyRows   = errors.New("xlsx: more than 1,048,576 rows in a sheet")
	ErrTooManyCols   = errors.New("xlsx: more than 16,384 columns in a row")
	ErrCellTooLong   = errors.New("xlsx: a cell of more than 32,767 characters")
	ErrNotFinite     = errors.New("xlsx: a number that is NaN or infinite")
	ErrSheetName     = errors.New("xlsx: sheet name")
	ErrSheetDone     = errors.New("xlsx: sheet already finished")
	ErrRowsStarted   = errors.New("xlsx: rows already written")
	ErrClosed        = errors.New("xlsx: writer closed")
	ErrNoSheet       = errors.New("xlsx: a workbook needs at least one sheet")
	ErrBadRange      = errors.New("xlsx: range outside the sheet")
	ErrMergeOverlap  = errors.New("xlsx: merged ranges overlap")
	ErrListValue     = errors.New("xlsx: list value")
	ErrListTooLong   = errors.New("xlsx: list longer than 255 characters")
	ErrTooManyMerges = errors.New("xlsx: too many merged ranges")
	ErrTooManyChecks = errors.New("xlsx: too many data validations")
	ErrStyle         = errors.New("xlsx: a style this writer did not make")
)

const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain    = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkgRel  = "http://schemas.openxmlformats.org/package/2006/relationships"

	// flushAt is how much of a sheet's XML is gathered before it goes to the compressor.
	flushAt = 32 << 10
)

// zipEpoch dates every entry: fixed, so the same workbook gives the same bytes, and 1980-01-01,
// the first date a zip entry can hold (archive/zip writes a zero time as 1979-11-30, which
// some unzip tools reject). The docx package does the same.
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Writer writes one workbook into an io.Writer. Its methods are not safe for concurrent use.
// Nothing is a valid .xlsx until Close has returned nil.
type Writer struct {
	// Title and Creator go to docProps/core.xml (ECMA-376 Part 2 §11, dc:title and
	// dc:creator); set them any time before Close.
	Title, Creator string

	zw      *zip.Writer
	names   []string
	titles  []string // the _xlnm.Print_Titles defined names of the finished sheets
	cur     *Sheet
	formats []Format
	styleOf map[Format]Style
	err     error // the first write error; every later call returns it
	closed  bool
}

// NewWriter returns a Writer whose workbook goes to out. Writes to out come in pieces of tens
// of kilobytes as rows are given; out need not be buffered.
func NewWriter(out io.Writer) *Writer {
	return &Writer{zw: zip.NewWriter(out)}
}

// Col is a column's width and default style, given in order from column A to Sheet.
type Col struct {
	// Width is in characters of the default font's digit width (§18.3.1.13 col width); 0 leaves
	// Excel's default of about 8.43. A CJK character takes about two.
	Width float64
	Style Style // the format of the column's cells that the rows do not write
}

// Sheet is one worksheet being written: rows go in order, from row 1, with Row.
type Sheet struct {
	w          *Writer
	name       string
	index      int // from 0, in the workbook's order
	cols       []Col
	freezeRows int
	freezeCols int
	out        io.Writer
	buf        []byte
	row        int // rows written or skipped so far: the last row's number
	height     float64
	started    bool
	done       bool
	merges     []Range
	checks     []List
	page       *Page // how it prints, if set
}

// Sheet finishes the sheet being written, if any, and starts a new one named name. A name is 1
// to 31 characters, none of : \ / ? * [ ], not starting or ending with an apostrophe, not
// "History" and not another sheet's name in any case; others are refused with ErrSheetName.
func (w *Writer) Sheet(name string, cols ...Col) (*Sheet, error) {
	if err := w.usable(); err != nil {
		return nil, err
	}
	if err := w.checkName(name); err != nil {
		return nil, err
	}
	if len(cols) > MaxCols {
		return nil, ErrTooManyCols
	}
	for _, c := range cols {
		if c.Width < 0 || c.Width > 255 {
			return nil, fmt.Errorf("xlsx: column width %g outside 0–255", c.Width)
		}
		if err := w.checkStyle(c.Style); err != nil {
			return nil, err
		}
	}
	if w.cur != nil {
		if err := w.cur.finish(); err != nil {
			return nil, err
		}
	}
	s := &Sheet{w: w, name: name, index: len(w.names), cols: cols, buf: make([]byte, 0, flushAt+4096)}
	out, err := w.create("xl/worksheets/sheet" + strconv.Itoa(s.index+1) + ".xml")
	if err != nil {
		return nil, err
	}
	s.out = out
	w.names = append(w.names, name)
	w.cur = s
	return s, nil
}

func (w *Writer) usable() error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return ErrClosed
	}
	return nil
}

func (w *Writer) checkName(name string) error {
	n := utf8.RuneCountInString(name)
	switch {
	case n == 0 || n > 31 || !utf8.ValidString(name):
		return fmt.Errorf("%w %q: 1 to 31 characters", ErrSheetName, name)
	case strings.ContainsAny(name, `:\/?*[]`):
		return fmt.Errorf("%w %q: none of : \\ / ? * [ ]", ErrSheetName, name)
	case name[0] == '\'' || name[len(name)-1] == '\'':
		return fmt.Errorf("%w %q: starts or ends with an apostrophe", ErrSheetName, name)
	case strings.EqualFold(name, "History"):
		return fmt.Errorf("%w %q: reserved by Excel", ErrSheetName, name)
	}
	for _, r := range name {
		if r < 0x20 || r == 0xFFFE || r == 0xFFFF {
			return fmt.Errorf("%w %q: a control character", ErrSheetName, name)
		}
	}
	for _, o := range w.names {
		if strings.EqualFold(o, name) {
			return fmt.Errorf("%w %q: already used", ErrSheetName, name)
		}
	}
	return nil
}

func (w *Writer) checkStyle(st Style) error {
	if st < 0 || int(st) > len(w.formats) {
		return ErrStyle
	}
	return nil
}

// create starts a zip entry; deflated, dated zipEpoch.
func (w *Writer) create(name string) (io.Writer, error) {
	out, err := w.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipEpoch})
	if err != nil {
		w.err = err
	}
	return out, err
}

// Freeze keeps the first rows rows and cols columns in view while the rest scrolls (a frozen
// pane, §18.3.1.66); Freeze(1, 0) holds a header row. It must come before the first Row, as the
// pane precedes the rows in the file; afterwards it returns ErrRowsStarted.
func (s *Sheet) Freeze(rows, cols int) error {
	switch {
	case s.done:
		return ErrSheetDone
	case s.started:
		return ErrRowsStarted
	case rows < 0 || rows >= MaxRows || cols < 0 || cols >= MaxCols:
		return ErrBadRange
	}
	s.freezeRows, s.freezeCols = rows, cols
	return nil
}

// Height sets the height of the next row, in points, from 0 to 409 (§18.3.1.73 ht with
// customHeight); rows are otherwise of the default height, which Excel fits to wrapped text and
// LibreOffice does not. A title in a larger font needs it.
func (s *Sheet) Height(points float64) error {
	if s.done {
		return ErrSheetDone
	}
	if points < 0 || points > 409 {
		return fmt.Errorf("xlsx: row height %g pt outside 0–409", points)
	}
	s.height = points
	return nil
}

// Rows is the number of the last row written or skipped, 0 before the first.
func (s *Sheet) Rows() int { return s.row }

// Row writes the next row, cells from column A on; a blank cell leaves its column empty and no
// cells at all leave the whole row empty. Errors: ErrTooManyRows past row MaxRows,
// ErrTooManyCols past MaxCols cells, ErrCellTooLong for a text of more than MaxCellChars UTF-16
// code units, ErrNotFinite for a NaN or infinite Number, ErrSheetDone once another sheet has
// been started or the writer closed, and the output's write error. Nothing of a refused row is
// written and the sheet can go on.
func (s *Sheet) Row(cells ...Cell) error {
	if s.done {
		return ErrSheetDone
	}
	if err := s.w.usable(); err != nil {
		return err
	}
	if s.row >= MaxRows {
		return fmt.Errorf("%w: sheet %q", ErrTooManyRows, s.name)
	}
	if len(cells) > MaxCols {
		return fmt.Errorf("%w: sheet %q row %d", ErrTooManyCols, s.name, s.row+1)
	}
	r := s.row + 1
	for i := range cells {
		if err := s.check(r, i+1, &cells[i]); err != nil {
			return err
		}
	}
	if !s.started {
		s.head()
	}
	open := false
	if s.height > 0 {
		s.openRow(r)
		open = true
	}
	for i := range cells {
		c := &cells[i]
		if c.kind == blank && c.style == 0 {
			continue
		}
		if !open {
			s.openRow(r)
			open = true
		}
		s.cell(r, i+1, c)
	}
	if open {
		s.buf = append(s.buf, "</row>"...)
	}
	s.row, s.height = r, 0
	if len(s.buf) >= flushAt {
		return s.flush()
	}
	return nil
}

func (s *Sheet) check(r, col int, c *Cell) error {
	switch c.kind {
	case badNumber:
		return fmt.Errorf("%w: sheet %q cell %s", ErrNotFinite, s.name, Ref(r, col))
	case text:
		if utf16Len(c.s) > MaxCellChars {
			return fmt.Errorf("%w: sheet %q cell %s", ErrCellTooLong, s.name, Ref(r, col))
		}
	}
	return s.w.checkStyle(c.style)
}

func (s *Sheet) openRow(r int) {
	b := append(s.buf, `<row r="`...)
	b = strconv.AppendInt(b, int64(r), 10)
	b = append(b, '"')
	if s.height > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, s.height, 'f', -1, 64)
		b = append(b, `" customHeight="1"`...)
	}
	s.buf = append(b, '>')
}

func (s *Sheet) cell(r, col int, c *Cell) {
	b := s.buf
	b = append(b, `<c r="`...)
	b = appendRef(b, r, col)
	b = append(b, '"')
	// s="0" is the default, but LibreOffice gives a cell without s its column's style: written
	// out where the column has one, so the cell looks the same in every program
	if c.style != 0 || col <= len(s.cols) && s.cols[col-1].Style != 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(c.style), 10)
		b = append(b, '"')
	}
	switch c.kind {
	case blank:
		b = append(b, "/>"...)
	case number:
		b = append(b, "><v>"...)
		b = append(b, c.s...)
		b = append(b, "</v></c>"...)
	case text:
		b = append(b, ` t="inlineStr"><is><t`...)
		if needsPreserve(c.s) {
			b = append(b, ` xml:space="preserve"`...)
		}
		b = append(b, '>')
		b = appendText(b, c.s, false, true)
		b = append(b, "</t></is></c>"...)
	}
	s.buf = b
}

// head is the worksheet's start up to <sheetData>: the fit-to-page flag, the view with its pane,
// and the columns (§18.3.1.99 worksheet orders sheetPr, sheetViews and cols before sheetData).
func (s *Sheet) head() {
	s.started = true
	b := append(s.buf, xmlHeader+`<worksheet xmlns="`+nsMain+`" xmlns:r="`+nsRel+`">`...)
	if s.page != nil && s.page.FitWidth {
		// without it Excel and LibreOffice ignore pageSetup's fitToWidth and print at 100%
		b = append(b, `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`...)
	}
	b = append(b, `<sheetViews><sheetView`...)
	if s.index == 0 {
		b = append(b, ` tabSelected="1"`...)
	}
	b = append(b, ` workbookViewId="0">`...)
	if s.freezeRows > 0 || s.freezeCols > 0 {
		pane := "bottomRight"
		switch {
		case s.freezeCols == 0:
			pane = "bottomLeft"
		case s.freezeRows == 0:
			pane = "topRight"
		}
		top := Ref(s.freezeRows+1, s.freezeCols+1)
		b = append(b, `<pane`...)
		if s.freezeCols > 0 {
			b = append(b, ` xSplit="`+strconv.Itoa(s.freezeCols)+`"`...)
		}
		if s.freezeRows > 0 {
			b = append(b, ` ySplit="`+strconv.Itoa(s.freezeRows)+`"`...)
		}
		b = append(b, ` topLeftCell="`+top+`" activePane="`+pane+`" state="frozen"/><selection pane="`+pane+`" activeCell="`+top+`" sqref="`+top+`"/>`...)
	}
	b = append(b, `</sheetView></sheetViews>`...)
	var cols []byte
	for i, c := range s.cols {
		if c.Width == 0 && c.Style == 0 {
			continue
		}
		n := strconv.Itoa(i + 1)
		cols = append(cols, `<col min="`+n+`" max="`+n+`"`...)
		if c.Width > 0 {
			cols = append(cols, ` width="`+strconv.FormatFloat(c.Width, 'f', -1, 64)+`" customWidth="1"`...)
		}
		if c.Style != 0 {
			cols = append(cols, ` style="`+strconv.Itoa(int(c.Style))+`"`...)
		}
		cols = append(cols, "/>"...)
	}
	if len(cols) > 0 {
		b = append(b, "<cols>"...)
		b = append(b, cols...)
		b = append(b, "</cols>"...)
	}
	s.buf = append(b, "<sheetData>"...)
}

func (s *Sheet) flush() error {
	if len(s.buf) == 0 {
		return nil
	}
	_, err := s.out.Write(s.buf)
	s.buf = s.buf[:0]
	if err != nil {
		s.w.err = err
	}
	return err
}

// Merge merges the cells of r into one, showing the top-left cell's value (§18.3.1.55), as for a
// title across the table. It may come before or after the rows it covers, until the sheet is
// finished. Errors: ErrBadRange for a range outside the sheet or of one cell, ErrMergeOverlap
// for one that overlaps an earlier merge.
func (s *Sheet) Merge(r Range) error {
	if s.done {
		return ErrSheetDone
	}
	if !r.valid() || r.Row1 == r.Row2 && r.Col1 == r.Col2 {
		return fmt.Errorf("%w: merge %+v", ErrBadRange, r)
	}
	if len(s.merges) >= 100000 {
		return ErrTooManyMerges
	}
	for _, o := range s.merges {
		if o.overlaps(r) {
			return fmt.Errorf("%w: %s and %s", ErrMergeOverlap, o, r)
		}
	}
	s.merges = append(s.merges, r)
	return nil
}

// List is a list data validation (§18.3.1.32 dataValidation type="list"): the cells of Range
// offer a drop-down of Values.
type List struct {
	Range  Range
	Values []string // each without a comma or a double quote; with the commas between them at most 255 characters
	// Strict makes Excel refuse a typed value not in the list, with Error as its message;
	// otherwise the list only suggests.
	Strict bool
	Error  string
}

// AddList adds a drop-down to the sheet. It may come before or after the rows it covers, until
// the sheet is finished. Errors: ErrBadRange, ErrListValue for an empty list or a value with a
// comma, a double quote or a control character, ErrListTooLong past Excel's 255 characters.
func (s *Sheet) AddList(l List) error {
	if s.done {
		return ErrSheetDone
	}
	if !l.Range.valid() {
		return fmt.Errorf("%w: list %+v", ErrBadRange, l.Range)
	}
	if len(l.Values) == 0 {
		return fmt.Errorf("%w: no values", ErrListValue)
	}
	n := len(l.Values) - 1
	for _, v := range l.Values {
		if v == "" || strings.ContainsAny(v, `,"`) || strings.IndexFunc(v, func(r rune) bool { return r < 0x20 }) >= 0 || !utf8.ValidString(v) {
			return fmt.Errorf("%w %q", ErrListValue, v)
		}
		n += utf8.RuneCountInString(v)
	}
	if n > 255 {
		return ErrListTooLong
	}
	if len(s.checks) >= 65534 {
		return ErrTooManyChecks
	}
	s.checks = append(s.checks, l)
	return nil
}

// finish writes what follows the rows (§18.3.1.99 orders mergeCells, dataValidations, then
// printOptions, pageMargins, pageSetup and headerFooter) and ends the sheet's entry.
func (s *Sheet) finish() error {
	if s.done {
		return nil
	}
	if !s.started {
		s.head()
	}
	s.done = true
	b := append(s.buf, "</sheetData>"...)
	if len(s.merges) > 0 {
		b = append(b, `<mergeCells count="`+strconv.Itoa(len(s.merges))+`">`...)
		for _, m := range s.merges {
			b = append(b, `<mergeCell ref="`+m.String()+`"/>`...)
		}
		b = append(b, "</mergeCells>"...)
	}
	if len(s.checks) > 0 {
		b = append(b, `<dataValidations count="`+strconv.Itoa(len(s.checks))+`">`...)
		for _, l := range s.checks {
			b = append(b, `<dataValidation type="list" allowBlank="1" showInputMessage="1"`...)
			if l.Strict {
				b = append(b, ` showErrorMessage="1"`...)
				if l.Error != "" {
					b = append(b, ` error="`...)
					b = appendText(b, l.Error, true, false)
					b = append(b, '"')
				}
			}
			b = append(b, ` sqref="`+l.Range.String()+`"><formula1>"`...)
			b = appendText(b, strings.Join(l.Values, ","), false, false)
			b = append(b, `"</formula1></dataValidation>`...)
		}
		b = append(b, "</dataValidations>"...)
	}
	if s.page != nil {
		b = s.page.appendPage(b)
		if s.page.TitleRows > 0 {
			s.w.titles = append(s.w.titles, printTitles(s.index, s.name, s.page.TitleRows))
		}
	}
	s.buf = append(b, "</worksheet>"...)
	return s.flush()
}

// Close finishes the last sheet and writes the workbook, its styles and properties and the
// package's content types and relationships (ECMA-376 Part 2), then the zip directory. It does
// not close the underlying writer. A workbook without a sheet is refused with ErrNoSheet.
func (w *Writer) Close() error {
	if err := w.usable(); err != nil {
		return err
	}
	if len(w.names) == 0 {
		return ErrNoSheet
	}
	if err := w.cur.finish(); err != nil {
		return err
	}
	w.closed = true
	var wb, rels, ct bytes.Buffer
	wb.WriteString(xmlHeader + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	rels.WriteString(xmlHeader + `<Relationships xmlns="` + nsPkgRel + `">`)
	ct.WriteString(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	for i, name := range w.names {
		n := strconv.Itoa(i + 1)
		wb.WriteString(`<sheet name="`)
		wb.Write(appendText(nil, name, true, false))
		wb.WriteString(`" sheetId="` + n + `" r:id="rId` + n + `"/>`)
		rels.WriteString(`<Relationship Id="rId` + n + `" Type="` + nsRel + `/worksheet" Target="worksheets/sheet` + n + `.xml"/>`)
		ct.WriteString(`<Override PartName="/xl/worksheets/sheet` + n + `.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
	}
	wb.WriteString(`</sheets>`)
	if len(w.titles) > 0 { // §18.2.6 workbook places definedNames after sheets
		wb.WriteString(`<definedNames>`)
		for _, t := range w.titles {
			wb.WriteString(t)
		}
		wb.WriteString(`</definedNames>`)
	}
	wb.WriteString(`</workbook>`)
	rels.WriteString(`<Relationship Id="rId` + strconv.Itoa(len(w.names)+1) + `" Type="` + nsRel + `/styles" Target="styles.xml"/></Relationships>`)
	ct.WriteString(`</Types>`)

	var core bytes.Buffer
	core.WriteString(xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">`)
	if w.Title != "" {
		core.WriteString(`<dc:title>`)
		core.Write(appendText(nil, w.Title, false, false))
		core.WriteString(`</dc:title>`)
	}
	if w.Creator != "" {
		core.WriteString(`<dc:creator>`)
		core.Write(appendText(nil, w.Creator, false, false))
		core.WriteString(`</dc:creator>`)
	}
	core.WriteString(`</cp:coreProperties>`)

	parts := []struct {
		name string
		data []byte
	}{
		{"xl/workbook.xml", wb.Bytes()},
		{"xl/_rels/workbook.xml.rels", rels.Bytes()},
		{"xl/styles.xml", w.stylesXML()},
		{"docProps/core.xml", core.Bytes()},
		{"docProps/app.xml", []byte(xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>qicao</Application></Properties>`)},
		{"_rels/.rels", []byte(xmlHeader + `<Relationships xmlns="` + nsPkgRel + `">` +
			`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`<Relationship Id="rId3" Type="` + nsRel + `/extended-properties" Target="docProps/app.xml"/></Relationships>`)},
		{"[Content_Types].xml", ct.Bytes()},
	}
	for _, p := range parts {
		out, err := w.create(p.name)
		if err != nil {
			return err
		}
		if _, err := out.Write(p.data); err != nil {
			w.err = err
			return err
		}
	}
	if err := w.zw.Close(); err != nil {
		w.err = err
		return err
	}
	return nil
}
