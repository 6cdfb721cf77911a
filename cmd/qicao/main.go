// Command qicao drafts a government work report together: one binary for the web application
// (serve, migrate, user, backup) and the file commands, which work without a database.
package main

import (
	"flag"
	"io"
	"os"

	"qicao/cmd/internal/cli"
)

var commands = []cli.Command{
	{Name: "serve", Summary: "运行网页应用（默认 SQLite，--db 可指定 PostgreSQL）", Run: runServe},
	{Name: "migrate", Summary: "升级数据库结构", Run: runMigrate},
	{Name: "user", Summary: "管理用户，如 qicao user add --admin 用户名", Run: runUser},
	{Name: "backup", Summary: "在服务运行时备份 SQLite 数据库", Run: runBackup},
	{Name: "stats", Summary: "显示报告的提纲和字数", Run: runStats},
	{Name: "check", Summary: "审校：检查标点、数字、重复、提法、序号、数量、一致性和文风", Run: runCheck},
	{Name: "diff", Summary: "比较两个版本，生成修改对照", Run: runDiff},
	{Name: "explain", Summary: "根据报告生成起草说明", Run: runExplain},
	{Name: "export", Summary: "导出为 GB/T 9704 格式 .docx，或 md、txt、html", Run: runExport},
}

const title = "qicao — 政府工作报告协同起草系统"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	return cli.Run(title, "qicao", commands, args, stdout, stderr)
}

type exitError = cli.ExitError

func exitCode(err error, stderr io.Writer) int { return cli.ExitCode(err, stderr) }

func flagsAnywhere(fs *flag.FlagSet, args []string) ([]string, error) {
	return cli.FlagsAnywhere(fs, args)
}

func printFlags(fs *flag.FlagSet, w io.Writer) { cli.PrintFlags(fs, w) }
