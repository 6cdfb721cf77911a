package xlsx_test

import (
	"bytes"
	"regexp"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"qicao/xlsx"
)

// Numbers whose format changes what they mean come as Excel shows them: percentages, and dates
// shown as a year and month or with 年/月/日; other numbers and dates as before.
func TestReaderFormats(t *testing.T) {
	f := excelize.NewFile()
	const sh = "Sheet1"
	style := func(s excelize.Style) int {
		id, err := f.NewStyle(&s)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	custom := func(code string) int { return style(excelize.Style{CustomNumFmt: &code}) }
	cells := []struct {
		value any
		style int
		want  string
	}{
		{0.069, style(excelize.Style{NumFmt: 10}), "6.90%"},
		{0.069, style(excelize.Style{NumFmt: 9}), "6.9%"}, // shown as 7%; the digits typed are kept
		{0.07, style(excelize.Style{NumFmt: 9}), "7%"},
		{-0.035, custom("0.0%"), "-3.5%"},
		{12.5, custom(`#,##0.00%;[Red]-#,##0.00%`), "1,250.00%"},
		{0.1 + 0.2, custom(`0.0%"左右"`), "30.0%左右"},
		{0.069, custom(`0.00"%"`), "0.069"}, // a quoted % is text, not a percentage
		{46752, style(excelize.Style{NumFmt: 57}), "2027年12月"},
		{46752, style(excelize.Style{NumFmt: 58}), "12月31日"},
		{46752, custom(`yyyy"年"m"月"`), "2027年12月"},
		{46752, custom(`yyyy"年"m"月"d"日"`), "2027年12月31日"},
		{46752, custom(`[$-804]yyyy"年"mm"月"dd"日"`), "2027年12月31日"},
		{46752, custom(`m"月"d"日"`), "12月31日"},
		{46752.75, custom(`yyyy年m月d日`), "2027年12月31日"},
		{46752 - 30, custom("yyyy-mm"), "2027-12"},
		{46752, custom("yyyy/m"), "2027/12"},
		{46752, style(excelize.Style{NumFmt: 14}), "2027-12-31"},          // other dates as xlsxreader gives them
		{46752, custom("yyyy-mm-dd"), "2027-12-31"},                       //
		{46752.5, custom(`yyyy"年"m"月"d"日" h"时"`), "2027-12-31T12:00:00Z"}, // a time: not rendered
		{46752, custom(`[DBNum1]yyyy"年"m"月"`), "2027-12-31"},              // Chinese numerals: not rendered
		{46752, style(excelize.Style{NumFmt: 4}), "46752"},
		{0.069, 0, "0.069"},
		{"6.9%", style(excelize.Style{NumFmt: 10}), "6.9%"}, // text stays text
	}
	for i, c := range cells {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetCellValue(sh, ref, c.value); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle(sh, ref, ref, c.style); err != nil {
			t.Fatal(err)
		}
	}
	// a formula's cached value renders as a typed one
	f.SetCellFormula(sh, "B1", "A1")
	f.SetCellStyle(sh, "B1", "B1", style(excelize.Style{NumFmt: 10}))
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	data := setCached(t, buf.Bytes(), "B1", "0.069")
	b, err := xlsx.Open(data, lim)
	if err != nil {
		t.Fatal(err)
	}
	rows := readAll(t, b, sh)
	for i, c := range cells {
		got := rows[i+1]
		if len(got) == 0 || got[0] != c.want {
			t.Errorf("%v in style %d: %q, want %q", c.value, c.style, got, c.want)
		}
	}
	if got := rows[1]; !slices.Equal(got, []string{"6.90%", "6.90%"}) {
		t.Errorf("row 1 with the formula: %q", got)
	}
}

// setCached gives the formula in cell ref of the first sheet the cached value v, as Excel saves
// it, a number (excelize writes a formula as a text without one).
func setCached(t *testing.T, data []byte, ref, v string) []byte {
	t.Helper()
	ps := parts(t, data)
	re := regexp.MustCompile(`(<c r="` + ref + `"(?: s="\d+")?)(?: t="str")?>(<f>[^<]*</f>)(?:<v></v>|<v/>)?</c>`)
	sheet := ps["xl/worksheets/sheet1.xml"]
	if !re.Match(sheet) {
		t.Fatalf("no formula in %s: %s", ref, sheet)
	}
	ps["xl/worksheets/sheet1.xml"] = re.ReplaceAll(sheet, []byte(`${1}>${2}<v>`+v+`</v></c>`))
	return zipParts(ps)
}

// A workbook of the 1904 date system (old Mac Excel) counts from 1904-01-01.
func TestReaderFormats1904(t *testing.T) {
	f := excelize.NewFile()
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		t.Fatal(err)
	}
	code := `yyyy"年"m"月"d"日"`
	st, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Sheet1", "A1", 46752-1462)
	f.SetCellStyle("Sheet1", "A1", "A1", st)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := xlsx.Open(buf.Bytes(), lim)
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, b, "Sheet1")[1]; !slices.Equal(got, []string{"2027年12月31日"}) {
		t.Errorf("1904: %q", got)
	}
}
