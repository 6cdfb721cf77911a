package compare

import (
	"slices"
	"unicode"
)

// sketchSize caps the shingles kept per paragraph. Paragraphs with fewer distinct character
// bigrams keep them all and compare exactly; longer ones keep the sketchSize smallest hashes
// (a bottom-k MinHash sketch), which estimates the same Jaccard similarity in bounded time.
const sketchSize = 256

// sketch is the sorted, distinct hashes of a paragraph's character bigrams, at most sketchSize.
type sketch []uint32

// newSketch shingles text into bigrams of non-space characters. Chinese has no spaces between
// words, so bigrams, not words, are the unit that survives small edits.
func newSketch(text string) sketch {
	var hs []uint32
	var prev rune = -1
	for _, r := range text {
		if unicode.IsSpace(r) {
			continue
		}
		if prev >= 0 {
			hs = append(hs, mix(uint64(prev)<<21|uint64(r)))
		}
		prev = r
	}
	if len(hs) == 0 && prev >= 0 {
		hs = append(hs, mix(uint64(prev)))
	}
	slices.Sort(hs)
	hs = slices.Compact(hs)
	if len(hs) > sketchSize {
		hs = hs[:sketchSize:sketchSize]
	}
	return hs
}

// mix is a 64-bit finaliser (from SplitMix64) folded to 32 bits: bigram codes are dense, and a
// bottom-k sketch needs hashes that look random.
func mix(x uint64) uint32 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return uint32(x ^ x>>32)
}

// similarity estimates the Jaccard similarity of the two paragraphs' bigram sets: among the
// smallest sketchSize hashes of the union, the share present in both.
func similarity(a, b sketch) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	union, both := 0, 0
	i, j := 0, 0
	for union < sketchSize && (i < len(a) || j < len(b)) {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			i++
		case i == len(a) || b[j] < a[i]:
			j++
		default:
			both++
			i++
			j++
		}
		union++
	}
	return float64(both) / float64(union)
}
