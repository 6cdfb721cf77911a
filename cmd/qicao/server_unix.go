//go:build unix

package main

import (
	"io"
	"os"
	"syscall"

	"qicao/report"
)

// runServer replaces this process with qicao-server, so that signals (SIGTERM to stop serve
// gracefully) and the exit code are the server's own. Output that is not the process's own
// stdout and stderr (in tests) needs a child process instead.
func runServer(path string, argv []string, stdout, stderr io.Writer) error {
	if stdout != os.Stdout || stderr != os.Stderr {
		return runChild(path, argv, stdout, stderr)
	}
	err := syscall.Exec(path, argv, os.Environ())
	return report.Errorf(report.EINTERNAL, "无法启动 %s：%v", path, err)
}
