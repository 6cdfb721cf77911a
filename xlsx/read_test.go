package xlsx_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"qicao/report"
	"qicao/xlsx"
)

var lim = xlsx.Limits{Part: 10 << 20, Total: 10 << 20}

// readAll reads every row of sheet as the reader gives it, by row number.
func readAll(t testing.TB, b *xlsx.Book, sheet string) map[int][]string {
	t.Helper()
	rows := map[int][]string{}
	if err := b.Rows(sheet, func(n int, cells []string) error {
		rows[n] = slices.Clone(cells)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return rows
}

// What the writer wrote, the reader gives back: text exactly (less the characters XML forbids),
// numbers, empty rows and cells left out.
func TestReaderReadsWriter(t *testing.T) {
	b, err := xlsx.Open(book(t), lim)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Sheets(); !slices.Equal(got, []string{"数据填报", "第二张表"}) {
		t.Errorf("sheets %v", got)
	}
	for _, s := range samples() {
		rows := readAll(t, b, s.name)
		for i, want := range s.want {
			if got := rows[i+1]; !slices.Equal(got, want) {
				t.Errorf("%s row %d: %q, want %q", s.name, i+1, got, want)
			}
		}
		if len(rows) != len(s.want)-1 && s.name == "数据填报" { // row 5 is empty
			t.Errorf("%s: %d rows", s.name, len(rows))
		}
	}
	if f, err := b.Formulas("数据填报"); err != nil || len(f) != 0 {
		t.Errorf("formulas %v %v", f, err)
	}
}

// A workbook as Excel-like programs save it: shared strings, formulas, booleans, a number
// with more digits than Excel shows, a carriage return escaped as _x000D_.
func TestReaderReadsExcelize(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "项目")
	f.SetSheetRow("项目", "A1", &[]any{"项目名称", "资金", "选定"})
	f.SetSheetRow("项目", "A3", &[]any{"老旧小区改造", 0.1 + 0.2, true})
	f.SetCellFormula("项目", "B4", "B3*2")
	f.SetCellStr("项目", "A4", "第一行_x000D_\n第二行")
	f.SetCellValue("项目", "C4", false)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := xlsx.Open(buf.Bytes(), lim)
	if err != nil {
		t.Fatal(err)
	}
	rows := readAll(t, b, "项目")
	if got := rows[3]; !slices.Equal(got, []string{"老旧小区改造", "0.3", "TRUE"}) {
		t.Errorf("row 3: %q", got)
	}
	if got := rows[4]; len(got) != 3 || got[0] != "第一行\r\n第二行" || got[2] != "FALSE" {
		t.Errorf("row 4: %q", got)
	}
	if _, ok := rows[2]; ok {
		t.Error("an empty row was read")
	}
	formulas, err := b.Formulas("项目")
	if err != nil || len(formulas) != 1 || formulas[0].String() != "B4" {
		t.Errorf("formulas %v %v", formulas, err)
	}
}

// parts unzips a workbook, to be changed and zipped again by zipParts.
func parts(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		out[f.Name] = b.Bytes()
	}
	return out
}

func zipParts(ps map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(ps))
	for n := range ps {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate})
		w.Write(ps[n])
	}
	zw.Close()
	return buf.Bytes()
}

func isChinese(err error) bool {
	var re *report.Error
	if !errors.As(err, &re) {
		return false
	}
	return strings.IndexFunc(err.Error(), func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// Files that would make xlsxreader panic, allocate without bound, or stop short are refused
// with a Chinese message.
func TestReaderRefuses(t *testing.T) {
	base := parts(t, book(t))
	sheet := func(rows string) []byte {
		return []byte(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`)
	}
	withShared := func(ps map[string][]byte, count string) map[string][]byte {
		ps["xl/sharedStrings.xml"] = []byte(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="` + count + `"><si><t>甲</t></si></sst>`)
		return ps
	}
	for _, tt := range []struct {
		name  string
		parts func() map[string][]byte
	}{
		{"negative shared string", func() map[string][]byte {
			ps := withShared(maps(base), "1")
			ps["xl/worksheets/sheet1.xml"] = sheet(`<row r="1"><c r="A1" t="s"><v>-1</v></c></row>`)
			return ps
		}},
		{"shared string count", func() map[string][]byte { return withShared(maps(base), "1000000000000") }},
		{"truncated sheet", func() map[string][]byte {
			ps := maps(base)
			ps["xl/worksheets/sheet1.xml"] = sheet(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>`)[:150]
			return ps
		}},
		{"column past XFD", func() map[string][]byte {
			ps := maps(base)
			ps["xl/worksheets/sheet1.xml"] = sheet(`<row r="1"><c r="ZZZZZZZZZZZZ1"><v>1</v></c></row>`)
			return ps
		}},
		{"row past 1048576", func() map[string][]byte {
			ps := maps(base)
			ps["xl/worksheets/sheet1.xml"] = sheet(`<row r="9999999"><c><v>1</v></c></row>`)
			return ps
		}},
		{"no workbook", func() map[string][]byte {
			ps := maps(base)
			delete(ps, "xl/workbook.xml")
			return ps
		}},
	} {
		b, err := xlsx.Open(zipParts(tt.parts()), lim)
		if err == nil {
			err = b.Rows("数据填报", func(int, []string) error { return nil })
		}
		if err == nil || !isChinese(err) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	if _, err := xlsx.Open([]byte("%PDF-1.7"), lim); report.ErrorCode(err) != report.EINVALID || !isChinese(err) {
		t.Errorf("a PDF: %v", err)
	}
	if _, err := xlsx.Open([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, lim); err == nil || !strings.Contains(err.Error(), ".xls") {
		t.Errorf("an .xls: %v", err)
	}
}

func maps(m map[string][]byte) map[string][]byte {
	out := make(map[string][]byte, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// A zip bomb: a sheet that deflates from megabytes to kilobytes is refused from the zip
// directory, before anything is decompressed.
func TestReaderBomb(t *testing.T) {
	var buf bytes.Buffer
	w := xlsx.NewWriter(&buf)
	s, _ := w.Sheet("表")
	row := xlsx.Texts(strings.Repeat("重复", 100), strings.Repeat("文字", 100))
	for i := 0; i < 20000; i++ {
		if err := s.Row(row...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 1<<20 {
		t.Fatalf("the bomb is %d bytes", buf.Len())
	}
	_, err := xlsx.Open(buf.Bytes(), lim)
	if report.ErrorCode(err) != report.ETOOLARGE || !isChinese(err) {
		t.Errorf("a %d-byte file of 20,000 long rows: %v", buf.Len(), err)
	}
	if _, err := xlsx.Open(buf.Bytes(), xlsx.Limits{Part: 64 << 20, Total: 64 << 20}); err != nil {
		t.Errorf("within larger limits: %v", err)
	}
}

// A caller that stops early gets its error back, and the reader's goroutine ends.
func TestReaderStops(t *testing.T) {
	var buf bytes.Buffer
	w := xlsx.NewWriter(&buf)
	s, _ := w.Sheet("表")
	for i := 0; i < 5000; i++ {
		s.Row(xlsx.Int(int64(i)), xlsx.Text("行"))
	}
	w.Close()
	before := runtime.NumGoroutine()
	b, err := xlsx.Open(buf.Bytes(), lim)
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("enough")
	n := 0
	err = b.Rows("表", func(int, []string) error {
		if n++; n == 10 {
			return stop
		}
		return nil
	})
	if err != stop || n != 10 {
		t.Errorf("stopped with %v after %d rows", err, n)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before {
		t.Errorf("%d goroutines, %d before", g, before)
	}
}

// Random bytes, and random sheets in a valid package: no panic (xlsxreader decodes rows in a
// goroutine of its own, where a panic would end the server), and every error is a Chinese
// *report.Error.
func FuzzOpen(f *testing.F) {
	f.Add(book(f))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	ex := excelize.NewFile()
	ex.SetCellFormula("Sheet1", "A1", "1+1")
	ex.SetCellStr("Sheet1", "B2", "共享字符串")
	var buf bytes.Buffer
	ex.Write(&buf)
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		readFuzzed(t, data)
	})
}

func FuzzSheet(f *testing.F) {
	base := parts(f, book(f))
	f.Add(base["xl/worksheets/sheet1.xml"], []byte(`<sst count="1"><si><t>甲</t></si></sst>`))
	f.Add([]byte(`<worksheet><sheetData><row><c t="s"><v>0</v></c><c t="inlineStr"><is><t>乙</t></is></c><c r="B1"><f>1+1</f><v>2</v></c></row></sheetData></worksheet>`),
		[]byte(`<sst><si><r><t>丙</t></r><r><t>丁</t></r></si></sst>`))
	f.Add([]byte(`<worksheet><sheetData><row r="2"><c r="A2" t="s"><v>-1</v></c></row></sheetData></worksheet>`), []byte(`<sst count="-1"/>`))
	f.Fuzz(func(t *testing.T, sheet, shared []byte) {
		ps := maps(base)
		ps["xl/worksheets/sheet1.xml"] = sheet
		ps["xl/sharedStrings.xml"] = shared
		readFuzzed(t, zipParts(ps))
	})
}

func readFuzzed(t *testing.T, data []byte) {
	b, err := xlsx.Open(data, lim)
	if err != nil {
		if !isChinese(err) {
			t.Fatalf("Open: %v", err)
		}
		return
	}
	for _, name := range b.Sheets() {
		if err := b.Rows(name, func(n int, cells []string) error {
			if n < 1 || n > xlsx.MaxRows || len(cells) > xlsx.MaxCols {
				t.Fatalf("row %d of %d cells", n, len(cells))
			}
			return nil
		}); err != nil && !isChinese(err) {
			t.Fatalf("Rows: %v", err)
		}
		if _, err := b.Formulas(name); err != nil && !isChinese(err) {
			t.Fatalf("Formulas: %v", err)
		}
	}
}

// Formulas tells a formula whose value the file holds from one without, and an error value.
func TestReaderFormulaValues(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", 2)
	for _, ref := range []string{"B1", "C1", "D1"} {
		f.SetCellFormula("Sheet1", ref, "A1*2")
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	data := setCached(t, buf.Bytes(), "B1", "4")
	ps := parts(t, data)
	ps["xl/worksheets/sheet1.xml"] = bytes.Replace(ps["xl/worksheets/sheet1.xml"], []byte(`<c r="D1" t="str"><f>A1*2</f></c>`),
		[]byte(`<c r="D1" t="e"><f>A1*2</f><v>#DIV/0!</v></c>`), 1)
	b, err := xlsx.Open(zipParts(ps), lim)
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, b, "Sheet1")[1]; !slices.Equal(got, []string{"2", "4", "", "#DIV/0!"}) {
		t.Errorf("row 1: %q", got)
	}
	formulas, err := b.Formulas("Sheet1")
	want := []xlsx.Formula{{Pos: xlsx.Pos{Row: 1, Col: 2}, Cached: true}, {Pos: xlsx.Pos{Row: 1, Col: 3}}, {Pos: xlsx.Pos{Row: 1, Col: 4}, Cached: true, Error: true}}
	if err != nil || !slices.Equal(formulas, want) {
		t.Errorf("formulas %+v, %v", formulas, err)
	}
}
