package store_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"qicao/report"
	"qicao/store"
	"qicao/store/storetest"
)

// TestMigrateMaterialPairs brings a SQLite database whose texts were indexed before the
// sentinel (as migration 0005 left them) through the pair migration: the texts already stored
// are reindexed, so a pair at the end of one is found and a replaced one is gone.
func TestMigrateMaterialPairs(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.SQLiteDSN(t)
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	none := report.AuditEntry{}
	ws := &report.Workspace{Name: "迁移", Year: 2027}
	u := &report.Unit{Name: "甲镇", Kind: report.UnitTownship}
	for _, err := range []error{s.CreateWorkspace(ctx, ws, none), s.CreateUnit(ctx, u, none)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	c := &report.Campaign{WorkspaceID: ws.ID, Title: "材料征集", Date: time.Now(), Deadline: time.Now().Add(time.Hour),
		Items: []report.CampaignItem{{Name: "工作总结"}, {Name: "工作计划"}}, UnitIDs: []int64{u.ID}}
	if err := s.CreateCampaign(ctx, c, none); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []*report.Submission{
		{CampaignID: c.ID, ItemID: c.Items[0].ID, UnitID: u.ID, Format: "typed", Text: "明年重点推进氢能"},
		{CampaignID: c.ID, ItemID: c.Items[1].ID, UnitID: u.ID, Format: "typed", Text: "锂电池产量翻番"},
	} {
		if err := s.Submit(ctx, sub, nil, nil, none); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()

	// back to the state before the migration: old triggers, texts indexed without the sentinel
	raw, err := sql.Open("sqlite3", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{
		"DROP TABLE material_vocab",
		"DROP TRIGGER material_texts_ai",
		"DROP TRIGGER material_texts_ad",
		`CREATE TRIGGER material_texts_ai AFTER INSERT ON material_texts BEGIN
			INSERT INTO material_fts (rowid, body) VALUES (new.id, new.body); END`,
		`CREATE TRIGGER material_texts_ad AFTER DELETE ON material_texts BEGIN
			INSERT INTO material_fts (material_fts, rowid, body) VALUES ('delete', old.id, old.body); END`,
		"INSERT INTO material_fts (material_fts) VALUES ('rebuild')",
		"DELETE FROM schema_migrations WHERE name LIKE '%\\_material\\_pairs.sql' ESCAPE '\\'",
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	applied, err := store.Migrate(ctx, dsn)
	if err != nil || len(applied) != 1 || !strings.HasSuffix(applied[0], "_material_pairs.sql") {
		t.Fatalf("Migrate: %v, %v", applied, err)
	}
	s, err = store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for q, want := range map[string]int{"氢能": 1, "锂电": 1, "翻番": 1, "能锂": 0} {
		if _, total, err := s.SearchMaterial(ctx, ws.ID, q, 10); err != nil || total != want {
			t.Errorf("%s: %d hits (%v), want %d", q, total, err, want)
		}
	}
	// the reindexed text is deleted cleanly when replaced
	repl := &report.Submission{CampaignID: c.ID, ItemID: c.Items[0].ID, UnitID: u.ID, Format: "typed", Text: "示范项目"}
	if err := s.Submit(ctx, repl, nil, nil, none); err != nil {
		t.Fatal(err)
	}
	if _, total, err := s.SearchMaterial(ctx, ws.ID, "氢能", 10); err != nil || total != 0 {
		t.Errorf("氢能 after replacing: %d hits (%v)", total, err)
	}
	raw, err = sql.Open("sqlite3", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("INSERT INTO material_fts (material_fts, rank) VALUES ('integrity-check', 0)"); err != nil {
		t.Errorf("integrity-check: %v", err)
	}
}
