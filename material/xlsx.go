package material

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"qicao/report"
	"qicao/xlsx"
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
	book, err := xlsx.Open(data, xlsx.Limits{Part: 16 << 20, Total: 64 << 20})
	if err != nil {
		return nil, report.Errorf(report.EINVALID, "无法打开这个 Excel 表格，请确认文件完好（%s）", "文件已损坏或格式不符")
	}
	sheets := book.Sheets()
	if len(sheets) == 0 {
		return nil, report.Errorf(report.EINVALID, "表格中没有工作表")
	}
	sheet := sheets[0]
	var header []int // column index → one of Columns, -1 ignored
	var ps []report.Project
	var rowNums []int
	var refused error // a row refused by the rules below, as opposed to a sheet that cannot be read
	err = book.Rows(sheet, func(line int, cols []string) error {
		refused = projectRow(line, cols, &header, &ps)
		if refused == nil && len(ps) > len(rowNums) {
			rowNums = append(rowNums, line)
		}
		return refused
	})
	if refused != nil {
		return nil, refused
	}
	if err != nil {
		return nil, report.Errorf(report.EINVALID, "无法读取工作表“%s”", sheet)
	}
	if header == nil {
		return nil, report.Errorf(report.EINVALID, "表格是空的；表头应为：%s", strings.Join(Columns, "、"))
	}
	if len(ps) == 0 {
		return nil, report.Errorf(report.EINVALID, "表格中没有项目，请在表头下逐行填写")
	}
	// Formulas: the value shown is whatever the last program to save the file computed, or
	// nothing; a proposal must be typed.
	formulas, err := book.Formulas(sheet)
	if err != nil {
		return nil, report.Errorf(report.EINVALID, "无法读取工作表“%s”", sheet)
	}
	proposal := make(map[int]bool, len(rowNums))
	for _, n := range rowNums {
		proposal[n] = true
	}
	for _, f := range formulas {
		if proposal[f.Row] && f.Col <= len(header) && header[f.Col-1] >= 0 {
			return nil, report.Errorf(report.EINVALID, "第 %d 行“%s”是公式（单元格 %s），请改为直接填写内容", f.Row, Columns[header[f.Col-1]], f)
		}
	}
	return ps, nil
}

// projectRow takes one row of the sheet: the header while none is known, then a proposal.
func projectRow(line int, cols []string, header *[]int, ps *[]report.Project) error {
	if *header == nil {
		if blankRow(cols) {
			return nil
		}
		h := make([]int, len(cols))
		seen := make([]bool, len(Columns))
		for i, c := range cols {
			h[i] = columnOf(c)
			if h[i] >= 0 {
				if seen[h[i]] {
					return report.Errorf(report.EINVALID, "表头第 %d 行有两列都是“%s”", line, Columns[h[i]])
				}
				seen[h[i]] = true
			}
		}
		var missing []string
		for i, ok := range seen {
			if !ok {
				missing = append(missing, Columns[i])
			}
		}
		if len(missing) > 0 {
			return report.Errorf(report.EINVALID, "表头应为：%s；第 %d 行缺少：%s", strings.Join(Columns, "、"), line, strings.Join(missing, "、"))
		}
		*header = h
		return nil
	}
	if blankRow(cols) {
		return nil
	}
	if len(*ps) >= MaxProjectRows {
		return report.Errorf(report.EINVALID, "表格超过 %d 行，请只填写本单位建议的民生实事项目", MaxProjectRows)
	}
	var p report.Project
	fields := []*string{&p.Name, &p.Content, &p.Funds, &p.Owner, &p.Due}
	for i, c := range cols {
		if i < len(*header) && (*header)[i] >= 0 {
			c = strings.TrimSpace(c)
			if !utf8.ValidString(c) || strings.IndexByte(c, 0) >= 0 {
				return report.Errorf(report.EINVALID, "第 %d 行含有无法识别的字符", line)
			}
			if utf8.RuneCountInString(c) > cellLimit {
				return report.Errorf(report.EINVALID, "第 %d 行的“%s”超过 %d 字", line, Columns[(*header)[i]], cellLimit)
			}
			*fields[(*header)[i]] = c
		}
	}
	if p.Name == "" {
		return report.Errorf(report.EINVALID, "第 %d 行没有填写项目名称", line)
	}
	p.Position = len(*ps)
	*ps = append(*ps, p)
	return nil
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
	x := xlsx.NewWriter(w)
	head, err := x.Style(xlsx.Format{Bold: true, Fill: "D9E1F2"})
	if err != nil {
		return err
	}
	s, err := x.Sheet("民生实事建议", xlsx.Col{Width: 24}, xlsx.Col{Width: 48}, xlsx.Col{Width: 14}, xlsx.Col{Width: 16}, xlsx.Col{Width: 14})
	if err != nil {
		return err
	}
	if err := s.Freeze(1, 0); err != nil {
		return err
	}
	if err := s.Row(styled(xlsx.Texts(Columns...), head)...); err != nil {
		return err
	}
	return x.Close()
}

// styled gives every cell of a row the style st.
func styled(cells []xlsx.Cell, st xlsx.Style) []xlsx.Cell {
	for i := range cells {
		cells[i] = cells[i].With(st)
	}
	return cells
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
	x := xlsx.NewWriter(w)
	x.Title, x.Creator = title, "qicao"
	wrap, err := x.Style(xlsx.Wrapped)
	if err != nil {
		return err
	}
	header := append([]string{"序号", "相似组", "提出单位"}, Columns...)
	header = append(header, "是否选定")
	s, err := x.Table("民生实事", title, header, 0, xlsx.Col{Width: 6}, xlsx.Col{Width: 8}, xlsx.Col{Width: 16}, xlsx.Col{Width: 24, Style: wrap},
		xlsx.Col{Width: 48, Style: wrap}, xlsx.Col{Width: 14}, xlsx.Col{Width: 16}, xlsx.Col{Width: 14}, xlsx.Col{Width: 10})
	if err != nil {
		return err
	}
	for i, l := range lines {
		sel := ""
		if l.Selected {
			sel = "是"
		}
		row := []xlsx.Cell{xlsx.Int(int64(i + 1)), xlsx.Int(int64(l.Group)), xlsx.Text(l.Unit), xlsx.Text(l.Name).With(wrap), xlsx.Text(l.Content).With(wrap),
			xlsx.Text(l.Funds), xlsx.Text(l.Owner), xlsx.Text(l.Due), xlsx.Text(sel)}
		// as high as the wrapped 主要内容 needs: LibreOffice does not grow a row to its text
		if err := s.Height(s.Fit(row...)); err != nil {
			return err
		}
		if err := s.Row(row...); err != nil {
			return err
		}
	}
	return x.Close()
}

// WriteBoard writes a campaign's 报送情况表: one row a unit, one column an item, each cell the
// status and its date, then the contact and phone.
func WriteBoard(w io.Writer, b *Board) error {
	x := xlsx.NewWriter(w)
	title := b.Campaign.Title + " 报送情况表"
	x.Title, x.Creator = title, "qicao"
	header := []string{"序号", "单位"}
	cols := []xlsx.Col{{Width: 6}, {Width: 24}}
	for _, it := range b.Campaign.Items {
		header = append(header, it.Name)
		cols = append(cols, xlsx.Col{Width: 18})
	}
	header = append(header, "联系人", "电话")
	cols = append(cols, xlsx.Col{Width: 10}, xlsx.Col{Width: 16})
	s, err := x.Table("报送情况表", title, header, 2, cols...)
	if err != nil {
		return err
	}
	vals := make([]xlsx.Cell, 0, len(header))
	for i, row := range b.Rows {
		vals = append(vals[:0], xlsx.Int(int64(i+1)), xlsx.Text(row.Unit.Name))
		for _, c := range row.Cells {
			v := string(c.Status)
			if c.Submission != nil {
				v += " " + c.Submission.At.In(report.China).Format("1月2日 15:04")
			}
			vals = append(vals, xlsx.Text(v))
		}
		vals = append(vals, xlsx.Text(row.Contact), xlsx.Text(row.Phone))
		if err := s.Row(vals...); err != nil {
			return err
		}
	}
	if err := s.Row(); err != nil { // a blank row before the totals, as before
		return err
	}
	foot := fmt.Sprintf("共 %d 个单位；已报送 %d 项（其中逾期 %d 项），必报材料未报送 %d 项", len(b.Rows), b.Sent, b.Late, b.Missing)
	if err := s.Row(xlsx.Text(foot)); err != nil {
		return err
	}
	return x.Close()
}
