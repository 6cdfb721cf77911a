package figures

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qicao/report"
)

func template(t *testing.T, inds []report.Indicator, edit func(f *excelize.File)) []byte {
	t.Helper()
	var rows []Row
	for _, ind := range inds {
		rows = append(rows, Row{Indicator: ind, Sentence: "预计全年实现" + ind.Name + "XX。"})
	}
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, "市统计局", rows); err != nil {
		t.Fatal(err)
	}
	if edit == nil {
		return buf.Bytes()
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestTemplate(t *testing.T) {
	inds := []report.Indicator{
		{ID: 11, Name: "地区生产总值", Unit: "亿元", Period: "2026年", Kind: report.KindActual, Status: report.StatusPending},
		{ID: 12, Name: "地区生产总值增速", Unit: "%", Period: "2026年", Kind: report.KindActual, Value: "6.20", Status: report.StatusEstimate, Note: "快报"},
	}
	filled := template(t, inds, func(f *excelize.File) {
		f.SetCellStr(sheetName, "G2", "386.5")
		f.SetCellStr(sheetName, "H2", "初步核算")
		f.SetCellStr(sheetName, "I3", "1月快报")
	})
	ups, err := ReadTemplate(bytes.NewReader(filled), inds)
	if err != nil {
		t.Fatal(err)
	}
	if len(ups) != 2 || ups[0].IndicatorID != 11 || ups[0].Value != "386.5" || ups[0].Status != "初步核算" || ups[1].Value != "6.20" || ups[1].Note != "1月快报" || ups[1].Row != 3 {
		t.Errorf("updates %+v", ups)
	}
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"not a spreadsheet", []byte("%PDF-1.7"), "请上传由系统导出的 .xlsx 填报模板"},
		{"header", template(t, inds, func(f *excelize.File) { f.SetCellStr(sheetName, "G1", "本年数") }), "表头第 7 列应为“数值”"},
		{"renamed", template(t, inds, func(f *excelize.File) { f.SetCellStr(sheetName, "B3", "GDP增速") }), "第 3 行编号 12 的指标名称被改为“GDP增速”，应为“地区生产总值增速”"},
		{"duplicate", template(t, inds, func(f *excelize.File) {
			f.SetCellValue(sheetName, "A3", 11)
			f.SetCellStr(sheetName, "B3", "地区生产总值")
		}), "第 3 行与第 2 行是同一指标"},
		{"sheet", template(t, inds, func(f *excelize.File) { f.SetSheetName(sheetName, "Sheet1") }), "没有“数据填报”工作表"},
	} {
		_, err := ReadTemplate(bytes.NewReader(tt.data), inds)
		if report.ErrorCode(err) != report.EINVALID || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	// the 6.20 written as text stays 6.20, not Excel's 6.2
	if ups[1].Value != "6.20" {
		t.Errorf("value reformatted: %q", ups[1].Value)
	}
}

func TestSuggest(t *testing.T) {
	d := doc("预计全年实现地区生产总值386.5亿元，增长6.2%；全年实施省市重点项目126个，2026年1月完成。")
	cs := Suggest(d)
	var got []string
	for _, c := range cs {
		got = append(got, c.Name+"="+c.Number+c.Unit)
	}
	want := "地区生产总值=386.5亿元 地区生产总值增速=6.2% 实施省市重点项目=126个"
	if strings.Join(got, " ") != want {
		t.Errorf("Suggest: %s, want %s", strings.Join(got, " "), want)
	}
}

// withValue gives the formula in cell ref of the template the value v that Excel saves beside it
// (excelize writes none), t="e" making it an error value.
func withValue(t *testing.T, data []byte, ref, typ, v string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	re := regexp.MustCompile(`(<c r="` + ref + `"(?: s="\d+")?)(?: t="str")?>(<f>[^<]*</f>)(?:<v></v>|<v/>)?</c>`)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "xl/worksheets/sheet1.xml" {
			if !re.Match(b) {
				t.Fatalf("no formula in %s", ref)
			}
			b = re.ReplaceAll(b, []byte(`${1}`+typ+`>${2}<v>`+v+`</v></c>`))
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	return out.Bytes()
}

// A formula gives the value it showed when saved; one without a value, or with an error, and a
// formula typed as text are refused, naming the cell, and nothing is imported.
func TestTemplateFormulas(t *testing.T) {
	inds := []report.Indicator{
		{ID: 11, Name: "地区生产总值", Unit: "亿元", Period: "2026年", Kind: report.KindActual, LastYear: "368", Value: "380", Status: report.StatusEstimate},
		{ID: 12, Name: "地区生产总值增速", Unit: "%", Period: "2026年", Kind: report.KindActual, AllowText: true, Value: "6.20", Status: report.StatusEstimate},
	}
	computed := func(f *excelize.File) { f.SetCellFormula(sheetName, "G2", "F2*1.05") }
	ups, err := ReadTemplate(bytes.NewReader(withValue(t, template(t, inds, computed), "G2", "", "386.4")), inds)
	if err != nil || len(ups) != 2 || ups[0].Value != "386.4" {
		t.Errorf("a computed value: %+v, %v", ups, err)
	}
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"no value", template(t, inds, computed), "第 2 行“数值”是公式（单元格 G2），文件中没有它的计算结果"},
		{"error", withValue(t, template(t, inds, func(f *excelize.File) { f.SetCellFormula(sheetName, "I3", "1/0") }), "I3", ` t="e"`, "#DIV/0!"),
			"第 3 行“备注”的公式（单元格 I3）结果是错误值"},
		{"text", template(t, inds, func(f *excelize.File) { f.SetCellStr(sheetName, "G3", "=G2/F2-1") }), "第 3 行“数值”（单元格 G3）填写的“=G2/F2-1”是文本，不会计算"},
	} {
		_, err := ReadTemplate(bytes.NewReader(tt.data), inds)
		if report.ErrorCode(err) != report.EINVALID || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "未导入任何数据") {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	// a formula in a column the import does not read is no concern of it
	ups, err = ReadTemplate(bytes.NewReader(template(t, inds, func(f *excelize.File) { f.SetCellFormula(sheetName, "J2", "B2") })), inds)
	if err != nil || len(ups) != 2 || ups[0].Value != "380" {
		t.Errorf("a formula in 文中语句: %+v, %v", ups, err)
	}
}
