//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package files_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/scanner/files"
)

// runGuarded runs a scan and fails the test if it has not ended after a
// generous hang guard (a read blocked on a FIFO never ends).
func runGuarded(t *testing.T, src scanner.Source, maxSize int64) *scanner.Result {
	t.Helper()
	type out struct {
		res *scanner.Result
		err error
	}
	ch := make(chan out, 1)
	go func() {
		res, err := scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{Jobs: 2, MaxFileSize: maxSize})
		ch <- out{res, err}
	}()
	select {
	case o := <-ch:
		if o.err != nil {
			t.Fatalf("Run: %v", o.err)
		}
		return o.res
	case <-time.After(30 * time.Second):
		t.Fatal("scan still running after 30 s: blocked on a FIFO?")
	}
	return nil
}

// swapSource swaps a file for a FIFO between the walk and the read: the
// walk has seen a regular file, the worker opens a FIFO with no writer.
type swapSource struct {
	scanner.Source
	file, fifo string
}

func (s swapSource) Chunks(ctx context.Context, yield func(scanner.Chunk) error) error {
	return s.Source.Chunks(ctx, func(c scanner.Chunk) error {
		if strings.HasSuffix(c.Origin.Path, filepath.Base(s.file)) {
			if err := os.Rename(s.fifo, s.file); err != nil {
				return err
			}
		}
		return yield(c)
	})
}

func mkfifo(t *testing.T, name string) {
	t.Helper()
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Skip(err)
	}
}

// Issue 10: a file swapped for a FIFO mid-scan hung the scan. It is now
// skipped as not a regular file; a FIFO already there at walk time is
// passed over, as devices and sockets are.
func TestFilesFIFOs(t *testing.T) {
	k := fakekey.N("fifo", 1)
	dir := writeTree(t, map[string]string{"app.py": leak(k[0]), "swap.txt": "hello\n"})
	mkfifo(t, filepath.Join(dir, "present.fifo"))
	fifo := filepath.Join(t.TempDir(), "later.fifo")
	mkfifo(t, fifo)
	res := runGuarded(t, swapSource{files.NewSource(dir, files.Options{}), filepath.Join(dir, "swap.txt"), fifo}, 0)
	if got := paths(res); len(got) != 1 || !strings.HasSuffix(got[0], "/app.py") {
		t.Errorf("findings in %v, want app.py", got)
	}
	reasons := skipReasons(res)
	if len(reasons) != 1 || reasons[filepath.ToSlash(filepath.Join(dir, "swap.txt"))] != "not a regular file" {
		t.Errorf("skips %v, want swap.txt as not a regular file", reasons)
	}
	if res.Skipped[0].Label() != "not a regular file" || res.Stats.Files != 1 {
		t.Errorf("label %q, stats %+v", res.Skipped[0].Label(), res.Stats)
	}
}

// A FIFO named as the root is read as a stream (the shell's <(cmd) and a
// named pipe fed by another process), up to the size cap.
func TestFilesFIFORoot(t *testing.T) {
	k := fakekey.N("fifo-root", 1)
	fifo := filepath.Join(t.TempDir(), "keys.fifo")
	mkfifo(t, fifo)
	go func() {
		// Opening for writing waits for the scan to open it for reading.
		if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			w.WriteString(leak(k[0]))
			w.Close()
		}
	}()
	res := runGuarded(t, files.NewSource(fifo, files.Options{}), 0)
	if len(res.Findings) != 1 || res.Findings[0].Path != filepath.ToSlash(fifo) || res.Findings[0].Secret != k[0] {
		t.Fatalf("findings %+v", res.Findings)
	}
	// Over the cap: skipped as too large, after reading at most the cap.
	go func() {
		if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			w.WriteString(strings.Repeat("# padding\n", 200) + leak(k[0]))
			w.Close()
		}
	}()
	res = runGuarded(t, files.NewSource(fifo, files.Options{}), 1024)
	if len(res.Findings) != 0 || len(res.Skipped) != 1 || res.Skipped[0].Class != scanner.SkipTooLarge {
		t.Fatalf("over the cap: findings %v, skipped %+v", paths(res), res.Skipped)
	}
}

// Character devices named as the root are streams too: /dev/null is an
// empty file, /dev/zero is binary after its first 8000 bytes (and never
// grows a buffer).
func TestFilesDeviceRoot(t *testing.T) {
	res := runGuarded(t, files.NewSource("/dev/null", files.Options{}), 0)
	if len(res.Skipped) != 0 || res.Stats.Files != 1 {
		t.Errorf("/dev/null: skipped %+v, stats %+v", res.Skipped, res.Stats)
	}
	res = runGuarded(t, files.NewSource("/dev/zero", files.Options{}), 1<<40)
	if len(res.Skipped) != 1 || res.Skipped[0].Class != scanner.SkipBinary {
		t.Errorf("/dev/zero: skipped %+v, stats %+v", res.Skipped, res.Stats)
	}
}
