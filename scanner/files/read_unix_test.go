//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package files

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/cambscan/cambscan/scanner"
)

// within runs f and fails the test if it has not returned after a
// generous hang guard: a reader that blocks on a FIFO never returns.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s: still blocked after 30 s", what)
	}
}

// A path that is a FIFO (a file swapped for one after the walk) or a
// device when the worker opens it is refused at once as not a regular
// file: the open does not wait for a writer, nothing is read from
// /dev/zero.
func TestReadFileRefusesFIFOAndDevice(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "swapped.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	for _, name := range []string{fifo, "/dev/zero", "/dev/null"} {
		within(t, name, func() {
			if _, err := readFile(name, nil, 1<<30, noReserve); !errors.Is(err, scanner.ErrNotRegular) {
				t.Errorf("readFile(%s): %v, want not a regular file", name, err)
			}
		})
	}
	// The portable reader checks the mode after opening (it would wait
	// for a FIFO's writer, but it is used only where there are none).
	if _, err := readFileOS("/dev/zero", nil, 1<<30, noReserve); !errors.Is(err, scanner.ErrNotRegular) {
		t.Errorf("readFileOS(/dev/zero): %v, want not a regular file", err)
	}
}
