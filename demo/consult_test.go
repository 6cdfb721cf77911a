package demo_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"qicao/consult"
	"qicao/demo"
	"qicao/report"
	"qicao/store"
	"qicao/store/storetest"
)

// The demo's round on the 征求意见稿: every status present, comments decided and not, one
// near-duplicate group and one conflict.
func TestSeedRound(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.SQLiteDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.Prepare(ctx, st); err != nil {
		t.Fatal(err)
	}
	ws, _ := st.Workspaces(ctx)
	rs, err := st.Rounds(ctx, ws[0].ID)
	if err != nil || len(rs) != 1 {
		t.Fatalf("rounds: %v %v", rs, err)
	}
	if rs[0].VersionLabel != "征求意见稿" || !rs[0].Open() {
		t.Errorf("the round is on %s, open %v", rs[0].VersionLabel, rs[0].Open())
	}
	rd, err := st.Round(ctx, rs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[consult.Status]int{}
	for i := range rd.Recipients {
		statuses[consult.StatusOf(rd, &rd.Recipients[i], time.Now())]++
	}
	t.Logf("%d units: %v", len(rd.Recipients), statuses)
	// 北岗镇 spoke only at the seminar: it answered, as the summary line counts it
	for _, s := range []consult.Status{consult.Answered, consult.AtSeminar, consult.NoComment, consult.Overdue} {
		if statuses[s] == 0 {
			t.Errorf("no unit is %s", s)
		}
	}
	cs, err := st.Comments(ctx, report.CommentFilter{RoundID: rd.ID})
	if err != nil {
		t.Fatal(err)
	}
	decided := 0
	for _, c := range cs {
		if c.Decision != nil {
			decided++
		}
	}
	if decided == 0 || decided == len(cs) {
		t.Errorf("%d of %d comments decided, want some", decided, len(cs))
	}
	if n := len(consult.NearDuplicates(cs)); n != 1 {
		t.Errorf("%d near-duplicate groups, want 1", n)
	}
	if n := len(consult.Conflicts(cs)); n != 1 {
		t.Errorf("%d conflicts, want 1", n)
	}
	units, _ := st.Units(ctx)
	reminded := 0
	for _, u := range units {
		rems, err := st.Reminders(ctx, ws[0].ID, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rems {
			if r.Subject == "round:"+idString(rd.ID) {
				reminded++
			}
		}
	}
	if reminded != 1 {
		t.Errorf("%d units reminded of the round, want 1", reminded)
	}
}

func idString(n int64) string { return strconv.FormatInt(n, 10) }
