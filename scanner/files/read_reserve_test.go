package files

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/scanner"
)

// TestReadFileReserve: both readers ask the engine's budget for the size
// the fstat found, after the size checks and before reading, and never
// read more than that, even when the file grows in between.
func TestReadFileReserve(t *testing.T) {
	for what, read := range map[string]func(string, []byte, int64, func(int64) error) ([]byte, error){"readFile": readFile, "readFileOS": readFileOS} {
		dir := t.TempDir()
		name := filepath.Join(dir, "grows.txt")
		body := strings.Repeat("0123456789", 1000)
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		var reserved []int64
		got, err := read(name, nil, 1<<20, func(n int64) error {
			reserved = append(reserved, n)
			// The file grows between the fstat and the read.
			f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = f.WriteString(strings.Repeat("x", 64<<10))
			return err
		})
		if err != nil || string(got) != body {
			t.Errorf("%s: %d bytes, %v; want the %d the fstat saw", what, len(got), err, len(body))
		}
		if len(reserved) != 1 || reserved[0] != int64(len(body)) {
			t.Errorf("%s: reserved %v, want [%d] (the size, not the 1 MiB cap)", what, reserved, len(body))
		}

		// Over the cap: refused before anything is reserved.
		reserved = nil
		record := func(n int64) error { reserved = append(reserved, n); return nil }
		if _, err := read(name, nil, 100, record); !errors.Is(err, scanner.ErrTooLarge) || reserved != nil {
			t.Errorf("%s over the cap: %v, reserved %v", what, err, reserved)
		}
		// Not a regular file: refused before anything is reserved.
		if _, err := read(dir, nil, 1<<20, record); err == nil || reserved != nil {
			t.Errorf("%s of a directory: %v, reserved %v", what, err, reserved)
		}
		// A reservation that fails (a cancelled scan) reads nothing.
		stop := errors.New("cancelled")
		if data, err := read(name, nil, 1<<20, func(int64) error { return stop }); !errors.Is(err, stop) || data != nil {
			t.Errorf("%s with a failed reservation: %d bytes, %v", what, len(data), err)
		}
	}
}
