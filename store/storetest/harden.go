package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"qicao/report"
)

// testLoginThrottleReads checks what the login throttle reads: counts and the latest failure
// without counting, and the clearing of an account with every pair under it.
func testLoginThrottleReads(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	t0 := time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC)
	window := time.Hour
	if n, last, err := s.LoginFailures(ctx, "acct:zhang_san", t0, window); err != nil || n != 0 || !last.IsZero() {
		t.Fatalf("no failures: %d, %v, %v", n, last, err)
	}
	for i, key := range []string{"acct:zhang_san", "acct:zhang_san|addr:192.0.2.7", "acct:zhang_san|addr:192.0.2.7",
		"acct:zhangxsan", "acct:zhang_san2", "addr:192.0.2.7"} {
		if _, err := s.RecordLoginFailure(ctx, key, t0.Add(time.Duration(i)*time.Minute), window); err != nil {
			t.Fatal(err)
		}
	}
	n, last, err := s.LoginFailures(ctx, "acct:zhang_san|addr:192.0.2.7", t0.Add(10*time.Minute), window)
	if err != nil || n != 2 || !last.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("pair: %d, %v, %v; want 2 and the one at +2m", n, last, err)
	}
	if n, _, _ := s.LoginFailures(ctx, "acct:zhang_san|addr:192.0.2.7", t0.Add(time.Hour+time.Minute), window); n != 1 {
		t.Errorf("an hour later the pair has %d failures in the window, want 1", n)
	}
	// reading counts nothing
	if n, _, _ := s.LoginFailures(ctx, "acct:zhang_san|addr:192.0.2.7", t0.Add(10*time.Minute), window); n != 2 {
		t.Errorf("reading counted: %d", n)
	}
	must(t, "ClearLoginFailures", s.ClearLoginFailures(ctx, "acct:zhang_san"))
	for key, want := range map[string]int{"acct:zhang_san": 0, "acct:zhang_san|addr:192.0.2.7": 0,
		"acct:zhangxsan": 1, "acct:zhang_san2": 1, "addr:192.0.2.7": 1} {
		if n, _, _ := s.LoginFailures(ctx, key, t0.Add(10*time.Minute), window); n != want {
			t.Errorf("after clearing acct:zhang_san, %s has %d failures, want %d", key, n, want)
		}
	}
	if n, _, err := s.LoginFailures(ctx, "acct:\xff\x00", t0, window); err != nil || n != 0 {
		t.Errorf("malformed key: %d, %v", n, err)
	}
}

func testServerKey(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	dsn := newDSN(t)
	a, b := open(t, dsn), open(t, dsn)
	k1, err := a.ServerKey(ctx, "device", "first")
	must(t, "ServerKey", err)
	k2, err := b.ServerKey(ctx, "device", "second")
	must(t, "ServerKey from a second instance", err)
	if k1 != "first" || k2 != "first" {
		t.Errorf("keys %q, %q; want both the first stored", k1, k2)
	}
	_, err = a.ServerKey(ctx, "device", "")
	wantCode(t, "empty candidate", err, report.EINVALID)
}

// testLookAlikeNames checks that names refuse invisible and direction-changing characters,
// which make one name pass for another, while a report's text keeps them.
func testLookAlikeNames(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	w, unit, _ := seed(t, s)
	before := auditCount(t, s)
	for _, bad := range []string{"张\u200b三", "admin\u202eoc", "东湖\u2066镇\u2069", "\ufeff写作组", "李\u200d四", "王\u061c五", "赵\u2028六"} {
		wantCode(t, "user name "+bad, s.CreateUser(ctx, &report.User{Username: "x", Name: bad, Role: report.RoleWriter, PasswordHash: "h"}, by(0, "")), report.EINVALID)
		wantCode(t, "username "+bad, s.CreateUser(ctx, &report.User{Username: bad, Name: "甲", Role: report.RoleWriter, PasswordHash: "h"}, by(0, "")), report.EINVALID)
		wantCode(t, "unit "+bad, s.CreateUnit(ctx, &report.Unit{Name: bad, Kind: report.UnitTownship}, by(0, "")), report.EINVALID)
		u := *unit
		u.Name = bad
		wantCode(t, "unit rename "+bad, s.UpdateUnit(ctx, &u, by(0, "")), report.EINVALID)
		wantCode(t, "workspace "+bad, s.CreateWorkspace(ctx, &report.Workspace{Name: bad, Year: 2030}, by(0, "")), report.EINVALID)
		v := &report.Version{WorkspaceID: w.ID, Label: bad, Doc: &report.Document{Blocks: []report.Block{{ID: "b1", Kind: report.Paragraph, Text: "正文"}}}}
		wantCode(t, "version label "+bad, s.AddVersion(ctx, v, nil, by(0, "")), report.EINVALID)
	}
	if n := auditCount(t, s); n != before {
		t.Errorf("refused names left %d audit rows", n-before)
	}
	// a report's text may carry a zero-width space; only names refuse it
	v := &report.Version{WorkspaceID: w.ID, Label: "初稿", Note: "含\u200b零宽空格", Doc: &report.Document{Blocks: []report.Block{{ID: "b1", Kind: report.Paragraph, Text: "正\u200b文"}}}}
	must(t, "AddVersion with a zero-width space in the text", s.AddVersion(ctx, v, nil, by(0, "")))
}

func testMustChangePassword(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	u := &report.User{Username: "newbie", Name: "新人", Role: report.RoleWriter, PasswordHash: "h", MustChangePassword: true}
	must(t, "CreateUser", s.CreateUser(ctx, u, by(0, "")))
	got, err := s.User(ctx, u.ID)
	if err != nil || !got.MustChangePassword {
		t.Fatalf("created with must-change: %+v, %v", got, err)
	}
	got.MustChangePassword = false
	must(t, "UpdateUser", s.UpdateUser(ctx, got, by(0, "")))
	if got, _ := s.UserByName(ctx, "newbie"); got.MustChangePassword {
		t.Errorf("must-change not cleared")
	}
}

func testAuditSearch(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for i, e := range []report.AuditEntry{
		{UserID: 1, Action: "login"}, {UserID: 0, Action: "login.failed"}, {UserID: 2, Action: "login"},
		{UserID: 1, Action: "version.add"}, {UserID: 1, Action: "login"},
	} {
		e.At = t0.Add(time.Duration(i) * 24 * time.Hour)
		must(t, "Audit", s.Audit(ctx, e))
	}
	for name, tc := range map[string]struct {
		f    report.AuditFilter
		want []string
	}{
		"all":               {report.AuditFilter{}, []string{"1 login", "1 version.add", "2 login", "0 login.failed", "1 login"}},
		"user 1":            {report.AuditFilter{ByUser: true, UserID: 1}, []string{"1 login", "1 version.add", "1 login"}},
		"anonymous":         {report.AuditFilter{ByUser: true}, []string{"0 login.failed"}},
		"logins":            {report.AuditFilter{Action: "login"}, []string{"1 login", "2 login", "1 login"}},
		"days 2 to 3":       {report.AuditFilter{Since: t0.Add(24 * time.Hour), Until: t0.Add(3 * 24 * time.Hour)}, []string{"2 login", "0 login.failed"}},
		"user 1 logins, p2": {report.AuditFilter{ByUser: true, UserID: 1, Action: "login", Limit: 1, Offset: 1}, []string{"1 login"}},
		"bad action":        {report.AuditFilter{Action: "\xff"}, nil},
	} {
		es, err := s.AuditSearch(ctx, tc.f)
		must(t, name, err)
		var got []string
		for _, e := range es {
			got = append(got, fmt.Sprintf("%d %s", e.UserID, e.Action))
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: %v, want %v", name, got, tc.want)
		}
	}
}

func testWithdrawVersion(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	w, _, writer := seed(t, s)
	add := func(text string) *report.Version {
		v := &report.Version{WorkspaceID: w.ID, Label: "稿", AuthorID: writer.ID, Doc: &report.Document{Blocks: []report.Block{{ID: "b1", Kind: report.Paragraph, Text: text}}}}
		must(t, "AddVersion", s.AddVersion(ctx, v, nil, by(writer.ID, "")))
		return v
	}
	v1, v2 := add("第一稿"), add("第二稿")
	if v1.ContentHash == "" || v1.ContentHash == v2.ContentHash {
		t.Errorf("content hashes %q, %q", v1.ContentHash, v2.ContentHash)
	}
	same := &report.Document{Blocks: []report.Block{{ID: "other-id", Kind: report.Paragraph, Text: "第一稿"}}}
	if same.ContentHash() != v1.ContentHash {
		t.Error("the same text under other block IDs hashes differently")
	}
	wantCode(t, "withdrawing an earlier version", s.WithdrawVersion(ctx, v1.ID, "错传", by(writer.ID, "")), report.ECONFLICT)
	wantCode(t, "no reason", s.WithdrawVersion(ctx, v2.ID, " ", by(writer.ID, "")), report.EINVALID)
	wantCode(t, "restoring a listed version", s.RestoreVersion(ctx, v2.ID, by(1, "")), report.ECONFLICT)
	must(t, "WithdrawVersion", s.WithdrawVersion(ctx, v2.ID, "传错了文件", by(writer.ID, "")))
	if e := lastAudit(t, s); e.Action != "version.withdraw" || e.Target != fmt.Sprintf("version:%d", v2.ID) || e.WorkspaceID != w.ID {
		t.Errorf("audit %+v", e)
	}
	vs, err := s.Versions(ctx, w.ID)
	must(t, "Versions", err)
	gone, err := s.WithdrawnVersions(ctx, w.ID)
	must(t, "WithdrawnVersions", err)
	if len(vs) != 1 || vs[0].ID != v1.ID || len(gone) != 1 || gone[0].ID != v2.ID || gone[0].WithdrawReason != "传错了文件" || gone[0].WithdrawnBy != writer.ID || gone[0].WithdrawnAt.IsZero() {
		t.Fatalf("listed %+v, withdrawn %+v", vs, gone)
	}
	kept, err := s.Version(ctx, v2.ID)
	if err != nil || kept.Doc == nil || kept.WithdrawnAt.IsZero() {
		t.Errorf("the withdrawn version is not kept: %+v, %v", kept, err)
	}
	wantCode(t, "withdrawing twice", s.WithdrawVersion(ctx, v2.ID, "再撤", by(writer.ID, "")), report.ECONFLICT)
	must(t, "RestoreVersion", s.RestoreVersion(ctx, v2.ID, by(1, "")))
	if vs, _ := s.Versions(ctx, w.ID); len(vs) != 2 {
		t.Errorf("after restoring: %d listed", len(vs))
	}
	// withdrawn, then a new upload: the withdrawn one can no longer come back
	must(t, "WithdrawVersion", s.WithdrawVersion(ctx, v2.ID, "传错了文件", by(writer.ID, "")))
	v3 := add("第三稿")
	if v3.Number != 3 {
		t.Errorf("the next version is number %d, want 3", v3.Number)
	}
	wantCode(t, "restoring under a later version", s.RestoreVersion(ctx, v2.ID, by(1, "")), report.ECONFLICT)
	wantCode(t, "missing", s.WithdrawVersion(ctx, 99999, "x", by(1, "")), report.ENOTFOUND)
}
