package outline

import (
	"strings"
	"testing"
)

func TestHasNoteMark(t *testing.T) {
	for _, s := range []string{"", "a", "\uFFFC", "x\uFFFC", "\uFFFCx", "推进，改革。\uFFFC发展", "推进，改革。发展", "\uFFBF\uFFFD\uFFFB", "\xBF\xBC", "\xEF\xBF"} {
		if got, want := hasNoteMark(s), strings.ContainsRune(s, NoteMark); got != want {
			t.Errorf("hasNoteMark(%q) = %v, want %v", s, got, want)
		}
	}
}
