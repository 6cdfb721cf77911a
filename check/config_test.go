package check_test

import (
	"strings"
	"testing"

	"qicao/check"
	"qicao/report"
)

const sampleConfig = `
# 示例市的审校配置
year = 2026
max_sentence = 200
formulations = ["“3815”战略发展目标"]
empty_phrases = ["亮点纷呈"]
off = ["style-overuse"]

[severity]
"num-date-style" = "error"
"repeat-char" = "提示"

[[misused]]
wrong = "示例县"
right = "示例市"
note = "撤县设市后统一称示例市"

[[ignore]]
rule = "word-misused"
text = "其它"
context = "《其它规定汇编》"
`

func TestLoadConfig(t *testing.T) {
	cfg, err := check.LoadConfig([]byte(sampleConfig))
	if err != nil {
		t.Fatal(err)
	}
	doc := build("实现“3816”战略发展目标。", "全市亮点纷呈。", "示例县完成任务。", "学习《其它规定汇编》。", "其它工作。", "着力从从强化保护。",
		"2024年1月5日开工。", "2024年2月6日开工。", "二〇二四年三月一日竣工。")
	fs := check.Check(doc, cfg)
	want := map[string]bool{}
	for _, f := range fs {
		span := doc.Blocks[f.Block].Text[f.Start:f.End]
		want[f.Rule+" "+span] = true
		if f.Rule == "repeat-char" && f.Severity != check.Hint {
			t.Errorf("repeat-char severity = %v, want 提示", f.Severity)
		}
		if f.Rule == "num-date-style" && f.Severity != check.Error {
			t.Errorf("num-date-style severity = %v", f.Severity)
		}
		if f.Rule == "word-misused" && strings.Contains(doc.Blocks[f.Block].Text, "汇编") {
			t.Errorf("ignored finding reported: %s", f.Excerpt)
		}
	}
	for _, w := range []string{"formula-near “3816”战略发展目标", "style-empty 亮点纷呈", "word-misused 示例县", "word-misused 其它"} {
		if !want[w] {
			t.Errorf("missing %q in %v", w, want)
		}
	}
	// The defaults know nothing of the local formulation.
	if f := has(check.Check(doc, nil), "formula-near"); f != nil {
		t.Errorf("default config flagged %s", f.Excerpt)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	for _, in := range []string{
		"year = ",
		"off = [\"no-such-rule\"]",
		"[severity]\n\"repeat-char\" = \"fatal\"",
		"colour = true",
		"[[misused]]\nwrong = \"甲\"",
		"[[ignore]]\nrule = \"repeat-char\"",
		"\xff\xfe",
	} {
		_, err := check.LoadConfig([]byte(in))
		if err == nil || report.ErrorCode(err) != report.EINVALID || report.ErrorMessage(err) == "" {
			t.Errorf("LoadConfig(%q) = %v", in, err)
		}
	}
}

// The messages a writing team reads: in Chinese, naming the line and the setting, and the type
// the setting wants.
func TestLoadConfigMessages(t *testing.T) {
	for in, want := range map[string]string{
		"year = ":                    "第1行第7列：TOML 语法错误",
		"year = \"2027\"":            "设置项 year 的值类型不对，应为整数",
		"off = \"repeat-char\"":      "设置项 off 的值类型不对，应为文字列表",
		"year = 2027\nyear = 2028":   "第2行：设置项重复定义",
		"[[ignore]]\ntext = 1":       "设置项 ignore.text 的值类型不对，应为加英文双引号的文字",
		"year = 20270":               "year 应为报告的年份",
		"max_sentence = -1":          "max_sentence、max_paragraph 不能为负数",
		"[[misused]]\nwrnog = \"甲\"": "未知的设置项 \"misused.wrnog\"",
	} {
		_, err := check.LoadConfig([]byte(in))
		if msg := report.ErrorMessage(err); err == nil || !strings.Contains(msg, want) {
			t.Errorf("LoadConfig(%q): %q, want it to say %q", in, msg, want)
		}
	}
	// Notepad's UTF-8 begins with a byte-order mark.
	cfg, err := check.LoadConfig([]byte("\ufeffyear = 2027\n"))
	if err != nil || cfg.Year != 2027 {
		t.Errorf("a file with a byte-order mark: %v", err)
	}
}

func TestInlineMarker(t *testing.T) {
	doc := build("着力从从强化保护。<!-- qicao-ignore repeat-char -->", "<!-- qicao-ignore -->", "再接再励，推动推动发展。", "再接再励。")
	fs := check.Check(doc, nil)
	if len(fs) != 1 || fs[0].Block != 3 || fs[0].Rule != "word-misused" {
		t.Errorf("findings = %v", rulesOf(fs))
	}
}
