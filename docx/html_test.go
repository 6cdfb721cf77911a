package docx

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"qicao/outline"
)

// The HTML chunk reader tokenizes by itself; golang.org/x/net/html, a full HTML5 parser, is
// kept here as the judge: on the markup real chunks carry (Word's "save as web page", report
// generators' tables, sloppy hand-written pages) both must give the same paragraphs.
var htmlCases = map[string]string{
	"word web page": `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>` +
		`<meta http-equiv=Content-Type content="text/html; charset=utf-8"><!--[if gte mso 9]><xml><o:DocumentProperties>` +
		`<o:Author>某人</o:Author></o:DocumentProperties></xml><![endif]--><style><!-- p.MsoNormal {margin:0cm;} --></style></head>` +
		`<body lang=ZH-CN style='tab-interval:21.0pt'><div class=WordSection1><p class=MsoNormal align=center style='text-align:center'>` +
		`<b><span style='font-size:22.0pt;font-family:方正小标宋简体'>示例县政府工作报告<o:p></o:p></span></b></p>` +
		`<p class=MsoNormal style='text-indent:32.0pt'><span lang=EN-US>2026</span><span>年&nbsp;工作回顾</span></p></div></body></html>`,
	"unclosed paragraphs and items": `<ul><li>一是稳住工业基本盘<li>二是扩大有效投资</ul><p>第一段<p>第二段`,
	"table without end tags":        `<table border=1><tr><td>指标<td>数值<tr><td>生产总值<td>386.5</table><p>表后一段。</p>`,
	"table in a cell":               `<table><tr><td>外层<table><tr><td>内一</td><td>内二</td></tr></table></td><td>右</td></tr></table>`,
	"quoted greater-than":           `<p title="a>b" data-x='c>d'>正文在此</p>`,
	"entities":                      `<p>&lt;标题&gt; &amp; &quot;引号&quot; &#x4E00;&#19968; &mdash;&hellip;&nbsp;&copy</p>`,
	"script with markup inside":     `<p>前</p><script>if (a<b) { document.write("</p><p>不是正文"); }</script><p>后</p>`,
	"comment with markup":           `<p>留下</p><!-- <p>隐藏的段落</p> --><p>也留下</p>`,
	"upper-case tags":               `<P><B>加粗</B>的正文</P><DIV>二、下一部分</DIV>`,
	"bogus comment":                 `<p>甲</p><![CDATA[乙]]><p>丙</p><?xml version="1.0"?><p>丁</p>`,
	"line breaks":                   `<p>第一行<br>第二行<br/>第三行</p>`,
	"loose body text":               `<body>正文一<div>正文二</div>正文三</body>`,
	"white space":                   "<p>\n  全年实现\n  地区生产总值  386.5亿元，\t增长6.2%。\n</p>",
	"head without end tag":          `<html><head><title>浏览器标题</title><meta charset="utf-8"><p>正文第一段</p></html>`,
	"style and noscript":            `<style>p{color:red}</style><noscript><p>请开启脚本</p></noscript><p>正文</p>`,
	"lone less-than":                `<p>a < b，3<5，x <= y</p>`,
	"abrupt comments":               `<p>一<!-->二</p><p>三<!--->四</p><p>五<!--x--!>六</p>`,
}

func TestReadHTMLAgreesWithParser(t *testing.T) {
	for name, src := range htmlCases {
		t.Run(name, func(t *testing.T) {
			got, err := readHTML([]byte(src), "text/html; charset=utf-8")
			if err != nil {
				t.Fatal(err)
			}
			if want := judgeHTML(t, src); !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestHTMLCharset(t *testing.T) {
	gbk := []byte{0xCA, 0xBE, 0xC0, 0xFD} // 示例 in GBK
	for name, tt := range map[string]struct {
		data        []byte
		contentType string
	}{
		"content type":          {append([]byte("<p>"), gbk...), "text/html; charset=GB2312"},
		"meta charset":          {append([]byte(`<meta charset="gbk"><p>`), gbk...), ""},
		"meta http-equiv":       {append([]byte(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>`), gbk...), ""},
		"unlabelled GBK":        {append([]byte("<p>"), gbk...), ""},
		"UTF-8 with a BOM":      {[]byte("\xEF\xBB\xBF<p>示例"), ""},
		"UTF-16 with a BOM":     {[]byte("\xFF\xFE<\x00p\x00>\x00\x3A\x79\x8B\x4F"), ""},
		"mislabelled as UTF-8":  {append([]byte(`<meta charset="utf-8"><p>`), gbk...), ""},
		"UTF-8 labelled as GBK": {[]byte("<p>示例"), "text/html; charset=utf-8"},
	} {
		paras, err := readHTML(tt.data, tt.contentType)
		if err != nil || len(paras) != 1 || paras[0].Text != "示例" {
			t.Errorf("%s: %+v, %v", name, paras, err)
		}
	}
	paras, err := readHTML([]byte("<p>caf\xE9 \x93quoted\x94</p>"), "text/html; charset=windows-1252")
	if err != nil || len(paras) != 1 || paras[0].Text != "café “quoted”" {
		t.Errorf("windows-1252: %+v, %v", paras, err)
	}
	if _, err := readHTML([]byte("<p>\x82\xa0\x82\xa2</p>"), "text/html; charset=shift_jis"); err == nil {
		t.Error("Shift_JIS read without a decoder")
	}
}

func FuzzReadHTML(f *testing.F) {
	for _, src := range htmlCases {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		paras, err := readHTML(data, "")
		if err != nil {
			return
		}
		for _, p := range paras {
			if !utf8.ValidString(p.Text) {
				t.Fatalf("invalid UTF-8 in %q", p.Text)
			}
			for _, r := range p.Rows {
				for _, c := range r {
					if !utf8.ValidString(c) {
						t.Fatalf("invalid UTF-8 in cell %q", c)
					}
				}
			}
		}
	})
}

// judgeHTML reads src the way the first version of the reader did: parsed into a tree by
// golang.org/x/net/html, then walked.
func judgeHTML(t *testing.T, src string) []outline.Para {
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	j := &judge{}
	j.walk(root)
	j.flush()
	return j.out
}

type judge struct {
	out     []outline.Para
	text    strings.Builder
	rows    [][]string
	row     []string
	inTable int
}

func (j *judge) flush() {
	if s := strings.TrimSpace(j.text.String()); s != "" {
		if j.inTable > 0 {
			j.row = append(j.row, s)
		} else {
			j.out = append(j.out, outline.Para{Text: s})
		}
	}
	j.text.Reset()
}

func (j *judge) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		j.text.WriteString(strings.Join(strings.Fields(n.Data), " "))
		return
	case html.ElementNode:
		switch n.Data {
		case "script", "style", "head", "noscript", "template", "title", "textarea":
			return
		case "table":
			j.flush()
			j.inTable++
			outer := j.rows
			j.rows = nil
			j.children(n)
			switch {
			case j.inTable > 1:
				for _, r := range j.rows {
					j.text.WriteString(strings.Join(r, " "))
				}
			case len(j.rows) > 0:
				j.out = append(j.out, outline.Para{Rows: j.rows})
			}
			j.rows = outer
			j.inTable--
			return
		case "tr":
			j.flush()
			row := j.row
			j.row = nil
			var cells []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
					j.row = nil
					j.children(c)
					j.flush()
					cells = append(cells, strings.Join(j.row, " "))
				}
			}
			if len(cells) > 0 {
				j.rows = append(j.rows, cells)
			}
			j.row = row
			return
		}
		if blockTags[n.Data] {
			j.flush()
			j.children(n)
			j.flush()
			return
		}
	}
	j.children(n)
}

func (j *judge) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		j.walk(c)
	}
}
