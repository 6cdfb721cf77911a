// Package golden compares what a test produced with a file in the package's testdata folder,
// and rewrites the file instead when the test runs with -update.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files (and seed corpora) in testdata")

// Update reports whether the test run was asked to rewrite its golden files.
func Update() bool { return *update }

// Check compares got with testdata/name, after writing it there under -update.
func Check(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (go test -update accepts it); got:\n%s", path, got)
	}
}
