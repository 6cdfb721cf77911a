package web

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"qicao/report"
	"qicao/store"
	"qicao/store/storetest"
)

// TestCachedThroughUnseenChanges: a kept view is computed again after a change it shows (a
// send, a seminar opinion, a decision, an action no one listed), and not after one it does not
// (a login, a unit opening the round, a draft, a reminder), on both databases.
func TestCachedThroughUnseenChanges(t *testing.T) {
	for _, b := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", storetest.SQLiteDSN}, {"postgres", storetest.PostgresDSN}} {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, b.dsn(t))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			s, err := New(Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				t.Fatal(err)
			}
			ws := &report.Workspace{Name: "2027年政府工作报告", Year: 2027}
			if err := st.CreateWorkspace(ctx, ws, report.AuditEntry{}); err != nil {
				t.Fatal(err)
			}
			computed := 0
			view := func() {
				t.Helper()
				if _, err := s.cached(ctx, "test", ws.ID, func() (any, error) { computed++; return computed, nil }); err != nil {
					t.Fatal(err)
				}
			}
			view()
			for _, c := range []struct {
				action    string
				workspace int64
				again     bool
			}{
				{"login", 0, false},
				{"round.view", ws.ID, false},
				{"comment.add", ws.ID, false},
				{"comment.edit", ws.ID, false},
				{"remind", ws.ID, false},
				{"round.send", ws.ID, true},
				{"comment.seminar", ws.ID, true},
				{"comment.decide", ws.ID, true},
				{"unit.update", 0, true},
				{"something.new", ws.ID, true},
			} {
				before := computed
				if err := st.Audit(ctx, report.AuditEntry{Action: c.action, WorkspaceID: c.workspace}); err != nil {
					t.Fatal(err)
				}
				view()
				view()
				if again := computed > before; again != c.again || computed > before+1 {
					t.Errorf("after %s: computed %d times, want again: %t", c.action, computed-before, c.again)
				}
			}
			// two unseen changes, then one seen: computed once
			before := computed
			for _, a := range []string{"comment.add", "round.view", "comment.decide"} {
				if err := st.Audit(ctx, report.AuditEntry{Action: a, WorkspaceID: ws.ID}); err != nil {
					t.Fatal(err)
				}
			}
			view()
			if computed != before+1 {
				t.Errorf("a seen change among unseen ones: computed %d times, want 1", computed-before)
			}

			// With a patch: decisions, alone or among unseen changes, are patched into the view
			// kept; any other change among them, known or not, computes it again.
			patched := 0
			pview := func() {
				t.Helper()
				mark, err := st.ChangeMark(ctx, ws.ID)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := s.cachedAt(ctx, "patched", ws.ID, mark, func() (any, error) { computed++; return computed, nil },
					func(kept any) (any, error) { patched++; return kept, nil }); err != nil {
					t.Fatal(err)
				}
			}
			pview()
			for _, c := range []struct {
				actions           []string
				computed, patched bool
			}{
				{[]string{"login", "round.view"}, false, false},
				{[]string{"comment.decide"}, false, true},
				{[]string{"comment.add", "comment.decide", "remind", "comment.decide"}, false, true},
				{[]string{"comment.decide", "round.send"}, true, false},
				{[]string{"comment.decide", "something.new"}, true, false},
				{[]string{"comment.link"}, true, false},
				{[]string{"remind"}, false, false},
			} {
				c0, p0 := computed, patched
				for _, a := range c.actions {
					if err := st.Audit(ctx, report.AuditEntry{Action: a, WorkspaceID: ws.ID}); err != nil {
						t.Fatal(err)
					}
				}
				pview()
				pview()
				if computed-c0 != b2i(c.computed) || patched-p0 != b2i(c.patched) {
					t.Errorf("after %v: computed %d times, patched %d, want %t, %t", c.actions, computed-c0, patched-p0, c.computed, c.patched)
				}
			}
		})
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
