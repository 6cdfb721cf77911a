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
		})
	}
}
