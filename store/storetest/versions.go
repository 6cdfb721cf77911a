package storetest

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"

	"qicao/report"
)

func testVersions(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	w, _, writer := seed(t, s)

	if vs, err := s.Versions(ctx, w.ID); err != nil || len(vs) != 0 {
		t.Fatalf("Versions of a new workspace: %v, %v", vs, err)
	}
	labels := []string{"初稿", "征求意见稿", "送审稿"}
	var added []*report.Version
	for i, label := range labels {
		doc := Document(3000 * (i + 1))
		v := &report.Version{WorkspaceID: w.ID, Label: label, Note: "第" + itoa(int64(i+1)) + "稿说明", AuthorID: writer.ID, Filename: label + ".docx", Doc: doc}
		must(t, "AddVersion", s.AddVersion(ctx, v, nil, by(writer.ID, "version.upload")))
		if v.Number != i+1 || v.ID == 0 || !recent(v.CreatedAt) {
			t.Fatalf("version %d: Number %d, ID %d, CreatedAt %v", i, v.Number, v.ID, v.CreatedAt)
		}
		e := lastAudit(t, s)
		if e.Action != "version.upload" || e.Target != "version:"+itoa(v.ID) || e.WorkspaceID != w.ID || e.UserID != writer.ID {
			t.Errorf("audit entry %+v", e)
		}
		added = append(added, v)
	}

	for _, want := range added {
		got, err := s.Version(ctx, want.ID)
		must(t, "Version", err)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Version(%d) differs from what was added", want.ID)
			if !reflect.DeepEqual(got.Doc, want.Doc) {
				t.Errorf("document: got %d blocks, want %d", len(got.Doc.Blocks), len(want.Doc.Blocks))
			}
		}
	}
	// The document comes back exactly, down to table cells, run-in headings and levels.
	got, _ := s.Version(ctx, added[0].ID)
	var table, runIn bool
	for _, b := range got.Doc.Blocks {
		table = table || (b.Kind == report.Table && len(b.Rows) == 3)
		runIn = runIn || (b.RunIn() && b.Level == 2)
	}
	if !table || !runIn {
		t.Errorf("the fixture lost its table (%v) or run-in level-2 headings (%v)", table, runIn)
	}

	// A reader changing its copy changes nothing for the next one.
	got.Doc.Blocks[0].Text = "改动"
	got.Doc.Blocks = got.Doc.Blocks[:1]
	again, err := s.Version(ctx, added[0].ID)
	must(t, "Version", err)
	if !reflect.DeepEqual(again, added[0]) {
		t.Error("changing a version read changed the version")
	}
	for _, b := range again.Doc.Blocks {
		if b.Rows != nil {
			b.Rows[0][0] = "改动"
		}
	}
	if again, _ := s.Version(ctx, added[0].ID); !reflect.DeepEqual(again, added[0]) {
		t.Error("changing a table cell of a version read changed the version")
	}

	list, err := s.Versions(ctx, w.ID)
	must(t, "Versions", err)
	if len(list) != len(added) {
		t.Fatalf("Versions: %d, want %d", len(list), len(added))
	}
	for i := range list {
		want := *added[i]
		want.Doc = nil
		if !reflect.DeepEqual(list[i], want) {
			t.Errorf("Versions[%d] = %+v, want %+v", i, list[i], want)
		}
	}

	// Another workspace numbers its versions from 1.
	other := &report.Workspace{Name: "2027年政府工作报告", Year: 2027}
	must(t, "CreateWorkspace", s.CreateWorkspace(ctx, other, by(0, "")))
	v := &report.Version{WorkspaceID: other.ID, Label: "初稿", Doc: Document(10)}
	must(t, "AddVersion", s.AddVersion(ctx, v, nil, by(0, "")))
	if v.Number != 1 || v.AuthorID != 0 {
		t.Errorf("first version of another workspace: Number %d", v.Number)
	}
	if got, err := s.Version(ctx, v.ID); err != nil || got.AuthorID != 0 {
		t.Errorf("version without an author: %+v, %v", got, err)
	}

	_, err = s.Version(ctx, 99999)
	wantCode(t, "Version(99999)", err, report.ENOTFOUND, "版本不存在")
	_, err = s.Versions(ctx, 99999)
	wantCode(t, "Versions(99999)", err, report.ENOTFOUND, "工作区不存在")
}

// testVersionRejected checks that a refused version leaves nothing behind: no row, no audit
// entry, no gap in the numbering.
func testVersionRejected(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	w, _, writer := seed(t, s)
	v1 := &report.Version{WorkspaceID: w.ID, Label: "初稿", AuthorID: writer.ID, Doc: Document(500)}
	must(t, "AddVersion", s.AddVersion(ctx, v1, nil, by(writer.ID, "")))
	before := auditCount(t, s)

	dupIDs := Document(500)
	dupIDs.Blocks[2].ID = dupIDs.Blocks[1].ID
	noID := Document(500)
	noID.Blocks[0].ID = ""
	tests := []struct {
		name  string
		v     report.Version
		links []report.Successor
		code  string
	}{
		{"no document", report.Version{WorkspaceID: w.ID}, nil, report.EINVALID},
		{"duplicate block IDs", report.Version{WorkspaceID: w.ID, Doc: dupIDs}, nil, report.EINVALID},
		{"empty block ID", report.Version{WorkspaceID: w.ID, Doc: noID}, nil, report.EINVALID},
		{"missing workspace", report.Version{WorkspaceID: 999, Doc: Document(10)}, nil, report.ENOTFOUND},
		{"missing author", report.Version{WorkspaceID: w.ID, AuthorID: 999, Doc: Document(10)}, nil, report.EINVALID},
		{"link from a missing paragraph", report.Version{WorkspaceID: w.ID, Doc: Document(10)},
			[]report.Successor{{FromVersion: v1.ID, FromBlock: "p000000000000"}}, report.EINVALID},
		{"link to a missing paragraph", report.Version{WorkspaceID: w.ID, Doc: Document(10)},
			[]report.Successor{{FromVersion: v1.ID, FromBlock: v1.Doc.Blocks[0].ID, ToBlock: "nowhere"}}, report.EINVALID},
		{"link from a missing version", report.Version{WorkspaceID: w.ID, Doc: Document(10)},
			[]report.Successor{{FromVersion: 999, FromBlock: "x"}}, report.EINVALID},
		{"duplicate link", report.Version{WorkspaceID: w.ID, Doc: Document(10)},
			[]report.Successor{{FromVersion: v1.ID, FromBlock: v1.Doc.Blocks[0].ID}, {FromVersion: v1.ID, FromBlock: v1.Doc.Blocks[0].ID}}, report.EINVALID},
	}
	for _, tt := range tests {
		v := tt.v
		wantCode(t, tt.name, s.AddVersion(ctx, &v, tt.links, by(writer.ID, "")), tt.code)
	}

	other := &report.Workspace{Name: "2027年政府工作报告", Year: 2027}
	must(t, "CreateWorkspace", s.CreateWorkspace(ctx, other, by(0, "")))
	before++
	cross := &report.Version{WorkspaceID: other.ID, Doc: Document(10)}
	err := s.AddVersion(ctx, cross, []report.Successor{{FromVersion: v1.ID, FromBlock: v1.Doc.Blocks[0].ID}}, by(0, ""))
	wantCode(t, "link from another workspace", err, report.EINVALID)

	// The audit entry is written last in the transaction: when it cannot be written, the version
	// it records must not be stored either.
	badAudit := report.AuditEntry{Action: "version.add", Detail: "\x00"}
	wantCode(t, "unwritable audit entry", s.AddVersion(ctx, &report.Version{WorkspaceID: w.ID, Doc: Document(10)}, nil, badAudit), report.EINVALID)

	if n := auditCount(t, s); n != before {
		t.Errorf("refused versions wrote %d audit entries", n-before)
	}
	v2 := &report.Version{WorkspaceID: w.ID, Label: "征求意见稿", Doc: Document(10)}
	must(t, "AddVersion", s.AddVersion(ctx, v2, nil, by(0, "")))
	if v2.Number != 2 {
		t.Errorf("after refused versions the next is number %d, want 2", v2.Number)
	}
	if vs, _ := s.Versions(ctx, w.ID); len(vs) != 2 {
		t.Errorf("%d versions stored, want 2", len(vs))
	}
	if vs, _ := s.Versions(ctx, other.ID); len(vs) != 0 {
		t.Errorf("refused version stored in the other workspace")
	}
}

func testSuccessors(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	w, _, writer := seed(t, s)
	d1 := Document(2000)
	v1 := &report.Version{WorkspaceID: w.ID, Label: "初稿", AuthorID: writer.ID, Doc: d1}
	must(t, "AddVersion", s.AddVersion(ctx, v1, nil, by(writer.ID, "")))

	// Version 2 rewrites block 1, deletes block 2 and splits block 3 in two.
	d2 := Document(2000)
	d2.Blocks[1].Text += "（修改）"
	d2.Blocks[2].Text = "替换"
	extra := d2.Blocks[3]
	extra.Text += "（拆分）"
	d2.Blocks = append(d2.Blocks[:4], append([]report.Block{extra}, d2.Blocks[4:]...)...)
	d2.AssignIDs()
	var links []report.Successor
	for i, b := range d1.Blocks {
		switch i {
		case 2:
			links = append(links, report.Successor{FromVersion: v1.ID, FromBlock: b.ID})
		case 3:
			links = append(links, report.Successor{FromVersion: v1.ID, FromBlock: b.ID, ToBlock: d2.Blocks[4].ID},
				report.Successor{FromVersion: v1.ID, FromBlock: b.ID, ToBlock: d2.Blocks[3].ID})
		default:
			j := i
			if i > 3 {
				j = i + 1
			}
			links = append(links, report.Successor{FromVersion: v1.ID, FromBlock: b.ID, ToBlock: d2.Blocks[j].ID})
		}
	}
	v2 := &report.Version{WorkspaceID: w.ID, Label: "征求意见稿", AuthorID: writer.ID, Doc: d2}
	must(t, "AddVersion", s.AddVersion(ctx, v2, links, by(writer.ID, "")))
	for _, l := range links {
		if l.ToVersion != v2.ID {
			t.Fatalf("AddVersion left ToVersion %d, want %d", l.ToVersion, v2.ID)
		}
	}
	got, err := s.Successors(ctx, v1.ID)
	must(t, "Successors", err)
	// In paragraph order, the split's parts in theirs.
	links[3], links[4] = links[4], links[3]
	if !reflect.DeepEqual(got, links) {
		t.Errorf("Successors =\n%v\nwant\n%v", got, links)
	}
	if got, err := s.Successors(ctx, v2.ID); err != nil || len(got) != 0 {
		t.Errorf("Successors of the latest version: %v, %v", got, err)
	}
	_, err = s.Successors(ctx, 99999)
	wantCode(t, "Successors(99999)", err, report.ENOTFOUND)
}

// testConcurrentVersions adds versions from many goroutines at once: every one must succeed with
// a number of its own, and the numbers must run 1…n without a gap.
func testConcurrentVersions(t *testing.T, newDSN func(t testing.TB) string) {
	s := fresh(t, newDSN)
	w, _, writer := seed(t, s)
	numbers := addConcurrently(t, []addTarget{{s, 8}}, w.ID, writer.ID, 5)
	checkContiguous(t, s, w.ID, numbers)
}

// testTwoInstances does the same through two separate handles on one database, as two server
// instances would.
func testTwoInstances(t *testing.T, newDSN func(t testing.TB) string) {
	dsn := newDSN(t)
	a, b := open(t, dsn), open(t, dsn)
	w, _, writer := seed(t, a)
	numbers := addConcurrently(t, []addTarget{{a, 4}, {b, 4}}, w.ID, writer.ID, 5)
	checkContiguous(t, b, w.ID, numbers)
	// What one instance wrote, the other reads.
	vs, err := a.Versions(context.Background(), w.ID)
	must(t, "Versions", err)
	got, err := b.Version(context.Background(), vs[len(vs)-1].ID)
	must(t, "Version", err)
	if len(got.Doc.Blocks) == 0 {
		t.Error("the other instance read an empty document")
	}
}

type addTarget struct {
	s          report.Store
	goroutines int
}

func addConcurrently(t *testing.T, targets []addTarget, workspace, author int64, each int) []int {
	var (
		mu      sync.Mutex
		numbers []int
		wg      sync.WaitGroup
	)
	doc := Document(2000)
	for _, tg := range targets {
		for g := 0; g < tg.goroutines; g++ {
			wg.Add(1)
			go func(s report.Store) {
				defer wg.Done()
				for i := 0; i < each; i++ {
					v := &report.Version{WorkspaceID: workspace, Label: "稿", AuthorID: author, Doc: doc}
					if err := s.AddVersion(context.Background(), v, nil, by(author, "")); err != nil {
						t.Errorf("concurrent AddVersion: %v", err)
						return
					}
					mu.Lock()
					numbers = append(numbers, v.Number)
					mu.Unlock()
				}
			}(tg.s)
		}
	}
	wg.Wait()
	return numbers
}

func checkContiguous(t *testing.T, s report.Store, workspace int64, numbers []int) {
	t.Helper()
	seen := map[int]bool{}
	for _, n := range numbers {
		if seen[n] {
			t.Errorf("number %d given twice", n)
		}
		seen[n] = true
	}
	for n := 1; n <= len(numbers); n++ {
		if !seen[n] {
			t.Errorf("number %d missing among %d versions", n, len(numbers))
		}
	}
	vs, err := s.Versions(context.Background(), workspace)
	must(t, "Versions", err)
	if len(vs) != len(numbers) {
		t.Errorf("%d versions stored, %d added", len(vs), len(numbers))
	}
	for i, v := range vs {
		if v.Number != i+1 {
			t.Errorf("Versions[%d].Number = %d", i, v.Number)
		}
	}
}

// The uploaded file is kept byte for byte with its version, named in the version's audit entry,
// and never loaded with the version itself.
func testVersionOriginal(t *testing.T, newDSN func(t testing.TB) string) {
	ctx := context.Background()
	s := fresh(t, newDSN)
	w, _, writer := seed(t, s)
	original := []byte("PK\x03\x04\x00\xff\x00原稿的字节\r\n\x00")
	v := &report.Version{WorkspaceID: w.ID, Label: "初稿", AuthorID: writer.ID, Filename: "初稿.docx", Doc: Document(500), Original: original}
	must(t, "AddVersion", s.AddVersion(ctx, v, nil, by(writer.ID, "version.add")))
	if v.OriginalSize != int64(len(original)) {
		t.Errorf("OriginalSize %d, want %d", v.OriginalSize, len(original))
	}
	got, err := s.VersionOriginal(ctx, v.ID)
	must(t, "VersionOriginal", err)
	if string(got) != string(original) {
		t.Errorf("original %q, want %q", got, original)
	}
	if e := lastAudit(t, s); !strings.Contains(e.Detail, "sha256:") || !strings.Contains(e.Detail, itoa(int64(len(original)))+" 字节") {
		t.Errorf("audit detail %q names no original", e.Detail)
	}
	back, err := s.Version(ctx, v.ID)
	must(t, "Version", err)
	if back.Original != nil || back.OriginalSize != int64(len(original)) {
		t.Errorf("Version: Original %d bytes, OriginalSize %d", len(back.Original), back.OriginalSize)
	}
	vs, err := s.Versions(ctx, w.ID)
	must(t, "Versions", err)
	if len(vs) != 1 || vs[0].OriginalSize != int64(len(original)) {
		t.Errorf("Versions: %+v", vs)
	}

	// A version added without its file has none, and says so.
	bare := &report.Version{WorkspaceID: w.ID, Label: "二稿", Doc: Document(100)}
	must(t, "AddVersion", s.AddVersion(ctx, bare, nil, by(0, "")))
	if _, err := s.VersionOriginal(ctx, bare.ID); report.ErrorCode(err) != report.ENOTFOUND {
		t.Errorf("VersionOriginal without a file: %v", err)
	}
	// Nothing half-stored: a failing audit entry leaves neither the version nor its file.
	before, _ := s.Versions(ctx, w.ID)
	bad := report.AuditEntry{Action: "version.add", Detail: "\x00"}
	if err := s.AddVersion(ctx, &report.Version{WorkspaceID: w.ID, Label: "三稿", Doc: Document(100), Original: original}, nil, bad); err == nil {
		t.Fatal("AddVersion with an unwritable audit entry succeeded")
	}
	after, _ := s.Versions(ctx, w.ID)
	if len(after) != len(before) {
		t.Errorf("versions %d after a failed add, want %d", len(after), len(before))
	}
}
