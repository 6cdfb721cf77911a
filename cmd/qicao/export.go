package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"qicao/docx"
	"qicao/load"
	"qicao/render"
	"qicao/report"
)

// exporters maps each --to format to its writer.
var exporters = map[string]func(io.Writer, *report.Document) error{
	"docx": docx.Write,
	"md":   render.Markdown,
	"txt":  render.Text,
	"html": render.HTML,
}

func runExport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	to := fs.String("to", "docx", "输出格式：docx（GB/T 9704 公文格式）、md、txt 或 html")
	out := fs.String("o", "", "输出文件；默认为输入文件名换成新扩展名，- 表示输出到屏幕")
	fs.Usage = func() {
		io.WriteString(stderr, "用法: qicao export 文件 [--to "+strings.Join(exportFormats(), "|")+"] [-o 输出文件]\n\n把报告导出为其他格式。\n\n")
		printFlags(fs, stderr)
	}
	file, err := oneFile(fs, args)
	if err != nil {
		return err
	}
	write, ok := exporters[*to]
	if !ok {
		return report.Errorf(report.EINVALID, "不支持的输出格式 %q，可选 %s", *to, strings.Join(exportFormats(), "、"))
	}
	dest := *out
	if dest == "" {
		dest = strings.TrimSuffix(file, filepath.Ext(file)) + "." + *to
	}
	if dest != "-" && sameFile(dest, file) {
		return report.Errorf(report.EINVALID, "输出文件与输入文件相同，请用 -o 指定另一个文件名")
	}
	if dest == "-" && *to == "docx" && isTerminal(stdout) {
		return report.Errorf(report.EINVALID, "docx 不能输出到屏幕，请用 -o 指定文件")
	}
	doc, err := load.File(file)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := write(&buf, doc); err != nil {
		return err
	}
	if dest == "-" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	return writeFileAtomic(dest, buf.Bytes())
}

func exportFormats() []string {
	var names []string
	for n := range exporters {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func sameFile(a, b string) bool {
	ia, err1 := os.Stat(a)
	ib, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ia, ib)
}

// writeFileAtomic replaces path only once the whole file is written, so an interrupted export
// never leaves a truncated document where a good one was.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".qicao-export-*")
	if err != nil {
		return report.Errorf(report.EINVALID, "无法写入文件：%s", path)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return report.Errorf(report.EINVALID, "无法写入文件：%s", path)
	}
	if err := f.Close(); err != nil {
		return report.Errorf(report.EINVALID, "无法写入文件：%s", path)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return report.Errorf(report.EINVALID, "无法写入文件：%s", path)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return report.Errorf(report.EINVALID, "无法写入文件：%s", path)
	}
	return nil
}
