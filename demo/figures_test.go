package demo_test

import (
	"context"
	"testing"

	"qicao/demo"
	"qicao/figures"
	"qicao/report"
	"qicao/store"
	"qicao/store/storetest"
)

// The demo's figures: about 60 bound across 15 departments, in every state, two inconsistent.
func TestSeedFigures(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.SQLiteDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.Prepare(ctx, st); err != nil {
		t.Fatal(err)
	}
	ws, _ := st.Workspaces(ctx)
	inds, err := st.Indicators(ctx, ws[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	owners := map[int64]bool{}
	statuses := map[report.FigureStatus]int{}
	byID := map[int64]*report.Indicator{}
	for i := range inds {
		owners[inds[i].OwnerID] = true
		statuses[inds[i].Status]++
		byID[inds[i].ID] = &inds[i]
	}
	bs, _ := st.Bindings(ctx, ws[0].ID)
	t.Logf("%d indicators, %d bindings, %d departments, %v", len(inds), len(bs), len(owners), statuses)
	if len(bs) < 55 || len(bs) > 75 || len(owners) < 15 {
		t.Errorf("%d bindings across %d departments, want about 60 across 15", len(bs), len(owners))
	}
	for _, s := range report.FigureStatuses {
		if statuses[s] == 0 {
			t.Errorf("no figure is %s", s)
		}
	}
	if cs, _ := st.Confirmations(ctx, ws[0].ID); len(cs) == 0 {
		t.Error("no department has confirmed")
	}
	v, err := st.Version(ctx, bs[0].VersionID)
	if err != nil {
		t.Fatal(err)
	}
	index := map[string]int{}
	for i, b := range v.Doc.Blocks {
		index[b.ID] = i
	}
	var uses []figures.Use
	for _, b := range bs {
		uses = append(uses, figures.Use{Indicator: byID[b.IndicatorID], Block: index[b.BlockID], Start: b.Start, End: b.End, Quote: b.Quote})
	}
	rules := map[string]int{}
	for _, f := range figures.Check(v.Doc, uses, nil) {
		rules[f.Rule]++
		t.Log(f.Rule, f.Message)
	}
	// 地区生产总值增速 updated in the register only; 农村劳动力转移就业 stated as 16.8 and 16.5万人
	if rules["data-register"] != 2 || rules["data-two-values"] != 1 || len(rules) != 2 {
		t.Errorf("findings by rule %v, want two data-register and one data-two-values", rules)
	}
}
