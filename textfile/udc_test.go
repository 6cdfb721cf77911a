package textfile_test

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"qicao/textfile"
)

// A GBK report with 造字 reads like its UTF-8 twin, each user-defined code mapped to the
// Private Use Area as GB18030 does, whichever of GBK's three user-defined areas it is in.
func TestGBKUserDefined(t *testing.T) {
	lines := []string{"示例市政府工作报告", "一、2026年工作回顾", "青石镇", "溪村入选全国乡村旅游重点村，", "村民人均收入增长8%。"}
	for _, tt := range []struct {
		name  string
		bytes []byte
		char  rune
	}{
		{"area 1 first", []byte{0xAA, 0xA1}, 0xE000},
		{"area 1 last", []byte{0xAF, 0xFE}, 0xE233},
		{"area 2", []byte{0xF8, 0xA1}, 0xE234},
		{"area 3, low trail", []byte{0xA1, 0x40}, 0xE4C6},
		{"area 3, high trail", []byte{0xA1, 0x80}, 0xE505},
		{"area 3 last", []byte{0xA7, 0xA0}, 0xE765},
	} {
		t.Run(tt.name, func(t *testing.T) {
			enc := simplifiedchinese.GBK.NewEncoder()
			var data []byte
			for i, l := range lines {
				b, err := enc.Bytes([]byte(l))
				if err != nil {
					t.Fatal(err)
				}
				data = append(data, b...)
				if i == 2 {
					data = append(data, tt.bytes...)
				}
				if i != 2 {
					data = append(data, '\n')
				}
			}
			got, err := textfile.Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Join(lines[:2], "\n") + "\n" + lines[2] + string(tt.char) + lines[3] + "\n" + lines[4] + "\n"
			if got != want {
				t.Errorf("got %q, want %q", got, want)
			}
			if _, err := textfile.Read(data); err != nil {
				t.Error(err)
			}
		})
	}
	// Must not break: text made mostly of user-defined codes is not text, and a GBK file with
	// a byte that is not GBK says on which line.
	if _, err := textfile.Decode([]byte{0xAA, 0xA1, 0xAA, 0xA2, 0xF8, 0xA1, '\n', 0xB0, 0xA1}); err == nil || !strings.Contains(err.Error(), "编码") {
		t.Errorf("user-defined codes only: %v", err)
	}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(strings.Repeat("示例市坚持稳中求进工作总基调。\n", 10))
	if _, err := textfile.Decode([]byte(gbk[:40] + "\xff" + gbk[40:])); err == nil || !strings.Contains(err.Error(), "第2行") {
		t.Errorf("one bad byte: %v", err)
	}
}
