package web

import "testing"

func TestPasswordPolicy(t *testing.T) {
	refused := map[string]string{
		"12345678":         "too short",
		"123456789":        "too short",
		"1234567890":       "digits",
		"0987654321":       "digits backwards",
		"qwertyuiop":       "keyboard row",
		"QWERTYuiop12":     "keyboard row with digits",
		"1qaz2wsx3edc":     "keyboard column",
		"abcdefghij":       "alphabet",
		"aaaaaaaaaa":       "one character",
		"abcabcabcabc":     "a repeated piece",
		"Password2024!":    "a common word with a year",
		"P@ssw0rd123":      "a common word in leet",
		"woaini1314520":    "pinyin with digits",
		"!!admin!!2026":    "admin",
		"20240101":         "date, too short",
		"2024010120240101": "digits only",
		"zhangsan-2026":    "the username",
		"naSGNAHZ77x!":     "the username backwards",
	}
	for pw, why := range refused {
		if err := CheckPassword(pw, "zhangsan"); err == nil {
			t.Errorf("%q (%s) accepted", pw, why)
		}
	}
	for _, pw := range []string{"correct horse 1", "东湖镇调研2027年", "Tqb7-fm3k-Wz9p", "lantern river 42", "zhang-meadow-90"} {
		if err := CheckPassword(pw, "zhangsan"); err != nil {
			t.Errorf("%q refused: %v", pw, err)
		}
	}
	for i := 0; i < 200; i++ {
		if pw := NewPassword(); CheckPassword(pw, "") != nil || len(pw) != 14 {
			t.Fatalf("generated %q fails the policy", pw)
		}
	}
}
