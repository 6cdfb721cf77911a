package xlsx

import (
	"testing"
	"unicode/utf8"
)

// Format codes come from uploaded files: no code or value makes format panic or give text that
// is not UTF-8.
func FuzzFormat(f *testing.F) {
	for _, code := range []string{"0%", "0.00%", `#,##0.0%;[Red]-#,##0.0%`, `yyyy"年"m"月"`, `[$-804]yyyy年m月d日`, `m"月"d"日"`,
		"yyyy-mm", `[DBNum1]yyyy"年"`, `0.0%"左右"`, `_(* #,##0%_)`, `\%0`, `"`, `[`, `\`, `yyyy"年"m"月" h:mm`} {
		f.Add(code, "0.069")
		f.Add(code, "46752.75")
		f.Add(code, "-1e308")
	}
	f.Fuzz(func(t *testing.T, code, v string) {
		if !utf8.ValidString(code) {
			return
		}
		rendered(code)
		for _, d1904 := range []bool{false, true} {
			if s, ok := format(code, v, d1904); ok && !utf8.ValidString(s) {
				t.Fatalf("format(%q, %q) = %q", code, v, s)
			}
		}
	})
}
