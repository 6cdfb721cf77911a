package consult_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qicao/consult"
	"qicao/docx"
	"qicao/load"
	"qicao/report"
)

func sampleTable() *consult.Table {
	t := &consult.Table{Title: "《征求意见稿》征求意见采纳情况表", Summary: "共向3个单位征求意见，1个单位反馈意见2条，1个单位无意见；采纳1条，部分采纳0条，未采纳1条，已体现0条；1个单位未反馈。",
		Silent: []string{"市发展和改革局"}}
	adopted := &report.Comment{BlockID: "p1", Quote: "完成投资165亿元以上", Text: "请核实", Proposal: "完成投资170亿元以上",
		Decision: &report.Decision{Kind: report.Adopted}}
	rejected := &report.Comment{Text: "全文篇幅偏长", Decision: &report.Decision{Kind: report.Rejected, Reason: "篇幅已按要求控制"}}
	t.Rows = append(t.Rows, consult.RowOf(1, adopted, "东湖镇", "二（一） 扭住重大项目扩大投资", ""), consult.RowOf(2, rejected, "东湖镇", "全文", ""))
	return t
}

// The table as .xlsx reads back with excelize: header, rows, the summary and the silent units.
func TestTableXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := sampleTable().WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[1], "|") != strings.Join(consult.Header, "|") {
		t.Errorf("header %v", rows[1])
	}
	if got := strings.Join(rows[2], "|"); got != "1|东湖镇|二（一） 扭住重大项目扩大投资|完成投资165亿元以上|请核实\n建议修改为：完成投资170亿元以上|完成投资170亿元以上|采纳" {
		t.Errorf("row 1: %q", got)
	}
	if got := strings.Join(rows[3], "|"); got != "2|东湖镇|全文|（全文）|全文篇幅偏长||未采纳|篇幅已按要求控制" {
		t.Errorf("row 2: %q", got)
	}
	if rows[5][0] != sampleTable().Summary || rows[6][0] != "未反馈单位：市发展和改革局" {
		t.Errorf("foot: %v", rows[5:])
	}
}

// The table and the notice as GB/T 9704 .docx read back, and render in LibreOffice.
func TestTableDocxRenders(t *testing.T) {
	var buf bytes.Buffer
	if err := docx.WriteSheet(&buf, sampleTable().Sheet()); err != nil {
		t.Fatal(err)
	}
	doc, err := load.Bytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	text := doc.PlainText()
	for _, want := range []string{"征求意见采纳情况表", "修改后表述", "完成投资170亿元以上", "篇幅已按要求控制", "未反馈单位：市发展和改革局"} {
		if !strings.Contains(text, want) {
			t.Errorf("the .docx lacks %q:\n%s", want, text)
		}
	}
	rd := &report.Round{Title: "关于征求《2027年政府工作报告（征求意见稿）》意见的通知", Deadline: time.Date(2027, 1, 10, 18, 0, 0, 0, report.China),
		OpenedAt: time.Date(2027, 1, 5, 9, 0, 0, 0, report.China), Contact: "钱思远", Phone: "0000-1234567",
		Recipients: []report.Recipient{{UnitID: 1}, {UnitID: 2}, {UnitID: 3}, {UnitID: 5}}}
	units := []report.Unit{{ID: 1, Name: "市人民政府领导", Kind: report.UnitLeadership}, {ID: 2, Name: "东湖镇", Kind: report.UnitTownship},
		{ID: 3, Name: "西山镇", Kind: report.UnitTownship}, {ID: 4, Name: "市财政局", Kind: report.UnitDepartment}, {ID: 5, Name: "市发展和改革局", Kind: report.UnitDepartment}}
	if got := consult.Addressees(rd, units); got != "市人民政府领导，各乡镇人民政府，市发展和改革局" {
		t.Errorf("主送 %q", got)
	}
	var nb bytes.Buffer
	if err := docx.WriteNotice(&nb, consult.Notice(rd, "2027年政府工作报告（征求意见稿）", "示例市人民政府办公室", units)); err != nil {
		t.Fatal(err)
	}
	nd, err := load.Bytes(nb.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"市人民政府领导，各乡镇人民政府，市发展和改革局：", "请于2027年1月10日18时前反馈", "示例市人民政府办公室", "2027年1月5日", "联系人：钱思远"} {
		if !strings.Contains(nd.PlainText(), want) {
			t.Errorf("the notice lacks %q:\n%s", want, nd.PlainText())
		}
	}

	bin, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice is not installed")
	}
	dir := t.TempDir()
	for name, data := range map[string][]byte{"table.docx": buf.Bytes(), "notice.docx": nb.Bytes()} {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		out, err := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
			"--convert-to", "pdf", "--outdir", dir, file).CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("soffice: %v\n%s", err, out)
		}
		pdf := strings.TrimSuffix(file, ".docx") + ".pdf"
		txt, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v (%s)", err, out)
		}
		want := map[string]string{"table.docx": "修改后表述", "notice.docx": "请于2027年1月10日18时前反馈"}[name]
		if !strings.Contains(strings.Join(strings.Fields(string(txt)), ""), want) {
			t.Errorf("%s rendered by LibreOffice lacks %q:\n%s", name, want, txt)
		}
	}
}

// longTable is a round of forty comments with the long quotes and proposals of a real one.
func longTable() *consult.Table {
	t := sampleTable()
	t.Rows = t.Rows[:0]
	for i := 1; i <= 40; i++ {
		c := &report.Comment{BlockID: "p1",
			Quote:    strings.Repeat("全年完成固定资产投资165亿元以上，新开工重大项目42个，", 3),
			Text:     "建议结合全市重点项目清单和统计部门的最新数据，核实投资数额和新开工项目个数，避免与部门报送口径不一致。",
			Proposal: fmt.Sprintf("全年完成固定资产投资%d亿元以上，新开工重大项目45个", 170+i),
			Decision: &report.Decision{Kind: report.Partly, Reason: "投资数额已与市统计局核实，项目个数以发展改革部门清单为准"}}
		t.Rows = append(t.Rows, consult.RowOf(i, c, "东湖镇人民政府", "二（一） 扭住重大项目扩大投资", ""))
	}
	return t
}

// The .xlsx prints as the office prints the table: landscape A4 one page wide, the title and
// header on every page, each row as high as its wrapped texts.
func TestTableXLSXPage(t *testing.T) {
	var buf bytes.Buffer
	if err := longTable().WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	layout, err := f.GetPageLayout(sheet)
	if err != nil || layout.Size == nil || *layout.Size != 9 || layout.Orientation == nil || *layout.Orientation != "landscape" ||
		layout.FitToWidth == nil || *layout.FitToWidth != 1 || layout.FitToHeight == nil || *layout.FitToHeight != 0 {
		t.Errorf("page layout %+v, %v", layout, err)
	}
	props, err := f.GetSheetProps(sheet)
	if err != nil || props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("sheet properties %+v, %v", props, err)
	}
	names := f.GetDefinedName()
	if len(names) != 1 || names[0].Name != "_xlnm.Print_Titles" || names[0].Scope != sheet || names[0].RefersTo != "'意见采纳情况表'!$1:$2" {
		t.Errorf("defined names %+v", names)
	}
	for row, want := range map[int]float64{1: 24, 3: 72.5, 42: 72.5} {
		// 原文, 159 columns wide in a column of 36, takes 5 lines; 意见内容 3 and its 建议修改为 2
		if h, err := f.GetRowHeight(sheet, row); err != nil || h != want {
			t.Errorf("row %d: height %g, want %g (%v)", row, h, want, err)
		}
	}
	if h, err := f.GetRowHeight(sheet, 44); err != nil || h > 15.1 { // the summary line is not wrapped
		t.Errorf("summary row height %g, %v", h, err)
	}

	bin, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice is not installed")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "table.xlsx")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "pdf", "--outdir", dir, file).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "table.pdf")
	info, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	var pages int
	var w, h float64
	for _, line := range strings.Split(string(info), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			fmt.Sscan(v, &pages)
		}
		if v, ok := strings.CutPrefix(line, "Page size:"); ok {
			fmt.Sscanf(strings.TrimSpace(v), "%g x %g", &w, &h)
		}
	}
	if w <= h || w < 840 || w > 843 {
		t.Errorf("page %g × %g pt, want landscape A4\n%s", w, h, info)
	}
	if os.Getenv("QICAO_KEEP_PDF") != "" { // to look at a page: pdftoppm -png -r 60 table.pdf page
		os.WriteFile(os.Getenv("QICAO_KEEP_PDF"), must(os.ReadFile(pdf)), 0o644)
	}
	for p := 1; p <= pages; p++ {
		out, err := exec.Command("pdftotext", "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		text := strings.Join(strings.Fields(string(out)), "")
		for _, want := range append([]string{"征求意见采纳情况表"}, consult.Header...) {
			if !strings.Contains(text, want) {
				t.Errorf("page %d of %d lacks %q:\n%s", p, pages, want, out)
			}
		}
		if p == 1 {
			// the second line of 意见内容 and the end of a six-line 原文, cut off in rows a line high
			for _, want := range []string{"建议修改为：全年完成固定资产投资171亿元以上", "新开工重大项目42个，全年完成", "第1页，共"} {
				if !strings.Contains(text, want) {
					t.Errorf("page 1 lacks %q:\n%s", want, out)
				}
			}
		}
	}
	if pages < 2 || pages > 8 {
		t.Errorf("%d pages", pages)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
