package xlsx

// Table starts a sheet laid out as an office's table: the title on row 1 in 14-point bold,
// centred and merged across the header's columns; the header on row 2, bold and centred on a
// light fill, as high as its wrapped names need; both rows frozen, with the first freezeCols
// columns. It prints as offices print tables: landscape A4, scaled to one page wide, the title
// and header repeated on every page. The table's rows follow with Row (with Height(Fit(…)) for
// rows of wrapped text). cols are as for Sheet.
func (w *Writer) Table(name, title string, header []string, freezeCols int, cols ...Col) (*Sheet, error) {
	big, err := w.Style(Format{Bold: true, Size: 14, HAlign: "center"})
	if err != nil {
		return nil, err
	}
	head, err := w.Style(Format{Bold: true, Fill: "D9E1F2", Wrap: true, HAlign: "center", VAlign: "center"})
	if err != nil {
		return nil, err
	}
	s, err := w.Sheet(name, cols...)
	if err != nil {
		return nil, err
	}
	if err := s.Freeze(2, freezeCols); err != nil {
		return nil, err
	}
	if err := s.Print(Page{Landscape: true, FitWidth: true, TitleRows: 2}); err != nil {
		return nil, err
	}
	if len(header) > 1 {
		if err := s.Merge(Range{Row1: 1, Col1: 1, Row2: 1, Col2: len(header)}); err != nil {
			return nil, err
		}
	}
	if err := s.Height(24); err != nil { // the 14-point title
		return nil, err
	}
	if err := s.Row(Text(title).With(big)); err != nil {
		return nil, err
	}
	cells := Texts(header...)
	for i := range cells {
		cells[i] = cells[i].With(head)
	}
	if err := s.Height(s.Fit(cells...)); err != nil {
		return nil, err
	}
	if err := s.Row(cells...); err != nil {
		return nil, err
	}
	return s, nil
}

// Wrapped is the style of long texts: wrapped, from the top of the cell.
var Wrapped = Format{Wrap: true, VAlign: "top"}

// Across writes c as the next row's only cell, merged over the first cols columns, as a table's
// summary or note is written under it: the text wraps at the merged width instead of running
// across the page, which would make a sheet fitted to the page's width print small, and the
// row's height is fitted to it as Fit does. c should have a wrapping style.
func (s *Sheet) Across(c Cell, cols int) error {
	cols = max(cols, 1)
	row := s.row + 1
	if cols > 1 {
		if err := s.Merge(Range{Row1: row, Col1: 1, Row2: row, Col2: cols}); err != nil {
			return err
		}
	}
	width := 0.0
	for i := range cols {
		if i < len(s.cols) && s.cols[i].Width > 0 {
			width += s.cols[i].Width
		} else {
			width += defaultWidth
		}
	}
	if c.kind == text {
		if n := Lines(c.s, width-1); n > 1 {
			if err := s.Height(min(float64(n)*lineHeight, maxHeight)); err != nil {
				return err
			}
		}
	}
	return s.Row(c)
}
