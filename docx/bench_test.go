package docx_test

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"qicao/docx"
	"qicao/report"
	"qicao/sample"
)

// longReport is a report of 30,000 characters made of the three sample drafts one after the
// other, the length of a city's full report.
func longReport() *report.Document {
	var sb strings.Builder
	for v := 1; v <= 3 && utf8.RuneCountInString(sb.String()) < 30000; v++ {
		for _, line := range strings.Split(string(sample.Report(v)), "\n") {
			if v > 1 && sb.Len() > 0 && utf8.RuneCountInString(sb.String()) >= 30000 {
				break
			}
			sb.WriteString(line)
			sb.WriteByte('\n')
		}
	}
	return fromText(sb.String())
}

// wordLike writes doc's paragraphs the way Word does, which is several times more XML than
// our writer produces: revision-session IDs, run properties repeated on every run, and runs
// broken every few characters where the typist paused.
func wordLike(t testing.TB, doc *report.Document) []byte {
	var sb strings.Builder
	for _, line := range strings.Split(doc.PlainText(), "\n") {
		sb.WriteString(`<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00D4E5F6" w:rsidP="00A1B2C3"><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/></w:rPr></w:pPr>`)
		runes := []rune(line)
		for i := 0; i < len(runes); i += 8 {
			sb.WriteString(`<w:r w:rsidRPr="00B7C8D9"><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:hint="eastAsia"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr><w:t>`)
			sb.WriteString(string(runes[i:min(i+8, len(runes))]))
			sb.WriteString(`</w:t></w:r>`)
		}
		sb.WriteString(`</w:p>`)
	}
	return makeDocx(t, sb.String(), wordStyles, wpsNumbering)
}

func TestLongReport(t *testing.T) {
	doc := longReport()
	if n := utf8.RuneCountInString(doc.PlainText()); n < 30000 || n > 31000 {
		t.Fatalf("long report has %d characters", n)
	}
	back, err := docx.Read(wordLike(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	sameDocument(t, back, doc)
}

func BenchmarkWrite(b *testing.B) {
	doc := longReport()
	for b.Loop() {
		if err := docx.Write(io.Discard, doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRead(b *testing.B) {
	var buf bytes.Buffer
	if err := docx.Write(&buf, longReport()); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := docx.Read(buf.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadWordLike reads the same report in the bulkier XML that Word writes.
func BenchmarkReadWordLike(b *testing.B) {
	data := wordLike(b, longReport())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := docx.Read(data); err != nil {
			b.Fatal(err)
		}
	}
}
