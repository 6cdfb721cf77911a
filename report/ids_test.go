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

// AssignIDs hashes texts two at a time; every identifier must still be blockID's, numbered.
func TestAssignIDsPairs(t *testing.T) {
	texts := []string{"", "a", "一、总体要求", "今年主要预期目标是：地区生产总值增长5.5%左右。", "a", string(make([]byte, 300)), "一、总体要求"}
	for n := 0; n <= len(texts); n++ {
		d := &Document{}
		for _, s := range texts[:n] {
			d.Blocks = append(d.Blocks, Block{Text: s})
		}
		d.AssignIDs()
		seen := map[string]int{}
		for _, b := range d.Blocks {
			want := blockID(b.Text)
			seen[want]++
			if k := seen[want]; k > 1 {
				want += fmt.Sprintf("-%d", k)
			}
			if b.ID != want {
				t.Errorf("%d blocks: %q has ID %s, want %s", n, b.Text, b.ID, want)
			}
		}
	}
}
