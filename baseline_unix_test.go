//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A --baseline or --repos-file that is a FIFO with no writer is refused at
// once as a usage error; before safefile the open blocked forever.
func TestListFilesFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, args := range [][]string{
		{"scan", "--baseline", fifo, "."},
		{"git", "--repos-file", fifo},
	} {
		type out struct {
			stderr string
			code   int
		}
		done := make(chan out, 1)
		go func() {
			_, stderr, code := runMsg(t, dir, args...)
			done <- out{stderr, code}
		}()
		select {
		case o := <-done:
			if o.code != 2 || !strings.Contains(o.stderr, args[1]+": ") || !strings.Contains(o.stderr, "is a FIFO, not a regular file") {
				t.Errorf("%v: exit %d, stderr %q; want 2 and is a FIFO", args, o.code, o.stderr)
			}
		case <-time.After(hangGuard):
			t.Fatalf("%v: still blocked after %s", args, hangGuard)
		}
	}
}
