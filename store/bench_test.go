package store_test

import (
	"context"
	"testing"
	"unicode/utf8"

	"qicao/report"
	"qicao/store"
	"qicao/store/storetest"
)

// BenchmarkVersionRead loads a version of a 14,000-character report, what every report page
// does; run with -bench VersionRead.
func BenchmarkVersionRead(b *testing.B) {
	for _, db := range []struct {
		name   string
		newDSN func(testing.TB) string
	}{{"sqlite", storetest.SQLiteDSN}, {"postgres", storetest.PostgresDSN}} {
		b.Run(db.name, func(b *testing.B) {
			s, id := benchVersion(b, db.newDSN(b))
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := s.Version(ctx, id); err != nil {
					b.Fatal(err)
				}
			}
		})
		// Cycling through more versions than are kept decoded measures the cost of a miss.
		b.Run(db.name+"/uncached", func(b *testing.B) {
			s, id := benchVersion(b, db.newDSN(b))
			ctx := context.Background()
			ids := []int64{id}
			v, _ := s.Version(ctx, id)
			for len(ids) < 40 {
				next := &report.Version{WorkspaceID: v.WorkspaceID, Label: "稿", Doc: v.Doc}
				if err := s.AddVersion(ctx, next, nil, report.AuditEntry{Action: "version.add"}); err != nil {
					b.Fatal(err)
				}
				ids = append(ids, next.ID)
			}
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				if _, err := s.Version(ctx, ids[i%len(ids)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(db.name+"/parallel", func(b *testing.B) {
			s, id := benchVersion(b, db.newDSN(b))
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := s.Version(ctx, id); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// BenchmarkAddVersion stores a 14,000-character version with its paragraphs and audit entry.
func BenchmarkAddVersion(b *testing.B) {
	s, _ := benchVersion(b, storetest.SQLiteDSN(b))
	ctx := context.Background()
	doc := storetest.Document(14000)
	ws, _ := s.Workspaces(ctx)
	b.ResetTimer()
	for b.Loop() {
		v := &report.Version{WorkspaceID: ws[0].ID, Label: "稿", Doc: doc}
		if err := s.AddVersion(ctx, v, nil, report.AuditEntry{Action: "version.add"}); err != nil {
			b.Fatal(err)
		}
	}
}

func benchVersion(b *testing.B, dsn string) (report.Store, int64) {
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	w := &report.Workspace{Name: "2026年政府工作报告", Year: 2026}
	if err := s.CreateWorkspace(ctx, w, report.AuditEntry{}); err != nil {
		b.Fatal(err)
	}
	doc := storetest.Document(14000)
	if n := utf8.RuneCountInString(doc.PlainText()); n < 14000 || n > 15000 {
		b.Fatalf("fixture has %d characters", n)
	}
	v := &report.Version{WorkspaceID: w.ID, Label: "初稿", Doc: doc}
	if err := s.AddVersion(ctx, v, nil, report.AuditEntry{}); err != nil {
		b.Fatal(err)
	}
	return s, v.ID
}
