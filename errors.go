package main

import (
	"fmt"
	"strings"

	"github.com/cambscan/cambscan/internal/redact"
)

// An exitError carries the exit code that main must return. It is the
// only way a command chooses an exit code.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// ExitCode returns the process exit code.
func (e *exitError) ExitCode() int { return e.code }

var (
	// errFindings means the scan found failing findings: exit 1, no message.
	errFindings = &exitError{code: 1}
	// errInterrupted means the user pressed Ctrl-C: exit 130.
	errInterrupted = &exitError{code: 130, msg: "interrupted; the findings above are partial"}
	// errHelp means --help was printed: exit 0.
	errHelp = &exitError{code: 0}
)

// printable makes an error message safe to print: URL userinfo is dropped
// and control characters are escaped in each of its lines. The line
// breaks of a message are cambscan's own (a hint after a usage error);
// text from outside (a clone error quoting a remote, a file name) is
// escaped whole where the error is made, so it cannot break a line.
func printable(msg string) string {
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		lines[i] = redact.Escape(redact.DropUserinfo(l))
	}
	return strings.Join(lines, "\n")
}

// usageErrorf returns an exit-2 error for bad command-line input.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: 2, msg: fmt.Sprintf(format, args...) + "\nRun 'cambscan help' for usage."}
}
