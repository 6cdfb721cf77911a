package render

import (
	"html"
	"html/template"
	"io"
	"sync"

	"qicao/report"
)

// htmlBlock is one block as the page shows it.
type htmlBlock struct {
	ID    string
	Tag   string // h2…h6 for a heading on its own line, p otherwise, table for a table
	Class string
	Head  string // the run-in heading, shown in the heading's font
	Text  string
	Rows  [][]string
	// Element is a heading on its own line, built here because html/template will not take a
	// tag name from data.
	Element template.HTML
}

type htmlPage struct {
	Title, Subtitle, Speaker string
	Blocks                   []htmlBlock
	Notes                    []string // footnotes and endnotes, numbered [1]… in the text
}

var headingTags = [...]string{"h2", "h3", "h4", "h5", "h6"}

// HTML writes a standalone page that prints like the official layout: A4 with GB/T 9704
// margins, 3号 仿宋 body with a two-character indent, headings in the fonts of their level. Each
// block carries its ID as the element id, so links and comments can point at a paragraph.
func HTML(w io.Writer, doc *report.Document) error {
	page := htmlPage{Title: doc.Title, Subtitle: doc.Subtitle, Speaker: doc.Speaker}
	n := 0
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		if len(b.Notes) > 0 && b.Kind != report.Table {
			// A paragraph with notes shows their marks; the heading font of a run-in heading
			// gives way to them.
			hb := htmlBlock{ID: b.ID, Tag: "p", Text: noteText(b.Text, b.Notes, &n, bracket, identity)}
			page.Blocks = append(page.Blocks, hb)
			continue
		}
		hb := htmlBlock{ID: b.ID, Tag: "p", Text: b.Text}
		switch {
		case b.Kind == report.Table:
			hb.Tag, hb.Rows = "table", b.Rows
			for range b.Notes {
				n++
			}
		case b.RunIn():
			hb.Class = "run-in"
			hb.Head, hb.Text = b.Text[:b.HeadEnd], b.Body()
			hb.Class += " level" + itoa(b.Level)
		case b.Kind == report.Heading:
			hb.Tag = headingTags[min(max(b.Level, 1), len(headingTags))-1]
			hb.Element = template.HTML("<" + hb.Tag + ` id="` + html.EscapeString(b.ID) + `" class="level` + itoa(b.Level) + `">` +
				html.EscapeString(b.Text) + "</" + hb.Tag + ">")
		}
		page.Blocks = append(page.Blocks, hb)
	}
	for _, note := range allNotes(doc) {
		page.Notes = append(page.Notes, note.Text)
	}
	return pageTemplate().Execute(w, page)
}

func itoa(n int) string {
	if n < 0 || n > 9 {
		n = 9
	}
	return string(rune('0' + n))
}

// pageTemplate is parsed on first use, not at start-up, which every command pays.
var pageTemplate = sync.OnceValue(func() *template.Template { return template.Must(template.New("page").Parse(pageSource)) })

const pageSource = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{if .Title}}{{.Title}}{{else}}报告{{end}}</title>
<style>
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { margin: 0; background: #f4f4f4; }
main { box-sizing: border-box; max-width: 210mm; margin: 0 auto; padding: 37mm 26mm 35mm 28mm; background: #fff;
  font-family: "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", serif;
  font-size: 16pt; line-height: 28.9pt; color: #000; }
p { margin: 0; text-indent: 2em; text-align: justify; }
h1, h2, h3, h4, h5, h6 { margin: 0; font-size: 16pt; font-weight: normal; text-indent: 2em; }
h1.title { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun", "宋体", "Noto Serif CJK SC", serif;
  font-size: 22pt; line-height: 1.5; text-align: center; text-indent: 0; margin-bottom: 28.9pt; }
p.subtitle, p.speaker { text-indent: 0; text-align: center; font-family: "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", serif; }
.level1 { font-family: "SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif; }
.level2 { font-family: "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "STKaiti", serif; }
.level3, .level4, .level5 { font-weight: bold; }
p.run-in { font-family: inherit; font-weight: normal; }
p.run-in > .head { font-weight: inherit; }
p.level1 > .head { font-family: "SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif; }
p.level2 > .head { font-family: "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "STKaiti", serif; }
p.level3 > .head, p.level4 > .head, p.level5 > .head { font-weight: bold; }
table { border-collapse: collapse; margin: 0.5em auto; font-size: 12pt; line-height: 1.5; }
td { border: 1px solid #000; padding: 2pt 6pt; }
:target { background: #fff3b0; }
@media print { body { background: none; } main { max-width: none; padding: 0; } }
</style>
</head>
<body>
<main>
{{if .Title}}<h1 class="title">{{.Title}}</h1>
{{end}}{{if .Subtitle}}<p class="subtitle">{{.Subtitle}}</p>
{{end}}{{if .Speaker}}<p class="speaker">{{.Speaker}}</p>
{{end}}{{range .Blocks}}{{if eq .Tag "table"}}<table id="{{.ID}}">
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>
{{else if .Head}}<p id="{{.ID}}" class="{{.Class}}"><span class="head">{{.Head}}</span>{{.Text}}</p>
{{else if eq .Tag "p"}}<p id="{{.ID}}">{{.Text}}</p>
{{else}}{{.Element}}
{{end}}{{end}}{{if .Notes}}<section class="notes"><h2>注释</h2><ol>{{range .Notes}}<li>{{.}}</li>{{end}}</ol></section>
{{end}}</main>
</body>
</html>
`
