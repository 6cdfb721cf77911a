package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"qicao/report"
	"qicao/store"
	"qicao/web"
)

const tokenUsage = `用法:
  qicao user token [--note 用途] [--db DSN] 用户名            生成一个 API 令牌并打印（只显示这一次）
  qicao user token --list [--db DSN] 用户名                   列出该用户的令牌
  qicao user token --revoke 令牌编号 [--db DSN] 用户名        撤销一个令牌

令牌用于 /api/v1（见 docs/api.md）：curl -H "Authorization: Bearer 令牌" …`

// runUserToken makes, lists or revokes a user's API tokens. Only the token's hash is stored.
func runUserToken(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	note := fs.String("note", "", "令牌的用途，例如“OA 系统”")
	list := fs.Bool("list", false, "列出令牌")
	revoke := fs.String("revoke", "", "撤销编号为此的令牌")
	dsn := fs.String("db", store.DefaultDSN(), "数据库：SQLite 文件路径或 postgres://…")
	username, err := oneUser(fs, args, tokenUsage, stderr)
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.UserByName(ctx, strings.ToLower(strings.TrimSpace(username)))
	if err != nil {
		return err
	}
	audit := report.AuditEntry{UserID: u.ID, RemoteAddr: "命令行"}
	switch {
	case *list:
		toks, err := st.APITokens(ctx, u.ID)
		if err != nil {
			return err
		}
		if len(toks) == 0 {
			fmt.Fprintf(stdout, "用户 %s 没有 API 令牌\n", u.Username)
		}
		for _, t := range toks {
			state := "有效"
			if t.Revoked {
				state = "已撤销"
			}
			used := "从未使用"
			if !t.LastUsed.IsZero() {
				used = "最近使用 " + t.LastUsed.In(report.China).Format("2006-01-02 15:04")
			}
			fmt.Fprintf(stdout, "%d\t%s\t创建于 %s\t%s\t%s\n", t.ID, state, t.CreatedAt.In(report.China).Format("2006-01-02 15:04"), used, t.Note)
		}
		return nil
	case *revoke != "":
		id, err := strconv.ParseInt(*revoke, 10, 64)
		if err != nil {
			return report.Errorf(report.EINVALID, "令牌编号应为数字")
		}
		toks, err := st.APITokens(ctx, u.ID)
		if err != nil {
			return err
		}
		for _, t := range toks {
			if t.ID == id {
				audit.Detail = "qicao user token --revoke " + *revoke
				if err := st.RevokeAPIToken(ctx, id, audit); err != nil {
					return err
				}
				fmt.Fprintf(stdout, "已撤销用户 %s 的令牌 %d\n", u.Username, id)
				return nil
			}
		}
		return report.Errorf(report.ENOTFOUND, "用户 %s 没有编号为 %d 的令牌", u.Username, id)
	}
	if u.Disabled {
		return report.Errorf(report.EINVALID, "用户 %s 已停用，不能生成令牌", u.Username)
	}
	token, hash := web.NewAPIToken()
	audit.Detail = "qicao user token " + u.Username
	if err := st.CreateAPIToken(ctx, &report.APIToken{UserID: u.ID, Hash: hash, Note: *note}, audit); err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	fmt.Fprintf(stderr, "已为用户 %s 生成 API 令牌（只显示这一次，请妥善保管；撤销：qicao user token --revoke 编号 %s）\n", u.Username, u.Username)
	return nil
}
