package xlsx_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qicao/xlsx"
)

func TestTable(t *testing.T) {
	var buf bytes.Buffer
	w := xlsx.NewWriter(&buf)
	s, err := w.Table("报送情况", "示例市材料报送情况表", []string{"序号", "单位", "工作总结"}, 2, xlsx.Col{Width: 6}, xlsx.Col{Width: 20})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Row(xlsx.Int(1), xlsx.Text("东湖镇"), xlsx.Text("已报送")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("报送情况")
	if err != nil || len(rows) != 3 || rows[0][0] != "示例市材料报送情况表" || rows[1][2] != "工作总结" || rows[2][1] != "东湖镇" {
		t.Fatalf("rows %q, %v", rows, err)
	}
	merged, err := f.GetMergeCells("报送情况")
	if err != nil || len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "C1" {
		t.Errorf("title merge %v, %v", merged, err)
	}
	panes, err := f.GetPanes("报送情况")
	if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.XSplit != 2 {
		t.Errorf("panes %+v, %v", panes, err)
	}
	for cell, size := range map[string]float64{"A1": 14, "B2": 0} {
		id, _ := f.GetCellStyle("报送情况", cell)
		st, err := f.GetStyle(id)
		if err != nil || st.Font == nil || !st.Font.Bold || size != 0 && st.Font.Size != size {
			t.Errorf("%s: style %+v, %v", cell, st, err)
		}
	}
}

// A titled table prints landscape on A4, one page wide, with its title and header on each page;
// its header row is as high as its wrapped names.
func TestTablePrints(t *testing.T) {
	var buf bytes.Buffer
	w := xlsx.NewWriter(&buf)
	if _, err := w.Sheet("说明"); err != nil {
		t.Fatal(err)
	}
	s, err := w.Table("O'Neil 表", "标题", []string{"序号", "提出单位名称（全称）"}, 0, xlsx.Col{Width: 6}, xlsx.Col{Width: 8})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Print(xlsx.Page{}); err != xlsx.ErrRowsStarted {
		t.Errorf("Print after the rows: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	layout, err := f.GetPageLayout("O'Neil 表")
	if err != nil || *layout.Size != 9 || *layout.Orientation != "landscape" || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 {
		t.Errorf("layout %+v, %v", layout, err)
	}
	names := f.GetDefinedName()
	if len(names) != 1 || names[0].Name != "_xlnm.Print_Titles" || names[0].Scope != "O'Neil 表" || names[0].RefersTo != "'O''Neil 表'!$1:$2" {
		t.Errorf("defined names %+v", names)
	}
	// 提出单位名称（全称）: three wide characters a line in a column of 8 less its padding, 4 lines
	if h, err := f.GetRowHeight("O'Neil 表", 2); err != nil || h != 58 {
		t.Errorf("header height %g, %v", h, err)
	}
	if layout, err := f.GetPageLayout("说明"); err != nil || layout.Orientation != nil && *layout.Orientation == "landscape" {
		t.Errorf("the plain sheet's layout %+v, %v", layout, err)
	}
}

func TestLines(t *testing.T) {
	for _, c := range []struct {
		text  string
		width float64
		want  int
	}{
		{"", 10, 1},
		{"一二三四五", 10, 1},
		{"一二三四五六", 10, 2},
		{"一二\n三四", 10, 2},
		{"一二\n\n三四\n", 10, 4},
		{"abc defgh", 5, 2},                // the word goes to the next line whole
		{"abcdefghijkl", 5, 3},             // a word longer than the line breaks at its edge
		{"一abcdefghijkl", 5, 4},            // and starts on a line of its own
		{"投资165亿元以上", 9, 2},                // 投资165亿 is 9 wide
		{strings.Repeat("中", 100), 0, 100}, // a column too narrow still shows a character a line
	} {
		if got := xlsx.Lines(c.text, c.width); got != c.want {
			t.Errorf("Lines(%q, %g) = %d, want %d", c.text, c.width, got, c.want)
		}
	}
}

func TestFit(t *testing.T) {
	w := xlsx.NewWriter(&bytes.Buffer{})
	wrap, _ := w.Style(xlsx.Wrapped)
	big, _ := w.Style(xlsx.Format{Wrap: true, Size: 22})
	s, err := w.Sheet("表", xlsx.Col{Width: 11, Style: wrap}, xlsx.Col{Width: 11})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("中", 12) // 24 columns: 3 lines of 10
	for _, c := range []struct {
		cells []xlsx.Cell
		want  float64
	}{
		{[]xlsx.Cell{xlsx.Text("短")}, 0},
		{[]xlsx.Cell{xlsx.Text(long)}, 43.5},                            // wrapped by its column's style
		{[]xlsx.Cell{xlsx.Text("短"), xlsx.Text(long)}, 0},               // column B does not wrap
		{[]xlsx.Cell{xlsx.Text("短"), xlsx.Text(long).With(wrap)}, 43.5}, // the cell's style does
		{[]xlsx.Cell{xlsx.Int(12345678901234)}, 0},
		{[]xlsx.Cell{xlsx.Text("中中中中中中").With(big)}, 3 * 29},     // 22 pt: 5 columns, two characters a line, 3 lines of 29 pt
		{[]xlsx.Cell{xlsx.Text(strings.Repeat("一\n", 40))}, 409}, // Excel's largest row
	} {
		if got := s.Fit(c.cells...); got != c.want {
			t.Errorf("Fit(%v) = %g, want %g", c.cells, got, c.want)
		}
	}
}

func TestAcross(t *testing.T) {
	var buf bytes.Buffer
	w := xlsx.NewWriter(&buf)
	wrap, err := w.Style(xlsx.Wrapped)
	if err != nil {
		t.Fatal(err)
	}
	s, err := w.Sheet("表", xlsx.Col{Width: 10}, xlsx.Col{Width: 10})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("共向四十个单位征求意见", 6) // 66 characters: 132 wide, in 19 per line
	if err := s.Row(xlsx.Text("表头")); err != nil {
		t.Fatal(err)
	}
	if err := s.Across(xlsx.Text(long).With(wrap), 2); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	merged, err := f.GetMergeCells("表")
	if err != nil || len(merged) != 1 || merged[0].GetStartAxis() != "A2" || merged[0].GetEndAxis() != "B2" || merged[0].GetCellValue() != long {
		t.Errorf("merge %v, %v", merged, err)
	}
	if h, err := f.GetRowHeight("表", 2); err != nil || h < 7*14 {
		t.Errorf("row height %v for 7 lines, %v", h, err)
	}
}
