package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
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
		dump, restore, schema := pgDumpURLs(*dsn)
		fmt.Fprintf(stderr, `qicao backup 只备份 SQLite 数据库。PostgreSQL 数据库请用 pg_dump 备份（服务可照常运行），例如：
  pg_dump --format=custom%s --file=%s '%s'
恢复到一个新建的空数据库（库名加 _restored）：
  pg_restore --no-owner --dbname='%s' %s
密码请通过 PGPASSWORD 环境变量或 ~/.pgpass 提供。
`, schema, file, dump, restore, file)
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

// pgDumpURLs turns qicao's PostgreSQL URL into what pg_dump and pg_restore accept, password
// hidden: libpq refuses the parameters it does not know, so search_path becomes pg_dump's
// --schema and lib/pq's own settings are dropped; the restore goes to a database of its own
// (name_restored), never over the one being backed up.
func pgDumpURLs(dsn string) (dump, restore, schemaFlag string) {
	u, err := url.Parse(redactDSN(dsn))
	if err != nil {
		return redactDSN(dsn), redactDSN(dsn), ""
	}
	q := u.Query()
	if sp := q.Get("search_path"); sp != "" {
		schemaFlag = " --schema=" + strings.TrimSpace(strings.Split(sp, ",")[0])
	}
	for _, k := range []string{"search_path", "binary_parameters", "disable_prepared_binary_result"} {
		q.Del(k)
	}
	u.RawQuery = q.Encode()
	dump = u.String()
	db := strings.TrimPrefix(u.Path, "/")
	if db == "" {
		db = u.User.Username()
	}
	u.Path = "/" + db + "_restored"
	return dump, u.String(), schemaFlag
}
