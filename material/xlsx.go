package material

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"qicao/report"
)

// MaxProjectRows is the most 民生实事 rows one unit may import at once.
const MaxProjectRows = 1000

// Columns are the 民生实事 table's columns, in order.
var Columns = []string{"项目名称", "主要内容", "投资/资金", "责任单位", "完成时限"}

// columnOf tells which of Columns a header cell names, or -1.
func columnOf(h string) int {
	h = strings.Join(strings.Fields(h), "")
	switch {
	case h == "":
		return -1
	case strings.Contains(h, "项目名称"), h == "项目", h == "名称":
		return 0
	case strings.Contains(h, "内容"):
		return 1
	case strings.Contains(h, "投资"), strings.Contains(h, "资金"):
		return 2
	case strings.Contains(h, "责任"):
		return 3
	case strings.Contains(h, "时限"), strings.Contains(h, "完成时间"):
		return 4
	}
	return -1
}

// cellLimit is the most characters a proposal's cell may hold.
const cellLimit = 2000

// ReadProjects reads 民生实事 proposals from the first sheet of an .xlsx: a header row naming
// the five columns (in any order; a 序号 column is ignored), then one proposal a row. Formulas,
// missing columns, more than MaxProjectRows rows or a file that is not a workbook are refused
// with a Chinese message; nothing is returned then.
func ReadProjects(data []byte) ([]report.Project, error) {
	if Attachment(data) != "xlsx" {
		return nil, report.Errorf(report.EINVALID, "请上传 Excel 表格（.xlsx）；旧版 .xls 请先另存为 .xlsx")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    64 << 20,
		UnzipXMLSizeLimit: 16 << 20,
	})
	if err != nil {
		return nil, report.Errorf(report.EINVALID, "无法打开这个 Excel 表格，请确认文件完好（%s）", "文件已损坏或格式不符")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, report.Errorf(report.EINVALID, "表格中没有工作表")
	}
	sheet := sheets[0]
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, report.Errorf(report.EINVALID, "无法读取工作表“%s”", sheet)
	}
	defer rows.Close()
	var header []int // column index → one of Columns, -1 ignored
	var ps []report.Project
	var rowNums []int
	line := 0
	for rows.Next() {
		line++
		cols, err := rows.Columns()
		if err != nil {
			return nil, report.Errorf(report.EINVALID, "第 %d 行无法读取", line)
		}
		if header == nil {
			if blankRow(cols) {
				continue
			}
			header = make([]int, len(cols))
			seen := make([]bool, len(Columns))
			for i, c := range cols {
				header[i] = columnOf(c)
				if header[i] >= 0 {
					if seen[header[i]] {
						return nil, report.Errorf(report.EINVALID, "表头第 %d 行有两列都是“%s”", line, Columns[header[i]])
					}
					seen[header[i]] = true
				}
			}
			var missing []string
			for i, ok := range seen {
				if !ok {
					missing = append(missing, Columns[i])
				}
			}
			if len(missing) > 0 {
				return nil, report.Errorf(report.EINVALID, "表头应为：%s；第 %d 行缺少：%s", strings.Join(Columns, "、"), line, strings.Join(missing, "、"))
			}
			continue
		}
		if blankRow(cols) {
			continue
		}
		if len(ps) >= MaxProjectRows {
			return nil, report.Errorf(report.EINVALID, "表格超过 %d 行，请只填写本单位建议的民生实事项目", MaxProjectRows)
		}
		var p report.Project
		fields := []*string{&p.Name, &p.Content, &p.Funds, &p.Owner, &p.Due}
		for i, c := range cols {
			if i < len(header) && header[i] >= 0 {
				c = strings.TrimSpace(c)
				if !utf8.ValidString(c) || strings.IndexByte(c, 0) >= 0 {
					return nil, report.Errorf(report.EINVALID, "第 %d 行含有无法识别的字符", line)
				}
				if utf8.RuneCountInString(c) > cellLimit {
					return nil, report.Errorf(report.EINVALID, "第 %d 行的“%s”超过 %d 字", line, Columns[header[i]], cellLimit)
				}
				*fields[header[i]] = c
			}
		}
		if p.Name == "" {
			return nil, report.Errorf(report.EINVALID, "第 %d 行没有填写项目名称", line)
		}
		p.Position = len(ps)
		ps = append(ps, p)
		rowNums = append(rowNums, line)
	}
	if err := rows.Error(); err != nil {
		return nil, report.Errorf(report.EINVALID, "无法读取工作表“%s”", sheet)
	}
	if header == nil {
		return nil, report.Errorf(report.EINVALID, "表格是空的；表头应为：%s", strings.Join(Columns, "、"))
	}
	if len(ps) == 0 {
		return nil, report.Errorf(report.EINVALID, "表格中没有项目，请在表头下逐行填写")
	}
	// Formulas: the value shown is whatever the last program to save the file computed, or
	// nothing; a proposal must be typed. Checked only once the size is known to be bounded.
	for i, line := range rowNums {
		for col := range header {
			if header[col] < 0 {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(col+1, line)
			if formula, err := f.GetCellFormula(sheet, cell); err == nil && formula != "" {
				return nil, report.Errorf(report.EINVALID, "第 %d 行“%s”是公式（单元格 %s），请改为直接填写内容", line, Columns[header[col]], cell)
			}
		}
		_ = i
	}
	return ps, nil
}

func blankRow(cols []string) bool {
	for _, c := range cols {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// ProjectTemplate writes an empty 民生实事 table with the header row, for units to fill in.
func ProjectTemplate(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "民生实事建议"
	f.SetSheetName("Sheet1", sheet)
	for i, c := range Columns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellStr(sheet, cell, c)
	}
	widths := []float64{24, 48, 14, 16, 14}
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(sheet, col, col, wd)
	}
	return f.Write(w)
}

// ProjectLine is a proposal as exported: with its unit's name and its group.
type ProjectLine struct {
	report.Project
	Unit  string
	Group int // 1-based group number
}

// WriteProjects writes the 民生实事 list as an .xlsx: one row a proposal, similar proposals
// numbered into the same group.
func WriteProjects(w io.Writer, title string, lines []ProjectLine) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "民生实事"
	f.SetSheetName("Sheet1", sheet)
	header := append([]string{"序号", "相似组", "提出单位"}, Columns...)
	header = append(header, "是否选定")
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{title}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", toAny(header)); err != nil {
		return err
	}
	for i, l := range lines {
		sel := ""
		if l.Selected {
			sel = "是"
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(cell, []any{i + 1, l.Group, l.Unit, l.Name, l.Content, l.Funds, l.Owner, l.Due, sel}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// WriteBoard writes a campaign's 报送情况表: one row a unit, one column an item, each cell the
// status and its date, then the contact and phone.
func WriteBoard(w io.Writer, b *Board) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "报送情况表"
	f.SetSheetName("Sheet1", sheet)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	title := b.Campaign.Title + " 报送情况表"
	if err := sw.SetRow("A1", []any{title}); err != nil {
		return err
	}
	header := []any{"序号", "单位"}
	for _, it := range b.Campaign.Items {
		header = append(header, it.Name)
	}
	header = append(header, "联系人", "电话")
	if err := sw.SetRow("A2", header); err != nil {
		return err
	}
	for i, row := range b.Rows {
		vals := []any{i + 1, row.Unit.Name}
		for _, c := range row.Cells {
			v := string(c.Status)
			if c.Submission != nil {
				v += " " + c.Submission.At.Local().Format("1月2日 15:04")
			}
			vals = append(vals, v)
		}
		vals = append(vals, row.Contact, row.Phone)
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	foot := fmt.Sprintf("共 %d 个单位；已报送 %d 项（其中逾期 %d 项），必报材料未报送 %d 项", len(b.Rows), b.Sent, b.Late, b.Missing)
	cell, _ := excelize.CoordinatesToCellName(1, len(b.Rows)+4)
	if err := sw.SetRow(cell, []any{foot}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
