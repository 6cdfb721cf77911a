// Command qicao-server holds qicao's database and web commands: serve, migrate, user and
// backup. qicao runs it in their place (it must lie beside qicao or on PATH); it can also be run
// directly.
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
}

const title = "qicao-server — qicao 的数据库和网页命令（qicao serve、migrate、user、backup 由它执行）"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	return cli.Run(title, "qicao-server", commands, args, stdout, stderr)
}

type exitError = cli.ExitError

func exitCode(err error, stderr io.Writer) int { return cli.ExitCode(err, stderr) }

func flagsAnywhere(fs *flag.FlagSet, args []string) ([]string, error) {
	return cli.FlagsAnywhere(fs, args)
}

func printFlags(fs *flag.FlagSet, w io.Writer) { cli.PrintFlags(fs, w) }
