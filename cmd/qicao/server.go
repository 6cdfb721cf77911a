package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"

	"qicao/report"
)

// serverName is the binary with the database and web commands. They live apart because their
// packages (the SQLite and PostgreSQL drivers, excelize, the web application) cost several
// milliseconds of initialisation that every file command would otherwise pay.
const serverName = "qicao-server"

// server returns a command that runs qicao-server's command of that name with the same
// arguments, standard streams and environment.
func server(name string) func(args []string, stdout, stderr io.Writer) error {
	return func(args []string, stdout, stderr io.Writer) error {
		path, err := serverPath()
		if err != nil {
			return err
		}
		return runServer(path, append([]string{serverName, name}, args...), stdout, stderr)
	}
}

// serverPath finds qicao-server beside this binary, else on PATH.
func serverPath() (string, error) {
	exe := serverName
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), exe)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	if p, err := exec.LookPath(exe); err == nil {
		return p, nil
	}
	return "", report.Errorf(report.EINVALID, "找不到 %s：serve、migrate、user、backup 由它执行，请把它放在 qicao 所在的目录（go build -o 目录 ./cmd/qicao-server）", exe)
}

// runChild runs qicao-server as a child process and passes its exit code on.
func runChild(path string, argv []string, stdout, stderr io.Writer) error {
	cmd := exec.Command(path, argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return exitError(ee.ExitCode())
	}
	if err != nil {
		return report.Errorf(report.EINTERNAL, "无法启动 %s：%v", path, err)
	}
	return nil
}
