package storetest

import (
	"context"
	"testing"
	"time"
	"unicode/utf8"

	"qicao/report"
)

func testFigures(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	w, _, writer := seed(t, s)
	stats := &report.Unit{Name: "市统计局", Kind: report.UnitDepartment}
	must(t, "CreateUnit", s.CreateUnit(ctx, stats, by(0, "unit.create")))
	finance := &report.Unit{Name: "市财政局", Kind: report.UnitDepartment}
	must(t, "CreateUnit", s.CreateUnit(ctx, finance, by(0, "unit.create")))
	contact := &report.User{Username: "tongji", Name: "黄晓东", Title: "联络员", UnitID: stats.ID, Role: report.RoleContact, PasswordHash: "x"}
	must(t, "CreateUser", s.CreateUser(ctx, contact, by(0, "user.create")))
	v := &report.Version{WorkspaceID: w.ID, Label: "初稿", AuthorID: writer.ID, Filename: "初稿.docx", Doc: Document(2000)}
	must(t, "AddVersion", s.AddVersion(ctx, v, nil, by(writer.ID, "version.add")))
	block := v.Doc.Blocks[2]
	quote := string([]rune(block.Text)[0:4])

	// An upload creates indicators and binds them, all in one transaction.
	deadline := time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC)
	gdp := &report.Indicator{Name: "地区生产总值增速", Unit: "%", Period: "2026年", Kind: report.KindActual, OwnerID: stats.ID,
		Status: report.StatusPending, LastYear: "5.8%", Deadline: deadline, UpdatedBy: writer.ID}
	income := &report.Indicator{Name: "一般公共预算收入", Unit: "亿元", Period: "2026年", Kind: report.KindActual, OwnerID: finance.ID,
		Status: report.StatusPending, UpdatedBy: writer.ID}
	bind := func(ind int64) report.Binding {
		return report.Binding{IndicatorID: ind, VersionID: v.ID, BlockID: block.ID, Start: 0, End: 4, Quote: quote, Suffix: "后文", CreatedBy: writer.ID}
	}
	bs := []report.Binding{bind(-1), bind(-2), bind(-1)}
	must(t, "BindFigures", s.BindFigures(ctx, w.ID, []*report.Indicator{gdp, income}, bs, by(writer.ID, "figures.bind")))
	if gdp.ID == 0 || income.ID == 0 || bs[0].IndicatorID != gdp.ID || bs[1].IndicatorID != income.ID || bs[2].ID == 0 {
		t.Fatalf("BindFigures: %+v %+v %+v", gdp, income, bs)
	}
	if e := lastAudit(t, s); e.Action != "figures.bind" || e.WorkspaceID != w.ID {
		t.Errorf("audit %+v", e)
	}
	got, err := s.Indicator(ctx, gdp.ID)
	must(t, "Indicator", err)
	if got.Name != gdp.Name || got.OwnerID != stats.ID || !got.Deadline.Equal(deadline) || got.LastYear != "5.8%" || got.Status != report.StatusPending || !recent(got.UpdatedAt) {
		t.Errorf("Indicator: %+v", got)
	}
	all, err := s.Bindings(ctx, w.ID)
	must(t, "Bindings", err)
	if len(all) != 3 || all[1].IndicatorID != income.ID || all[0].Quote != quote || all[0].Suffix != "后文" || all[0].End != 4 || !recent(all[0].CreatedAt) {
		t.Errorf("Bindings: %+v", all)
	}

	// A bad binding stores nothing, not even the indicators created with it.
	n := auditCount(t, s)
	lost := &report.Indicator{Name: "不该存在", Kind: report.KindActual, Status: report.StatusPending}
	bad := bind(-1)
	bad.BlockID = "p-missing"
	wantCode(t, "BindFigures to a missing paragraph", s.BindFigures(ctx, w.ID, []*report.Indicator{lost}, []report.Binding{bad}, by(writer.ID, "")), report.EINVALID)
	bad = bind(-1)
	bad.Quote = "不对"
	wantCode(t, "BindFigures with a wrong quote", s.BindFigures(ctx, w.ID, []*report.Indicator{lost}, []report.Binding{bad}, by(writer.ID, "")), report.EINVALID)
	wantCode(t, "BindFigures with a duplicate name", s.BindFigures(ctx, w.ID, []*report.Indicator{{Name: "地区生产总值增速", Kind: report.KindActual, Status: report.StatusPending}}, nil, by(writer.ID, "")), report.ECONFLICT)
	if inds, _ := s.Indicators(ctx, w.ID); len(inds) != 2 || auditCount(t, s) != n {
		t.Errorf("a refused binding left %d indicators, %d audit entries (want 2, %d)", len(inds), auditCount(t, s), n)
	}

	// Filling a value keeps its history: who, when, why.
	got.Value, got.Status, got.Note, got.UpdatedBy = "6.2", report.StatusEstimate, "快报数", contact.ID
	must(t, "UpdateIndicator", s.UpdateIndicator(ctx, got, "统计快报", by(contact.ID, "indicator.update")))
	wantCode(t, "status without value", s.UpdateIndicator(ctx, &report.Indicator{ID: income.ID, WorkspaceID: w.ID, Name: income.Name, Kind: report.KindActual, Status: report.StatusConfirmed}, "", by(contact.ID, "")), report.EINVALID)
	wantCode(t, "bad status", s.UpdateIndicator(ctx, &report.Indicator{ID: income.ID, WorkspaceID: w.ID, Name: income.Name, Kind: report.KindActual, Status: "正式"}, "", by(contact.ID, "")), report.EINVALID)
	wantCode(t, "missing indicator", s.UpdateIndicator(ctx, &report.Indicator{ID: 9999, WorkspaceID: w.ID, Name: "无", Kind: report.KindActual, Status: report.StatusPending}, "", by(contact.ID, "")), report.ENOTFOUND)
	wantCode(t, "long name", s.CreateIndicator(ctx, &report.Indicator{WorkspaceID: w.ID, Name: string(make([]rune, 61)), Kind: report.KindActual, Status: report.StatusPending}, by(0, "")), report.EINVALID)
	hist, err := s.IndicatorHistory(ctx, gdp.ID)
	must(t, "IndicatorHistory", err)
	if len(hist) != 2 || hist[0].Reason != "由上传稿中的占位符创建" || hist[1].Value != "6.2" || hist[1].Status != report.StatusEstimate || hist[1].By != contact.ID || hist[1].Reason != "统计快报" || !recent(hist[1].At) {
		t.Errorf("history %+v", hist)
	}

	// Confirming: not while a figure is unfilled; then all the unit's figures at once.
	wantCode(t, "confirm nothing", s.ConfirmFigures(ctx, &report.Confirmation{WorkspaceID: w.ID, UnitID: writer.UnitID, By: writer.ID}, by(writer.ID, "")), report.EINVALID, "本单位没有需要确认的数据")
	extra := &report.Indicator{WorkspaceID: w.ID, Name: "规上工业增加值增速", Unit: "%", Kind: report.KindActual, OwnerID: stats.ID, Status: report.StatusPending}
	must(t, "CreateIndicator", s.CreateIndicator(ctx, extra, by(writer.ID, "indicator.create")))
	wantCode(t, "confirm unfilled", s.ConfirmFigures(ctx, &report.Confirmation{WorkspaceID: w.ID, UnitID: stats.ID, By: contact.ID}, by(contact.ID, "")), report.EINVALID, "本单位还有 1 项数据未填写，请填写后再确认")
	extra.Value, extra.Status = "8.5", report.StatusPreliminary
	must(t, "UpdateIndicator", s.UpdateIndicator(ctx, extra, "", by(contact.ID, "indicator.update")))
	c := &report.Confirmation{WorkspaceID: w.ID, VersionID: v.ID, UnitID: stats.ID, By: contact.ID}
	must(t, "ConfirmFigures", s.ConfirmFigures(ctx, c, by(contact.ID, "figures.confirm")))
	if c.ID == 0 || c.Count != 2 || !recent(c.At) {
		t.Errorf("confirmation %+v", c)
	}
	inds, err := s.Indicators(ctx, w.ID)
	must(t, "Indicators", err)
	for _, ind := range inds {
		want := report.StatusConfirmed
		if ind.OwnerID != stats.ID {
			want = report.StatusPending
		}
		if ind.Status != want || ind.Reconfirm {
			t.Errorf("after confirming: %s is %s", ind.Name, ind.Status)
		}
	}
	if hist, _ := s.IndicatorHistory(ctx, extra.ID); len(hist) != 3 || hist[2].Reason != "数据确认" || hist[2].Status != report.StatusConfirmed {
		t.Errorf("history after confirming %+v", hist)
	}
	cs, err := s.Confirmations(ctx, w.ID)
	must(t, "Confirmations", err)
	if len(cs) != 1 || cs[0].UnitID != stats.ID || cs[0].VersionID != v.ID || cs[0].Count != 2 || !cs[0].At.Equal(c.At) {
		t.Errorf("Confirmations %+v", cs)
	}

	// The name → department mapping.
	must(t, "SetFigureOwner", s.SetFigureOwner(ctx, report.FigureOwner{WorkspaceID: w.ID, Name: "税收收入", UnitID: stats.ID}, by(writer.ID, "figures.owner")))
	must(t, "SetFigureOwner", s.SetFigureOwner(ctx, report.FigureOwner{WorkspaceID: w.ID, Name: "税收收入", UnitID: finance.ID}, by(writer.ID, "figures.owner")))
	must(t, "SetFigureOwner", s.SetFigureOwner(ctx, report.FigureOwner{WorkspaceID: w.ID, Name: "地区生产总值", UnitID: stats.ID}, by(writer.ID, "figures.owner")))
	wantCode(t, "owner to a missing unit", s.SetFigureOwner(ctx, report.FigureOwner{WorkspaceID: w.ID, Name: "人口", UnitID: 9999}, by(writer.ID, "")), report.EINVALID)
	os, err := s.FigureOwners(ctx, w.ID)
	must(t, "FigureOwners", err)
	if len(os) != 2 || os[1].Name != "税收收入" || os[1].UnitID != finance.ID {
		t.Errorf("FigureOwners %+v", os)
	}
	must(t, "SetFigureOwner", s.SetFigureOwner(ctx, report.FigureOwner{WorkspaceID: w.ID, Name: "税收收入"}, by(writer.ID, "figures.owner")))
	if os, _ := s.FigureOwners(ctx, w.ID); len(os) != 1 {
		t.Errorf("after removing: %+v", os)
	}

	// The 定稿 override needs a reason and is audited.
	wantCode(t, "override without reason", s.OverrideFinal(ctx, &report.FinalOverride{WorkspaceID: w.ID, VersionID: v.ID, Reason: "  ", By: writer.ID}, by(writer.ID, "")), report.EINVALID)
	o := &report.FinalOverride{WorkspaceID: w.ID, VersionID: v.ID, Reason: "财政局数据以人代会前最终数为准", Pending: 1, By: writer.ID}
	must(t, "OverrideFinal", s.OverrideFinal(ctx, o, by(writer.ID, "figures.final_override")))
	if e := lastAudit(t, s); e.Action != "figures.final_override" || e.Target != "version:"+itoa(v.ID) {
		t.Errorf("audit %+v", e)
	}
	ovs, err := s.FinalOverrides(ctx, w.ID)
	must(t, "FinalOverrides", err)
	if len(ovs) != 1 || ovs[0].Reason != o.Reason || ovs[0].Pending != 1 || ovs[0].By != writer.ID {
		t.Errorf("FinalOverrides %+v", ovs)
	}

	// Unbinding keeps the indicator.
	must(t, "DeleteBinding", s.DeleteBinding(ctx, all[2].ID, by(writer.ID, "figures.unbind")))
	wantCode(t, "DeleteBinding twice", s.DeleteBinding(ctx, all[2].ID, by(writer.ID, "")), report.ENOTFOUND)
	if all, _ := s.Bindings(ctx, w.ID); len(all) != 2 {
		t.Errorf("after unbinding: %d bindings", len(all))
	}
	if utf8.RuneCountInString(quote) != 4 {
		t.Fatal("fixture")
	}
}
