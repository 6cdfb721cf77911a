package material

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"qicao/report"
)

// Similarity is the least Jaccard similarity of two proposals' character bigrams (name and
// content) for them to be grouped together.
const Similarity = 0.35

// Group is proposals that look like the same project, proposed by one or several units.
type Group struct {
	Projects []report.Project
	Units    int // distinct proposing units
}

// GroupProjects puts similar proposals together: two proposals are linked when their names
// are equal or one contains the other, when their names' character bigrams overlap by half,
// or when name and content together overlap by Similarity; groups are the connected sets. Groups with more units come first, then in the order of their first proposal.
func GroupProjects(ps []report.Project) []Group {
	grams := make([]map[string]bool, len(ps))
	names := make([]map[string]bool, len(ps))
	for i, p := range ps {
		grams[i] = bigrams(p.Name + " " + p.Name + " " + p.Content) // the name weighs double
		names[i] = bigrams(p.Name)
	}
	parent := make([]int, len(ps))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i := range ps {
		for j := i + 1; j < len(ps); j++ {
			if sameName(ps[i].Name, ps[j].Name) || jaccard(names[i], names[j]) >= 0.5 || jaccard(grams[i], grams[j]) >= Similarity {
				if a, b := find(i), find(j); a != b {
					parent[max(a, b)] = min(a, b)
				}
			}
		}
	}
	index := map[int]int{}
	var groups []Group
	for i, p := range ps {
		r := find(i)
		gi, ok := index[r]
		if !ok {
			gi = len(groups)
			index[r] = gi
			groups = append(groups, Group{})
		}
		groups[gi].Projects = append(groups[gi].Projects, p)
	}
	for i := range groups {
		units := map[int64]bool{}
		for _, p := range groups[i].Projects {
			units[p.UnitID] = true
		}
		groups[i].Units = len(units)
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].Units > groups[j].Units })
	return groups
}

// sameName: equal names, or one of four characters or more inside the other ("老旧小区改造"
// and "老旧小区改造提升").
func sameName(a, b string) bool {
	a, b = normalName(a), normalName(b)
	if utf8.RuneCountInString(a) > utf8.RuneCountInString(b) {
		a, b = b, a
	}
	return a == b || utf8.RuneCountInString(a) >= 4 && strings.Contains(b, a)
}

func normalName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			return -1
		}
		return r
	}, s)
}

// bigrams is the set of adjacent character pairs of s, punctuation and spaces dropped.
func bigrams(s string) map[string]bool {
	rs := []rune(normalName(s))
	m := make(map[string]bool, len(rs))
	for i := 0; i+1 < len(rs); i++ {
		m[string(rs[i:i+2])] = true
	}
	return m
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}
