package report

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"unsafe"
)

// The limits of one document, the same whatever format it was read from. A government work
// report has a few hundred paragraphs and some 40,000 bytes of text; a file far beyond these is
// something else, and reading, storing, rendering and comparing it would cost every user time
// and memory (a 1.5 MB .docx of 200,000 paragraphs took 24 s to compare).
const (
	MaxParagraphs = 5000    // paragraphs, headings and tables
	MaxTextBytes  = 4 << 20 // the text of all of them, in UTF-8
)

// CheckSize refuses a document beyond the limits.
func CheckSize(d *Document) error {
	if len(d.Blocks) > MaxParagraphs {
		return TooManyParagraphs()
	}
	n := len(d.Title) + len(d.Subtitle) + len(d.Speaker)
	for i := range d.Blocks {
		n += len(d.Blocks[i].Text)
		for _, row := range d.Blocks[i].Rows {
			for _, cell := range row {
				n += len(cell)
			}
		}
	}
	if n > MaxTextBytes {
		return Errorf(ETOOLARGE, "文件的文字超过 %d MB，不像是一份报告", MaxTextBytes>>20)
	}
	return nil
}

// TooManyParagraphs is the error of a file with more than MaxParagraphs paragraphs.
func TooManyParagraphs() error {
	return Errorf(ETOOLARGE, "文件有超过 %d 个段落，不像是一份报告", MaxParagraphs)
}

// MemSize estimates the memory a decoded document holds, for caches bounded by bytes: its text
// and each block's fixed part.
func (d *Document) MemSize() int64 {
	n := int64(len(d.Title) + len(d.Subtitle) + len(d.Speaker))
	for i := range d.Blocks {
		b := &d.Blocks[i]
		n += int64(unsafe.Sizeof(*b)) + int64(len(b.ID)+len(b.Text))
		for _, row := range b.Rows {
			n += 24
			for _, cell := range row {
				n += 16 + int64(len(cell))
			}
		}
	}
	return n
}

// ContentHash identifies a document's text: its title lines and each block's kind, text and
// table cells, not the block IDs a reader makes up. Two files with equal hashes read the same.
func (d *Document) ContentHash() string {
	h := sha256.New()
	put := func(s string) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put(d.Title)
	put(d.Subtitle)
	put(d.Speaker)
	for i := range d.Blocks {
		b := &d.Blocks[i]
		put(b.Kind.String())
		put(b.Text)
		for _, row := range b.Rows {
			put("\x00row")
			for _, c := range row {
				put(c)
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
