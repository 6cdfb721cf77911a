package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"qicao/report"
	"qicao/store"
)

func runBackup(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("db", store.DefaultDSN(), "数据库：SQLite 文件路径（默认取环境变量 QICAO_DB）")
	out := fs.String("o", "", "备份文件，不能已存在")
	fs.Usage = func() {
		io.WriteString(stderr, "用法: qicao backup [--db DSN] -o 文件\n\n在服务运行时复制一份完整一致的 SQLite 数据库，不必停止服务。\nPostgreSQL 数据库请用 pg_dump，本命令会给出示例。\n\n")
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
	if store.IsPostgres(*dsn) {
		file := *out
		if file == "" {
			file = "qicao.dump"
		}
		fmt.Fprintf(stderr, `qicao backup 只备份 SQLite 数据库。PostgreSQL 数据库请用 pg_dump 备份（服务可照常运行），例如：
  pg_dump --format=custom --file=%s '%s'
恢复到一个空数据库：
  pg_restore --no-owner --dbname='%s' %s
密码请通过 PGPASSWORD 环境变量或 ~/.pgpass 提供。
`, file, redactDSN(*dsn), redactDSN(*dsn), file)
		return exitError(2)
	}
	if *out == "" {
		fs.Usage()
		return report.Errorf(report.EINVALID, "请用 -o 指定备份文件")
	}
	if err := store.Backup(context.Background(), *dsn, *out); err != nil {
		return err
	}
	info, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已备份 %s 到 %s（%d KB），完整性检查通过\n", *dsn, *out, (info.Size()+1023)/1024)
	return nil
}
