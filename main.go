// Command cambscan finds CAMB.AI API keys in files, git history and staged
// changes, checks whether they are live, and reports them as text, JSON or
// SARIF.
//
// See README.md for usage. Exit codes: 0 no failing findings, 1 failing
// findings, 2 usage error or a scan that could not run, 130 interrupted.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
)

func main() { os.Exit(mainCode()) }

// mainCode runs the command line of the process and returns its exit code.
// The first Ctrl-C (or SIGTERM) cancels the scan's context: the scan stops,
// prints what it found so far and exits 130. A second one, or a run still
// going forceGrace after the first, exits 130 at once (interrupt.go). A
// scan sets the soft memory limit from its effective --max-file-size
// (memlimit.go).
func mainCode() int {
	ignoreSIGPIPE()
	return runInterruptible(func(ctx context.Context) int {
		ctx = withMemoryLimiter(ctx, setProcessMemoryLimit)
		return exitCode(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv), os.Stderr)
	}, os.Stderr)
}

// exitCode maps the error of run to the process exit code and prints it.
func exitCode(err error, stderr *os.File) int {
	if err == nil {
		return 0
	}
	var e *exitError
	if errors.As(err, &e) {
		if e.msg != "" {
			fmt.Fprintln(stderr, "cambscan:", printable(e.msg))
		}
		return e.code
	}
	fmt.Fprintln(stderr, "cambscan:", printable(err.Error()))
	return 2
}
