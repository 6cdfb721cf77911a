package storetest

import (
	"context"
	"testing"
	"time"

	"qicao/report"
	"qicao/store"
)

// Run runs the suite against databases named by newDSN, a fresh empty one per test.
func Run(t *testing.T, newDSN func(t testing.TB) string) {
	tests := []struct {
		name string
		fn   func(t *testing.T, newDSN func(t testing.TB) string)
	}{
		{"Workspaces", testWorkspaces},
		{"Units", testUnits},
		{"Users", testUsers},
		{"UserFields", testUserFields},
		{"BadText", testBadText},
		{"Versions", testVersions},
		{"VersionOriginal", testVersionOriginal},
		{"VersionRejected", testVersionRejected},
		{"Successors", testSuccessors},
		{"ConcurrentVersions", testConcurrentVersions},
		{"TwoInstances", testTwoInstances},
		{"Sessions", testSessions},
		{"LoginFailures", testLoginFailures},
		{"LoginThrottleReads", testLoginThrottleReads},
		{"ServerKey", testServerKey},
		{"LookAlikeNames", testLookAlikeNames},
		{"MustChangePassword", testMustChangePassword},
		{"AuditSearch", testAuditSearch},
		{"WithdrawVersion", testWithdrawVersion},
		{"Audit", testAudit},
		{"Reopen", testReopen},
		{"APITokens", testAPITokens},
		{"Reminders", testReminders},
		{"Figures", testFigures},
		{"Rounds", testRounds},
		{"Comments", testComments},
		{"Decisions", testDecisions},
		{"SeminarCorrections", testSeminarCorrections},
		{"ConcurrentComments", testConcurrentComments},
		{"Campaigns", testCampaigns},
		{"Submissions", testSubmissions},
		{"MaterialSearch", testMaterialSearch},
		{"ExcerptsAndResearch", testExcerptsAndResearch},
		{"Review", testReview},
		{"Stages", testStages},
		{"Meetings", testMeetings},
		{"ChangeMark", testChangeMark},
		{"Group", testGroup},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newDSN) })
	}
}

// open opens dsn and closes it when the test ends.
func open(t testing.TB, dsn string) report.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func fresh(t testing.TB, newDSN func(t testing.TB) string) report.Store {
	return open(t, newDSN(t))
}

// wantCode fails unless err carries the code (and, when given, exactly the message).
func wantCode(t *testing.T, what string, err error, code string, message ...string) {
	t.Helper()
	if got := report.ErrorCode(err); got != code {
		t.Fatalf("%s: error %v (code %q), want code %q", what, err, got, code)
	}
	if len(message) > 0 && report.ErrorMessage(err) != message[0] {
		t.Fatalf("%s: message %q, want %q", what, report.ErrorMessage(err), message[0])
	}
}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// auditCount is the number of entries in the log.
func auditCount(t *testing.T, s report.Store) int {
	t.Helper()
	es, err := s.AuditLog(context.Background(), 1000, 0)
	must(t, "AuditLog", err)
	return len(es)
}

// lastAudit is the newest entry in the log.
func lastAudit(t *testing.T, s report.Store) report.AuditEntry {
	t.Helper()
	es, err := s.AuditLog(context.Background(), 1, 0)
	must(t, "AuditLog", err)
	if len(es) != 1 {
		t.Fatalf("AuditLog: %d entries, want 1", len(es))
	}
	return es[0]
}

func by(user int64, action string) report.AuditEntry {
	return report.AuditEntry{UserID: user, Action: action, RemoteAddr: "192.0.2.7", Detail: "测试"}
}

// recent reports whether t was set by the store just now, in UTC.
func recent(t time.Time) bool {
	return t.Location() == time.UTC && time.Since(t) < time.Minute && time.Since(t) > -time.Minute
}

// seed creates a workspace, a unit and a writer, the things most tests need.
func seed(t *testing.T, s report.Store) (*report.Workspace, *report.Unit, *report.User) {
	t.Helper()
	ctx := context.Background()
	w := &report.Workspace{Name: "2026年政府工作报告", Year: 2026}
	must(t, "CreateWorkspace", s.CreateWorkspace(ctx, w, by(0, "workspace.create")))
	u := &report.Unit{Name: "市政府研究室", Kind: report.UnitWriting}
	must(t, "CreateUnit", s.CreateUnit(ctx, u, by(0, "unit.create")))
	writer := &report.User{Username: "zhangsan", Name: "张三", Title: "科长", UnitID: u.ID,
		Role: report.RoleWriter, Group: report.GroupMember, PasswordHash: "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA"}
	must(t, "CreateUser", s.CreateUser(ctx, writer, by(0, "user.create")))
	return w, u, writer
}
