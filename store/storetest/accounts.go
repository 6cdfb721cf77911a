package storetest

import (
	"context"
	"reflect"
	"testing"

	"qicao/report"
)

func testWorkspaces(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)

	if ws, err := s.Workspaces(ctx); err != nil || len(ws) != 0 {
		t.Fatalf("Workspaces on an empty database: %v, %v", ws, err)
	}
	old := &report.Workspace{Name: "2025年政府工作报告", Year: 2025}
	must(t, "CreateWorkspace", s.CreateWorkspace(ctx, old, by(1, "")))
	if old.ID == 0 || !recent(old.CreatedAt) {
		t.Fatalf("CreateWorkspace left ID %d, CreatedAt %v", old.ID, old.CreatedAt)
	}
	e := lastAudit(t, s)
	if e.Action != "workspace.create" || e.Target != "workspace:"+itoa(old.ID) || e.WorkspaceID != old.ID || e.UserID != 1 || e.RemoteAddr != "192.0.2.7" {
		t.Errorf("audit entry %+v", e)
	}
	cur := &report.Workspace{Name: "2026年政府工作报告", Year: 2026}
	must(t, "CreateWorkspace", s.CreateWorkspace(ctx, cur, by(1, "")))

	got, err := s.Workspace(ctx, old.ID)
	must(t, "Workspace", err)
	if !reflect.DeepEqual(got, old) {
		t.Errorf("Workspace = %+v, want %+v", got, old)
	}
	ws, err := s.Workspaces(ctx)
	must(t, "Workspaces", err)
	if len(ws) != 2 || ws[0] != *cur || ws[1] != *old {
		t.Errorf("Workspaces = %+v, want the latest year first", ws)
	}

	before := auditCount(t, s)
	err = s.CreateWorkspace(ctx, &report.Workspace{Name: "2026年政府工作报告", Year: 2026}, by(1, ""))
	wantCode(t, "duplicate name", err, report.ECONFLICT, "工作区名称已存在")
	for _, bad := range []report.Workspace{{Name: " ", Year: 2026}, {Name: "报告", Year: 0}, {Name: "报告", Year: 99999}} {
		wantCode(t, "invalid workspace", s.CreateWorkspace(ctx, &bad, by(1, "")), report.EINVALID)
	}
	if n := auditCount(t, s); n != before {
		t.Errorf("failed changes wrote %d audit entries", n-before)
	}
	_, err = s.Workspace(ctx, 999)
	wantCode(t, "Workspace(999)", err, report.ENOTFOUND, "工作区不存在")
}

func testUnits(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)

	units := []*report.Unit{
		{Name: "东城镇", Kind: report.UnitTownship},
		{Name: "市发展改革委", Kind: report.UnitDepartment},
		{Name: "市政府领导", Kind: report.UnitLeadership},
		{Name: "西山乡", Kind: report.UnitTownship},
		{Name: "写作组", Kind: report.UnitWriting},
	}
	for _, u := range units {
		must(t, "CreateUnit", s.CreateUnit(ctx, u, by(1, "")))
	}
	if e := lastAudit(t, s); e.Action != "unit.create" || e.Target != "unit:"+itoa(units[4].ID) {
		t.Errorf("audit entry %+v", e)
	}
	list, err := s.Units(ctx)
	must(t, "Units", err)
	var names []string
	for _, u := range list {
		names = append(names, u.Name)
	}
	want := []string{"市政府领导", "写作组", "东城镇", "西山乡", "市发展改革委"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("Units = %v, want %v (leadership, writing, townships, departments)", names, want)
	}

	renamed := *units[0]
	renamed.Name = "东城街道"
	must(t, "UpdateUnit", s.UpdateUnit(ctx, &renamed, by(1, "")))
	got, err := s.Unit(ctx, renamed.ID)
	must(t, "Unit", err)
	if *got != renamed {
		t.Errorf("Unit after update = %+v, want %+v", got, renamed)
	}
	if e := lastAudit(t, s); e.Action != "unit.update" || e.Target != "unit:"+itoa(renamed.ID) {
		t.Errorf("audit entry %+v", e)
	}

	before := auditCount(t, s)
	wantCode(t, "duplicate unit", s.CreateUnit(ctx, &report.Unit{Name: "西山乡", Kind: report.UnitTownship}, by(1, "")), report.ECONFLICT, "单位名称已存在")
	clash := renamed
	clash.Name = "西山乡"
	wantCode(t, "rename onto another", s.UpdateUnit(ctx, &clash, by(1, "")), report.ECONFLICT, "单位名称已存在")
	wantCode(t, "update missing", s.UpdateUnit(ctx, &report.Unit{ID: 999, Name: "无", Kind: report.UnitTownship}, by(1, "")), report.ENOTFOUND, "单位不存在")
	wantCode(t, "bad kind", s.CreateUnit(ctx, &report.Unit{Name: "某单位", Kind: "village"}, by(1, "")), report.EINVALID)
	wantCode(t, "empty name", s.CreateUnit(ctx, &report.Unit{Name: "", Kind: report.UnitTownship}, by(1, "")), report.EINVALID)
	if n := auditCount(t, s); n != before {
		t.Errorf("failed changes wrote %d audit entries", n-before)
	}
	_, err = s.Unit(ctx, 999)
	wantCode(t, "Unit(999)", err, report.ENOTFOUND, "单位不存在")
}

func testUsers(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	_, unit, writer := seed(t, s)

	if !recent(writer.CreatedAt) || writer.ID == 0 {
		t.Fatalf("CreateUser left ID %d, CreatedAt %v", writer.ID, writer.CreatedAt)
	}
	if e := lastAudit(t, s); e.Action != "user.create" || e.Target != "user:"+itoa(writer.ID) {
		t.Errorf("audit entry %+v", e)
	}
	admin := &report.User{Username: "admin", Name: "管理员", Role: report.RoleAdmin, PasswordHash: "h1"}
	must(t, "CreateUser without a unit", s.CreateUser(ctx, admin, by(0, "")))

	for _, get := range []func() (*report.User, error){
		func() (*report.User, error) { return s.User(ctx, writer.ID) },
		func() (*report.User, error) { return s.UserByName(ctx, "zhangsan") },
	} {
		got, err := get()
		must(t, "User", err)
		if !reflect.DeepEqual(got, writer) {
			t.Errorf("got %+v, want %+v", got, writer)
		}
	}
	all, err := s.Users(ctx)
	must(t, "Users", err)
	if len(all) != 2 || !reflect.DeepEqual(all[0], *writer) || !reflect.DeepEqual(all[1], *admin) {
		t.Errorf("Users = %+v", all)
	}

	changed := *writer
	changed.Name, changed.Title, changed.Role, changed.Group = "张三丰", "副主任", report.RoleLeader, report.GroupDeputy
	changed.PasswordHash, changed.Disabled, changed.UnitID = "new-hash", true, 0
	must(t, "UpdateUser", s.UpdateUser(ctx, &changed, by(admin.ID, "user.disable")))
	got, err := s.User(ctx, writer.ID)
	must(t, "User", err)
	if !reflect.DeepEqual(got, &changed) {
		t.Errorf("after UpdateUser got %+v, want %+v", got, &changed)
	}
	if e := lastAudit(t, s); e.Action != "user.disable" || e.Target != "user:"+itoa(writer.ID) || e.UserID != admin.ID {
		t.Errorf("audit entry %+v", e)
	}

	before := auditCount(t, s)
	dup := &report.User{Username: "admin", Name: "另一个", Role: report.RoleContact, PasswordHash: "h"}
	wantCode(t, "duplicate username", s.CreateUser(ctx, dup, by(0, "")), report.ECONFLICT, "用户名已存在")
	rename := changed
	rename.Username = "admin"
	wantCode(t, "rename onto another", s.UpdateUser(ctx, &rename, by(0, "")), report.ECONFLICT, "用户名已存在")
	noUnit := &report.User{Username: "lisi", Name: "李四", UnitID: unit.ID + 100, Role: report.RoleContact, PasswordHash: "h"}
	wantCode(t, "missing unit", s.CreateUser(ctx, noUnit, by(0, "")), report.EINVALID, "所属单位不存在")
	missing := changed
	missing.ID = 999
	missing.Username = "nobody"
	wantCode(t, "update missing", s.UpdateUser(ctx, &missing, by(0, "")), report.ENOTFOUND, "用户不存在")
	for _, bad := range []report.User{
		{Username: "", Name: "甲", Role: report.RoleWriter, PasswordHash: "h"},
		{Username: "a", Name: " ", Role: report.RoleWriter, PasswordHash: "h"},
		{Username: "a", Name: "甲", Role: "root", PasswordHash: "h"},
		{Username: "a", Name: "甲", Role: report.RoleWriter, Group: "boss", PasswordHash: "h"},
		{Username: "a", Name: "甲", Role: report.RoleWriter},
	} {
		wantCode(t, "invalid user", s.CreateUser(ctx, &bad, by(0, "")), report.EINVALID)
	}
	badAudit := report.AuditEntry{Action: "user.create", RemoteAddr: "\xff"}
	wantCode(t, "unwritable audit entry", s.CreateUser(ctx, &report.User{Username: "wangwu", Name: "王五", Role: report.RoleWriter, PasswordHash: "h"}, badAudit), report.EINVALID)
	if _, err := s.UserByName(ctx, "wangwu"); report.ErrorCode(err) != report.ENOTFOUND {
		t.Errorf("user stored although its audit entry was not: %v", err)
	}
	if n := auditCount(t, s); n != before {
		t.Errorf("failed changes wrote %d audit entries", n-before)
	}
	if _, err := s.User(ctx, 999); report.ErrorCode(err) != report.ENOTFOUND {
		t.Errorf("User(999): %v", err)
	}
	if _, err := s.UserByName(ctx, "Zhangsan"); report.ErrorCode(err) != report.ENOTFOUND {
		t.Errorf("UserByName is not exact: %v", err)
	}
}

// testUserFields stores text that looks like SQL and HTML and reads it back unchanged.
func testUserFields(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	tests := []report.User{
		{Username: "x'); DROP TABLE users; --", Name: "<script>alert(1)</script>", Title: `"引号" & ？`, Role: report.RoleContact, PasswordHash: "h"},
		{Username: "王五", Name: "王　五", Title: "镇长（兼）", Role: report.RoleLeader, Group: report.GroupHead, PasswordHash: "h", Disabled: true},
		{Username: "? $1 %s", Name: " 前后 空格 ", Role: report.RoleWriter, Group: report.GroupMember, PasswordHash: "h"},
	}
	for i := range tests {
		u := tests[i]
		must(t, "CreateUser", s.CreateUser(ctx, &u, by(0, "")))
		got, err := s.UserByName(ctx, u.Username)
		must(t, "UserByName", err)
		if !reflect.DeepEqual(got, &u) {
			t.Errorf("got %+v, want %+v", got, &u)
		}
	}
	if all, err := s.Users(ctx); err != nil || len(all) != len(tests) {
		t.Errorf("Users: %d, %v", len(all), err)
	}
}

// testBadText checks that text neither database can keep faithfully is refused, not stored.
func testBadText(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	w, _, _ := seed(t, s)
	before := auditCount(t, s)
	for _, text := range []string{"a\x00b", "bad \xff utf-8"} {
		wantCode(t, "user", s.CreateUser(ctx, &report.User{Username: text, Name: "甲", Role: report.RoleWriter, PasswordHash: "h"}, by(0, "")), report.EINVALID)
		wantCode(t, "unit", s.CreateUnit(ctx, &report.Unit{Name: text, Kind: report.UnitTownship}, by(0, "")), report.EINVALID)
		wantCode(t, "workspace", s.CreateWorkspace(ctx, &report.Workspace{Name: text, Year: 2027}, by(0, "")), report.EINVALID)
		doc := Document(100)
		doc.Blocks[1].Text = text
		wantCode(t, "version", s.AddVersion(ctx, &report.Version{WorkspaceID: w.ID, Doc: doc}, nil, by(0, "")), report.EINVALID)
		wantCode(t, "audit", s.Audit(ctx, report.AuditEntry{Action: "login", Detail: text}), report.EINVALID)
		_, err := s.UserByName(ctx, text)
		wantCode(t, "UserByName", err, report.ENOTFOUND)
		_, err = s.Session(ctx, text)
		wantCode(t, "Session", err, report.ENOTFOUND)
	}
	if n := auditCount(t, s); n != before {
		t.Errorf("refused changes wrote %d audit entries", n-before)
	}
}
