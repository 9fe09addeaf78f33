//go:build unix

package main

import (
	"os/signal"
	"syscall"
)

// ignoreSIGPIPE makes a write to a closed stdout pipe (cambscan ... | head)
// return EPIPE instead of killing the process before the --report files
// are written.
func ignoreSIGPIPE() { signal.Ignore(syscall.SIGPIPE) }
