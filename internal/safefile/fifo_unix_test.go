//go:build unix

package safefile

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A FIFO is refused without blocking (the test would hang otherwise; go
// test's own timeout is the guard).
func TestReadFileFIFO(t *testing.T) {
	name := filepath.Join(t.TempDir(), "HEAD")
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Skip(err)
	}
	for _, o := range []Options{{}, {NoFollow: true}} {
		_, err := ReadFile(name, SmallCap, o)
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "FIFO") {
			t.Fatalf("%+v: %v", o, err)
		}
	}
}
