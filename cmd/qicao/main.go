// Command qicao drafts a government work report together: the web application and the file
// commands that work without it.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"qicao/report"
)

// command is one subcommand. Each lives in its own file.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

var commands []command

func init() {
	commands = []command{
		{"serve", "运行网页应用（默认 SQLite，--db 可指定 PostgreSQL）", runServe},
		{"migrate", "升级数据库结构", runMigrate},
		{"user", "管理用户，如 qicao user add --admin 用户名", runUser},
		{"backup", "在服务运行时备份 SQLite 数据库", runBackup},
		{"stats", "显示报告的提纲和字数", runStats},
		{"check", "审校：检查标点、数字、重复、提法、序号、数量、一致性和文风", runCheck},
		{"diff", "比较两个版本，生成修改对照", runDiff},
		{"explain", "根据报告生成起草说明", runExplain},
		{"export", "导出为 GB/T 9704 格式 .docx，或 md、txt、html", runExport},
		{"help", "显示帮助", runHelp},
	}
}

// exitError carries an exit code that is not an error message, such as check's 1.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit %d", int(e)) }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		runHelp(nil, stdout, stderr)
		return 2
	}
	for _, c := range commands {
		if c.name == args[0] {
			return exitCode(c.run(args[1:], stdout, stderr), stderr)
		}
	}
	fmt.Fprintf(stderr, "qicao: 未知命令 %q，运行 qicao help 查看可用命令\n", args[0])
	return 2
}

// exitCode reports err and maps it to the exit code: 2 for bad input or usage, 1 otherwise.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var e exitError
	if errors.As(err, &e) {
		return int(e)
	}
	fmt.Fprintf(stderr, "qicao: %s\n", report.ErrorMessage(err))
	switch report.ErrorCode(err) {
	case report.EINVALID, report.ETOOLARGE, report.ENOTFOUND:
		return 2
	case report.EINTERNAL:
		fmt.Fprintf(stderr, "详细信息: %v\n", err)
	}
	return 1
}

func runHelp(_ []string, stdout, _ io.Writer) error {
	fmt.Fprintln(stdout, "qicao — 政府工作报告协同起草系统\n\n用法: qicao 命令 [参数]\n\n命令:")
	for _, c := range commands {
		fmt.Fprintf(stdout, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(stdout, "\n运行 qicao 命令 -h 查看该命令的参数。")
	return nil
}
