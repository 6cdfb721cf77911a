//go:build !unix

package check_test

// cpuTime is not measured here; the cpu-ns/op metric then reads 0.
func cpuTime() int64 { return 0 }
