package xlsx_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qicao/xlsx"
)

// sample is what the tests write: cells as given and as a reader must give them back.
type sample struct {
	name  string
	cells [][]xlsx.Cell
	want  [][]string
}

func samples() []sample {
	long := strings.Repeat("长", xlsx.MaxCellChars)
	return []sample{{
		name: "数据填报",
		cells: [][]xlsx.Cell{
			xlsx.Texts("编号", "指标名称", "数值", "备注"),
			{xlsx.Int(11), xlsx.Text("地区生产总值（GDP）"), xlsx.Text("6.20"), xlsx.Text("第一行\n第二行")},
			{xlsx.Int(-12), xlsx.Text("a<b & c>d \"q\" 'a'"), xlsx.Number(3.5), xlsx.Text("  前后空格  ")},
			{xlsx.Number(1234567.25), xlsx.Text("控制\x00字\x01符\x1f去\x7f掉\uFFFE"), xlsx.Text("1-11"), xlsx.Text("_x000D_ 与 _x4E2D_ 原样")},
			{},
			{xlsx.Text("跳过空行之后"), {}, xlsx.Text("隔一列"), xlsx.Text("𠀀𠀁 emoji 😀")},
			{xlsx.Text(long)},
		},
		want: [][]string{
			{"编号", "指标名称", "数值", "备注"},
			{"11", "地区生产总值（GDP）", "6.20", "第一行\n第二行"},
			{"-12", "a<b & c>d \"q\" 'a'", "3.5", "  前后空格  "},
			{"1234567.25", "控制字符去\x7f掉", "1-11", "_x000D_ 与 _x4E2D_ 原样"},
			nil,
			{"跳过空行之后", "", "隔一列", "𠀀𠀁 emoji 😀"},
			{long},
		},
	}, {
		name:  "第二张表",
		cells: [][]xlsx.Cell{xlsx.Texts("甲", "乙"), {xlsx.Int(1), xlsx.Text("回车\r换行")}},
		want:  [][]string{{"甲", "乙"}, {"1", "回车\r换行"}},
	}}
}

// book writes the samples with the styles, pane, list, merge and properties the callers use.
func book(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := xlsx.NewWriter(&buf)
	w.Title, w.Creator = "市统计局数据填报", "qicao"
	head, err := w.Style(xlsx.Format{Bold: true, Fill: "D9E1F2"})
	if err != nil {
		t.Fatal(err)
	}
	edit, err := w.Style(xlsx.Format{Fill: "FFF2CC", NumFmt: 49})
	if err != nil {
		t.Fatal(err)
	}
	wrap, err := w.Style(xlsx.Format{Wrap: true, VAlign: "top"})
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := w.Style(xlsx.Format{Bold: true, Fill: "D9E1F2"}); again != head {
		t.Errorf("the same format gave styles %d and %d", head, again)
	}
	for i, s := range samples() {
		sh, err := w.Sheet(s.name, xlsx.Col{Width: 8}, xlsx.Col{Width: 28, Style: wrap}, xlsx.Col{Width: 14, Style: edit})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if err := sh.Freeze(1, 0); err != nil {
				t.Fatal(err)
			}
			if err := sh.Merge(xlsx.Range{Row1: 5, Col1: 1, Row2: 5, Col2: 4}); err != nil {
				t.Fatal(err)
			}
			if err := sh.Height(24); err != nil {
				t.Fatal(err)
			}
		}
		for r, cells := range s.cells {
			if r == 0 {
				cells = slices.Clone(cells)
				for j := range cells {
					cells[j] = cells[j].With(head)
				}
			}
			if r == 1 && i == 0 {
				cells[2] = cells[2].With(edit)
			}
			if err := sh.Row(cells...); err != nil {
				t.Fatal(err)
			}
		}
		if i == 0 {
			if err := sh.AddList(xlsx.List{Range: xlsx.Range{Row1: 2, Col1: 3, Row2: sh.Rows(), Col2: 3}, Values: []string{"待填报", "预计数", "初步核算", "最终核实"},
				Strict: true, Error: "请从下拉列表中选择"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// What the writer wrote reads back in excelize: the cells, numbers as numbers, the styles, the
// pane, the drop-down, the merge, the column widths and the document properties.
func TestExcelizeReadsBack(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(book(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, s := range samples() {
		rows, err := f.GetRows(s.name)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(s.want) {
			t.Fatalf("%s: %d rows, want %d", s.name, len(rows), len(s.want))
		}
		for i := range rows {
			if !slices.Equal(rows[i], s.want[i]) {
				t.Errorf("%s row %d: %q, want %q", s.name, i+1, rows[i], s.want[i])
			}
		}
	}
	sheet := samples()[0].name
	// a number cell leaves t out, its default "n" (§18.18.11), which excelize calls unset
	for _, cell := range []string{"A2", "C3", "A4"} {
		if got, _ := f.GetCellType(sheet, cell); got != excelize.CellTypeUnset && got != excelize.CellTypeNumber {
			t.Errorf("%s is of type %v, want a number", cell, got)
		}
	}
	if got, _ := f.GetCellType(sheet, "C2"); got != excelize.CellTypeInlineString {
		t.Errorf("C2 is of type %v, want an inline string", got)
	}
	if v, _ := f.CalcCellValue(sheet, "A4"); v != "1234567.25" {
		t.Errorf("A4 computes as %q", v)
	}
	style := func(cell string) *excelize.Style {
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	// excelize's GetStyle names a fill's colour only through a theme, which the writer leaves
	// out, so the colour is read from the style sheet it parsed
	fill := func(cell string) string {
		id, _ := f.GetCellStyle(sheet, cell)
		xf := f.Styles.CellXfs.Xf[id]
		if xf.FillID == nil || f.Styles.Fills.Fill[*xf.FillID].PatternFill == nil || f.Styles.Fills.Fill[*xf.FillID].PatternFill.FgColor == nil {
			return ""
		}
		pf := f.Styles.Fills.Fill[*xf.FillID].PatternFill
		return pf.PatternType + " " + pf.FgColor.RGB
	}
	if st := style("B1"); st.Font == nil || !st.Font.Bold || fill("B1") != "solid FFD9E1F2" {
		t.Errorf("header style: font %+v fill %q", st.Font, fill("B1"))
	}
	if st := style("C2"); st.NumFmt != 49 || fill("C2") != "solid FFFFF2CC" {
		t.Errorf("editable style: numFmt %d fill %q", st.NumFmt, fill("C2"))
	}
	if st := style("C9"); st.NumFmt != 49 { // an unwritten cell takes the column's style
		t.Errorf("column style: numFmt %d", st.NumFmt)
	}
	if id, err := f.GetColStyle(sheet, "B"); err != nil {
		t.Error(err)
	} else if st, _ := f.GetStyle(id); st.Alignment == nil || !st.Alignment.WrapText || st.Alignment.Vertical != "top" {
		t.Errorf("column B's wrap style: %+v", st.Alignment)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v %v", panes, err)
	}
	dvs, err := f.GetDataValidations(sheet)
	if err != nil || len(dvs) != 1 || dvs[0].Sqref != "C2:C7" || dvs[0].Type != "list" || !strings.Contains(dvs[0].Formula1, "初步核算") {
		t.Errorf("data validations %+v %v", dvs, err)
	} else if dvs[0].Error == nil || *dvs[0].Error != "请从下拉列表中选择" {
		t.Errorf("validation message %v", dvs[0].Error)
	}
	merged, err := f.GetMergeCells(sheet)
	if err != nil || len(merged) != 1 || merged[0].GetStartAxis() != "A5" || merged[0].GetEndAxis() != "D5" {
		t.Errorf("merged %v %v", merged, err)
	}
	if ht, _ := f.GetRowHeight(sheet, 1); ht != 24 {
		t.Errorf("row 1 height %g", ht)
	}
	if wd, _ := f.GetColWidth(sheet, "B"); wd != 28 {
		t.Errorf("column B width %g", wd)
	}
	props, err := f.GetDocProps()
	if err != nil || props.Title != "市统计局数据填报" || props.Creator != "qicao" {
		t.Errorf("doc props %+v %v", props, err)
	}
	if got := f.GetSheetList(); !slices.Equal(got, []string{"数据填报", "第二张表"}) {
		t.Errorf("sheets %v", got)
	}
}

// The same workbook gives the same bytes, every entry dated 1980-01-01.
func TestReproducible(t *testing.T) {
	a, b := book(t), book(t)
	if !bytes.Equal(a, b) {
		t.Error("two writes of the same workbook differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if !f.Modified.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s dated %v", f.Name, f.Modified)
		}
	}
}

// LibreOffice opens the workbook and finds the same cells.
func TestLibreOfficeReadsBack(t *testing.T) {
	bin, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice is not installed")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "book.xlsx")
	if err := os.WriteFile(file, book(t), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// CSV of every sheet (the 12th option, -1), UTF-8 (76), comma-separated, double-quoted
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", dir, file)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for _, s := range samples() {
		data, err := os.ReadFile(filepath.Join(dir, "book-"+s.name+".csv"))
		if err != nil {
			entries, _ := os.ReadDir(dir)
			t.Fatalf("no CSV of %s: %v (%v)", s.name, err, entries)
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range s.want {
			if i >= len(rows) {
				t.Fatalf("%s: %d rows, want %d", s.name, len(rows), len(s.want))
			}
			got := rows[i]
			for len(got) > 0 && got[len(got)-1] == "" { // CSV pads to the widest row
				got = got[:len(got)-1]
			}
			if len(want) == 0 && len(got) == 0 {
				continue
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s row %d: %q, want %q", s.name, i+1, got, want)
			}
		}
	}
}

// Excel's limits are errors, and a refused row leaves the sheet usable.
func TestLimits(t *testing.T) {
	w := xlsx.NewWriter(&bytes.Buffer{})
	s, err := w.Sheet("表")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Row(xlsx.Text(strings.Repeat("字", xlsx.MaxCellChars+1))); !errors.Is(err, xlsx.ErrCellTooLong) {
		t.Errorf("a cell of 32,768 characters: %v", err)
	}
	if err := s.Row(xlsx.Text(strings.Repeat("😀", xlsx.MaxCellChars/2+1))); !errors.Is(err, xlsx.ErrCellTooLong) {
		t.Errorf("16,384 characters outside the BMP (32,768 UTF-16 units): %v", err)
	}
	if got := xlsx.Clip(strings.Repeat("😀", xlsx.MaxCellChars)); got != strings.Repeat("😀", xlsx.MaxCellChars/2) {
		t.Errorf("Clip kept %d bytes", len(got))
	}
	if err := s.Row(xlsx.Number(0), xlsx.Number(1/zero())); !errors.Is(err, xlsx.ErrNotFinite) {
		t.Errorf("an infinite number: %v", err)
	}
	if s.Rows() != 0 {
		t.Errorf("refused rows counted: %d", s.Rows())
	}
	if err := s.Freeze(1, 0); err != nil {
		t.Error(err)
	}
	if err := s.Row(make([]xlsx.Cell, xlsx.MaxCols+1)...); !errors.Is(err, xlsx.ErrTooManyCols) {
		t.Errorf("16,385 cells: %v", err)
	}
	for s.Rows() < xlsx.MaxRows {
		if err := s.Row(); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Freeze(1, 0); !errors.Is(err, xlsx.ErrRowsStarted) {
		t.Errorf("Freeze after the rows: %v", err)
	}
	if err := s.Row(xlsx.Text("1,048,577")); !errors.Is(err, xlsx.ErrTooManyRows) {
		t.Errorf("row 1,048,577: %v", err)
	}
	if err := s.Merge(xlsx.Range{Row1: 1, Col1: 1, Row2: 1, Col2: 3}); err != nil {
		t.Error(err)
	}
	if err := s.Merge(xlsx.Range{Row1: 1, Col1: 3, Row2: 2, Col2: 3}); !errors.Is(err, xlsx.ErrMergeOverlap) {
		t.Errorf("overlapping merge: %v", err)
	}
	if err := s.AddList(xlsx.List{Range: xlsx.Range{Row1: 1, Col1: 1, Row2: 1, Col2: 1}, Values: []string{"甲,乙"}}); !errors.Is(err, xlsx.ErrListValue) {
		t.Errorf("a list value with a comma: %v", err)
	}
	if err := s.AddList(xlsx.List{Range: xlsx.Range{Row1: 1, Col1: 1, Row2: 1, Col2: 1}, Values: []string{strings.Repeat("长", 256)}}); !errors.Is(err, xlsx.ErrListTooLong) {
		t.Errorf("a list of 256 characters: %v", err)
	}
	for _, name := range []string{"", "表", "a/b", "'引号", strings.Repeat("长", 32), "history"} {
		if _, err := w.Sheet(name); !errors.Is(err, xlsx.ErrSheetName) {
			t.Errorf("sheet name %q: %v", name, err)
		}
	}
	if _, err := w.Style(xlsx.Format{Fill: "red"}); err == nil {
		t.Error("a fill that is not RRGGBB")
	}
	if _, err := w.Sheet("表二"); err != nil {
		t.Fatal(err)
	}
	if err := s.Row(xlsx.Text("late")); !errors.Is(err, xlsx.ErrSheetDone) {
		t.Errorf("a row of a finished sheet: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := xlsx.NewWriter(&bytes.Buffer{}).Close(); !errors.Is(err, xlsx.ErrNoSheet) {
		t.Errorf("a workbook without a sheet: %v", err)
	}
}

func zero() float64 { return 0 }

// A write error of the output stops the writer and is returned by every later call.
func TestWriteError(t *testing.T) {
	w := xlsx.NewWriter(failAfter(1000))
	s, err := w.Sheet("表")
	if err != nil {
		t.Fatal(err)
	}
	var werr error
	for i := 0; i < 100000 && werr == nil; i++ {
		werr = s.Row(xlsx.Int(int64(i)), xlsx.Text("一段会被压缩的文字"), xlsx.Text(strings.Repeat("字", i%97)))
	}
	if werr == nil || !errors.Is(w.Close(), werr) {
		t.Errorf("row error %v, close %v", werr, w.Close())
	}
}

type failing struct{ left int }

var errDisk = errors.New("disk full")

func failAfter(n int) *failing { return &failing{n} }

func (f *failing) Write(b []byte) (int, error) {
	if len(b) > f.left {
		return 0, errDisk
	}
	f.left -= len(b)
	return len(b), nil
}

func TestRefs(t *testing.T) {
	for _, tt := range []struct {
		col  int
		want string
	}{{1, "A"}, {26, "Z"}, {27, "AA"}, {702, "ZZ"}, {703, "AAA"}, {16384, "XFD"}} {
		if got := xlsx.ColName(tt.col); got != tt.want {
			t.Errorf("ColName(%d) = %s, want %s", tt.col, got, tt.want)
		}
	}
	if got := (xlsx.Range{Row1: 2, Col1: 8, Row2: 9, Col2: 8}).String(); got != "H2:H9" {
		t.Errorf("range %s", got)
	}
}
