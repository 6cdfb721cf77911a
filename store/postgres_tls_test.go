package store

import "testing"

func TestPreferTLS(t *testing.T) {
	t.Setenv("PGSSLMODE", "")
	for _, tt := range []struct{ in, want string }{
		{"postgres://u@db.example:5432/qicao", "postgres://u@db.example:5432/qicao?sslmode=prefer"},
		{"postgres://u@db.example/qicao?sslmode=disable", "postgres://u@db.example/qicao?sslmode=disable"},
		{"postgresql://u:secret@db.example/qicao?search_path=a", "postgresql://u:secret@db.example/qicao?search_path=a&sslmode=prefer"},
	} {
		if got := preferTLS(tt.in); got != tt.want {
			t.Errorf("preferTLS(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	t.Setenv("PGSSLMODE", "verify-full")
	if got := preferTLS("postgres://u@db.example/qicao"); got != "postgres://u@db.example/qicao" {
		t.Errorf("with $PGSSLMODE set: %q, want the URL unchanged", got)
	}
}
