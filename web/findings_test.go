package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestFindings: the checker's findings are marked in their paragraphs on the version page.
func TestFindings(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	c := a.login("writer")
	doc := "政府工作报告\n一、工作回顾\n全市地区生产总值增长6.2%,规模以上工业增加值增长8.5%。\n我们们要坚持稳中求进。\n"
	resp, body := c.upload("修改稿", "有错的稿子.txt", []byte(doc))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", resp.StatusCode, text(body))
	}
	_, page := c.get(resp.Header.Get("Location"))
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`增长6\.2%<mark id="f-\d+" class="sev-error" title="[^"]*半角[^"]*">,</mark>规模`),
		regexp.MustCompile(`我<mark id="f-\d+" class="sev-error" title="[^"]*重复[^"]*">们们</mark>要`),
		regexp.MustCompile(`<li class="sev-error"><span class="level">错误</span>[^<]*半角`),
	} {
		if !want.MatchString(page) {
			t.Errorf("version page lacks %s", want)
		}
	}
	if !strings.Contains(page, "审校提示 2 处") {
		t.Error("version page does not count the findings")
	}
}
