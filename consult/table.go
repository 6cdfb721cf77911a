package consult

import (
	"io"
	"strings"

	"qicao/docx"
	"qicao/xlsx"
)

// Table is the 意见采纳情况表 of a round: its rows, the summary line and the units that never
// answered.
type Table struct {
	Title   string // 《…》征求意见采纳情况表
	Rows    []Row
	Summary string
	Silent  []string
}

// WriteXLSX writes the table as an .xlsx through an XLSXTable.
func (t *Table) WriteXLSX(w io.Writer) error {
	x, err := NewXLSXTable(w, t.Title)
	if err != nil {
		return err
	}
	for i := range t.Rows {
		if err := x.Row(&t.Rows[i]); err != nil {
			return err
		}
	}
	return x.Close(t.Summary, t.Silent)
}

// XLSXTable writes the 意见采纳情况表 as an .xlsx one row at a time, as the rows come from the
// database, so that a round of a hundred thousand comments is never held in memory: the title
// merged across the table, the header bold and frozen, the long texts wrapped in rows as high
// as they need, printing landscape and one page wide with the header on each page, and after the
// rows the summary line and the units that never answered. A text longer than a cell holds
// (32,767 characters) is cut rather than the export refused halfway.
type XLSXTable struct {
	x    *xlsx.Writer
	s    *xlsx.Sheet
	wrap xlsx.Style
	vals []xlsx.Cell
}

// NewXLSXTable starts the table, titled title, in w; nothing is a valid file until Close.
func NewXLSXTable(w io.Writer, title string) (*XLSXTable, error) {
	x := xlsx.NewWriter(w)
	x.Title, x.Creator = title, "qicao"
	wrap, err := x.Style(xlsx.Wrapped)
	if err != nil {
		return nil, err
	}
	var cols []xlsx.Col
	for _, wd := range []float64{6, 18, 18, 36, 44, 36, 10, 30} {
		cols = append(cols, xlsx.Col{Width: wd, Style: wrap})
	}
	s, err := x.Table("意见采纳情况表", title, Header, 0, cols...)
	if err != nil {
		return nil, err
	}
	return &XLSXTable{x: x, s: s, wrap: wrap, vals: make([]xlsx.Cell, len(Header))}, nil
}

// Row writes one line of the table.
func (t *XLSXTable) Row(r *Row) error {
	t.vals[0] = xlsx.Int(int64(r.No)).With(t.wrap)
	for j, v := range [...]string{r.Unit, r.Place, r.Original, r.Text, r.Revised, r.Decision, r.Reason} {
		t.vals[j+1] = xlsx.Text(xlsx.Clip(v)).With(t.wrap)
	}
	// LibreOffice opens a file with the row heights it holds: without one, a row is a line
	// high and the rest of a wrapped 原文 or 意见内容 is cut off on screen and on paper
	if err := t.s.Height(t.s.Fit(t.vals...)); err != nil {
		return err
	}
	return t.s.Row(t.vals...)
}

// Close writes the summary line and the units that never answered under the rows, and
// finishes the file.
func (t *XLSXTable) Close(summary string, silent []string) error {
	if err := t.s.Row(); err != nil { // a blank row between the table and its summary
		return err
	}
	if err := t.s.Across(xlsx.Text(summary).With(t.wrap), len(Header)); err != nil {
		return err
	}
	if len(silent) > 0 {
		if err := t.s.Across(xlsx.Text(xlsx.Clip("未反馈单位："+strings.Join(silent, "、"))).With(t.wrap), len(Header)); err != nil {
			return err
		}
	}
	return t.x.Close()
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
