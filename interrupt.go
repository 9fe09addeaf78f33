package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cambscan/cambscan/scanner/history"
)

// forceGrace is how long a run may take to stop after the first signal
// before the process exits without it: long enough to write the reports of
// a scan that polls its context, short enough that a read blocked on a
// FIFO or a stalled network does not make Ctrl-C look ignored.
const forceGrace = 2 * time.Second

// cleanupLimit bounds the removal of temporary clones on a forced exit.
const cleanupLimit = time.Second

// runInterruptible runs body with a context that the first SIGINT or
// SIGTERM cancels, and returns its exit code. A second signal, or body
// still running forceGrace after the first, returns 130 at once, after
// removing temporary clones; body's goroutine is abandoned, and main's
// os.Exit ends it.
func runInterruptible(body func(context.Context) int, stderr io.Writer) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	done := make(chan int, 1)
	go func() { done <- body(ctx) }()
	return waitRun(done, sigs, cancel, forceGrace, stderr)
}

// waitRun waits for the run's exit code, cancelling it on the first signal
// and giving up on it on the second or after grace.
func waitRun(done <-chan int, sigs <-chan os.Signal, cancel func(), grace time.Duration, stderr io.Writer) int {
	var watchdog <-chan time.Time
	for {
		select {
		case code := <-done:
			return code
		case <-sigs:
			if watchdog == nil {
				cancel()
				watchdog = time.After(grace)
				continue
			}
			return forceExit(stderr, "second interrupt")
		case <-watchdog:
			return forceExit(stderr, fmt.Sprintf("the scan did not stop within %s", grace))
		}
	}
}

// forceExit removes temporary clones and returns the exit code of an
// interrupted run whose reports were not written.
func forceExit(stderr io.Writer, why string) int {
	history.RemoveTempClones(cleanupLimit)
	fmt.Fprintf(stderr, "cambscan: interrupted (%s); exiting without reports\n", why)
	return errInterrupted.code
}
