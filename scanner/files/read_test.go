package files

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/scanner"
)

// TestReadFile checks both readers: the raw-syscall one used on Unix and
// the os.File one used elsewhere.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f.txt")
	body := strings.Repeat("0123456789", 1000)
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	for what, read := range map[string]func(string, []byte, int64) ([]byte, error){"readFile": readFile, "readFileOS": readFileOS} {
		small := make([]byte, 0, 16)
		got, err := read(name, small, 1<<20)
		if err != nil || string(got) != body {
			t.Errorf("%s: %d bytes, %v", what, len(got), err)
		}
		big := make([]byte, 0, 1<<15)
		got, err = read(name, big, 1<<20)
		if err != nil || string(got) != body || &got[0] != &big[:1][0] {
			t.Errorf("%s: did not read into the given buffer (%v)", what, err)
		}
		if _, err := read(name, nil, 100); !errors.Is(err, scanner.ErrTooLarge) {
			t.Errorf("%s over the limit: %v", what, err)
		}
		if _, err := read(filepath.Join(dir, "missing"), nil, 100); err == nil || !strings.Contains(err.Error(), "no such file") {
			t.Errorf("%s of a missing file: %v", what, err)
		}
		if _, err := read(dir, nil, 1<<20); err == nil {
			t.Errorf("%s of a directory: no error", what)
		}
	}
}
