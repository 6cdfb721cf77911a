package demo_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"qicao/demo"
	"qicao/report"
	"qicao/store"
	"qicao/store/storetest"
)

func TestSeed(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.SQLiteDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	accounts, err := demo.Prepare(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	units, _ := st.Units(ctx)
	kinds := map[report.UnitKind]int{}
	for _, u := range units {
		kinds[u.Kind]++
	}
	if kinds[report.UnitTownship] != 14 || kinds[report.UnitDepartment] < 25 || kinds[report.UnitLeadership] != 1 || kinds[report.UnitWriting] != 1 {
		t.Errorf("units by kind: %v", kinds)
	}
	users, _ := st.Users(ctx)
	if len(accounts) != len(users) {
		t.Fatalf("%d accounts printed for %d users", len(accounts), len(users))
	}
	roles := map[report.Role]int{}
	groups := map[report.GroupRole]int{}
	for _, u := range users {
		roles[u.Role]++
		groups[u.Group]++
		if u.Role == report.RoleContact && u.UnitID == 0 {
			t.Errorf("contact %s has no unit", u.Username)
		}
	}
	if roles[report.RoleAdmin] != 1 || roles[report.RoleWriter] < 2 || roles[report.RoleLeader] < 4 || roles[report.RoleContact] != len(units)-2 {
		t.Errorf("users by role: %v", roles)
	}
	if groups[report.GroupHead] != 1 || groups[report.GroupDeputy] < 2 || groups[report.GroupMember] < 3 {
		t.Errorf("drafting group: %v", groups)
	}
	ws, _ := st.Workspaces(ctx)
	if len(ws) != 1 || ws[0].Name != demo.WorkspaceName {
		t.Fatalf("workspaces: %+v", ws)
	}
	vs, _ := st.Versions(ctx, ws[0].ID)
	if len(vs) != 3 || vs[0].Label != "初稿" || vs[2].Label != "送审稿" {
		t.Fatalf("versions: %+v", vs)
	}
	for _, v := range vs[:2] {
		links, err := st.Successors(ctx, v.ID)
		if err != nil || len(links) == 0 {
			t.Errorf("version %d has no successor links: %v", v.Number, err)
		}
	}

	var out bytes.Buffer
	demo.PrintAccounts(&out, accounts)
	for _, want := range []string{"admin", "writer1", "leader1", "contact-donghu", accounts[0].Password} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("printed accounts lack %q", want)
		}
	}

	// started again: the same demo, new passwords for everyone
	again, err := demo.Prepare(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != len(accounts) || again[0].Password == accounts[0].Password {
		t.Errorf("second start: %d accounts, same password %v", len(again), again[0].Password == accounts[0].Password)
	}
	if vs2, _ := st.Versions(ctx, ws[0].ID); len(vs2) != 3 {
		t.Errorf("second start added versions: %d", len(vs2))
	}
}

func TestPrepareRefusesOtherData(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.SQLiteDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.CreateWorkspace(ctx, &report.Workspace{Name: "2026年政府工作报告", Year: 2026}, report.AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	_, err = demo.Prepare(ctx, st)
	if report.ErrorCode(err) != report.EINVALID {
		t.Fatalf("demo on a real database: %v", err)
	}
}
