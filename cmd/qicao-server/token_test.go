package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"qicao/report"
	"qicao/store"
)

func TestUserTokenCommand(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "q.db")
	var out, errb bytes.Buffer
	if err := runUserAdd([]string{"--db", dsn, "--role", "writer", "sun"}, strings.NewReader("pass phrase 12\n"), &out, &errb); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := runUser([]string{"token", "--db", dsn, "--note", "OA 系统", "sun"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(out.String())
	if !strings.HasPrefix(token, "qct_") || len(token) != 4+64 {
		t.Fatalf("printed %q, want one qct_ token", token)
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := st.UserByName(context.Background(), "sun")
	toks, err := st.APITokens(context.Background(), u.ID)
	st.Close()
	if err != nil || len(toks) != 1 || toks[0].Note != "OA 系统" || strings.Contains(toks[0].Hash, token) {
		t.Fatalf("stored tokens %+v, %v", toks, err)
	}

	out.Reset()
	if err := runUser([]string{"token", "--db", dsn, "--list", "sun"}, &out, &errb); err != nil || !strings.Contains(out.String(), "有效") {
		t.Fatalf("--list: %q, %v", out.String(), err)
	}
	if err := runUser([]string{"token", "--db", dsn, "--revoke", "999", "sun"}, &out, &errb); report.ErrorCode(err) != report.ENOTFOUND {
		t.Errorf("revoking an unknown token: %v", err)
	}
	out.Reset()
	if err := runUser([]string{"token", "--db", dsn, "--revoke", "1", "sun"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	runUser([]string{"token", "--db", dsn, "--list", "sun"}, &out, &errb)
	if !strings.Contains(out.String(), "已撤销") {
		t.Errorf("after revoking, --list says %q", out.String())
	}
	if err := runUser([]string{"token", "--db", dsn, "nobody"}, &out, &errb); report.ErrorCode(err) != report.ENOTFOUND {
		t.Errorf("token for an unknown user: %v", err)
	}
}
