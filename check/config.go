package check

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"

	"qicao/report"
)

// Config is what a writing team adds to and changes in the checker. Its file format is TOML,
// documented in README.md beside this file.
type Config struct {
	// Year is the report's year; 0 lets the checker deduce it from the title block and headings.
	Year int `toml:"year"`
	// MaxSentence and MaxParagraph are the lengths, in characters, past which style rules hint.
	MaxSentence  int `toml:"max_sentence"`
	MaxParagraph int `toml:"max_paragraph"`

	Formulations []string          `toml:"formulations"`  // local fixed phrases, spelled exactly
	EmptyPhrases []string          `toml:"empty_phrases"` // more 空话套话
	Indicators   []string          `toml:"indicators"`    // more indicator names for consist-indicator
	Misused      []WordPair        `toml:"misused"`       // more wrong → right pairs
	Lexicon      []string          `toml:"lexicon"`       // the workspace's words: places, firms, local terms
	Off          []string          `toml:"off"`           // rule ids turned off
	Severity     map[string]string `toml:"severity"`      // rule id → error | warning | hint
	Ignore       []Ignore          `toml:"ignore"`        // single findings silenced

	once       sync.Once
	lex        *lexicon
	offSet     map[string]bool
	severities map[string]Severity
}

// WordPair is a wrong form and the right one.
type WordPair struct {
	Wrong string `toml:"wrong"`
	Right string `toml:"right"`
	Note  string `toml:"note"`
}

// Ignore silences findings of Rule ("" for any rule) whose marked text is Text, optionally only
// in paragraphs containing Context.
type Ignore struct {
	Rule    string `toml:"rule"`
	Text    string `toml:"text"`
	Context string `toml:"context"`
}

// DefaultConfig is the built-in configuration: the embedded word lists and no changes.
func DefaultConfig() *Config {
	return &Config{MaxSentence: 150, MaxParagraph: 800}
}

// maxConfigBytes bounds a configuration file; real ones are a few kilobytes.
const maxConfigBytes = 1 << 20

// LoadConfig reads a user's configuration file on top of the defaults.
func LoadConfig(data []byte) (*Config, error) {
	if len(data) > maxConfigBytes {
		return nil, report.Errorf(report.ETOOLARGE, "审校配置文件过大（超过1MB）")
	}
	if !utf8.Valid(data) {
		return nil, report.Errorf(report.EINVALID, "审校配置文件不是UTF-8编码")
	}
	// Notepad and older WPS save UTF-8 with a byte-order mark, which TOML does not allow.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	cfg := DefaultConfig()
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(cfg); err != nil {
		var strict *toml.StrictMissingError
		if errors.As(err, &strict) && len(strict.Errors) > 0 {
			return nil, report.Errorf(report.EINVALID, "审校配置文件中有未知的设置项 %q", strings.Join(strict.Errors[0].Key(), "."))
		}
		return nil, report.Errorf(report.EINVALID, "审校配置文件格式错误：%s", tomlMessage(err))
	}
	for _, id := range cfg.Off {
		if ruleByID[id] == nil {
			return nil, report.Errorf(report.EINVALID, "审校配置 off 中的规则 %q 不存在，运行 qicao check --rules 查看规则", id)
		}
	}
	for id, s := range cfg.Severity {
		if ruleByID[id] == nil {
			return nil, report.Errorf(report.EINVALID, "审校配置 severity 中的规则 %q 不存在", id)
		}
		if _, ok := ParseSeverity(s); !ok {
			return nil, report.Errorf(report.EINVALID, "规则 %s 的严重程度 %q 无效，应为 error、warning 或 hint", id, s)
		}
	}
	for _, ig := range cfg.Ignore {
		if ig.Rule != "" && ruleByID[ig.Rule] == nil {
			return nil, report.Errorf(report.EINVALID, "审校配置 ignore 中的规则 %q 不存在", ig.Rule)
		}
		if strings.TrimSpace(ig.Text) == "" {
			return nil, report.Errorf(report.EINVALID, "审校配置 ignore 的每一项都要写 text（要忽略的原文）")
		}
	}
	for _, p := range cfg.Misused {
		if p.Wrong == "" || p.Right == "" || p.Wrong == p.Right {
			return nil, report.Errorf(report.EINVALID, "审校配置 misused 的每一项都要写不同的 wrong 和 right")
		}
	}
	if cfg.MaxSentence < 0 || cfg.MaxParagraph < 0 {
		return nil, report.Errorf(report.EINVALID, "审校配置中的 max_sentence、max_paragraph 不能为负数")
	}
	if cfg.Year != 0 && (cfg.Year < 1949 || cfg.Year > 2200) {
		return nil, report.Errorf(report.EINVALID, "审校配置中的 year 应为报告的年份，如 2027，现为 %d", cfg.Year)
	}
	return cfg, nil
}

// tomlMessage says in Chinese what is wrong with a configuration file, with its line, and keeps
// the decoder's own words in brackets for whoever knows TOML.
func tomlMessage(err error) string {
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return err.Error()
	}
	row, col := de.Position()
	detail := strings.TrimPrefix(de.Error(), "toml: ")
	key := strings.Join(de.Key(), ".")
	where := "第" + itoa(row) + "行"
	switch {
	case strings.Contains(detail, "cannot decode TOML"):
		what := "设置项"
		if key != "" {
			what = "设置项 " + key + " "
		}
		return where + "：" + what + "的值类型不对，应为" + expectedType(detail) + "（" + detail + "）"
	case strings.Contains(detail, "already defined"):
		return where + "：设置项重复定义（" + detail + "）"
	}
	return where + "第" + itoa(col) + "列：TOML 语法错误，常见原因是等号后缺少值、引号或方括号不配对（" + detail + "）"
}

// expectedType names in Chinese the type a decoder's message says a field has.
func expectedType(detail string) string {
	switch {
	case strings.HasSuffix(detail, "of type int"):
		return "整数，如 2027"
	case strings.HasSuffix(detail, "of type string"):
		return "加英文双引号的文字，如 \"示例\""
	case strings.HasSuffix(detail, "of type []string"):
		return "文字列表，如 [\"甲\", \"乙\"]"
	case strings.Contains(detail, "map["):
		return "表，如 [severity]"
	}
	return "配置说明中写明的类型"
}

func (c *Config) prepare() {
	c.once.Do(func() {
		c.lex = buildLexicon(c)
		c.offSet = map[string]bool{}
		for _, id := range c.Off {
			c.offSet[id] = true
		}
		c.severities = map[string]Severity{}
		for id, s := range c.Severity {
			if v, ok := ParseSeverity(s); ok {
				c.severities[id] = v
			}
		}
	})
}

func (c *Config) compiled() *lexicon {
	c.prepare()
	return c.lex
}

func (c *Config) off(rule string) bool { return c.offSet[rule] }

func (c *Config) severity(rule string, def Severity) Severity {
	if s, ok := c.severities[rule]; ok {
		return s
	}
	return def
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
