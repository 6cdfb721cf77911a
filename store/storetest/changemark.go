package storetest

import (
	"context"
	"strings"
	"testing"

	"qicao/report"
)

// testChangeMark: the mark moves with every change of the workspace and every change of no
// workspace (units, users), and stays put for another workspace's changes and for reads.
func testChangeMark(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	f := newConsultFixture(t, s)
	mark := func() int64 {
		t.Helper()
		m, err := s.ChangeMark(ctx, f.ws.ID)
		must(t, "ChangeMark", err)
		return m
	}
	m0 := mark()
	if m0 == 0 {
		t.Fatal("ChangeMark is 0 after the fixture's audited changes")
	}
	r := f.open(t, f.town)
	m1 := mark()
	if m1 <= m0 {
		t.Errorf("ChangeMark did not move with a round opened: %d, then %d", m0, m1)
	}
	must(t, "AddComments", s.AddComments(ctx, []*report.Comment{f.draft(r, f.town, "建议修改")}, by(f.contact.ID, "")))
	m2 := mark()
	if m2 <= m1 {
		t.Errorf("ChangeMark did not move with a comment: %d, then %d", m1, m2)
	}
	if _, err := s.Round(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if m := mark(); m != m2 {
		t.Errorf("ChangeMark moved with a read: %d, then %d", m2, m)
	}
	other := &report.Workspace{Name: "另一个工作区", Year: 2028}
	must(t, "CreateWorkspace", s.CreateWorkspace(ctx, other, by(f.writer.ID, "")))
	must(t, "Audit", s.Audit(ctx, report.AuditEntry{Action: "test", WorkspaceID: other.ID}))
	if m := mark(); m != m2 {
		t.Errorf("ChangeMark moved with another workspace's change: %d, then %d", m2, m)
	}
	u := *f.town
	u.Name = "东城街道"
	must(t, "UpdateUnit", s.UpdateUnit(ctx, &u, by(0, "")))
	m3 := mark()
	if m3 <= m2 {
		t.Errorf("ChangeMark did not move with a unit renamed: %d, then %d", m2, m3)
	}

	// what changed between two marks: this workspace's and no workspace's actions, each once
	changed := func(after, upTo int64) string {
		t.Helper()
		as, err := s.ChangedActions(ctx, f.ws.ID, after, upTo)
		must(t, "ChangedActions", err)
		return strings.Join(as, " ")
	}
	if got := changed(m1, m2); got != "comment.add" {
		t.Errorf("actions after the round was opened, up to the draft: %q", got)
	}
	if got := changed(m2, m3); got != "unit.update" {
		t.Errorf("actions after the draft, up to the unit renamed (another workspace's left out): %q", got)
	}
	if got := changed(m3, m3); got != "" {
		t.Errorf("actions between a mark and itself: %q", got)
	}
	must(t, "AddComments", s.AddComments(ctx, []*report.Comment{f.draft(r, f.town, "再提一条")}, by(f.contact.ID, "")))
	seminar := f.draft(r, f.town, "座谈会意见")
	seminar.State, seminar.Seminar = report.CommentSent, true
	must(t, "AddComments", s.AddComments(ctx, []*report.Comment{seminar}, by(f.writer.ID, "")))
	if got := changed(m3, mark()); got != "comment.add comment.seminar" {
		t.Errorf("a draft and a seminar opinion logged as %q", got)
	}
}
