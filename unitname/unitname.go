// Package unitname resolves the names writers type for units to the units they mean: the full
// name (市发展和改革局), the name without the 市/县/区 prefix (发展和改革局), a part of it (北岗)
// or the short form the office speaks of (发改局, 人社局, 卫健委, 市场监管局). The figures'
// placeholders, the seminar's form and the round page's filter all read names this way.
package unitname

import (
	"strings"

	"qicao/report"
)

// Normalize drops spaces and quotes and makes full-width letters and digits half-width, so that
// a name typed in a Word document or a form compares equal to the stored one.
func Normalize(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000' || r == '\u00a0' || r == '“' || r == '”' || r == '"':
			continue
		case r >= '０' && r <= '９' || r >= 'Ａ' && r <= 'Ｚ' || r >= 'ａ' && r <= 'ｚ':
			r -= 0xFEE0
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// trim drops the administrative prefix: 市发展和改革局 is 发展和改革局 to a city's writers.
func trim(s string) string {
	for _, p := range []string{"市", "县", "区"} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// Exact finds the unit whose name is name, with or without the 市/县/区 prefix.
func Exact(name string, units []report.Unit) (report.Unit, bool) {
	name = Normalize(name)
	if name == "" {
		return report.Unit{}, false
	}
	for _, u := range units {
		if n := Normalize(u.Name); n == name || trim(n) == trim(name) {
			return u, true
		}
	}
	return report.Unit{}, false
}

// Abbreviates reports whether short is the short form of the unit name full, as the office
// writes it: its characters are full's in order, the first at the start and the last at the
// end, or at the start of the closing 委员会 or 办公室 (发改局 for 市发展和改革局, 卫健委 for
// 市卫生健康委员会). With or without the 市/县/区 prefix on either.
func Abbreviates(short, full string) bool {
	return abbreviates(short, full, true)
}

// abbreviates is Abbreviates; without end, the last character may be anywhere after the
// others, as when a writer filters by 发改.
func abbreviates(short, full string, end bool) bool {
	short, full = Normalize(short), Normalize(full)
	for _, p := range [][2]string{{short, full}, {trim(short), trim(full)}, {short, trim(full)}} {
		if subsequence(p[0], p[1], end) {
			return true
		}
	}
	return false
}

func subsequence(short, long string, end bool) bool {
	s, l := []rune(short), []rune(long)
	if len(s) < 2 || len(s) >= len(l) || s[0] != l[0] {
		return false
	}
	if end {
		last := s[len(s)-1]
		switch {
		case last == l[len(l)-1]:
		case last == '委' && strings.HasSuffix(long, "委员会"):
		case last == '办' && strings.HasSuffix(long, "办公室"):
		default:
			return false
		}
	}
	i := 0
	for _, r := range l {
		if i < len(s) && r == s[i] {
			i++
		}
	}
	return i == len(s)
}

// Candidates is the units among units that name may mean: the one whose full name it is (see
// Exact), else every unit whose name holds it or that it abbreviates, in the order of units.
// None when name is empty. A caller that needs one unit refuses several, naming them.
func Candidates(name string, units []report.Unit) []report.Unit {
	if u, ok := Exact(name, units); ok {
		return []report.Unit{u}
	}
	name = Normalize(name)
	if name == "" {
		return nil
	}
	var out []report.Unit
	for _, u := range units {
		if strings.Contains(Normalize(u.Name), name) || abbreviates(name, u.Name, false) {
			out = append(out, u)
		}
	}
	return out
}
