package xlsx_test

import (
	"bytes"
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
