package main

import (
	"bufio"
	"bytes"
	"flag"
	"io"
	"os"
	"time"

	"qicao/compare"
	"qicao/load"
	"qicao/report"
)

func runDiff(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	to := fs.String("to", "text", "输出格式：text、html 或 docx（带修订标记）")
	out := fs.String("o", "", "写入文件（默认输出到屏幕）")
	author := fs.String("author", "起草组", "docx 修订标记的作者")
	fs.Usage = func() {
		io.WriteString(stderr, "用法: qicao diff 原稿 修改稿 [--to text|html|docx] [-o 文件]\n\n比较两个版本，生成修改对照。\n\n")
		printFlags(fs, stderr)
	}
	files, err := flagsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 2 {
		fs.Usage()
		return report.Errorf(report.EINVALID, "需要两个文件：原稿和修改稿")
	}
	if *to != "text" && *to != "html" && *to != "docx" {
		return report.Errorf(report.EINVALID, "不支持的输出格式 %q，可选 text、html、docx", *to)
	}
	if *to == "docx" && (*out == "" || *out == "-") && isTerminal(stdout) {
		return report.Errorf(report.EINVALID, "docx 不能输出到屏幕，请用 -o 指定文件")
	}
	// The two versions are read at once: reading is half of a comparison's work.
	var old *report.Document
	var oldErr error
	read := make(chan struct{})
	go func() {
		defer close(read)
		old, oldErr = loadDraft(files[0])
	}()
	new, err := loadDraft(files[1])
	<-read
	if oldErr != nil {
		return oldErr
	}
	if err != nil {
		return err
	}
	r := compare.Compare(old, new)

	if *to == "text" && (*out == "" || *out == "-") {
		// Straight to the screen or pipe: a buffer of the whole comparison would be fresh memory
		// the size of both versions, and its page faults cost more than the writes.
		w := bufio.NewWriterSize(stdout, 32<<10)
		if err := compare.WriteText(w, r, old, new, isTerminal(stdout) && os.Getenv("NO_COLOR") == ""); err != nil {
			return err
		}
		return w.Flush()
	}
	var buf bytes.Buffer
	switch *to {
	case "text":
		err = compare.WriteText(&buf, r, old, new, false)
	case "html":
		err = compare.WriteHTML(&buf, r, old, new)
	case "docx":
		err = compare.WriteDocx(&buf, r, old, new, *author, time.Now())
	}
	if err != nil {
		return err
	}
	return writeOutput(*out, buf.Bytes(), stdout)
}

// loadDraft reads one version; a blank file is an empty draft rather than an error, so that a
// first draft can be compared with nothing.
func loadDraft(path string) (*report.Document, error) {
	if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() && info.Size() < 1<<12 {
		if data, err := os.ReadFile(path); err == nil && len(bytes.TrimSpace(data)) == 0 {
			return &report.Document{}, nil
		}
	}
	return load.File(path)
}

// writeOutput writes data to the file at path, or to stdout when path is "" or "-" (as export
// takes it).
func writeOutput(path string, data []byte, stdout io.Writer) error {
	if path == "" || path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return report.Errorf(report.EINVALID, "无法写入文件：%s", path)
	}
	return nil
}

// isTerminal tells whether w is a terminal, where colour and not raw bytes belong.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// printFlags lists a command's flags in Chinese; flag.PrintDefaults would say "default".

// oneFile parses flags like flagsAnywhere for a command that takes exactly one report file.
func oneFile(fs *flag.FlagSet, args []string) (string, error) {
	files, err := flagsAnywhere(fs, args)
	if err != nil {
		return "", err
	}
	if len(files) != 1 {
		fs.Usage()
		return "", report.Errorf(report.EINVALID, "需要一个报告文件")
	}
	return files[0], nil
}
