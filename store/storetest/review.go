package storetest

import (
	"context"
	"reflect"
	"testing"

	"qicao/report"
)

// testReview: dismissals keyed by sentence and the workspace lexicon, each change audited, a
// second workspace seeing none of the first's.
func testReview(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	w, _, writer := seed(t, s)
	other := &report.Workspace{Name: "2027年政府工作报告", Year: 2027}
	must(t, "CreateWorkspace", s.CreateWorkspace(ctx, other, by(0, "workspace.create")))
	before := auditCount(t, s)

	d := &report.Dismissal{WorkspaceID: w.ID, Rule: "repeat-char", Sentence: "推进示锦锦绣新城建设。", Span: "锦锦", Reason: "示锦是镇名", By: writer.ID}
	must(t, "Dismiss", s.Dismiss(ctx, d, by(writer.ID, "")))
	if d.ID == 0 || !recent(d.At) || d.Key != report.FindingKey("repeat-char", "推进示锦锦绣新城建设。", "锦锦") {
		t.Errorf("Dismiss set %+v", d)
	}
	again := *d
	wantCode(t, "same finding twice", s.Dismiss(ctx, &again, by(writer.ID, "")), report.ECONFLICT)
	for name, bad := range map[string]report.Dismissal{
		"no reason":       {WorkspaceID: w.ID, Rule: "repeat-char", Sentence: "甲。", Span: "甲", Reason: "  "},
		"no sentence":     {WorkspaceID: w.ID, Rule: "repeat-char", Span: "甲", Reason: "理由"},
		"bad text":        {WorkspaceID: w.ID, Rule: "repeat-char", Sentence: "甲\x00。", Span: "甲", Reason: "理由"},
		"no workspace":    {WorkspaceID: 999, Rule: "repeat-char", Sentence: "甲。", Span: "甲", Reason: "理由"},
		"reason too long": {WorkspaceID: w.ID, Rule: "repeat-char", Sentence: "甲。", Span: "甲"},
	} {
		bad := bad
		if name == "reason too long" {
			r := make([]rune, 501)
			for i := range r {
				r[i] = '长'
			}
			bad.Reason = string(r)
		}
		wantCode(t, name, s.Dismiss(ctx, &bad, by(writer.ID, "")), report.EINVALID)
	}
	// The same sentence in another workspace is another decision.
	o := &report.Dismissal{WorkspaceID: other.ID, Rule: "repeat-char", Sentence: d.Sentence, Span: d.Span, Reason: "另一个工作区"}
	must(t, "Dismiss other", s.Dismiss(ctx, o, by(writer.ID, "")))
	ds, err := s.Dismissals(ctx, w.ID)
	must(t, "Dismissals", err)
	if len(ds) != 1 || !reflect.DeepEqual(ds[0], *d) {
		t.Errorf("Dismissals: %+v\nwant %+v", ds, d)
	}
	wantCode(t, "undismiss in another workspace", s.Undismiss(ctx, other.ID, d.ID, by(writer.ID, "")), report.ENOTFOUND)
	must(t, "Undismiss", s.Undismiss(ctx, w.ID, d.ID, by(writer.ID, "")))
	if ds, err := s.Dismissals(ctx, w.ID); err != nil || len(ds) != 0 {
		t.Errorf("Dismissals after Undismiss: %+v, %v", ds, err)
	}
	wantCode(t, "undismiss twice", s.Undismiss(ctx, w.ID, d.ID, by(writer.ID, "")), report.ENOTFOUND)

	lw := &report.LexiconWord{WorkspaceID: w.ID, Word: "  示锦 ", By: writer.ID}
	must(t, "AddLexiconWord", s.AddLexiconWord(ctx, lw, by(writer.ID, "")))
	if lw.Word != "示锦" || lw.ID == 0 || !recent(lw.At) {
		t.Errorf("AddLexiconWord set %+v", lw)
	}
	must(t, "AddLexiconWord 3815", s.AddLexiconWord(ctx, &report.LexiconWord{WorkspaceID: w.ID, Word: "3815"}, by(writer.ID, "")))
	wantCode(t, "same word", s.AddLexiconWord(ctx, &report.LexiconWord{WorkspaceID: w.ID, Word: "示锦"}, by(writer.ID, "")), report.ECONFLICT, "“示锦”已在词库中")
	for name, word := range map[string]string{"empty": " ", "space inside": "示 锦", "too long": "一二三四五六七八九十一二三四五六七八九十一", "bad": "示\x00"} {
		wantCode(t, name, s.AddLexiconWord(ctx, &report.LexiconWord{WorkspaceID: w.ID, Word: word}, by(writer.ID, "")), report.EINVALID)
	}
	wantCode(t, "word of no workspace", s.AddLexiconWord(ctx, &report.LexiconWord{WorkspaceID: 999, Word: "示锦"}, by(writer.ID, "")), report.EINVALID)
	must(t, "AddLexiconWord other", s.AddLexiconWord(ctx, &report.LexiconWord{WorkspaceID: other.ID, Word: "示锦"}, by(writer.ID, "")))
	lex, err := s.Lexicon(ctx, w.ID)
	must(t, "Lexicon", err)
	if len(lex) != 2 || !reflect.DeepEqual(lex[0], *lw) || lex[1].Word != "3815" || lex[1].By != 0 {
		t.Errorf("Lexicon: %+v", lex)
	}
	wantCode(t, "delete in another workspace", s.DeleteLexiconWord(ctx, other.ID, lw.ID, by(writer.ID, "")), report.ENOTFOUND)
	must(t, "DeleteLexiconWord", s.DeleteLexiconWord(ctx, w.ID, lw.ID, by(writer.ID, "")))
	if lex, _ := s.Lexicon(ctx, w.ID); len(lex) != 1 || lex[0].Word != "3815" {
		t.Errorf("Lexicon after delete: %+v", lex)
	}

	// dismiss ×2, undismiss, add ×3, delete: seven changes, seven entries.
	if got := auditCount(t, s) - before; got != 7 {
		t.Errorf("%d audit entries for 7 changes", got)
	}
	es, err := s.AuditLog(ctx, 1, 0)
	must(t, "AuditLog", err)
	if len(es) != 1 || es[0].Action != "lexicon.delete" || es[0].WorkspaceID != w.ID || es[0].UserID != writer.ID {
		t.Errorf("last audit entry: %+v", es)
	}
}
