// Package cli is what the qicao binaries share: the command table, help, exit codes and flag
// parsing. It imports nothing heavy, so a file command starts as fast as a small program.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"qicao/report"
)

// Command is one subcommand.
type Command struct {
	Name    string
	Summary string
	Run     func(args []string, stdout, stderr io.Writer) error
}

// ExitError carries an exit code that is not an error message, such as check's 1.
type ExitError int

func (e ExitError) Error() string { return fmt.Sprintf("exit %d", int(e)) }

// Run runs the command args[0] of cmds and returns the exit code; help lists them under title.
func Run(title, prog string, cmds []Command, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		Help(title, prog, cmds, stdout)
		return 2
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		Help(title, prog, cmds, stdout)
		return 0
	}
	for _, c := range cmds {
		if c.Name == args[0] {
			return ExitCode(c.Run(args[1:], stdout, stderr), stderr)
		}
	}
	fmt.Fprintf(stderr, "%s: 未知命令 %q，运行 %s help 查看可用命令\n", prog, args[0], prog)
	return 2
}

// Help lists the commands, in one write: a terminal or pipe takes each write as a system call.
func Help(title, prog string, cmds []Command, stdout io.Writer) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n用法: %s 命令 [参数]\n\n命令:\n", title, prog)
	for _, c := range cmds {
		fmt.Fprintf(&b, "  %-8s %s\n", c.Name, c.Summary)
	}
	fmt.Fprintf(&b, "  %-8s %s\n", "help", "显示帮助")
	fmt.Fprintf(&b, "\n运行 %s 命令 -h 查看该命令的参数。\n", prog)
	io.WriteString(stdout, b.String())
}

// ExitCode reports err and maps it to the exit code: 2 for bad input or usage, 1 otherwise.
func ExitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var e ExitError
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

// PrintFlags lists a command's flags in Chinese.
func PrintFlags(fs *flag.FlagSet, w io.Writer) {
	fs.VisitAll(func(f *flag.Flag) {
		def := ""
		if f.DefValue != "" {
			def = "（默认 " + f.DefValue + "）"
		}
		fmt.Fprintf(w, "  -%s\t%s%s\n", f.Name, f.Usage, def)
	})
}

// FlagsAnywhere parses flags given before, between or after the file arguments, as users type
// them ("qicao diff a.docx b.docx --to html"), and returns the file arguments.
func FlagsAnywhere(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, ExitError(0)
			}
			return nil, report.Errorf(report.EINVALID, "参数有误：%s", strings.TrimPrefix(err.Error(), "flag provided but not defined: "))
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}
