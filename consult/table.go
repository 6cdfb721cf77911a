package consult

import (
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"qicao/docx"
)

// Table is the 意见采纳情况表 of a round: its rows, the summary line and the units that never
// answered.
type Table struct {
	Title   string // 《…》征求意见采纳情况表
	Rows    []Row
	Summary string
	Silent  []string
}

// WriteXLSX writes the table as an .xlsx, row by row through excelize's stream writer, so that
// a round of a hundred thousand comments is not held as a sheet in memory.
func (t *Table) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "意见采纳情况表"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, wd := range []float64{6, 18, 18, 36, 44, 36, 10, 30} {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", []any{t.Title}); err != nil {
		return err
	}
	header := make([]any, len(Header))
	for i, h := range Header {
		header[i] = h
	}
	if err := sw.SetRow("A2", header); err != nil {
		return err
	}
	row := 3
	vals := make([]any, len(Header))
	for i := range t.Rows {
		r := &t.Rows[i]
		vals[0], vals[1], vals[2], vals[3], vals[4], vals[5], vals[6], vals[7] = r.No, r.Unit, r.Place, r.Original, r.Text, r.Revised, r.Decision, r.Reason
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
		row++
	}
	row++
	cell, _ := excelize.CoordinatesToCellName(1, row)
	if err := sw.SetRow(cell, []any{t.Summary}); err != nil {
		return err
	}
	if len(t.Silent) > 0 {
		cell, _ = excelize.CoordinatesToCellName(1, row+1)
		if err := sw.SetRow(cell, []any{"未反馈单位：" + strings.Join(t.Silent, "、")}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// Sheet is the table for docx.WriteSheet: landscape GB/T 9704, the summary line above the
// table, the units that never answered below it.
func (t *Table) Sheet() docx.Sheet {
	sh := docx.Sheet{Title: t.Title, Intro: []string{t.Summary}, Header: Header, Widths: []int{3, 7, 9, 14, 17, 14, 7, 12},
		Rows: make([][]string, 0, len(t.Rows))}
	for i := range t.Rows {
		sh.Rows = append(sh.Rows, t.Rows[i].Cells())
	}
	if len(t.Silent) > 0 {
		sh.Foot = []string{"未反馈单位：" + strings.Join(t.Silent, "、") + "。"}
	}
	return sh
}
