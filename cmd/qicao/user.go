package main

import (
	"io"

	"qicao/report"
)

func runUser(args []string, stdout, stderr io.Writer) error {
	return report.Errorf(report.EINVALID, "命令尚未实现")
}
