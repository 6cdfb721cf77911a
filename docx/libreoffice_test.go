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
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation="+profile, "--headless",
		"--convert-to", format, "--outdir", dir, file)
	cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+pinnedFonts(t, dir))
	out, err := cmd.CombinedOutput()
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

// The fonts the layout is measured with: Noto Serif CJK for the 仿宋, 楷体, 宋体 and 小标宋 the
// document asks for, Noto Sans CJK for 黑体, and nothing else, so that other fonts a machine
// has (DejaVu, Droid Sans Fallback from imagemagick's dependencies) cannot take a glyph and
// change a line's width.
var pinned = map[string][]string{
	"Noto Serif CJK SC": {"仿宋_GB2312", "仿宋", "FangSong", "楷体_GB2312", "楷体", "KaiTi", "方正小标宋简体", "小标宋", "宋体", "SimSun", "serif", "monospace"},
	"Noto Sans CJK SC":  {"黑体", "SimHei", "sans-serif"},
}

// pinnedFonts writes a fontconfig configuration into dir that reads only the folders of the
// pinned fonts' files and accepts those files alone, and returns its path. (Links to the files
// would be simpler, but LibreOffice finds no font through a symbolic link.)
func pinnedFonts(t *testing.T, dir string) string {
	t.Helper()
	var conf, accept strings.Builder
	conf.WriteString(`<?xml version="1.0"?>` + "\n" + `<!DOCTYPE fontconfig SYSTEM "fonts.dtd">` + "\n<fontconfig>\n")
	dirs := map[string]bool{}
	for family, names := range pinned {
		out, err := exec.Command("fc-list", family, "file").Output()
		files := strings.Fields(strings.ReplaceAll(string(out), ":", " "))
		if err != nil || len(files) == 0 {
			t.Skipf("%s is not installed (fonts-noto-cjk)", family)
		}
		for _, f := range files {
			if !dirs[filepath.Dir(f)] {
				dirs[filepath.Dir(f)] = true
				conf.WriteString("<dir>" + filepath.Dir(f) + "</dir>\n")
			}
			accept.WriteString("<glob>" + f + "</glob>")
		}
		for _, n := range names {
			conf.WriteString("<alias binding=\"same\"><family>" + n + "</family><prefer><family>" + family + "</family></prefer></alias>\n")
		}
	}
	// A reject glob also stops the scan of a folder it matches, so it names font files only.
	conf.WriteString("<selectfont><acceptfont>" + accept.String() + "</acceptfont><rejectfont>")
	for _, ext := range []string{"ttf", "ttc", "otf", "otc", "pfb", "pfa", "pcf", "pcf.gz", "woff", "woff2"} {
		conf.WriteString("<glob>*." + ext + "</glob>")
	}
	conf.WriteString("</rejectfont></selectfont>\n<cachedir>" + filepath.Join(dir, "fontcache") + "</cachedir>\n</fontconfig>\n")
	path := filepath.Join(dir, "fonts.conf")
	if err := os.WriteFile(path, []byte(conf.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
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
			n := utf8.RuneCountInString(strings.TrimRight(line, hanging))
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

var (
	bboxLine = regexp.MustCompile(`(?s)<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>`)
	bboxWord = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)
)

// hanging is the punctuation Word lets hang past the last column rather than start a line.
const hanging = "。，、；：？！”’）》"

// lineRight is where a line's text ends in points, not counting one mark of punctuation
// hanging past the text block, which Word allows and LibreOffice does too.
func lineRight(l []string) float64 {
	right, _ := strconv.ParseFloat(l[3], 64)
	words := bboxWord.FindAllStringSubmatch(l[5], -1)
	if len(words) == 0 {
		return right
	}
	last := words[len(words)-1]
	r, size := utf8.DecodeLastRuneInString(last[3])
	if size == 0 || !strings.ContainsRune(hanging, r) {
		return right
	}
	lo, _ := strconv.ParseFloat(last[1], 64)
	hi, _ := strconv.ParseFloat(last[2], 64)
	if n := utf8.RuneCountInString(last[3]); n > 0 {
		return hi - (hi-lo)/float64(n)
	}
	return right
}

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
			left, right, bottom = min(left, mm(l[1])), max(right, lineRight(l)/72*25.4), max(bottom, mm(l[4]))
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
