package textfile

import (
	"math/rand/v2"
	"testing"
)

// TestNeedsLook compares the word-at-a-time test with the byte-at-a-time one on every single
// special byte in every position, and on random words biased towards the boundaries.
func TestNeedsLook(t *testing.T) {
	naive := func(w string) bool {
		for i := 0; i < len(w); i++ {
			if c := w[i]; c < 0x20 || c == 0x7F || c == 0xC2 {
				return true
			}
		}
		return false
	}
	base := []byte("推进改") // 9 bytes of UTF-8, none special
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			w := append([]byte{}, base[:8]...)
			w[pos] = byte(c)
			if got, want := needsLook(w), naive(string(w)); got != want {
				t.Fatalf("% x: needsLook %v, want %v", w, got, want)
			}
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	edges := []byte{0x00, 0x1F, 0x20, 0x21, 0x7E, 0x7F, 0x80, 0xC1, 0xC2, 0xC3, 0xFF, '\n', '\t'}
	for n := 0; n < 200000; n++ {
		var w [8]byte
		for i := range w {
			if rng.IntN(3) == 0 {
				w[i] = edges[rng.IntN(len(edges))]
			} else {
				w[i] = byte(rng.IntN(256))
			}
		}
		if got, want := needsLook(w[:]), naive(string(w[:])); got != want {
			t.Fatalf("% x: needsLook %v, want %v", w, got, want)
		}
	}
}
