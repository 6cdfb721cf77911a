package material

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qicao/report"
)

// workbook builds an .xlsx whose first sheet holds rows; a cell starting with "=" is a formula.
func workbook(t testing.TB, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		vals := make([]any, len(row))
		for j, v := range row {
			if strings.HasPrefix(v, "=") {
				vals[j] = excelize.Cell{Formula: v[1:]}
			} else {
				vals[j] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, vals); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadProjects(t *testing.T) {
	good := workbook(t, [][]string{
		{"序号", "项目名称", "主要内容", "投资（万元）", "责任单位", "完成时限"},
		{"1", "老旧小区改造", "改造东湖镇3个老旧小区", "1200", "东湖镇", "2027年12月"},
		{},
		{"2", " 农村公路提档 ", "新建10公里", "", "", ""},
	})
	ps, err := ReadProjects(good)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Name != "老旧小区改造" || ps[0].Funds != "1200" || ps[0].Due != "2027年12月" || ps[1].Name != "农村公路提档" || ps[1].Position != 1 {
		t.Fatalf("%+v", ps)
	}
	many := [][]string{Columns}
	for i := 0; i < 100000; i++ {
		many = append(many, []string{"项目", "内容"})
	}
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"wrong columns":  {workbook(t, [][]string{{"名字", "内容"}, {"甲", "乙"}}), "表头应为：项目名称、主要内容、投资/资金、责任单位、完成时限；第 1 行缺少：项目名称、投资/资金、责任单位、完成时限"},
		"formula":        {workbook(t, [][]string{Columns, {"道路", "新建", "=1+2", "交通局", "2027年"}}), "第 2 行“投资/资金”是公式（单元格 C2），请改为直接填写内容"},
		"too many rows":  {workbook(t, many), "表格超过 1000 行，请只填写本单位建议的民生实事项目"},
		"no name":        {workbook(t, [][]string{Columns, {"", "新建"}}), "第 2 行没有填写项目名称"},
		"only a header":  {workbook(t, [][]string{Columns}), "表格中没有项目，请在表头下逐行填写"},
		"not a workbook": {[]byte("项目名称,主要内容\n道路,新建\n"), "请上传 Excel 表格（.xlsx）；旧版 .xls 请先另存为 .xlsx"},
		"broken zip":     {append([]byte("PK\x03\x04"), bytes.Repeat([]byte{7}, 100)...), "请上传 Excel 表格（.xlsx）；旧版 .xls 请先另存为 .xlsx"},
	} {
		ps, err := ReadProjects(tc.data)
		if ps != nil || report.ErrorCode(err) != report.EINVALID || report.ErrorMessage(err) != tc.want {
			t.Errorf("%s: %d rows, %v; want %q", name, len(ps), err, tc.want)
		}
	}
}

func TestAttachment(t *testing.T) {
	for want, data := range map[string][]byte{
		"pdf":  []byte("%PDF-1.7\n..."),
		"png":  []byte("\x89PNG\r\n\x1a\n...."),
		"jpeg": []byte("\xFF\xD8\xFF\xE0...."),
		"gif":  []byte("GIF89a...."),
		"xlsx": workbook(t, [][]string{{"a"}}),
		"":     []byte("MZ\x90\x00 an executable renamed .docx"),
	} {
		if got := Attachment(data); got != want {
			t.Errorf("Attachment: %q, want %q", got, want)
		}
	}
}

func TestGroupProjects(t *testing.T) {
	ps := []report.Project{
		{ID: 1, UnitID: 1, Name: "老旧小区改造", Content: "改造3个老旧小区的水电气"},
		{ID: 2, UnitID: 2, Name: "城区停车场建设", Content: "新建停车位500个"},
		{ID: 3, UnitID: 3, Name: "老旧小区改造提升", Content: "老旧小区水电气改造"},
		{ID: 4, UnitID: 4, Name: "城区 停车场建设", Content: "公共停车场"},
		{ID: 5, UnitID: 1, Name: "乡村学校营养餐", Content: "覆盖全部乡村学校"},
	}
	gs := GroupProjects(ps)
	var got []string
	for _, g := range gs {
		var ids []string
		for _, p := range g.Projects {
			ids = append(ids, string(rune('0'+p.ID)))
		}
		got = append(got, strings.Join(ids, ","))
	}
	if strings.Join(got, " ") != "1,3 2,4 5" || gs[0].Units != 2 || gs[2].Units != 1 {
		t.Errorf("groups %v", got)
	}
}

func TestBoard(t *testing.T) {
	c := &report.Campaign{ID: 1, Deadline: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), UnitIDs: []int64{1, 2},
		Items: []report.CampaignItem{{ID: 10, Name: "工作总结", Required: true}, {ID: 11, Name: "典型经验材料"}}}
	units := []report.Unit{{ID: 1, Name: "东湖镇"}, {ID: 2, Name: "西山镇"}, {ID: 3, Name: "未主送"}}
	at := time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC)
	subs := []report.Submission{
		{ID: 1, UnitID: 1, ItemID: 10, At: at, Contact: "王芳", Phone: "139"},
		{ID: 2, UnitID: 1, ItemID: 10, At: at.Add(48 * time.Hour), Late: true, Current: true, Contact: "王芳", Phone: "138"},
		{ID: 3, UnitID: 1, ItemID: 11, At: at, Current: true},
	}
	b := NewBoard(c, units, subs)
	if len(b.Rows) != 2 || b.Sent != 2 || b.Late != 1 || b.Missing != 1 {
		t.Fatalf("board %+v", b)
	}
	r0, r1 := b.Rows[0], b.Rows[1]
	if r0.Cells[0].Status != SentLate || r0.Cells[0].Versions != 2 || r0.Cells[1].Status != Sent || r0.Phone != "138" {
		t.Errorf("row 1 %+v", r0)
	}
	if r1.Cells[0].Status != Missing || r1.Cells[1].Status != NotNeeded || r1.Missing != 1 {
		t.Errorf("row 2 %+v", r1)
	}
	var buf bytes.Buffer
	if err := WriteBoard(&buf, b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("报送情况表")
	if len(rows) != 6 || rows[1][2] != "工作总结" || !strings.HasPrefix(rows[2][2], "逾期报送 ") || rows[3][2] != "未报送" || rows[3][3] != "不需报送" {
		t.Errorf("sheet %q", rows)
	}
}

// The 民生实事 list prints landscape one page wide, each row as high as its wrapped 主要内容.
func TestWriteProjects(t *testing.T) {
	content := strings.Repeat("改造老旧小区供水管网和雨污分流设施，", 6) // 216 columns: 5 lines of 47
	lines := []ProjectLine{
		{Project: report.Project{Name: "老旧小区改造", Content: content, Funds: "3000万元", Owner: "市住房和城乡建设局", Due: "2027年12月", Selected: true}, Unit: "东湖镇", Group: 1},
		{Project: report.Project{Name: "校车", Content: "新增校车10辆"}, Unit: "西山镇", Group: 2},
	}
	var buf bytes.Buffer
	if err := WriteProjects(&buf, "民生实事建议汇总", lines); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("民生实事")
	if err != nil || len(rows) != 4 || rows[2][4] != content || rows[2][8] != "是" || rows[3][3] != "校车" {
		t.Errorf("rows %q, %v", rows, err)
	}
	if h, _ := f.GetRowHeight("民生实事", 3); h != 5*14.5 {
		t.Errorf("row 3 height %g", h)
	}
	if h, _ := f.GetRowHeight("民生实事", 4); h > 15.1 {
		t.Errorf("row 4 height %g", h)
	}
	if layout, err := f.GetPageLayout("民生实事"); err != nil || *layout.Orientation != "landscape" || *layout.FitToWidth != 1 {
		t.Errorf("layout %+v, %v", layout, err)
	}
}
