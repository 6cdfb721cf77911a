package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"qicao/report"
	"qicao/store"
)

func runMigrate(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("db", store.DefaultDSN(), "数据库：SQLite 文件路径或 postgres://…（默认取环境变量 QICAO_DB）")
	fs.Usage = func() {
		io.WriteString(stderr, "用法: qicao migrate [--db DSN]\n\n把数据库结构升级到本程序的版本。qicao serve 启动时也会自动升级；\n多台服务共用 PostgreSQL 时，可在换用新版本前先单独运行本命令。\n\n")
		printFlags(fs, stderr)
	}
	rest, err := flagsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fs.Usage()
		return report.Errorf(report.EINVALID, "多余的参数：%s", strings.Join(rest, " "))
	}
	applied, err := store.Migrate(context.Background(), *dsn)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(stdout, "数据库 %s 已是最新结构\n", redactDSN(*dsn))
		return nil
	}
	fmt.Fprintf(stdout, "已升级数据库 %s：%s\n", redactDSN(*dsn), strings.Join(applied, "、"))
	return nil
}
