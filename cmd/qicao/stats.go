package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"qicao/load"
	"qicao/report"
	"qicao/wordcount"
)

func runStats(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "以 JSON 格式输出，供其他程序读取")
	depth := fs.Int("depth", 0, "只列出前几级标题，0 为全部")
	fs.Usage = func() {
		io.WriteString(stderr, "用法: qicao stats 文件 [--json] [--depth N]\n\n显示报告的提纲、每个标题下的字数和全文的结构说明。\n文件可以是 .docx、.txt（UTF-8、GBK、UTF-16）或 .md。\n\n")
		printFlags(fs, stderr)
	}
	file, err := oneFile(fs, args)
	if err != nil {
		return err
	}
	doc, err := load.File(file)
	if err != nil {
		return err
	}
	st := newStatsView(doc, *depth)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	return st.writeText(stdout)
}

// statsView is the output of qicao stats; its JSON form is a stable interface for scripts.
type statsView struct {
	Title    string         `json:"title"`
	Subtitle string         `json:"subtitle"`
	Speaker  string         `json:"speaker"`
	Total    countView      `json:"total"`
	Outline  []*headingView `json:"outline"`
	Summary  string         `json:"summary"`
	// UserDefined lists the 造字 (Private Use Area characters) the fonts may not show.
	UserDefined []wordcount.UserDefined `json:"userDefined"`
}

type countView struct {
	Words         int    `json:"words"`         // Word's 字数
	CharsNoSpaces int    `json:"charsNoSpaces"` // 字符数(不计空格)
	Chars         int    `json:"chars"`         // 字符数(计空格)
	About         string `json:"about"`         // 约5400余字
}

type headingView struct {
	ID       string         `json:"id"`
	Level    int            `json:"level"`
	Label    string         `json:"label"`
	Title    string         `json:"title"`
	Count    countView      `json:"count"`
	Children []*headingView `json:"children"`
}

func newStatsView(doc *report.Document, depth int) *statsView {
	root := wordcount.Outline(doc)
	return &statsView{
		Title: doc.Title, Subtitle: doc.Subtitle, Speaker: doc.Speaker,
		Total:       counts(root.Stats),
		Outline:     headingViews(root.Children, depth),
		Summary:     wordcount.Summary(doc),
		UserDefined: append([]wordcount.UserDefined{}, wordcount.UserDefinedChars(doc)...),
	}
}

func counts(s wordcount.Stats) countView {
	return countView{s.Words, s.CharsNoSpaces, s.Chars, wordcount.About(s.Words)}
}

func headingViews(secs []*wordcount.Section, depth int) []*headingView {
	views := []*headingView{}
	for _, s := range secs {
		if depth > 0 && s.Block.Level > depth {
			continue
		}
		views = append(views, &headingView{
			ID: s.Block.ID, Level: s.Block.Level, Label: s.Block.Label(), Title: s.Block.Title(),
			Count: counts(s.Stats), Children: headingViews(s.Children, depth),
		})
	}
	return views
}

// writeText prints the outline as a table that lines up in a terminal, where a Chinese
// character takes two columns.
func (st *statsView) writeText(w io.Writer) error {
	type row struct {
		name         string
		words, chars int
	}
	var rows []row
	var walk func(hs []*headingView, indent string)
	walk = func(hs []*headingView, indent string) {
		for _, h := range hs {
			rows = append(rows, row{indent + h.Label + h.Title, h.Count.Words, h.Count.CharsNoSpaces})
			walk(h.Children, indent+"  ")
		}
	}
	walk(st.Outline, "")
	rows = append(rows, row{"全文", st.Total.Words, st.Total.CharsNoSpaces})
	width := len("标题")
	for _, r := range rows {
		width = max(width, min(columns(r.name), 64))
	}

	var sb strings.Builder
	for _, s := range []string{st.Title, st.Subtitle, st.Speaker} {
		if s != "" {
			sb.WriteString(s + "\n")
		}
	}
	if sb.Len() > 0 {
		sb.WriteString("\n")
	}
	sb.WriteString(pad("标题", width) + "      字数  字符数(不计空格)\n")
	for i, r := range rows {
		if i == len(rows)-1 {
			sb.WriteString("\n")
		}
		fmt.Fprintf(&sb, "%s  %8d  %16d\n", pad(r.name, width), r.words, r.chars)
	}
	sb.WriteString("\n" + st.Summary + "\n")
	if len(st.UserDefined) > 0 {
		sb.WriteString("\n造字：文中有 " + strconv.Itoa(len(st.UserDefined)) + " 个自造字（私用区字符），其他电脑或印刷厂的字体可能无法显示，请核对：\n")
		for _, u := range st.UserDefined {
			fmt.Fprintf(&sb, "  %s（%s）共 %d 处，首次出现在“%s”\n", u.Char, u.Code, u.Count, u.Context)
		}
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// columns is the width of s in a terminal.
func columns(s string) int {
	n := 0
	for _, r := range s {
		n++
		if wordcount.IsWide(r) {
			n++
		}
	}
	return n
}

func pad(s string, width int) string {
	return s + strings.Repeat(" ", max(width-columns(s), 0))
}
