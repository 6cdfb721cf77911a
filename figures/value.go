package figures

import (
	"math/big"
	"strings"

	"qicao/report"
)

// NormalizeUnit writes a unit the one way the register keeps it: ％ as %, no spaces.
func NormalizeUnit(u string) string {
	u = strings.Map(func(r rune) rune {
		if isSpace(r) {
			return -1
		}
		if r == '％' {
			return '%'
		}
		return r
	}, u)
	return u
}

// scale splits a unit into its base and the power of ten its prefix stands for: 亿元 is (元,
// 10^8), 万人次 is (人次, 10^4), % is (%, 1).
func scale(unit string) (base string, factor *big.Rat) {
	unit = NormalizeUnit(unit)
	factor = big.NewRat(1, 1)
	for _, p := range []struct {
		prefix string
		n      int64
	}{{"万亿", 1e12}, {"亿", 1e8}, {"万", 1e4}, {"千", 1e3}, {"百", 1e2}} {
		if rest, ok := strings.CutPrefix(unit, p.prefix); ok && rest != "" && rest != "分点" && !strings.HasPrefix(rest, "米") && !strings.HasPrefix(rest, "瓦") && !strings.HasPrefix(rest, "克") {
			return rest, factor.SetInt64(p.n)
		}
	}
	return unit, factor
}

// Convert converts a number from one unit to another of the same base: 38.65 亿元 is 386500 万元.
// ok is false when the units do not measure the same thing.
func Convert(v *big.Rat, from, to string) (*big.Rat, bool) {
	fb, ff := scale(from)
	tb, tf := scale(to)
	if fb != tb {
		return nil, false
	}
	out := new(big.Rat).Mul(v, ff)
	return out.Quo(out, tf), true
}

// SameBase reports whether two units measure the same thing (亿元 and 万元 do).
func SameBase(a, b string) bool {
	ab, _ := scale(a)
	bb, _ := scale(b)
	return ab == bb
}

// FormatNumber writes a number as a report does: no exponent, no trailing zeros, at most six
// decimals.
func FormatNumber(v *big.Rat) string {
	s := v.FloatString(6)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// normalizeDigits turns full-width digits and points into ASCII and drops thousands commas.
func normalizeDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - 0xFEE0
		case r == '．':
			return '.'
		case r == ',' || r == '，':
			return -1
		case r == '－' || r == '−':
			return '-'
		case r == '＋':
			return '+'
		}
		return r
	}, s)
}

// leadingNumber reads a number at the start of s (digits already ASCII): its value and the rest.
func leadingNumber(s string) (*big.Rat, string, bool) {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	d := i
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' && i > d) {
		i++
	}
	if i == d {
		return nil, s, false
	}
	v, ok := new(big.Rat).SetString(s[:i])
	if !ok {
		return nil, s, false
	}
	return v, s[i:], true
}

// ParseValue checks a value typed for ind and returns it as the register keeps it: a number in
// the indicator's unit ("386.5" for 亿元; "3865000万元" becomes "386.5"), or, where the indicator
// allows text, a phrase such as "6%左右". Errors are *report.Error with a Chinese message.
func ParseValue(ind *report.Indicator, typed string) (string, error) {
	raw := strings.TrimSpace(typed)
	if raw == "" {
		return "", report.Errorf(report.EINVALID, "请填写“%s”的数值", ind.Name)
	}
	if len([]rune(raw)) > 60 {
		return "", report.Errorf(report.EINVALID, "“%s”的数值不能超过 60 个字", ind.Name)
	}
	s := normalizeDigits(raw)
	unit := NormalizeUnit(ind.Unit)
	if v, rest, ok := leadingNumber(s); ok {
		rest = NormalizeUnit(rest)
		switch {
		case rest == "" || rest == unit:
			return FormatNumber(v), nil
		case isUnitText(rest):
			if unit == "" {
				return "", report.Errorf(report.EINVALID, "“%s”不带单位，请只填数字（填写的是“%s”）", ind.Name, raw)
			}
			conv, ok := Convert(v, rest, unit)
			if !ok {
				return "", report.Errorf(report.EINVALID, "“%s”的单位是“%s”，填写的“%s”单位不符", ind.Name, unit, raw)
			}
			return FormatNumber(conv), nil
		}
	}
	if !ind.AllowText {
		return "", report.Errorf(report.EINVALID, "“%s”须填写数字（单位：%s），“%s”不是数值；如需填写“约6%%”这样的文字，请先在指标中勾选“允许文字”", ind.Name, unitLabel(unit), raw)
	}
	// a phrase: it must hold a number, and if it names a unit, the indicator's
	if !strings.ContainsAny(s, "0123456789") {
		return "", report.Errorf(report.EINVALID, "“%s”中没有数字", raw)
	}
	if n, u, ok := Stated(s); ok && n != nil && u != "" && unit != "" && u != unit {
		if !SameBase(u, unit) {
			return "", report.Errorf(report.EINVALID, "“%s”的单位是“%s”，填写的“%s”单位不符", ind.Name, unit, raw)
		}
	}
	if unit != "" && !strings.Contains(NormalizeUnit(s), unit) && !strings.ContainsAny(unit, "%‰") {
		// a count or an amount: the phrase must say its unit so the text reads right
		if _, u, _ := Stated(s); u == "" {
			return "", report.Errorf(report.EINVALID, "“%s”请写明单位“%s”", raw, unit)
		}
	}
	if unit == "%" && !strings.Contains(NormalizeUnit(s), "%") && !strings.Contains(s, "百分点") {
		return "", report.Errorf(report.EINVALID, "“%s”请写明单位“%%”（如“6%%左右”）", raw)
	}
	return strings.ReplaceAll(raw, "％", "%"), nil
}

func unitLabel(u string) string {
	if u == "" {
		return "无"
	}
	return u
}

// isUnitText reports whether s is only a unit: 亿元, 万人, %.
func isUnitText(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune(unitRunes, r) && r != '%' {
			return false
		}
	}
	return true
}

// Stated reads the first number in a piece of text and the unit written after it: "增长6.2%"
// gives (6.2, "%"), "386.5亿元" gives (386.5, "亿元"). ok is false when there is no number.
func Stated(text string) (*big.Rat, string, bool) {
	s := normalizeDigits(text)
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			continue
		}
		start := i
		if i > 0 && s[i-1] == '-' {
			start = i - 1
		}
		v, rest, ok := leadingNumber(s[start:])
		if !ok {
			continue
		}
		rest = strings.TrimLeft(rest, " \u3000")
		rs := []rune(rest)
		u := 0
		for u < len(rs) && u < 6 && strings.ContainsRune(unitRunes, rs[u]) {
			u++
		}
		return v, NormalizeUnit(string(rs[:u])), true
	}
	return nil, "", false
}

// Number is the numeric value of an indicator's value in its unit: the number itself, or the
// first number of a phrase. ok is false for an unfilled value.
func Number(ind *report.Indicator) (*big.Rat, bool) {
	if ind.Value == "" {
		return nil, false
	}
	v, u, ok := Stated(ind.Value)
	if !ok {
		return nil, false
	}
	if u != "" && ind.Unit != "" && u != NormalizeUnit(ind.Unit) {
		if c, ok := Convert(v, u, ind.Unit); ok {
			return c, true
		}
	}
	return v, true
}

// IsNumeric reports whether a stored value is a plain number rather than a phrase.
func IsNumeric(value string) bool {
	_, rest, ok := leadingNumber(value)
	return ok && rest == ""
}

// Display is an indicator's value as it reads in the text: "6.2%", "386.5亿元", "6%左右"; ""
// while unfilled.
func Display(ind *report.Indicator) string {
	if ind.Value == "" {
		return ""
	}
	if IsNumeric(ind.Value) {
		return ind.Value + ind.Unit
	}
	return ind.Value
}

// ParseStatus accepts a status by its Chinese name.
func ParseStatus(s string) (report.FigureStatus, error) {
	s = strings.TrimSpace(s)
	for _, st := range report.FigureStatuses {
		if string(st) == s {
			return st, nil
		}
	}
	switch s {
	case "正式", "确认":
		return report.StatusConfirmed, nil
	case "初步", "核算":
		return report.StatusPreliminary, nil
	case "":
		return "", report.Errorf(report.EINVALID, "请选择数据状态")
	}
	return "", report.Errorf(report.EINVALID, "数据状态“%s”无效，应为待填、预计、初步核算或已确认", s)
}

// ParseKind accepts a kind by its Chinese name.
func ParseKind(s string) (report.IndicatorKind, error) {
	switch strings.TrimSpace(s) {
	case "实绩", "":
		return report.KindActual, nil
	case "预期目标", "目标", "预期":
		return report.KindTarget, nil
	}
	return "", report.Errorf(report.EINVALID, "指标类别“%s”无效，应为实绩或预期目标", s)
}
