// Package check is 审校: it proofreads a report for the slips a writing team cannot see by
// reading (a doubled character, a count that does not match its list, 八是 after 六是, one figure
// given two values) and stays quiet on correct text. Check is pure: no I/O, no global state
// beyond the word lists embedded in the binary.
package check

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"qicao/report"
)

// Severity ranks a finding. The zero value is not a severity.
type Severity int

const (
	Hint Severity = iota + 1
	Warning
	Error
)

// String is the Chinese name shown to users.
func (s Severity) String() string {
	switch s {
	case Error:
		return "错误"
	case Warning:
		return "警告"
	case Hint:
		return "提示"
	}
	return ""
}

// MarshalText gives the stable English name used in JSON and configuration files.
func (s Severity) MarshalText() ([]byte, error) {
	switch s {
	case Error:
		return []byte("error"), nil
	case Warning:
		return []byte("warning"), nil
	case Hint:
		return []byte("hint"), nil
	}
	return []byte(""), nil
}

// ParseSeverity accepts the English and the Chinese names.
func ParseSeverity(s string) (Severity, bool) {
	switch strings.TrimSpace(s) {
	case "error", "错误":
		return Error, true
	case "warning", "警告":
		return Warning, true
	case "hint", "提示":
		return Hint, true
	}
	return 0, false
}

// UnmarshalText is the inverse of MarshalText.
func (s *Severity) UnmarshalText(b []byte) error {
	v, ok := ParseSeverity(string(b))
	if !ok {
		return report.Errorf(report.EINVALID, "未知的严重程度 %q，应为 error、warning 或 hint", string(b))
	}
	*s = v
	return nil
}

// Finding is one thing the checker wants a person to look at.
type Finding struct {
	Rule     string   `json:"rule"`
	Family   string   `json:"family"`
	Severity Severity `json:"severity"`
	// Block indexes doc.Blocks; -1 is the title block (title, subtitle, speaker).
	Block   int    `json:"block"`
	BlockID string `json:"blockId,omitempty"`
	// Note, from 1, says the finding is in the block's Note-th footnote or endnote.
	Note int `json:"note,omitempty"`
	// Start and End are byte offsets into the block's text (for Block -1, into TitleText(doc);
	// for a note, into the note's text).
	Start int      `json:"start"`
	End   int      `json:"end"`
	Path  []string `json:"path,omitempty"`
	// Excerpt is the surrounding text with the span between 【 and 】.
	Excerpt    string `json:"excerpt"`
	Message    string `json:"message"`
	Suggestion string `json:"suggestion,omitempty"`
}

// TitleText is the text that findings with Block -1 point into: title, subtitle and speaker,
// one a line.
func TitleText(doc *report.Document) string {
	var parts []string
	for _, s := range []string{doc.Title, doc.Subtitle, doc.Speaker} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n")
}

// Families, in the order a report groups them.
var families = []struct{ id, name string }{
	{"punctuation", "标点"},
	{"numbers", "数字"},
	{"repetition", "重复"},
	{"words", "用词"},
	{"formulations", "提法"},
	{"sequences", "序号"},
	{"counts", "数量"},
	{"consistency", "一致性"},
	{"placeholders", "占位符"},
	{"style", "文风"},
}

// FamilyName is the Chinese name of a rule family.
func FamilyName(id string) string {
	for _, f := range families {
		if f.id == id {
			return f.name
		}
	}
	return id
}

// Families lists the family ids in display order.
func Families() []string {
	out := make([]string, len(families))
	for i, f := range families {
		out[i] = f.id
	}
	return out
}

// MaxFindings caps the findings of one check: past it a text is garbage rather than a draft,
// and memory stays bounded whatever the input.
const MaxFindings = 5000

// Check proofreads doc. Findings come in document order. cfg may be nil for the defaults.
func Check(doc *report.Document, cfg *Config) []Finding {
	if doc == nil {
		return nil
	}
	if cfg == nil {
		cfg = defaultConfig()
	}
	c := newChecker(normalize(doc), cfg)
	c.run()
	return mergeNotes(c.finish(), checkNotes(doc, cfg))
}

// defaultConfig is the built-in configuration, compiled once on first use (never at start-up).
var defaultConfig = sync.OnceValue(DefaultConfig)

// checker holds one run's state; rules add findings through it.
type checker struct {
	doc  *report.Document
	cfg  *Config
	lex  *lexicon
	out  []Finding
	year int // the report's year, 0 when it cannot be told
	// ignored[i] lists rules silenced in block i by an inline marker ("*" for all).
	ignored map[int][]string
	markers map[int][][2]int // marker spans per block, never reported on

	rt      runeText
	rtText  string
	rtValid bool

	years   map[int]bool  // four-digit years the document mentions
	overuse map[int][]int // overuse word index → blocks of its occurrences
	overOff map[int][]int // and their byte offsets

	indicators map[string][]indicatorUse
	indKeys    []string // in order of first use, for a stable report
	indBlock   int
	indEnd     int
	sections   []int
	all        string // every block's text, for evidence about words
	attest     map[string]bool
	redupSeen  map[string]bool
}

func newChecker(doc *report.Document, cfg *Config) *checker {
	return &checker{doc: doc, cfg: cfg, lex: cfg.compiled()}
}

// text returns the text of block i, -1 for the title block.
func (c *checker) text(i int) string {
	if i < 0 {
		return TitleText(c.doc)
	}
	return c.doc.Blocks[i].Text
}

func (c *checker) run() {
	c.findMarkers()
	c.year = reportYear(c.doc)
	for i := -1; i < len(c.doc.Blocks); i++ {
		if i >= 0 && c.doc.Blocks[i].Kind == report.Table {
			c.scanTable(i)
			continue
		}
		t := c.text(i)
		if t == "" {
			continue
		}
		c.scanPunct(i, t)
		c.scanNumbers(i, t)
		c.scanRepeat(i, t)
		c.scanLexicon(i, t)
		c.scanPlaceholders(i, t)
		c.scanStyle(i, t)
		if i >= 0 {
			c.scanListCount(i, t)
		}
	}
	c.checkDateStyle()
	c.checkInlineSequences()
	c.checkHeadings()
	c.checkFollowCounts()
	c.checkIndicators()
	c.checkYears()
	c.checkLengths()
	c.checkOveruse()
}

// scanTable runs only the rules that make sense cell by cell.
func (c *checker) scanTable(i int) {
	t := c.doc.Blocks[i].Text
	c.scanNumbers(i, t)
	c.scanLexicon(i, t)
	c.scanPlaceholders(i, t)
}

// add records a finding for rule on block i, span [start,end).
func (c *checker) add(rule string, i, start, end int, msg, suggestion string) {
	r := ruleByID[rule]
	if r == nil {
		panic("check: unknown rule " + rule) // a programming error caught by the tests
	}
	c.addWith(rule, c.cfg.severity(rule, r.Severity), i, start, end, msg, suggestion)
}

// addWith is add with a severity chosen by the rule for this finding (a configured severity
// still wins).
func (c *checker) addWith(rule string, sev Severity, i, start, end int, msg, suggestion string) {
	r := ruleByID[rule]
	if c.cfg.off(rule) || len(c.out) >= MaxFindings {
		return
	}
	if s, ok := c.cfg.severities[rule]; ok {
		sev = s
	}
	t := c.text(i)
	if start < 0 {
		start = 0
	}
	if end > len(t) {
		end = len(t)
	}
	if end < start {
		end = start
	}
	f := Finding{
		Rule: rule, Family: r.Family, Severity: sev,
		Block: i, Start: start, End: end,
		Excerpt: excerpt(t, start, end), Message: msg, Suggestion: suggestion,
	}
	if i >= 0 {
		f.BlockID = c.doc.Blocks[i].ID
	}
	c.out = append(c.out, f)
}

// finish drops silenced findings, sorts the rest and fills in their paths.
func (c *checker) finish() []Finding {
	kept := c.out[:0]
	for _, f := range c.out {
		if c.silenced(f) {
			continue
		}
		kept = append(kept, f)
	}
	sort.SliceStable(kept, func(a, b int) bool {
		if kept[a].Block != kept[b].Block {
			return kept[a].Block < kept[b].Block
		}
		return kept[a].Start < kept[b].Start
	})
	// Several rules may see one slip (an ASCII semicolon is also a doubled mark); keep the first
	// finding per rule and span.
	out := kept[:0]
	for i, f := range kept {
		if i > 0 {
			p := out[len(out)-1]
			if p.Block == f.Block && p.Start == f.Start && p.End == f.End && p.Rule == f.Rule {
				continue
			}
		}
		out = append(out, f)
	}
	c.fillPaths(out)
	return out
}

// fillPaths sets each finding's heading path in one pass over the blocks, keeping the headings
// open at each point on a stack (doc.Path per finding would be quadratic in a long document).
func (c *checker) fillPaths(out []Finding) {
	var stack []*report.Block
	var labels []string
	k := 0
	for k < len(out) && out[k].Block < 0 {
		k++
	}
	for i := range c.doc.Blocks {
		if k >= len(out) {
			return
		}
		b := &c.doc.Blocks[i]
		if b.Kind == report.Heading {
			for len(stack) > 0 && stack[len(stack)-1].Level >= b.Level {
				stack, labels = stack[:len(stack)-1], labels[:len(labels)-1]
			}
			stack = append(stack, b)
			labels = append(labels, strings.TrimSpace(b.Label()+b.Title()))
		}
		var path []string
		for k < len(out) && out[k].Block == i {
			if path == nil && len(labels) > 0 {
				path = append([]string(nil), labels...)
			}
			out[k].Path = path
			k++
		}
	}
}

// excerpt shows up to 15 characters each side of the span, the span between 【 and 】.
func excerpt(t string, start, end int) string {
	const side = 15
	a := start
	for n := 0; a > 0 && n < side; n++ {
		_, size := utf8.DecodeLastRuneInString(t[:a])
		if t[a-size] == '\n' {
			break
		}
		a -= size
	}
	b := end
	for n := 0; b < len(t) && n < side; n++ {
		r, size := utf8.DecodeRuneInString(t[b:])
		if r == '\n' {
			break
		}
		b += size
	}
	var sb strings.Builder
	if a > 0 {
		sb.WriteString("…")
	}
	sb.WriteString(strings.ToValidUTF8(t[a:start], "\uFFFD"))
	sb.WriteString("【")
	sb.WriteString(strings.ToValidUTF8(t[start:end], "\uFFFD"))
	sb.WriteString("】")
	sb.WriteString(strings.ToValidUTF8(t[end:b], "\uFFFD"))
	if b < len(t) {
		sb.WriteString("…")
	}
	return sb.String()
}

// decoded returns t decoded into runes, reusing the last decoding when t is the same block.
func (c *checker) decoded(t string) *runeText {
	if c.rtValid && c.rtText == t {
		return &c.rt
	}
	decode(t, &c.rt)
	c.rtText, c.rtValid = t, true
	return &c.rt
}
