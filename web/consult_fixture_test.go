package web_test

import (
	"context"
	"testing"
	"time"

	"qicao/report"
)

type roundFixture struct{ round, comment int64 }

// seedRound opens a round on v2 for 东湖镇, 西山镇, 发改局 and the leadership, with one comment
// of 西山镇 sent, for the routes that name a round and a comment.
func seedRound(t testing.TB, a *app) roundFixture {
	t.Helper()
	ctx := context.Background()
	rd := &report.Round{WorkspaceID: a.ws.ID, VersionID: a.v2.ID, Title: "关于征求意见的通知", Deadline: time.Now().Add(72 * time.Hour),
		OpenedBy: a.users["writer"].ID}
	for _, k := range []string{"donghu", "xishan", "fagai", "leadership"} {
		rd.Recipients = append(rd.Recipients, report.Recipient{UnitID: a.units[k].ID})
	}
	must(t, a.store.OpenRound(ctx, rd, report.AuditEntry{}))
	b := a.v2.Doc.Blocks[3]
	c := &report.Comment{RoundID: rd.ID, UnitID: a.units["xishan"].ID, AuthorID: a.users["contact2"].ID, VersionID: a.v2.ID,
		BlockID: b.ID, Start: 0, End: 2, Quote: string([]rune(b.Text)[:2]), Text: "建议修改", State: report.CommentDraft}
	must(t, a.store.AddComments(ctx, []*report.Comment{c}, report.AuditEntry{}))
	if _, err := a.store.SendComments(ctx, rd.ID, a.units["xishan"].ID, a.users["contact2"].ID, report.AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	return roundFixture{round: rd.ID, comment: c.ID}
}
