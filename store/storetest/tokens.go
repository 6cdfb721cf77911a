package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"qicao/report"
)

func testAPITokens(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	_, _, writer := seed(t, s)
	hash := strings.Repeat("ab", 32)
	before := auditCount(t, s)
	tok := &report.APIToken{UserID: writer.ID, Hash: hash, Note: "OA 系统"}
	must(t, "CreateAPIToken", s.CreateAPIToken(ctx, tok, by(writer.ID, "")))
	if tok.ID == 0 || !recent(tok.CreatedAt) {
		t.Fatalf("CreateAPIToken left %+v", tok)
	}
	if e := lastAudit(t, s); e.Action != "token.create" || auditCount(t, s) != before+1 {
		t.Errorf("audit after create: %+v", e)
	}
	got, err := s.APITokenByHash(ctx, hash)
	must(t, "APITokenByHash", err)
	if got.ID != tok.ID || got.UserID != writer.ID || got.Note != "OA 系统" || !got.LastUsed.IsZero() {
		t.Errorf("APITokenByHash = %+v", got)
	}
	used := time.Now().UTC().Truncate(time.Microsecond)
	must(t, "TouchAPIToken", s.TouchAPIToken(ctx, tok.ID, used))
	if got, _ := s.APITokenByHash(ctx, hash); !got.LastUsed.Equal(used) {
		t.Errorf("LastUsed = %v, want %v", got.LastUsed, used)
	}

	wantCode(t, "duplicate hash", s.CreateAPIToken(ctx, &report.APIToken{UserID: writer.ID, Hash: hash}, by(0, "")), report.ECONFLICT)
	wantCode(t, "short hash", s.CreateAPIToken(ctx, &report.APIToken{UserID: writer.ID, Hash: "x"}, by(0, "")), report.EINVALID)
	wantCode(t, "unknown user", s.CreateAPIToken(ctx, &report.APIToken{UserID: 999, Hash: strings.Repeat("cd", 32)}, by(0, "")), report.EINVALID)

	must(t, "RevokeAPIToken", s.RevokeAPIToken(ctx, tok.ID, by(writer.ID, "")))
	if e := lastAudit(t, s); e.Action != "token.revoke" {
		t.Errorf("audit after revoke: %+v", e)
	}
	_, err = s.APITokenByHash(ctx, hash)
	wantCode(t, "revoked token", err, report.ENOTFOUND)
	wantCode(t, "revoke unknown", s.RevokeAPIToken(ctx, 999, by(0, "")), report.ENOTFOUND)
	list, err := s.APITokens(ctx, writer.ID)
	must(t, "APITokens", err)
	if len(list) != 1 || !list[0].Revoked {
		t.Errorf("APITokens = %+v, want one revoked", list)
	}
}

func testReminders(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	w, unit, writer := seed(t, s)
	first := &report.Reminder{WorkspaceID: w.ID, UnitID: unit.ID, Subject: "round:1", Note: "请于明日前反馈", By: writer.ID}
	must(t, "Remind", s.Remind(ctx, first, by(writer.ID, "")))
	second := &report.Reminder{WorkspaceID: w.ID, UnitID: unit.ID, Subject: "campaign:2", By: writer.ID}
	must(t, "Remind", s.Remind(ctx, second, by(writer.ID, "")))
	if e := lastAudit(t, s); e.Action != "remind" || e.WorkspaceID != w.ID || e.Detail != "测试" {
		t.Errorf("audit after remind: %+v", e)
	}
	rs, err := s.Reminders(ctx, w.ID, unit.ID)
	must(t, "Reminders", err)
	if len(rs) != 2 || rs[0].ID != second.ID || rs[1].Subject != "round:1" || rs[1].Note != "请于明日前反馈" || rs[1].By != writer.ID || !recent(rs[1].At) {
		t.Errorf("Reminders = %+v", rs)
	}
	n := auditCount(t, s)
	wantCode(t, "bad subject", s.Remind(ctx, &report.Reminder{WorkspaceID: w.ID, UnitID: unit.ID, Subject: "round"}, by(0, "")), report.EINVALID)
	wantCode(t, "unknown unit", s.Remind(ctx, &report.Reminder{WorkspaceID: w.ID, UnitID: 999, Subject: "round:1"}, by(0, "")), report.EINVALID)
	if auditCount(t, s) != n {
		t.Error("a refused reminder left an audit entry")
	}
	if rs, _ := s.Reminders(ctx, w.ID, 999); len(rs) != 0 {
		t.Errorf("another unit's reminders: %+v", rs)
	}

	// several units at once: all or none, an audit entry each
	other := &report.Unit{Name: "西山镇", Kind: report.UnitTownship}
	must(t, "CreateUnit", s.CreateUnit(ctx, other, by(0, "")))
	n = auditCount(t, s)
	wantCode(t, "one unknown unit among several", s.RemindAll(ctx, []*report.Reminder{
		{WorkspaceID: w.ID, UnitID: unit.ID, Subject: "round:3"}, {WorkspaceID: w.ID, UnitID: 999, Subject: "round:3"}}, by(writer.ID, "")), report.EINVALID)
	if rs, _ := s.Reminders(ctx, w.ID, unit.ID); len(rs) != 2 || auditCount(t, s) != n {
		t.Errorf("a refused batch left %d reminders and %d audit entries", len(rs)-2, auditCount(t, s)-n)
	}
	batch := []*report.Reminder{{WorkspaceID: w.ID, UnitID: unit.ID, Subject: "round:3", Note: "请今日反馈", By: writer.ID},
		{WorkspaceID: w.ID, UnitID: other.ID, Subject: "round:3", Note: "请今日反馈", By: writer.ID}}
	must(t, "RemindAll", s.RemindAll(ctx, batch, by(writer.ID, "")))
	if batch[0].ID == 0 || batch[1].ID == 0 || !recent(batch[1].At) || auditCount(t, s) != n+2 {
		t.Errorf("RemindAll: %+v, %d audit entries", batch, auditCount(t, s)-n)
	}
	if e := lastAudit(t, s); e.Action != "remind" || e.Target != fmt.Sprintf("unit:%d", other.ID) {
		t.Errorf("the batch's last audit entry: %+v", e)
	}
	if rs, _ := s.Reminders(ctx, w.ID, other.ID); len(rs) != 1 || rs[0].Note != "请今日反馈" {
		t.Errorf("the other unit's reminders: %+v", rs)
	}
}
