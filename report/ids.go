package report

import "strconv"

// AssignIDs gives every block an identifier derived from its text, so that a paragraph left
// untouched between two versions keeps its identifier without any bookkeeping; repeated texts
// get a numbered suffix in document order. Readers call it once the blocks are final.
func (d *Document) AssignIDs() {
	seen := make(map[string]int, len(d.Blocks))
	var pair [2]string
	for i := range d.Blocks {
		var id string
		// Two texts hashed in one loop: each hash is a chain of dependent multiplications, and
		// two independent chains run side by side on one core in the time of one.
		if i%2 == 0 {
			if i+1 < len(d.Blocks) {
				pair[0], pair[1] = blockIDPair(d.Blocks[i].Text, d.Blocks[i+1].Text)
				id = pair[0]
			} else {
				id = blockID(d.Blocks[i].Text)
			}
		} else {
			id = pair[1]
		}
		seen[id]++
		if n := seen[id]; n > 1 {
			id += "-" + strconv.Itoa(n)
		}
		d.Blocks[i].ID = id
	}
}

const offset64, prime64 = 14695981039346656037, 1099511628211

// blockID is "p" and the low 48 bits of the text's 64-bit FNV-1a hash in 12 hex digits. The
// hash is written out here, not taken from hash/fnv, because every file command reads two
// versions and the copy of each text into a []byte was most of its cost; the identifiers are
// stored, so the function must never change.
func blockID(text string) string {
	h := uint64(offset64)
	for i := 0; i < len(text); i++ {
		h ^= uint64(text[i])
		h *= prime64
	}
	return idOf(h)
}

// blockIDPair is blockID of a and of b.
func blockIDPair(a, b string) (string, string) {
	ha, hb := uint64(offset64), uint64(offset64)
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		ha ^= uint64(a[i])
		ha *= prime64
		hb ^= uint64(b[i])
		hb *= prime64
	}
	for i := n; i < len(a); i++ {
		ha ^= uint64(a[i])
		ha *= prime64
	}
	for i := n; i < len(b); i++ {
		hb ^= uint64(b[i])
		hb *= prime64
	}
	return idOf(ha), idOf(hb)
}

func idOf(h uint64) string {
	const digits = "0123456789abcdef"
	var id [13]byte
	id[0] = 'p'
	for i := 12; i >= 1; i-- {
		id[i] = digits[h&0xf]
		h >>= 4
	}
	return string(id[:])
}

// AssignLevels ranks the numbering styles present in the document from the outermost, so that a
// report without 第一部分 has its 一、 headings at level 1, as a writing team would say.
func (d *Document) AssignLevels() {
	var present [ArabicParen + 1]bool
	for i := range d.Blocks {
		if d.Blocks[i].Kind == Heading {
			present[d.Blocks[i].Numbering] = true
		}
	}
	var rank [ArabicParen + 1]int
	r := 0
	for n := PartNumber; n <= ArabicParen; n++ {
		if present[n] {
			r++
			rank[n] = r
		}
	}
	for i := range d.Blocks {
		if d.Blocks[i].Kind == Heading {
			d.Blocks[i].Level = rank[d.Blocks[i].Numbering]
		}
	}
}

// Finish completes a document built by a reader: levels and identifiers.
func (d *Document) Finish() {
	d.AssignLevels()
	d.AssignIDs()
}
