package render_test

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"qicao/render"
	"qicao/report"
)

// Other Markdown readers see the same text: pandoc, reading GitHub's dialect, shows every
// paragraph as it was, markup characters in the text included.
func TestMarkdownPandoc(t *testing.T) {
	if _, err := exec.LookPath("pandoc"); err != nil {
		t.Skip("pandoc is not installed")
	}
	for name, doc := range map[string]*report.Document{"shili": shili(t), "tricky": tricky()} {
		var md bytes.Buffer
		if err := render.Markdown(&md, doc); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("pandoc", "-f", "gfm", "-t", "plain", "--wrap=none")
		cmd.Stdin = &md
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: pandoc: %v", name, err)
		}
		lines := map[string]bool{}
		for l := range strings.SplitSeq(string(out), "\n") {
			lines[l] = true
		}
		for _, b := range doc.Blocks {
			if b.Kind == report.Table {
				continue
			}
			for l := range strings.SplitSeq(b.Text, "\n") {
				if !lines[l] {
					t.Errorf("%s: pandoc does not show %q; it shows:\n%s", name, l, out)
				}
			}
		}
	}
}
