package demo_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"qicao/chronicle"
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
	for _, u := range users {
		roles[u.Role]++
		if u.Role == report.RoleContact && u.UnitID == 0 {
			t.Errorf("contact %s has no unit", u.Username)
		}
	}
	if roles[report.RoleAdmin] != 1 || roles[report.RoleWriter] < 2 || roles[report.RoleLeader] < 4 || roles[report.RoleContact] != len(units)-2 {
		t.Errorf("users by role: %v", roles)
	}
	ws, _ := st.Workspaces(ctx)
	if len(ws) != 1 || ws[0].Name != demo.WorkspaceName {
		t.Fatalf("workspaces: %+v", ws)
	}
	seats, err := st.WorkspaceGroup(ctx, ws[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	groups := map[report.GroupRole]int{}
	for _, g := range seats {
		groups[g.Role]++
	}
	if groups[report.GroupHead] != 1 || groups[report.GroupDeputy] < 2 || groups[report.GroupMember] < 3 {
		t.Errorf("the workspace's drafting group: %v", groups)
	}
	vs, _ := st.Versions(ctx, ws[0].ID)
	if len(vs) != 4 || vs[0].Label != "初稿" || vs[2].Label != "送审稿" || vs[2].Stage != "政府常务会议审议" || vs[3].Label != "常务会议修改稿" {
		t.Fatalf("versions: %+v", vs)
	}
	for _, v := range vs[:3] {
		links, err := st.Successors(ctx, v.ID)
		if err != nil || len(links) == 0 {
			t.Errorf("version %d has no successor links: %v", v.Number, err)
		}
	}

	// The 常务会议 on the 送审稿: four instructions, three carried out in the next version.
	ms, _ := st.Meetings(ctx, ws[0].ID)
	if len(ms) != 1 || ms[0].Kind != "政府常务会议" || ms[0].VersionID != vs[2].ID {
		t.Fatalf("meetings: %+v", ms)
	}
	ins, _ := st.Instructions(ctx, ws[0].ID, ms[0].ID)
	status := map[report.CarryStatus]int{}
	for _, in := range ins {
		status[in.Status]++
		if in.Status == report.CarryDone && in.InVersion != vs[3].ID {
			t.Errorf("instruction %d carried out in version %d", in.ID, in.InVersion)
		}
	}
	if len(ins) != 4 || status[report.CarryDone] != 3 || status[report.CarryPending] != 1 {
		t.Errorf("instructions: %v", status)
	}
	rec, err := chronicle.Gather(ctx, st, ws[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	v4, _ := st.Version(ctx, vs[3].ID)
	e, err := chronicle.Write(rec, v4)
	if err != nil {
		t.Fatal(err)
	}
	formation := e.Sections[0].Paragraphs[0].Text()
	for _, want := range []string{"市长李明远任组长", "经市政府常务会议审议，会议提出审议意见4条，已落实3条、正在落实1条。", "示例市人民政府办公室于2026年"} {
		if !strings.Contains(formation, want) {
			t.Errorf("the demo's 起草说明 lacks %q:\n%s", want, formation)
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
	if vs2, _ := st.Versions(ctx, ws[0].ID); len(vs2) != 4 {
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
