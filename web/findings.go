package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"qicao/check"
	"qicao/report"
)

// finding is one of the checker's findings, placed in its paragraph: Start and End are byte
// offsets into the block's text.
type finding struct {
	N          int // position in the version's list: the mark's id is f-N
	Rule       string
	Family     string // the family's Chinese name
	Block      int
	BlockID    string // "" for the title block
	Note       int    // from 1: the finding lies in the block's Note-th footnote or endnote, at Start:End of its text
	Start, End int
	Severity   string // error, warning or hint, for the style
	Level      string // 错误, 警告 or 提示
	Message    string
	Suggestion string
	Excerpt    string
	Part       int    // index into the panel's parts
	Span       string // the marked text
	Sentence   string // the sentence holding it, which keys a dismissal
	Anchor     string // where the list jumps: the mark, or its paragraph when marks overlap
	Guess      string // what "加入词库" offers to add: the marked text with its neighbours
	Dismissed  *report.Dismissal
}

// bodyBlock is a paragraph as the version page shows it: its text cut into segments so that the
// checker's findings are marked where they apply, and the findings listed under it.
type bodyBlock struct {
	*report.Block
	Tag      string // h2…h5 for headings, p for paragraphs
	Segments []segment
	Findings []finding
}

type segment struct {
	ID       string // the mark's anchor, f-N
	n        int
	Text     string
	Marked   bool
	Note     string
	Severity string
	Fig      string // a bound figure's class: fig-unfilled, fig-filled, fig-confirmed, fig-differs
}

// reviewState is what a workspace decided about the checker's findings: its lexicon, given to
// the checker, and its dismissals, applied to the findings. Key changes whenever either does,
// so a version's cached page is rebuilt then and only then.
type reviewState struct {
	Key        string
	cfg        *check.Config
	Words      []report.LexiconWord
	Dismissals []report.Dismissal
	dismissed  map[string]*report.Dismissal // by report.FindingKey
}

// reviewFor returns a workspace's review state. Like a session (loginTTL), an instance trusts
// what it read for up to two seconds, so a busy version page does not read the database on every
// view; a change made here is seen at once (forgetReview), one made on another instance sharing
// the database within that time. The checker's configuration is compiled once per distinct
// lexicon and kept.
func (s *Server) reviewFor(ctx context.Context, workspaceID int64) (*reviewState, error) {
	now := s.now()
	s.mu.Lock()
	c, ok := s.reviews[workspaceID]
	s.mu.Unlock()
	if ok && now.Before(c.until) {
		return c.st, nil
	}
	st, err := s.readReview(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if len(s.reviews) >= 1000 {
		clear(s.reviews)
	}
	s.reviews[workspaceID] = cachedReview{st: st, until: now.Add(loginTTL)}
	s.mu.Unlock()
	return st, nil
}

// forgetReview drops the cached review state of a workspace after a change here.
func (s *Server) forgetReview(workspaceID int64) {
	s.mu.Lock()
	delete(s.reviews, workspaceID)
	s.mu.Unlock()
}

type cachedReview struct {
	st    *reviewState
	until time.Time
}

func (s *Server) readReview(ctx context.Context, workspaceID int64) (*reviewState, error) {
	words, err := s.store.Lexicon(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	ds, err := s.store.Dismissals(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	st := &reviewState{Words: words, Dismissals: ds, dismissed: make(map[string]*report.Dismissal, len(ds))}
	lex := make([]string, len(words))
	h := sha256.New()
	for i, w := range words {
		lex[i] = w.Word
		h.Write([]byte(w.Word))
		h.Write([]byte{0})
	}
	lexKey := hex.EncodeToString(h.Sum(nil))
	h.Write([]byte{1})
	for i := range ds {
		st.dismissed[ds[i].Key] = &ds[i]
		h.Write([]byte(ds[i].Key))
		h.Write([]byte(ds[i].Reason))
		h.Write([]byte{0})
	}
	if len(words) > 0 || len(ds) > 0 {
		st.Key = hex.EncodeToString(h.Sum(nil))
	}
	if len(words) == 0 {
		st.cfg = check.DefaultConfig()
		return st, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st.cfg = s.checkConfigs[lexKey]; st.cfg == nil {
		if len(s.checkConfigs) >= 64 {
			clear(s.checkConfigs)
		}
		st.cfg = check.DefaultConfig()
		st.cfg.Lexicon = lex
		s.checkConfigs[lexKey] = st.cfg
	}
	return st, nil
}

// findingsFor runs the checker over doc with the workspace's lexicon and marks the findings the
// workspace dismissed.
func findingsFor(doc *report.Document, st *reviewState) []finding {
	cfg := check.DefaultConfig()
	if st != nil && st.cfg != nil {
		cfg = st.cfg
	}
	found := check.Check(doc, cfg)
	title := check.TitleText(doc)
	fs := make([]finding, 0, len(found))
	for i, f := range found {
		sev, _ := f.Severity.MarshalText()
		text := title
		if f.Block >= 0 && f.Block < len(doc.Blocks) {
			text = doc.Blocks[f.Block].Text
			if notes := doc.Blocks[f.Block].Notes; f.Note > 0 && f.Note <= len(notes) {
				text = notes[f.Note-1].Text
			}
		}
		fd := finding{N: i + 1, Rule: f.Rule, Family: check.FamilyName(f.Family), Block: f.Block, BlockID: f.BlockID, Note: f.Note,
			Start: f.Start, End: f.End, Severity: string(sev), Level: f.Severity.String(), Message: f.Message,
			Suggestion: f.Suggestion, Excerpt: f.Excerpt}
		if f.Note > 0 {
			// Offsets count in the note, not in the text shown: listed under the paragraph,
			// not marked in it.
			fd.Message = "注释" + strconv.Itoa(f.Note) + "：" + f.Message + "（" + f.Excerpt + "）"
		}
		if f.Start >= 0 && f.Start <= f.End && f.End <= len(text) {
			fd.Span = text[f.Start:f.End]
			fd.Sentence = sentenceAround(text, f.Start, f.End)
			fd.Guess = guessWord(text, f.Start, f.End)
		}
		if fd.Span == "" { // a finding about a whole paragraph or a missing mark: key by the paragraph
			fd.Span, fd.Sentence = text, text
		}
		if st != nil {
			fd.Dismissed = st.dismissed[report.FindingKey(fd.Rule, fd.Sentence, fd.Span)]
		}
		fs = append(fs, fd)
	}
	return fs
}

// sentenceAround returns the sentence of text holding [start, end): from after the end mark
// before it to its own end mark (with a closing quote or bracket after it).
func sentenceAround(text string, start, end int) string {
	const ends = "。！？；\n"
	a := start
	for a > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:a])
		if strings.ContainsRune(ends, r) {
			break
		}
		a -= size
	}
	b := end
	for b < len(text) {
		r, size := utf8.DecodeRuneInString(text[b:])
		b += size
		if strings.ContainsRune(ends, r) {
			for b < len(text) {
				r, size := utf8.DecodeRuneInString(text[b:])
				if !strings.ContainsRune("”’）》」", r) {
					break
				}
				b += size
			}
			break
		}
	}
	return text[a:b]
}

// guessWord offers, for "加入词库", the marked text with up to two Chinese characters on each
// side: the name the checker did not know is usually among them, and the writer trims it.
func guessWord(text string, start, end int) string {
	a, b := start, end
	for n := 0; n < 2 && a > 0; n++ {
		r, size := utf8.DecodeLastRuneInString(text[:a])
		if !han(r) {
			break
		}
		a -= size
	}
	for n := 0; n < 2 && b < len(text); n++ {
		r, size := utf8.DecodeRuneInString(text[b:])
		if !han(r) {
			break
		}
		b += size
	}
	w := text[a:b]
	if utf8.RuneCountInString(w) > report.MaxLexiconWord {
		return ""
	}
	return w
}

func han(r rune) bool { return r >= 0x3400 && r <= 0x9FFF }

// annotate prepares the blocks of doc for the version page: every finding (dismissed ones
// included, for the panel), those on the title block apart, and the count of those shown.
func annotate(doc *report.Document, st *reviewState) (blocks []bodyBlock, title []finding, all []finding, shown int) {
	all = findingsFor(doc, st)
	byBlock := make(map[int][]finding)
	for i := range all {
		f := &all[i]
		if f.Dismissed != nil {
			continue
		}
		shown++
		switch {
		case f.Block == -1:
			title = append(title, *f)
		case f.Block >= 0 && f.Block < len(doc.Blocks):
			byBlock[f.Block] = append(byBlock[f.Block], *f)
		}
	}
	blocks = make([]bodyBlock, len(doc.Blocks))
	marked := map[int]bool{}
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		bb := bodyBlock{Block: b, Tag: "p", Findings: byBlock[i]}
		if b.Kind == report.Heading && !b.RunIn() {
			bb.Tag = [...]string{"h2", "h2", "h3", "h4", "h5", "h5", "h5"}[min(b.Level, 6)]
		}
		bb.Segments = segments(b.Text, bb.Findings)
		for _, sg := range bb.Segments {
			marked[sg.n] = true
		}
		blocks[i] = bb
	}
	for i := range all {
		f := &all[i]
		switch {
		case marked[f.N]:
			f.Anchor = "f-" + strconv.Itoa(f.N)
		case f.BlockID != "":
			f.Anchor = f.BlockID
		default:
			f.Anchor = "doc-title"
		}
	}
	return blocks, title, all, shown
}

// segments cuts text at the findings' spans; overlapping spans are merged into the first.
func segments(text string, fs []finding) []segment {
	sorted := append([]finding(nil), fs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	var segs []segment
	pos := 0
	for _, f := range sorted {
		if f.Note > 0 || f.Start < pos || f.End <= f.Start || f.End > len(text) {
			continue
		}
		if f.Start > pos {
			segs = append(segs, segment{Text: text[pos:f.Start]})
		}
		id := ""
		if f.N > 0 {
			id = "f-" + strconv.Itoa(f.N)
		}
		segs = append(segs, segment{ID: id, n: f.N, Text: text[f.Start:f.End], Marked: true, Note: f.Message, Severity: f.Severity})
		pos = f.End
	}
	if pos < len(text) {
		segs = append(segs, segment{Text: text[pos:]})
	}
	return segs
}
