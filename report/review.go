package report

import (
	"context"
	"encoding/hex"
	"hash/fnv"
	"strings"
	"time"
	"unicode/utf8"
)

// Dismissal is a checker finding a writer has judged no error, with the reason. It is kept with
// the workspace and keyed by the finding's rule, its sentence and its marked text, not by the
// paragraph: it applies to every later version while that sentence reads the same, and lapses
// as soon as the sentence is edited.
type Dismissal struct {
	ID          int64
	WorkspaceID int64
	Rule        string
	Sentence    string // the sentence holding the finding, as written
	Span        string // the marked text
	Key         string // FindingKey(Rule, Sentence, Span)
	Reason      string
	By          int64
	At          time.Time
}

// FindingKey identifies a finding by what it is about: the rule, the whole sentence and the
// marked text, hashed so that a long sentence keys an index cheaply. FNV-128a, not a
// cryptographic hash: the key guards against nothing, and the domain stays free of crypto's
// start-up cost in the file commands.
func FindingKey(rule, sentence, span string) string {
	h := fnv.New128a()
	h.Write([]byte(rule))
	h.Write([]byte{0})
	h.Write([]byte(sentence))
	h.Write([]byte{0})
	h.Write([]byte(span))
	return hex.EncodeToString(h.Sum(nil))
}

// LexiconWord is a word of the workspace lexicon: a local place, an enterprise's short name, a
// local formulation ("3815"). The checker reads it as a word in this workspace.
type LexiconWord struct {
	ID          int64
	WorkspaceID int64
	Word        string
	By          int64
	At          time.Time
}

// MaxLexiconWord is the longest lexicon word, in characters; longer text is a phrase, for which
// a dismissal is the tool.
const MaxLexiconWord = 20

// CleanLexiconWord trims w and checks it is one word: 1 to MaxLexiconWord characters, no space
// or line break inside.
func CleanLexiconWord(w string) (string, error) {
	w = strings.TrimSpace(w)
	n := utf8.RuneCountInString(w)
	switch {
	case n == 0:
		return "", Errorf(EINVALID, "请填写要加入词库的词")
	case n > MaxLexiconWord:
		return "", Errorf(EINVALID, "词库中的词不能超过%d个字", MaxLexiconWord)
	case strings.ContainsAny(w, " \t\r\n\u3000"):
		return "", Errorf(EINVALID, "词库中的词不能含空格或换行")
	}
	return w, nil
}

// ReviewStore keeps what writers decided about the checker's findings: dismissals and the
// workspace lexicon.
type ReviewStore interface {
	// Dismiss stores d (Key computed, ID and At set); the same finding dismissed twice is a
	// conflict.
	Dismiss(ctx context.Context, d *Dismissal, audit AuditEntry) error
	Dismissals(ctx context.Context, workspaceID int64) ([]Dismissal, error) // oldest first
	// Undismiss removes a dismissal of the workspace: the finding shows again.
	Undismiss(ctx context.Context, workspaceID, id int64, audit AuditEntry) error

	// AddLexiconWord stores w (cleaned, ID and At set); a word already there is a conflict.
	AddLexiconWord(ctx context.Context, w *LexiconWord, audit AuditEntry) error
	Lexicon(ctx context.Context, workspaceID int64) ([]LexiconWord, error) // in the order added
	DeleteLexiconWord(ctx context.Context, workspaceID, id int64, audit AuditEntry) error
}
