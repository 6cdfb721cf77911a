package figures

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"qicao/report"
)

// The .xlsx template a department fills: one row per figure it owns, the columns it may change
// (数值, 状态, 备注) marked, the others there to read. The 编号 column ties a row to its
// indicator, so a renamed, added or removed row is told apart from a filled one.

const sheetName = "数据填报"

var header = []string{"编号", "指标名称", "时期", "单位", "类别", "上年数值", "数值", "状态", "备注", "文中语句"}

// Row is one figure in the template.
type Row struct {
	Indicator report.Indicator
	Sentence  string // where it stands in the latest version
}

// Update is what one row of a filled template asks to change.
type Update struct {
	Row         int // the spreadsheet's row number, for messages
	IndicatorID int64
	Value       string
	Status      string
	Note        string
}

// WriteTemplate writes the template for rows to w.
func WriteTemplate(w io.Writer, unitName string, rows []Row) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return err
	}
	for i, h := range header {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue(sheetName, cell, h)
	}
	for r, row := range rows {
		ind := row.Indicator
		vals := []any{ind.ID, ind.Name, ind.Period, ind.Unit, string(ind.Kind), ind.LastYear, ind.Value, string(ind.Status), ind.Note, row.Sentence}
		for c, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			if s, ok := v.(string); ok {
				// text, never a number Excel may reformat (6.20 → 6.2, 1-11 → a date)
				f.SetCellStr(sheetName, cell, s)
				continue
			}
			f.SetCellValue(sheetName, cell, v)
		}
	}
	headStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"#D9E1F2"}, Pattern: 1}})
	if err != nil {
		return err
	}
	editStyle, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Color: []string{"#FFF2CC"}, Pattern: 1}, NumFmt: 49})
	if err != nil {
		return err
	}
	last := len(rows) + 1
	f.SetCellStyle(sheetName, "A1", "J1", headStyle)
	if len(rows) > 0 {
		f.SetCellStyle(sheetName, "G2", "I"+strconv.Itoa(last), editStyle)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = "H2:H" + strconv.Itoa(last)
		var sts []string
		for _, s := range report.FigureStatuses {
			sts = append(sts, string(s))
		}
		if err := dv.SetDropList(sts); err != nil {
			return err
		}
		if err := f.AddDataValidation(sheetName, dv); err != nil {
			return err
		}
	}
	for col, width := range map[string]float64{"A": 8, "B": 28, "C": 12, "D": 8, "E": 10, "F": 12, "G": 14, "H": 12, "I": 30, "J": 60} {
		f.SetColWidth(sheetName, col, col, width)
	}
	f.SetPanes(sheetName, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	f.SetDocProps(&excelize.DocProperties{Title: unitName + "数据填报", Creator: "qicao"})
	return f.Write(w)
}

// maxTemplate bounds what reading a template may unpack.
const maxTemplate = 10 << 20

// ReadTemplate reads a filled template against the figures the unit owns (want) and returns the
// changes row by row. A sheet whose rows do not match want – an added row, a missing one, a
// renamed indicator, a changed header – is refused with a message naming each difference.
func ReadTemplate(r io.Reader, want []report.Indicator) ([]Update, error) {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: maxTemplate, UnzipXMLSizeLimit: maxTemplate})
	if err != nil {
		return nil, report.Errorf(report.EINVALID, "无法读取上传的文件：请上传由系统导出的 .xlsx 填报模板")
	}
	defer f.Close()
	if idx, _ := f.GetSheetIndex(sheetName); idx < 0 {
		return nil, report.Errorf(report.EINVALID, "文件中没有“%s”工作表：请使用系统导出的填报模板", sheetName)
	}
	rows, err := f.GetRows(sheetName)
	if err != nil {
		return nil, report.Errorf(report.EINVALID, "无法读取“%s”工作表", sheetName)
	}
	if len(rows) == 0 {
		return nil, report.Errorf(report.EINVALID, "填报表是空的")
	}
	for i, h := range header {
		if cell(rows[0], i) != h {
			return nil, report.Errorf(report.EINVALID, "表头第 %d 列应为“%s”，不能改动表头", i+1, h)
		}
	}
	byID := make(map[int64]*report.Indicator, len(want))
	for i := range want {
		byID[want[i].ID] = &want[i]
	}
	seen := map[int64]int{}
	var problems []string
	var out []Update
	for n, row := range rows[1:] {
		line := n + 2
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		idText, name := cell(row, 0), cell(row, 1)
		id, err := strconv.ParseInt(idText, 10, 64)
		ind := byID[id]
		switch {
		case err != nil || ind == nil:
			problems = append(problems, fmt.Sprintf("第 %d 行“%s”不是本单位需填报的指标（多出的行）", line, name))
			continue
		case seen[id] > 0:
			problems = append(problems, fmt.Sprintf("第 %d 行与第 %d 行是同一指标“%s”（重复的行）", line, seen[id], ind.Name))
			continue
		case NormalizeName(name) != NormalizeName(ind.Name):
			problems = append(problems, fmt.Sprintf("第 %d 行编号 %d 的指标名称被改为“%s”，应为“%s”（不能改动指标名称）", line, id, name, ind.Name))
			continue
		}
		seen[id] = line
		out = append(out, Update{Row: line, IndicatorID: id, Value: cell(row, 6), Status: cell(row, 7), Note: cell(row, 8)})
	}
	for _, ind := range want {
		if seen[ind.ID] == 0 {
			problems = append(problems, fmt.Sprintf("缺少指标“%s”（编号 %d）所在的行", ind.Name, ind.ID))
		}
	}
	if len(problems) > 0 {
		if len(problems) > 20 {
			problems = append(problems[:20], fmt.Sprintf("等共 %d 处", len(problems)))
		}
		return nil, report.Errorf(report.EINVALID, "填报表与本单位的指标不符，未导入任何数据：%s", strings.Join(problems, "；"))
	}
	return out, nil
}

func cell(row []string, i int) string {
	if i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}
