package store

import "testing"

func TestConnURL(t *testing.T) {
	t.Setenv("PGSSLMODE", "")
	for _, tt := range []struct{ in, want string }{
		{"postgres://u@db.example:5432/qicao", "postgres://u@db.example:5432/qicao?binary_parameters=yes&sslmode=prefer"},
		{"postgres://u@db.example/qicao?sslmode=disable", "postgres://u@db.example/qicao?binary_parameters=yes&sslmode=disable"},
		{"postgresql://u:secret@db.example/qicao?search_path=a", "postgresql://u:secret@db.example/qicao?binary_parameters=yes&search_path=a&sslmode=prefer"},
	} {
		if got := connURL(tt.in); got != tt.want {
			t.Errorf("connURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	t.Setenv("PGSSLMODE", "verify-full")
	if got := connURL("postgres://u@db.example/qicao?binary_parameters=no"); got != "postgres://u@db.example/qicao?binary_parameters=no" {
		t.Errorf("with $PGSSLMODE and binary_parameters set: %q, want the URL unchanged", got)
	}
}
