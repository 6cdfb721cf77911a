package figures

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"qicao/report"
	"qicao/xlsx"
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

// WriteTemplate writes the template for rows to w: the header in bold on a blue fill and frozen,
// the columns a department fills (数值, 状态, 备注) on a yellow fill in text format, so a typed
// 6.20 stays 6.20, and a drop-down of the statuses under 状态.
func WriteTemplate(w io.Writer, unitName string, rows []Row) error {
	x := xlsx.NewWriter(w)
	x.Title, x.Creator = unitName+"数据填报", "qicao"
	headStyle, err := x.Style(xlsx.Format{Bold: true, Fill: "D9E1F2"})
	if err != nil {
		return err
	}
	editStyle, err := x.Style(xlsx.Format{Fill: "FFF2CC", NumFmt: 49})
	if err != nil {
		return err
	}
	var cols []xlsx.Col
	for _, width := range []float64{8, 28, 12, 8, 10, 12, 14, 12, 30, 60} {
		cols = append(cols, xlsx.Col{Width: width})
	}
	s, err := x.Sheet(sheetName, cols...)
	if err != nil {
		return err
	}
	if err := s.Freeze(1, 0); err != nil {
		return err
	}
	head := xlsx.Texts(header...)
	for i := range head {
		head[i] = head[i].With(headStyle)
	}
	if err := s.Row(head...); err != nil {
		return err
	}
	for _, row := range rows {
		ind := row.Indicator
		// text, never a number Excel may reformat (6.20 → 6.2, 1-11 → a date); the ID a number
		if err := s.Row(xlsx.Int(ind.ID), xlsx.Text(ind.Name), xlsx.Text(ind.Period), xlsx.Text(ind.Unit), xlsx.Text(string(ind.Kind)),
			xlsx.Text(ind.LastYear), xlsx.Text(ind.Value).With(editStyle), xlsx.Text(string(ind.Status)).With(editStyle),
			xlsx.Text(ind.Note).With(editStyle), xlsx.Text(xlsx.Clip(row.Sentence))); err != nil {
			return err
		}
	}
	if last := len(rows) + 1; len(rows) > 0 {
		var sts []string
		for _, st := range report.FigureStatuses {
			sts = append(sts, string(st))
		}
		if err := s.AddList(xlsx.List{Range: xlsx.Range{Row1: 2, Col1: 8, Row2: last, Col2: 8}, Values: sts}); err != nil {
			return err
		}
	}
	return x.Close()
}

// maxTemplate bounds what reading a template may unpack.
const maxTemplate = 10 << 20

// ReadTemplate reads a filled template against the figures the unit owns (want) and returns the
// changes row by row. A sheet whose rows do not match want – an added row, a missing one, a
// renamed indicator, a changed header – is refused with a message naming each difference.
//
// A formula in a cell the import reads gives the value it showed when the file was saved, the
// value Excel or WPS keeps beside the formula: a department that works out 增速 from two of its
// own cells expects the figure it sees on screen to be the one imported, and retyping it would
// only add a chance to mistype. A formula without that value (the file was written by a program
// that does not calculate) or whose value is an error such as #DIV/0! is refused, naming the
// cell, rather than read as an empty cell that would clear a stored figure back to 待填; so is
// a formula typed into the text-format columns, which Excel keeps as the text "=…" and never
// calculates.
func ReadTemplate(r io.Reader, want []report.Indicator) ([]Update, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	book, err := xlsx.Open(data, xlsx.Limits{Part: maxTemplate, Total: maxTemplate})
	if err != nil {
		return nil, report.Errorf(report.EINVALID, "无法读取上传的文件：请上传由系统导出的 .xlsx 填报模板")
	}
	if !slices.Contains(book.Sheets(), sheetName) {
		return nil, report.Errorf(report.EINVALID, "文件中没有“%s”工作表：请使用系统导出的填报模板", sheetName)
	}
	type line struct {
		n     int
		cells []string
	}
	var rows []line
	err = book.Rows(sheetName, func(n int, cells []string) error {
		rows = append(rows, line{n, slices.Clone(cells)})
		return nil
	})
	if err != nil {
		return nil, report.Errorf(report.EINVALID, "无法读取“%s”工作表", sheetName)
	}
	if len(rows) == 0 {
		return nil, report.Errorf(report.EINVALID, "填报表是空的")
	}
	formulas, err := book.Formulas(sheetName)
	if err != nil {
		return nil, report.Errorf(report.EINVALID, "无法读取“%s”工作表", sheetName)
	}
	var bad []string
	for _, f := range formulas {
		name := readColumn(f.Col)
		switch {
		case f.Row == 1 || name == "":
		case !f.Cached:
			bad = append(bad, fmt.Sprintf("第 %d 行“%s”是公式（单元格 %s），文件中没有它的计算结果", f.Row, name, f))
		case f.Error:
			bad = append(bad, fmt.Sprintf("第 %d 行“%s”的公式（单元格 %s）结果是错误值", f.Row, name, f))
		}
	}
	for _, l := range rows {
		for _, col := range []int{6, 7, 8} {
			if v := cell(l.cells, col); strings.HasPrefix(v, "=") && len(v) > 1 {
				bad = append(bad, fmt.Sprintf("第 %d 行“%s”（单元格 %s）填写的“%s”是文本，不会计算", l.n, header[col], xlsx.Ref(l.n, col+1), v))
			}
		}
	}
	if len(bad) > 0 {
		if len(bad) > 20 {
			bad = append(bad[:20], fmt.Sprintf("等共 %d 处", len(bad)))
		}
		return nil, report.Errorf(report.EINVALID, "填报表中有无法导入的公式，未导入任何数据：%s。请直接填写数值，或在 Excel/WPS 中改正公式、保存后重新上传", strings.Join(bad, "；"))
	}
	var head []string // row 1; a sheet whose first row is empty has lost its header
	if rows[0].n == 1 {
		head, rows = rows[0].cells, rows[1:]
	}
	for i, h := range header {
		if cell(head, i) != h {
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
	for _, l := range rows {
		line, row := l.n, l.cells
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

// readColumn names the column col (1-based) if the import reads it: 编号, 指标名称, 数值, 状态
// or 备注.
func readColumn(col int) string {
	switch col {
	case 1, 2, 7, 8, 9:
		return header[col-1]
	}
	return ""
}

func cell(row []string, i int) string {
	if i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}
