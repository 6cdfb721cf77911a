package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"qicao/report"
)

func testSessions(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	_, _, writer := seed(t, s)
	now := time.Now().UTC().Truncate(time.Microsecond)

	live := &report.Session{TokenHash: "hash-live", UserID: writer.ID, CSRFToken: "csrf-1", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	soon := &report.Session{TokenHash: "hash-soon", UserID: writer.ID, CSRFToken: "csrf-2", ExpiresAt: now.Add(30 * time.Minute)}
	past := &report.Session{TokenHash: "hash-past", UserID: writer.ID, CSRFToken: "csrf-3", CreatedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(-time.Hour)}
	for _, x := range []*report.Session{live, soon, past} {
		must(t, "CreateSession", s.CreateSession(ctx, x))
	}
	if !recent(soon.CreatedAt) {
		t.Errorf("CreateSession left CreatedAt %v", soon.CreatedAt)
	}
	got, err := s.Session(ctx, "hash-live")
	must(t, "Session", err)
	if !reflect.DeepEqual(got, live) {
		t.Errorf("Session = %+v, want %+v", got, live)
	}
	_, err = s.Session(ctx, "hash-past")
	wantCode(t, "expired session", err, report.ENOTFOUND, "会话不存在或已过期")
	_, err = s.Session(ctx, "hash-none")
	wantCode(t, "unknown session", err, report.ENOTFOUND)

	wantCode(t, "duplicate token", s.CreateSession(ctx, &report.Session{TokenHash: "hash-live", UserID: writer.ID, CSRFToken: "c", ExpiresAt: now.Add(time.Hour)}), report.ECONFLICT)
	wantCode(t, "unknown user", s.CreateSession(ctx, &report.Session{TokenHash: "h2", UserID: 999, CSRFToken: "c", ExpiresAt: now.Add(time.Hour)}), report.EINVALID)
	wantCode(t, "no token", s.CreateSession(ctx, &report.Session{UserID: writer.ID, CSRFToken: "c", ExpiresAt: now.Add(time.Hour)}), report.EINVALID)

	// Sweeping at now+45m removes the expired and the soon-expiring session, not the live one.
	must(t, "DeleteExpiredSessions", s.DeleteExpiredSessions(ctx, now.Add(45*time.Minute)))
	if _, err := s.Session(ctx, "hash-soon"); report.ErrorCode(err) != report.ENOTFOUND {
		t.Errorf("session expiring before the sweep survived it: %v", err)
	}
	if _, err := s.Session(ctx, "hash-live"); err != nil {
		t.Errorf("live session swept: %v", err)
	}
	// The swept token can be used again: its row is gone, not just hidden.
	must(t, "CreateSession over a swept token", s.CreateSession(ctx, &report.Session{TokenHash: "hash-past", UserID: writer.ID, CSRFToken: "c", ExpiresAt: now.Add(time.Hour)}))

	must(t, "DeleteSession", s.DeleteSession(ctx, "hash-live"))
	if _, err := s.Session(ctx, "hash-live"); report.ErrorCode(err) != report.ENOTFOUND {
		t.Errorf("deleted session still found: %v", err)
	}
	must(t, "DeleteSession twice", s.DeleteSession(ctx, "hash-live"))

	// A changed password ends the user's other sessions and keeps the one that changed it.
	for _, h := range []string{"hash-a", "hash-b", "hash-c"} {
		must(t, "CreateSession", s.CreateSession(ctx, &report.Session{TokenHash: h, UserID: writer.ID, CSRFToken: "c", ExpiresAt: now.Add(time.Hour)}))
	}
	must(t, "DeleteUserSessions", s.DeleteUserSessions(ctx, writer.ID, "hash-b"))
	for h, want := range map[string]string{"hash-a": report.ENOTFOUND, "hash-b": "", "hash-c": report.ENOTFOUND} {
		if _, err := s.Session(ctx, h); report.ErrorCode(err) != want {
			t.Errorf("after DeleteUserSessions keeping hash-b, Session(%s) = %v, want code %q", h, err, want)
		}
	}
	must(t, "DeleteUserSessions of all", s.DeleteUserSessions(ctx, writer.ID, ""))
	if _, err := s.Session(ctx, "hash-b"); report.ErrorCode(err) != report.ENOTFOUND {
		t.Errorf("DeleteUserSessions with no session kept left hash-b: %v", err)
	}
	must(t, "DeleteSession of a malformed token", s.DeleteSession(ctx, "\xff\x00"))
}

func testLoginFailures(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	t0 := time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC)
	window := 15 * time.Minute
	steps := []struct {
		key  string
		at   time.Duration
		want int
	}{
		{"user:zhangsan", 0, 1},
		{"user:zhangsan", time.Minute, 2},
		{"ip:192.0.2.7", time.Minute, 1},
		{"user:zhangsan", 2 * time.Minute, 3},
		{"user:zhangsan", 15 * time.Minute, 3}, // the one at 0 is exactly a window old: out
		{"user:zhangsan", 40 * time.Minute, 1}, // all the earlier ones are out
		{"ip:192.0.2.7", 41 * time.Minute, 1},
	}
	for _, st := range steps {
		n, err := s.RecordLoginFailure(ctx, st.key, t0.Add(st.at), window)
		must(t, "RecordLoginFailure", err)
		if n != st.want {
			t.Errorf("%s at +%v: %d failures, want %d", st.key, st.at, n, st.want)
		}
	}
	must(t, "ClearLoginFailures", s.ClearLoginFailures(ctx, "user:zhangsan"))
	if n, err := s.RecordLoginFailure(ctx, "user:zhangsan", t0.Add(41*time.Minute), window); err != nil || n != 1 {
		t.Errorf("after ClearLoginFailures: %d, %v; want 1", n, err)
	}
	if n, err := s.RecordLoginFailure(ctx, "ip:192.0.2.7", t0.Add(42*time.Minute), window); err != nil || n != 2 {
		t.Errorf("another key was cleared too: %d, %v; want 2", n, err)
	}
	_, err := s.RecordLoginFailure(ctx, "k", t0, 0)
	wantCode(t, "zero window", err, report.EINVALID)

	// A malformed name still counts: an attacker must not dodge the throttle with bad bytes.
	for i, want := range []int{1, 2} {
		n, err := s.RecordLoginFailure(ctx, "user:\xff\x00", t0.Add(time.Duration(i)*time.Second), window)
		if err != nil || n != want {
			t.Errorf("malformed key, attempt %d: %d, %v; want %d", i+1, n, err, want)
		}
	}
	must(t, "ClearLoginFailures of a malformed key", s.ClearLoginFailures(ctx, "user:\xff\x00"))
	if n, _ := s.RecordLoginFailure(ctx, "user:\xff\x00", t0.Add(time.Minute), window); n != 1 {
		t.Errorf("malformed key not cleared: %d", n)
	}
}

func testAudit(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	if es, err := s.AuditLog(ctx, 10, 0); err != nil || len(es) != 0 {
		t.Fatalf("AuditLog of a new database: %v, %v", es, err)
	}
	at := time.Date(2026, 1, 20, 9, 30, 0, 123456000, time.UTC)
	var want []report.AuditEntry
	for i := 0; i < 25; i++ {
		e := report.AuditEntry{At: at.Add(time.Duration(i) * time.Second), UserID: int64(i % 3), Action: "login.failed",
			Target: "user:" + itoa(int64(i)), Detail: "密码错误 <b>", RemoteAddr: "[2001:db8::1]:443", WorkspaceID: int64(i % 2)}
		must(t, "Audit", s.Audit(ctx, e))
		want = append([]report.AuditEntry{e}, want...)
	}
	all, err := s.AuditLog(ctx, 0, 0)
	must(t, "AuditLog", err)
	if len(all) != 25 {
		t.Fatalf("AuditLog: %d entries, want 25", len(all))
	}
	prev := int64(1 << 62)
	for i := range all {
		if all[i].ID == 0 || all[i].ID >= prev {
			t.Errorf("entry %d: ID %d not newest first", i, all[i].ID)
		}
		prev, all[i].ID = all[i].ID, 0
	}
	if !reflect.DeepEqual(all, want) {
		t.Errorf("AuditLog =\n%+v\nwant\n%+v", all[:2], want[:2])
	}
	page, err := s.AuditLog(ctx, 10, 20)
	must(t, "AuditLog page", err)
	if len(page) != 5 || page[0].Target != "user:4" || page[4].Target != "user:0" {
		t.Errorf("AuditLog(10, 20) = %+v", page)
	}
	if page, _ := s.AuditLog(ctx, 5, -3); len(page) != 5 || page[0].Target != "user:24" {
		t.Errorf("negative offset: %+v", page)
	}

	wantCode(t, "no action", s.Audit(ctx, report.AuditEntry{Detail: "x"}), report.EINVALID)
	must(t, "Audit with no time", s.Audit(ctx, report.AuditEntry{Action: "logout"}))
	if e := lastAudit(t, s); !recent(e.At) || e.Action != "logout" {
		t.Errorf("entry without a time: %+v", e)
	}
}

// testReopen closes a database and opens it again: everything is still there, sessions
// included (they must survive a restart), and migrating again changes nothing.
func testReopen(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	dsn := newDSN(t)
	s := open(t, dsn)
	w, _, writer := seed(t, s)
	v := &report.Version{WorkspaceID: w.ID, Label: "初稿", AuthorID: writer.ID, Doc: Document(1000)}
	must(t, "AddVersion", s.AddVersion(ctx, v, nil, by(writer.ID, "")))
	sess := &report.Session{TokenHash: "h", UserID: writer.ID, CSRFToken: "c", ExpiresAt: time.Now().Add(time.Hour)}
	must(t, "CreateSession", s.CreateSession(ctx, sess))
	must(t, "Close", s.Close())

	again := open(t, dsn)
	got, err := again.Version(ctx, v.ID)
	must(t, "Version after reopening", err)
	if !reflect.DeepEqual(got, v) {
		t.Error("version changed across a reopen")
	}
	if _, err := again.Session(ctx, "h"); err != nil {
		t.Errorf("session lost across a reopen: %v", err)
	}
	v2 := &report.Version{WorkspaceID: w.ID, Label: "二稿", Doc: Document(10)}
	must(t, "AddVersion after reopening", again.AddVersion(ctx, v2, nil, by(0, "")))
	if v2.Number != 2 {
		t.Errorf("number after reopening: %d", v2.Number)
	}
}
