package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"qicao/check"
	"qicao/load"
	"qicao/outline"
	"qicao/report"
	"qicao/textfile"
)

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "输出格式：text 或 json")
	configPath := fs.String("config", "", "审校配置文件（TOML，格式见 check/README.md）")
	listRules := fs.Bool("rules", false, "列出全部审校规则及示例")
	fs.Usage = func() {
		io.WriteString(stderr, "用法: qicao check 文件… [--format text|json] [--config 配置文件]\n       qicao check --rules\n\n"+
			"审校报告：标点、数字、重复字词、错别字、规范提法、序号、列举数目、前后一致和文风。\n"+
			"有“错误”级问题时退出码为1，没有为0，文件无法读取为2。\n\n")
		printFlags(fs, stderr)
	}
	files, err := flagsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return report.Errorf(report.EINVALID, "--format 只能是 text 或 json")
	}
	if *listRules {
		return writeRules(stdout, *format)
	}
	if len(files) == 0 {
		fs.Usage()
		return report.Errorf(report.EINVALID, "需要至少一个报告文件")
	}
	cfg := check.DefaultConfig()
	if *configPath != "" {
		data, err := os.ReadFile(*configPath)
		if err != nil {
			return report.Errorf(report.EINVALID, "无法读取审校配置文件：%s", *configPath)
		}
		if cfg, err = check.LoadConfig(data); err != nil {
			return err
		}
	}
	color := *format == "text" && isTerminal(stdout)
	var results []fileResult
	unreadable, errors := false, 0
	for _, path := range files {
		data, err := load.ReadFile(path)
		var doc *report.Document
		if err == nil {
			doc, err = load.Bytes(data)
		}
		if err != nil {
			fmt.Fprintf(stderr, "qicao: %s\n", report.ErrorMessage(err))
			unreadable = true
			continue
		}
		r := fileResult{Path: path, Findings: locate(data, doc, check.Check(doc, cfg))}
		for _, f := range r.Findings {
			if f.Severity == check.Error {
				errors++
			}
		}
		results = append(results, r)
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Files []fileResult `json:"files"`
		}{results}); err != nil {
			return err
		}
	} else {
		for _, r := range results {
			r.writeText(stdout, color)
		}
	}
	switch {
	case unreadable:
		return exitError(2)
	case errors > 0:
		return exitError(1)
	}
	return nil
}

type fileResult struct {
	Path     string          `json:"path"`
	Findings []placedFinding `json:"findings"`
}

// placedFinding adds where the finding is in the file as a person opens it.
type placedFinding struct {
	check.Finding
	Line   int `json:"line,omitempty"`   // 1-based line in a text file, 0 when unknown
	Column int `json:"column,omitempty"` // 1-based, in characters
}

// locate finds each finding's line and column in a .txt or .md file. Readers drop empty lines
// and page numbers and trim indentation, so blocks are matched to the file's lines in order by
// their text; a .docx has no lines, and there the paragraph number is shown instead.
func locate(data []byte, doc *report.Document, fs []check.Finding) []placedFinding {
	out := make([]placedFinding, len(fs))
	for i, f := range fs {
		out[i].Finding = f
	}
	if len(fs) == 0 || bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return out
	}
	text, err := textfile.Decode(data)
	if err != nil {
		return out
	}
	lines := strings.Split(text, "\n")
	// where[b] is the line index and byte offset in it of block b's text; -1 unknown.
	type pos struct{ line, col int }
	titleParts := []string{}
	for _, s := range []string{doc.Title, doc.Subtitle, doc.Speaker} {
		if s != "" {
			titleParts = append(titleParts, s)
		}
	}
	cursor := 0
	find := func(s string) pos {
		first, _, _ := strings.Cut(s, "\n")
		for l := cursor; l < len(lines) && l < cursor+50; l++ {
			line := outline.Trim(lines[l])
			if line == "" {
				continue
			}
			if k := strings.Index(lines[l], first); k >= 0 {
				cursor = l + 1
				return pos{l, k}
			}
		}
		return pos{-1, 0}
	}
	title := make([]pos, len(titleParts))
	for k, s := range titleParts {
		title[k] = find(s)
	}
	where := make([]pos, len(doc.Blocks))
	for b := range doc.Blocks {
		where[b] = find(doc.Blocks[b].Text)
	}
	for i := range out {
		f := &out[i].Finding
		if f.Note > 0 {
			continue // notes of a text file are Markdown's, not placed by line
		}
		var p pos
		start := f.Start
		if f.Block < 0 {
			k := 0
			for k < len(titleParts)-1 && start > len(titleParts[k]) {
				start -= len(titleParts[k]) + 1
				k++
			}
			if k >= len(title) {
				continue
			}
			p = title[k]
		} else {
			p = where[f.Block]
		}
		if p.line < 0 {
			continue
		}
		line := lines[p.line]
		col := p.col + start
		if col > len(line) {
			continue
		}
		out[i].Line = p.line + 1
		out[i].Column = utf8.RuneCountInString(line[:col]) + 1
	}
	return out
}

const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
)

var severityColor = map[check.Severity]string{check.Error: "\x1b[31m", check.Warning: "\x1b[33m", check.Hint: "\x1b[36m"}

// writeText prints the findings grouped by the part of the report they are in.
func (r fileResult) writeText(w io.Writer, color bool) {
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return code + s + ansiReset
	}
	fmt.Fprintln(w, paint(ansiBold, r.Path))
	if len(r.Findings) == 0 {
		fmt.Fprintln(w, "  未发现问题")
		return
	}
	counts := map[check.Severity]int{}
	group := "\x00"
	for _, f := range r.Findings {
		counts[f.Severity]++
		g := "（标题）"
		switch {
		case f.Block >= 0 && len(f.Path) > 0:
			g = f.Path[0]
		case f.Block >= 0:
			g = "（正文开头）"
		}
		if g != group {
			fmt.Fprintln(w, "  "+paint(ansiBold, g))
			group = g
		}
		where := fmt.Sprintf("第%d段", f.Block+1)
		if f.Note > 0 {
			where = fmt.Sprintf("第%d段注释%d", f.Block+1, f.Note)
		} else if f.Line > 0 {
			where = fmt.Sprintf("%d:%d", f.Line, f.Column)
		} else if f.Block < 0 {
			where = "标题"
		}
		fmt.Fprintf(w, "    %s  %s  %s  %s\n", where, paint(severityColor[f.Severity], f.Severity.String()), f.Message, paint(ansiDim, "["+f.Rule+"]"))
		fmt.Fprintf(w, "        %s\n", f.Excerpt)
		if f.Suggestion != "" {
			fmt.Fprintf(w, "        建议：%s\n", f.Suggestion)
		}
	}
	fmt.Fprintf(w, "  共%d处：错误%d，警告%d，提示%d\n", len(r.Findings), counts[check.Error], counts[check.Warning], counts[check.Hint])
}

func writeRules(w io.Writer, format string) error {
	rules := check.Rules()
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(rules)
	}
	for _, fam := range check.Families() {
		fmt.Fprintf(w, "%s\n", check.FamilyName(fam))
		for _, r := range rules {
			if r.Family != fam {
				continue
			}
			fmt.Fprintf(w, "  %-18s %s  %s\n      例：%s\n", r.ID, r.Severity, r.Description, r.Example)
		}
	}
	return nil
}
