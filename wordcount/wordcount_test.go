package wordcount_test

import (
	"testing"

	"qicao/wordcount"
)

func TestCount(t *testing.T) {
	tests := []struct {
		in   string
		want wordcount.Stats
	}{
		{"", wordcount.Stats{}},
		{"全市生产总值增长5.4%。", wordcount.Stats{Words: 10, CharsNoSpaces: 13, Chars: 13}},
		{"2023年工作回顾", wordcount.Stats{Words: 6, CharsNoSpaces: 9, Chars: 9}},
		{"“3815”战略", wordcount.Stats{Words: 5, CharsNoSpaces: 8, Chars: 8}},
		{"GDP growth 5%", wordcount.Stats{Words: 3, CharsNoSpaces: 11, Chars: 13}},
		{"　　各位代表：", wordcount.Stats{Words: 5, CharsNoSpaces: 5, Chars: 7}},
		{"5G基站", wordcount.Stats{Words: 3, CharsNoSpaces: 4, Chars: 4}},
	}
	for _, tt := range tests {
		if got := wordcount.Count(tt.in); got != tt.want {
			t.Errorf("Count(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestAbout(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{5463, "约5400余字"},
		{13987, "约13900余字"},
		{5400, "约5400字"},
		{876, "约870余字"},
		{7, "约7字"},
	}
	for _, tt := range tests {
		if got := wordcount.About(tt.n); got != tt.want {
			t.Errorf("About(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
