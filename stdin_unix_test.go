//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// A FIFO named on the command line is read as a stream (issue 10: it was
// skipped as "not a regular file").
func TestScanFIFOArgument(t *testing.T) {
	k := fakekey.New("scan-fifo")
	fifo := filepath.Join(t.TempDir(), "keys.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	go func() {
		if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			w.WriteString(`headers = {"x-api-key": "` + k + `"}` + "\n")
			w.Close()
		}
	}()
	done := make(chan struct{})
	var code int
	var fs [][2]string
	var err error
	go func() {
		defer close(done)
		code, fs, err = scanJSON("", fifo)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("scan of a FIFO still running after 30 s")
	}
	if err != nil {
		t.Fatal(err)
	}
	if code != 1 || len(fs) != 1 || fs[0] != [2]string{fifo + " " + filepath.ToSlash(fifo), k} {
		t.Fatalf("exit %d, findings %q", code, fs)
	}
}
