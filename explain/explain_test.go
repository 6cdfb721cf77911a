package explain_test

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"qicao/explain"
	"qicao/golden"
	"qicao/outline"
	"qicao/report"
	"qicao/sample"
	"qicao/wordcount"
)

func build(text string) *report.Document {
	var paras []outline.Para
	for _, l := range strings.Split(text, "\n") {
		paras = append(paras, outline.Para{Text: l})
	}
	return outline.Build(paras)
}

// seedShape is the shape of the real 起草说明 the project started from: two parts, a review
// summing up 5 results and 10 aspects of work, and a plan with an overview in 3 aspects and 10
// key areas of 3 or 4 sub-areas each.
var seedShape = struct {
	parts, highlights, sections, overview, areas, minSub, maxSub int
}{2, 5, 10, 3, 10, 3, 4}

// TestSampleMatchesSeedShape derives the structure section from the sample report and checks
// it against the seed's shape, and against the sample's own text read independently here.
func TestSampleMatchesSeedShape(t *testing.T) {
	text := string(sample.Report(1))
	e, err := explain.Write(build(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	fw := strings.Split(e.Framework(), "\n")

	// The parts and their lengths, counted here from the raw lines.
	lines := strings.Split(text, "\n")
	var partStarts []int
	for i, l := range lines {
		if regexp.MustCompile(`^[一二三四五六七八九十]、`).MatchString(l) {
			partStarts = append(partStarts, i)
		}
	}
	if len(partStarts) != seedShape.parts {
		t.Fatalf("sample has %d parts, the seed %d", len(partStarts), seedShape.parts)
	}
	partWords := make([]int, len(partStarts))
	for k, s := range partStarts {
		end := len(lines)
		if k+1 < len(partStarts) {
			end = partStarts[k+1]
		}
		// The closing "各位代表" paragraphs follow the last part without a heading of their
		// own; the outline counts them in the last part, as Word's selection of it would.
		for _, l := range lines[s:end] {
			partWords[k] += wordcount.Count(l).Words
		}
	}
	total := wordcount.Count(text).Words

	must := func(re string) []string {
		t.Helper()
		rx := regexp.MustCompile(re)
		for _, l := range fw {
			if m := rx.FindStringSubmatch(l); m != nil {
				return m
			}
		}
		t.Fatalf("no line of the structure section matches %s:\n%s", re, e.Framework())
		return nil
	}
	within := func(what, about string, real int) {
		t.Helper()
		m := regexp.MustCompile(`^约(\d+)(余?)字$`).FindStringSubmatch(about)
		if m == nil {
			t.Fatalf("%s: %q is not a rounded count", what, about)
		}
		n, _ := strconv.Atoi(m[1])
		step := 100
		if real < 1000 {
			step = 10
		}
		if real < n || real >= n+step || (m[2] == "") != (real == n) {
			t.Errorf("%s: %s for %d 字", what, about, real)
		}
	}
	within("whole", must(`^《报告》共分两大部分，(约\d+余?字)。$`)[1], total)
	p1 := must(`^第一部分为：(.+)，(约\d+余?字)。这一部分.*从(.+)(\d+)个方面实事求是地总结了.*；从(.+?)(\d+)个方面全面总结了`)
	within("part 1", p1[2], partWords[0])
	if n := len(strings.Split(p1[3], "、")); n != seedShape.highlights || p1[4] != strconv.Itoa(n) {
		t.Errorf("part 1 lists %d results and says %s, want %d", n, p1[4], seedShape.highlights)
	}
	if n := len(strings.Split(p1[5], "、")); n != seedShape.sections || p1[6] != strconv.Itoa(n) {
		t.Errorf("part 1 lists %d aspects and says %s, want %d", n, p1[6], seedShape.sections)
	}
	p2 := must(`^第二部分为：(.+)，(约\d+余?字)。这部分从(.+)(\d+)个方面对.*提出需要重点抓好(\d+)个方面的工作：$`)
	within("part 2", p2[2], partWords[1])
	if p2[3] != "总体要求、预期目标和工作重点" || p2[4] != strconv.Itoa(seedShape.overview) {
		t.Errorf("part 2 overview %q %s", p2[3], p2[4])
	}
	if p2[5] != strconv.Itoa(seedShape.areas) {
		t.Errorf("part 2 announces %s areas", p2[5])
	}

	// The ten areas with their sub-areas, read here from the sample's headings.
	type area struct {
		title string
		subs  []string
	}
	var areas []area
	inPlan := false
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "二、"):
			inPlan = true
		case !inPlan:
		case regexp.MustCompile(`^（[一二三四五六七八九十]+）`).MatchString(l):
			areas = append(areas, area{title: strings.TrimRight(regexp.MustCompile(`^（.+?）`).ReplaceAllString(l, ""), "。")})
		case regexp.MustCompile(`^\d+\.`).MatchString(l) && len(areas) > 0:
			head, _, _ := strings.Cut(regexp.MustCompile(`^\d+\.`).ReplaceAllString(l, ""), "。")
			areas[len(areas)-1].subs = append(areas[len(areas)-1].subs, head)
		}
	}
	if len(areas) != seedShape.areas {
		t.Fatalf("sample has %d areas", len(areas))
	}
	ords := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	for k, a := range areas {
		if len(a.subs) < seedShape.minSub || len(a.subs) > seedShape.maxSub {
			t.Errorf("area %d has %d sub-areas", k+1, len(a.subs))
		}
		want := ords[k] + "是" + a.title + "。此块主要从" + strings.Join(a.subs, "、") + strconv.Itoa(len(a.subs)) + "个方面作了安排部署。"
		must("^" + regexp.QuoteMeta(want) + "$")
	}
}

func TestGolden(t *testing.T) {
	tl, err := explain.ParseTimeline(mustRead(t, "../sample/timeline-2027.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		doc  string
		tl   *explain.Timeline
	}{
		{"sample-timeline.md", string(sample.Report(1)), tl},
		{"sample-no-timeline.md", string(sample.Report(1)), nil},
		{"county.md", string(mustRead(t, "testdata/county.txt")), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, err := explain.Write(build(c.doc), c.tl)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, c.name+".golden", []byte(e.Markdown()))
		})
	}
}

func TestStructure(t *testing.T) {
	cases := []struct {
		name, text string
		want       string // parts as title/words-free summary
	}{
		{"areas under a container heading",
			"一、2026年工作回顾\n（一）稳增长。全年增长6%。\n（二）惠民生。办成实事10件。\n二、2027年工作安排\n（一）总体要求\n坚持稳中求进。\n（二）预期目标\n增长6%左右。\n（三）重点工作\n1.抓项目\n（1）招商引资。引进项目。\n（2）要素保障。保障用地。\n2.强工业\n（1）园区建设。扩区调位。\n（2）集群培育。做强链条。\n（3）企业梯队。小升规。",
			"2026年工作回顾 sections=稳增长|惠民生 areas=\n2027年工作安排 sections= overview=总体要求|预期目标|重点工作 areas=抓项目[招商引资|要素保障];强工业[园区建设|集群培育|企业梯队]"},
		{"areas right under the part, opening paragraphs as overview",
			"二、2027年工作安排\n做好今年政府工作，要坚持稳中求进。\n主要预期目标是：增长6%左右。\n（一）抓项目，扩投资\n1.招商引资。引进项目。\n2.要素保障。保障用地。\n（二）强工业\n1.园区建设。扩区调位。\n2.集群培育。做强链条。",
			"2027年工作安排 sections= overview=总体要求|预期目标|工作重点 areas=抓项目，扩投资[招商引资|要素保障];强工业[园区建设|集群培育]"},
		{"no headings", "今年全市经济平稳增长。\n明年继续努力。", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := explain.Analyze(build(c.text))
			var got []string
			for _, p := range s.Parts {
				line := p.Title + " sections=" + strings.Join(p.Sections, "|")
				if len(p.Overview) > 0 {
					line += " overview=" + strings.Join(p.Overview, "|")
				}
				var as []string
				for _, a := range p.Areas {
					as = append(as, a.Title+"["+strings.Join(a.SubAreas, "|")+"]")
				}
				got = append(got, line+" areas="+strings.Join(as, ";"))
			}
			if g := strings.Join(got, "\n"); g != c.want {
				t.Errorf("got\n%s\nwant\n%s", g, c.want)
			}
		})
	}
}

func TestWriteEmpty(t *testing.T) {
	_, err := explain.Write(&report.Document{}, nil)
	if report.ErrorCode(err) != report.EINVALID {
		t.Errorf("empty report: err = %v", err)
	}
}

func TestWriteNoHeadings(t *testing.T) {
	e, err := explain.Write(build("今年全市经济平稳增长。"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Framework(), "未分部分") || !strings.Contains(e.Markdown(), explain.Missing[:len("【待填")]) {
		t.Errorf("no-heading report:\n%s", e.Markdown())
	}
}

func TestDocument(t *testing.T) {
	e, err := explain.Write(build(string(sample.Report(1))), nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := e.Document()
	var heads []string
	for _, b := range doc.Blocks {
		if b.Kind == report.Heading {
			heads = append(heads, b.Text)
		}
	}
	if got, want := strings.Join(heads, "|"), "一、关于《报告》的形成过程|二、《报告》的基本框架和内容|三、《报告》的特点"; got != want {
		t.Errorf("headings %s, want %s", got, want)
	}
	if doc.Title != e.Title {
		t.Errorf("title %q", doc.Title)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func FuzzWrite(f *testing.F) {
	f.Add(string(sample.Report(1)))
	f.Add("一、2026年工作回顾\n一是甲。二是乙。\n二、2027年工作安排\n（一）抓项目\n1.招商。引进。")
	f.Add("第一部分 回顾\n（一）\n1.")
	f.Fuzz(func(t *testing.T, text string) {
		doc := build(text)
		e, err := explain.Write(doc, nil)
		if len(doc.Blocks) == 0 {
			if report.ErrorCode(err) != report.EINVALID {
				t.Fatalf("empty report: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(e.Markdown(), "## 二、《报告》的基本框架和内容") {
			t.Fatal("structure section missing")
		}
		e.Document()
	})
}
