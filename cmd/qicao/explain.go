package main

import (
	"bytes"
	"flag"
	"io"
	"os"

	"qicao/docx"
	"qicao/explain"
	"qicao/load"
	"qicao/report"
)

func runExplain(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	timeline := fs.String("timeline", "", "起草时间线文件（格式见 sample/timeline-2027.txt）")
	to := fs.String("to", "md", "输出格式：md 或 docx")
	out := fs.String("o", "", "写入文件（默认输出到屏幕）")
	fs.Usage = func() {
		io.WriteString(stderr, "用法: qicao explain 报告 [--timeline 文件] [--to md|docx] [-o 文件]\n\n根据报告的提纲和起草时间线生成起草说明，缺少的内容以【待填】标出。\n\n")
		printFlags(fs, stderr)
	}
	file, err := oneFile(fs, args)
	if err != nil {
		return err
	}
	if *to != "md" && *to != "docx" {
		return report.Errorf(report.EINVALID, "不支持的输出格式 %q，可选 md、docx", *to)
	}
	if *to == "docx" && (*out == "" || *out == "-") && isTerminal(stdout) {
		return report.Errorf(report.EINVALID, "docx 不能输出到屏幕，请用 -o 指定文件")
	}
	doc, err := load.File(file)
	if err != nil {
		return err
	}
	var tl *explain.Timeline
	if *timeline != "" {
		data, err := os.ReadFile(*timeline)
		if err != nil {
			return report.Errorf(report.ENOTFOUND, "无法读取时间线文件：%s", *timeline)
		}
		if tl, err = explain.ParseTimeline(data); err != nil {
			return err
		}
	}
	e, err := explain.Write(doc, tl)
	if err != nil {
		return err
	}
	if *to == "md" {
		return writeOutput(*out, []byte(e.Markdown()), stdout)
	}
	var buf bytes.Buffer
	if err := docx.Write(&buf, e.Document()); err != nil {
		return err
	}
	return writeOutput(*out, buf.Bytes(), stdout)
}
