//go:build !unix

package main

import "io"

func runServer(path string, argv []string, stdout, stderr io.Writer) error {
	return runChild(path, argv, stdout, stderr)
}
