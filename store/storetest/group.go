package storetest

import (
	"context"
	"reflect"
	"testing"

	"qicao/report"
)

// testGroup: a workspace's leadership group replaced whole and audited, its rules refused
// with nothing stored, and another workspace's group untouched.
func testGroup(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	w, _, writer := seed(t, s)
	other := &report.Workspace{Name: "2027年政府工作报告", Year: 2027}
	must(t, "CreateWorkspace", s.CreateWorkspace(ctx, other, by(0, "workspace.create")))
	lead := &report.Unit{Name: "市人民政府领导", Kind: report.UnitLeadership}
	must(t, "CreateUnit", s.CreateUnit(ctx, lead, by(0, "unit.create")))
	town := &report.Unit{Name: "示锦镇", Kind: report.UnitTownship}
	must(t, "CreateUnit", s.CreateUnit(ctx, town, by(0, "unit.create")))
	user := func(name string, unit int64, role report.Role) *report.User {
		u := &report.User{Username: name, Name: name, UnitID: unit, Role: role, PasswordHash: "x"}
		must(t, "CreateUser", s.CreateUser(ctx, u, by(0, "user.create")))
		return u
	}
	mayor := user("mayor", lead.ID, report.RoleLeader)
	deputy := user("deputy", lead.ID, report.RoleLeader)
	townLeader := user("townhead", town.ID, report.RoleLeader)
	contact := user("contact", town.ID, report.RoleContact)

	want := []report.GroupSeat{{UserID: mayor.ID, Role: report.GroupHead}, {UserID: deputy.ID, Role: report.GroupDeputy}, {UserID: writer.ID, Role: report.GroupMember}}
	before := auditCount(t, s)
	// set out of order: the list comes back 组长, 副组长, 成员
	must(t, "SetWorkspaceGroup", s.SetWorkspaceGroup(ctx, w.ID, []report.GroupSeat{want[2], want[1], want[0]}, by(writer.ID, "")))
	if n := auditCount(t, s); n != before+1 {
		t.Errorf("SetWorkspaceGroup wrote %d audit entries, want 1", n-before)
	}
	log, err := s.AuditLog(ctx, 1, 0)
	must(t, "AuditLog", err)
	if len(log) != 1 || log[0].Action != "group.set" || log[0].WorkspaceID != w.ID || log[0].UserID != writer.ID || log[0].Detail == "" {
		t.Errorf("audit entry %+v", log)
	}
	got, err := s.WorkspaceGroup(ctx, w.ID)
	must(t, "WorkspaceGroup", err)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("WorkspaceGroup = %+v, want %+v", got, want)
	}
	if g, err := s.WorkspaceGroup(ctx, other.ID); err != nil || len(g) != 0 {
		t.Errorf("other workspace's group = %+v, %v; want none", g, err)
	}

	before = auditCount(t, s)
	for name, bad := range map[string][]report.GroupSeat{
		"two heads":         {{UserID: mayor.ID, Role: report.GroupHead}, {UserID: deputy.ID, Role: report.GroupHead}},
		"writer as head":    {{UserID: writer.ID, Role: report.GroupHead}},
		"township leader":   {{UserID: townLeader.ID, Role: report.GroupDeputy}},
		"contact as member": {{UserID: contact.ID, Role: report.GroupMember}},
		"twice":             {{UserID: writer.ID, Role: report.GroupMember}, {UserID: writer.ID, Role: report.GroupMember}},
		"no role":           {{UserID: writer.ID, Role: report.GroupNone}},
		"bad role":          {{UserID: writer.ID, Role: "boss"}},
		"no such user":      {{UserID: 9999, Role: report.GroupMember}},
	} {
		wantCode(t, name, s.SetWorkspaceGroup(ctx, w.ID, bad, by(writer.ID, "")), report.EINVALID)
	}
	wantCode(t, "no workspace", s.SetWorkspaceGroup(ctx, 9999, nil, by(writer.ID, "")), report.ENOTFOUND)
	if n := auditCount(t, s); n != before {
		t.Errorf("refused changes wrote %d audit entries", n-before)
	}
	if got, _ := s.WorkspaceGroup(ctx, w.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("after refusals the group is %+v, want %+v", got, want)
	}

	// a township leader may be a member; replacing drops who is left out
	must(t, "SetWorkspaceGroup", s.SetWorkspaceGroup(ctx, w.ID, []report.GroupSeat{{UserID: townLeader.ID, Role: report.GroupMember}}, by(writer.ID, "")))
	if got, _ := s.WorkspaceGroup(ctx, w.ID); !reflect.DeepEqual(got, []report.GroupSeat{{UserID: townLeader.ID, Role: report.GroupMember}}) {
		t.Errorf("after replacing the group is %+v", got)
	}
	must(t, "SetWorkspaceGroup", s.SetWorkspaceGroup(ctx, w.ID, nil, by(writer.ID, "")))
	if got, _ := s.WorkspaceGroup(ctx, w.ID); len(got) != 0 {
		t.Errorf("after emptying the group is %+v", got)
	}
}
