package docx

import (
	"strconv"
	"strings"
)

// style is what a paragraph style tells us: its outline level, its numbering and whether it is
// a table-of-contents entry. Values are resolved through the basedOn chain.
type style struct {
	basedOn    string
	name       string
	outlineLvl int // 0-8, or -1 when unset; 9 means body text
	numID      int // -1 when unset, 0 removes numbering
	ilvl       int // -1 when unset

	resolved bool
	level    int  // StyleLevel: 1-9, 0 for body
	toc      bool // "toc 1", "目录 1": a table of contents entry, generated text
}

type styles struct {
	byID         map[string]*style
	defaultStyle string
}

func readStyles(p *pkg, name string) (*styles, error) {
	st := &styles{byID: map[string]*style{}}
	f := p.find(name)
	if f == nil {
		return st, nil
	}
	data, err := p.read(f)
	if err != nil {
		return nil, err
	}
	sc := newScanner(data)
	var cur *style
	inPPr := false
	for {
		k, err := sc.next()
		if err != nil {
			return nil, partError(name, err)
		}
		switch k {
		case tokEOF:
			return st, nil
		case tokStart:
			switch string(sc.local) {
			case "style":
				cur = nil
				if sc.attr("type") == "paragraph" {
					cur = &style{outlineLvl: -1, numID: -1, ilvl: -1}
					id := sc.attr("styleId")
					st.byID[id] = cur
					if v := sc.attr("default"); v == "1" || v == "true" {
						st.defaultStyle = id
					}
				}
			case "pPrChange", "rPr", "tblPr", "tcPr", "trPr", "latentStyles":
				// Older properties of a tracked change, character and table properties and
				// the list of built-in styles: nothing a paragraph's level depends on.
				if err := sc.skip(); err != nil {
					return nil, partError(name, err)
				}
				continue
			}
			if cur == nil {
				continue
			}
			switch string(sc.local) {
			case "name":
				cur.name = sc.attr("val")
			case "basedOn":
				cur.basedOn = sc.attr("val")
			case "pPr":
				inPPr = true
			case "outlineLvl":
				if inPPr {
					cur.outlineLvl = atoi(sc.attr("val"), -1)
				}
			case "numId":
				if inPPr {
					cur.numID = atoi(sc.attr("val"), -1)
				}
			case "ilvl":
				if inPPr {
					cur.ilvl = atoi(sc.attr("val"), -1)
				}
			}
		case tokEnd:
			switch string(sc.local) {
			case "pPr":
				inPPr = false
			case "style":
				cur = nil
			}
		}
	}
}

// get returns the resolved style with the given ID, or the default paragraph style.
func (st *styles) get(id string) *style {
	s := st.byID[id]
	if s == nil {
		s = st.byID[st.defaultStyle]
	}
	if s == nil {
		return nil
	}
	st.resolve(s, 0)
	return s
}

// resolve fills in inherited values; depth stops a basedOn cycle.
func (st *styles) resolve(s *style, depth int) {
	if s.resolved {
		return
	}
	s.resolved = true
	if parent := st.byID[s.basedOn]; parent != nil && parent != s && depth < 20 {
		st.resolve(parent, depth+1)
		if s.outlineLvl < 0 {
			s.outlineLvl = parent.outlineLvl
		}
		if s.numID < 0 {
			s.numID, s.ilvl = parent.numID, parent.ilvl
		}
		if s.name == "" {
			s.name = parent.name
		}
	}
	name := strings.ToLower(strings.TrimSpace(s.name))
	switch {
	case s.outlineLvl >= 0 && s.outlineLvl < 9:
		s.level = s.outlineLvl + 1
	case s.outlineLvl < 0:
		s.level = headingNameLevel(name)
	}
	// Word's "toc 1" and "TOC Heading", WPS's "目录 1" and "WPSOffice手动目录 1".
	s.toc = strings.HasPrefix(name, "toc ") || name == "toc heading" || strings.Contains(name, "目录")
}

// headingNameLevel reads the level from "heading 2" (Word writes English built-in names whatever
// the interface language) or "标题 2" (WPS).
func headingNameLevel(name string) int {
	for _, prefix := range []string{"heading", "标题"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			n := atoi(strings.TrimSpace(rest), 0)
			if n >= 1 && n <= 9 {
				return n
			}
		}
	}
	return 0
}

func atoi(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return def
	}
	return n
}
