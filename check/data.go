package check

import (
	"embed"
	"strings"
)

// The word lists are ours, kept as text so a reviewer can read and change them.
//
//go:embed data/*.txt
var dataFS embed.FS

// dataLines returns the non-comment lines of an embedded list, fields split on tabs or, for
// lists of single words, on spaces.
func dataLines(name string) []string {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		panic(err) // the file is embedded; its absence is a build mistake
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out
}
