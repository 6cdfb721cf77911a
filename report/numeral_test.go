package report_test

import (
	"testing"

	"qicao/report"
)

func TestNumeral(t *testing.T) {
	for n, want := range map[int]string{1: "一", 9: "九", 10: "十", 11: "十一", 20: "二十", 23: "二十三", 99: "九十九", 0: "0", 100: "100"} {
		if got := report.Numeral(n); got != want {
			t.Errorf("Numeral(%d) = %q, want %q", n, got, want)
		}
	}
}
