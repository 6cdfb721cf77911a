package web

import (
	"testing"
	"time"
)

// TestDeadlineInChina: a deadline typed as 18:00 is 18:00 in Beijing whatever the server's
// zone, and is shown back as typed.
func TestDeadlineInChina(t *testing.T) {
	d, err := parseDeadline("2026-12-05", "18:00")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC); !d.Equal(want) {
		t.Errorf("18:00 on 5 December read as %v, want %v", d.UTC(), want)
	}
	if got := showTime(d.UTC()); got != "2026-12-05 18:00" {
		t.Errorf("shown as %q", got)
	}
}
