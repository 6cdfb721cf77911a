package report

import (
	"fmt"
	"hash/fnv"
	"testing"
)

// Identifiers are stored with every version: the hand-written hash must stay FNV-1a.
func TestBlockIDIsFNV(t *testing.T) {
	for _, s := range []string{"", "a", "一、总体要求", "今年主要预期目标是：地区生产总值增长5.5%左右。", string(make([]byte, 300))} {
		h := fnv.New64a()
		h.Write([]byte(s))
		if want := fmt.Sprintf("p%012x", h.Sum64()&0xffffffffffff); blockID(s) != want {
			t.Errorf("blockID(%q) = %s, want %s", s, blockID(s), want)
		}
	}
}
