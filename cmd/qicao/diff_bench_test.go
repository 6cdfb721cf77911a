package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkDiffInProcess is the work of `qicao diff --to text` on two generated
// 33,000-character versions without the process start, to profile what BenchmarkStartup's
// diff-ms is made of:
//
//	go test ./cmd/qicao -run '^$' -bench DiffInProcess -benchmem -cpuprofile cpu.out
func BenchmarkDiffInProcess(b *testing.B) {
	dir := b.TempDir()
	v1, v2 := filepath.Join(dir, "v1.txt"), filepath.Join(dir, "v2.txt")
	a, c := generatedVersions(33000)
	if err := os.WriteFile(v1, []byte(a), 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(v2, []byte(c), 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := runDiff([]string{v1, v2, "--to", "text"}, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
