package docx_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"qicao/outline"
	"qicao/sample"
)

// soffice converts file into format in dir with a private profile, so parallel runs do not
// share LibreOffice's user directory, and returns the converted file's path.
func soffice(t *testing.T, file, format, dir string) string {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice is not installed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	profile := "file://" + filepath.Join(dir, "profile")
	out, err := exec.CommandContext(ctx, bin, "-env:UserInstallation="+profile, "--headless",
		"--convert-to", format, "--outdir", dir, file).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	ext, _, _ := strings.Cut(format, ":")
	conv := filepath.Join(dir, strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))+"."+ext)
	if _, err := os.Stat(conv); err != nil {
		t.Fatalf("soffice wrote nothing: %s", out)
	}
	return conv
}

func pdfText(t *testing.T, pdf string) []string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils): %v", err)
	}
	return strings.Split(string(out), "\f")
}

var pageNumber = regexp.MustCompile(`^(\s*)—\s*(\d+)\s*—\s*$`)

// cjkOnly tells a line made only of Chinese characters and full-width punctuation, whose
// length in characters is its length on the grid.
func cjkOnly(s string) bool {
	for _, r := range s {
		if r < 0x3000 || unicode.IsSpace(r) {
			return false
		}
	}
	return s != ""
}

// pageLines returns a page's lines of body text, its page number and the number's indent.
func pageLines(page string) (body []string, number string, indent int) {
	for _, line := range strings.Split(page, "\n") {
		if m := pageNumber.FindStringSubmatch(line); m != nil {
			number, indent = m[2], len(m[1])
			continue
		}
		if strings.TrimSpace(line) != "" {
			body = append(body, strings.TrimSpace(line))
		}
	}
	return body, number, indent
}

func isHeading(line string) bool {
	_, ok := outline.Classify(line)
	return ok
}

// TestLibreOfficeLayout exports the sample report, has LibreOffice print it to PDF and checks
// the page from the PDF's text: 22 lines of body text on a full page, 28 characters on a full
// line, and "— N —" page numbers, odd ones on the right and even ones on the left.
func TestLibreOfficeLayout(t *testing.T) {
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("soffice is not installed")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "shili.docx")
	doc := fromText(string(sample.Report(1)))
	if err := os.WriteFile(file, writeDocx(t, doc), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := soffice(t, file, "pdf", dir)
	pages := pdfText(t, pdf)
	if len(pages) < 5 {
		t.Fatalf("only %d pages", len(pages))
	}
	full, fullPages := 0, 0
	for i, page := range pages[:len(pages)-2] { // the last page is short, and "" follows it
		body, number, indent := pageLines(page)
		if number != strconv.Itoa(i+1) {
			t.Errorf("page %d: page number %q", i+1, number)
		}
		// Odd pages carry the number at the right, even pages at the left.
		if odd := (i+1)%2 == 1; odd && indent < 20 || !odd && indent > 5 {
			t.Errorf("page %d: number indented %d columns", i+1, indent)
		}
		if i == 0 {
			continue // the title block takes lines of its own size
		}
		switch next, _, _ := pageLines(pages[i+1]); {
		case len(body) == 22:
			fullPages++
		case len(body) > 22:
			t.Errorf("page %d: %d lines of body text, more than 22", i+1, len(body))
		case len(next) > 0 && isHeading(next[0]):
			// A heading is kept with its paragraph rather than left at the foot of a page.
		default:
			t.Errorf("page %d: %d lines of body text, want 22", i+1, len(body))
		}
		for _, line := range body {
			// A full stop or comma may hang past the last column, as in Word.
			n := utf8.RuneCountInString(strings.TrimRight(line, "。，、；：？！”’）》"))
			if cjkOnly(line) && n > 28 {
				t.Errorf("page %d: line of %d characters: %s", i+1, n, line)
			}
			if cjkOnly(line) && n == 28 {
				full++
			}
		}
	}
	if full < 100 || fullPages < len(pages)/2 {
		t.Errorf("only %d full lines of 28 Chinese characters, %d pages of 22 lines", full, fullPages)
	}
	checkGeometry(t, pdf)
	t.Logf("%d pages, %d of them with 22 lines of body text; %d full lines of 28 Chinese characters", len(pages)-1, fullPages, full)
}

var bboxLine = regexp.MustCompile(`<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">`)

// checkGeometry measures pages 2 and 3 in millimetres: the text block from 28 to 184 mm across
// and ending 262 mm down, the page number 7 mm below it and one character (4.9 mm) in from the
// outer edge of the block.
func checkGeometry(t *testing.T, pdf string) {
	t.Helper()
	for page := 2; page <= 3; page++ {
		out, err := exec.Command("pdftotext", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), "-bbox-layout", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		lines := bboxLine.FindAllStringSubmatch(string(out), -1)
		if len(lines) < 10 {
			t.Fatalf("page %d: %d lines in the PDF", page, len(lines))
		}
		mm := func(s string) float64 {
			v, _ := strconv.ParseFloat(s, 64)
			return v / 72 * 25.4
		}
		near := func(what string, got, want, tol float64) {
			if got < want-tol || got > want+tol {
				t.Errorf("page %d: %s at %.1f mm, want %.1f mm", page, what, got, want)
			}
		}
		body, number := lines[:len(lines)-1], lines[len(lines)-1]
		left, right, bottom := 1000.0, 0.0, 0.0
		for _, l := range body {
			left, right, bottom = min(left, mm(l[1])), max(right, mm(l[3])), max(bottom, mm(l[4]))
		}
		near("text block's left edge", left, 28, 0.5)
		near("text block's right edge", right, 184, 0.8)
		near("last line's foot", bottom, 262, 1.5)
		near("page number's top", mm(number[2]), 262+7, 1.5)
		if page%2 == 0 {
			near("even page number's left", mm(number[1]), 28+4.9, 1)
		} else {
			near("odd page number's right", mm(number[3]), 184-4.9, 1)
		}
	}
}
