package consult_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
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
