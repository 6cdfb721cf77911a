package store

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"qicao/report"
)

// checkText rejects text that PostgreSQL cannot store and SQLite would store differently: invalid
// UTF-8 and NUL characters. Both databases must keep exactly the same things.
func checkText(texts ...string) error {
	for _, s := range texts {
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			return report.Errorf(report.EINVALID, "内容含有无效字符")
		}
	}
	return nil
}

// checkName refuses in a name what makes two names look alike or a name look like another:
// control characters, and the invisible format characters (zero-width spaces and joiners,
// direction marks, embeddings, overrides and isolates, the byte-order mark). Names are read by
// people choosing whom to trust; text in a report may keep such characters.
func checkName(what, s string) error {
	if err := checkText(s); err != nil {
		return err
	}
	for _, r := range s {
		if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			return report.Errorf(report.EINVALID, "%s不能含有不可见字符或改变文字方向的字符（U+%04X）", what, r)
		}
	}
	return nil
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

func validRole(r report.Role) bool {
	switch r {
	case report.RoleAdmin, report.RoleWriter, report.RoleLeader, report.RoleContact:
		return true
	}
	return false
}

func validGroup(g report.GroupRole) bool {
	switch g {
	case report.GroupNone, report.GroupHead, report.GroupDeputy, report.GroupMember:
		return true
	}
	return false
}

func validUnitKind(k report.UnitKind) bool {
	switch k {
	case report.UnitTownship, report.UnitDepartment, report.UnitLeadership, report.UnitWriting:
		return true
	}
	return false
}
