package check

import "strings"

// An inline marker silences rules in its paragraph, or in the next one when it stands alone:
//
//	<!-- qicao-ignore repeat-char -->   one or more rule ids, space-separated
//	<!-- qicao-ignore -->               every rule
const markerOpen, markerClose = "<!--", "-->"

func (c *checker) findMarkers() {
	for i := range c.doc.Blocks {
		t := c.doc.Blocks[i].Text
		rest := t
		for at := 0; ; {
			j := strings.Index(t[at:], markerOpen)
			if j < 0 {
				break
			}
			s := at + j
			e := strings.Index(t[s:], markerClose)
			if e < 0 {
				break
			}
			e += s + len(markerClose)
			body := strings.TrimSpace(t[s+len(markerOpen) : e-len(markerClose)])
			at = e
			if !strings.HasPrefix(body, "qicao-ignore") {
				continue
			}
			if c.markers == nil {
				c.markers, c.ignored = map[int][][2]int{}, map[int][]string{}
			}
			c.markers[i] = append(c.markers[i], [2]int{s, e})
			ids := strings.Fields(strings.TrimPrefix(body, "qicao-ignore"))
			if len(ids) == 0 {
				ids = []string{"*"}
			}
			c.ignored[i] = append(c.ignored[i], ids...)
			rest = strings.Replace(rest, t[s:e], "", 1)
			if strings.TrimSpace(rest) == "" && i+1 < len(c.doc.Blocks) {
				c.ignored[i+1] = append(c.ignored[i+1], ids...)
			}
		}
	}
}

func (c *checker) silenced(f Finding) bool {
	for _, id := range c.ignored[f.Block] {
		if id == "*" || id == f.Rule {
			return true
		}
	}
	for _, m := range c.markers[f.Block] {
		if f.Start < m[1] && m[0] < f.End || f.Start == f.End && f.Start >= m[0] && f.Start < m[1] {
			return true
		}
	}
	if len(c.cfg.Ignore) == 0 && len(c.cfg.Lexicon) == 0 {
		return false
	}
	t := c.text(f.Block)
	// A finding inside a word of the workspace lexicon is about the word, which the team vouches for.
	for _, w := range c.cfg.Lexicon {
		if w = strings.TrimSpace(w); w == "" {
			continue
		}
		for at := 0; ; {
			j := strings.Index(t[at:], w)
			if j < 0 {
				break
			}
			s := at + j
			if s <= f.Start && f.End <= s+len(w) && f.End > f.Start {
				return true
			}
			at = s + len(w)
		}
	}
	for _, ig := range c.cfg.Ignore {
		if ig.Rule != "" && ig.Rule != f.Rule || ig.Context != "" && !strings.Contains(t, ig.Context) {
			continue
		}
		for at := 0; ; {
			j := strings.Index(t[at:], ig.Text)
			if j < 0 {
				break
			}
			s := at + j
			e := s + len(ig.Text)
			if s <= f.Start && f.End <= e || f.Start < e && s < f.End && f.End-f.Start > len(ig.Text) {
				return true
			}
			at = s + 1
		}
	}
	return false
}
