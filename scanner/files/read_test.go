package files

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/cambscan/cambscan/rules"
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
	for what, read := range readers {
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

// readers are the two regular-file readers: the raw-syscall one used on
// Unix and the os.File one used elsewhere.
var readers = map[string]func(string, []byte, int64) ([]byte, error){
	"readFile": func(name string, buf []byte, limit int64) ([]byte, error) {
		return readFile(name, buf, limit, noReserve)
	},
	"readFileOS": func(name string, buf []byte, limit int64) ([]byte, error) {
		return readFileOS(name, buf, limit, noReserve)
	},
}

// noReserve is a reserve function that reserves nothing.
func noReserve(int64) error { return nil }

// A binary file is read no further than its head: a large sparse file
// under a larger cap costs rules.SniffLen bytes, not its size (issue 10:
// a 2 GB sparse file cost 2 GB per worker).
func TestReadBinaryHeadOnly(t *testing.T) {
	name := filepath.Join(t.TempDir(), "sparse.bin")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	const size = 256 << 20
	if err := f.Truncate(size); err != nil {
		f.Close()
		t.Skipf("no sparse file: %v", err)
	}
	f.Close()
	for what, read := range readers {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		got, err := read(name, nil, 1<<30)
		runtime.ReadMemStats(&after)
		if err != nil || len(got) != rules.SniffLen {
			t.Errorf("%s: %d bytes, %v; want the %d-byte head", what, len(got), err, rules.SniffLen)
		}
		if _, skip := rules.Text(got); skip != "binary" {
			t.Errorf("%s: the head is not skipped as binary (%q)", what, skip)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
			t.Errorf("%s: allocated %d bytes for a binary file of %d", what, alloc, size)
		}
	}
}

// Text is read whole, also when binary bytes come after the head; so is
// binary content that starts like an archive, which the engine opens.
func TestReadWholeUnlessBinaryHead(t *testing.T) {
	dir := t.TempDir()
	bodies := map[string][]byte{
		"text-then-zeros": append(bytes.Repeat([]byte("text line\n"), 1000), make([]byte, 20000)...),
		"zip":             append([]byte("PK\x03\x04"), make([]byte, 20000)...),
		"gzip":            append([]byte{0x1f, 0x8b, 8, 0}, make([]byte, 20000)...),
		"tar":             append(append(make([]byte, 257), "ustar\x0000"...), make([]byte, 20000)...),
		"stray-nul":       append([]byte("# generated \x00 by a tool\n"), bytes.Repeat([]byte("key = value\n"), 1000)...),
	}
	for name, body := range bodies {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
		for what, read := range readers {
			got, err := read(p, make([]byte, 0, 100), 1<<20)
			if err != nil || !bytes.Equal(got, body) {
				t.Errorf("%s %s: %d of %d bytes, %v", what, name, len(got), len(body), err)
			}
		}
	}
}

// Streams (standard input, a pipe named on the command line) are read to
// their end up to the cap, and no further than the head when binary.
func TestReadStream(t *testing.T) {
	text := bytes.Repeat([]byte("0123456789"), 10000)
	for _, tt := range []struct {
		name  string
		in    io.Reader
		limit int64
		want  []byte
		large bool
	}{
		{"empty", strings.NewReader(""), 100, []byte{}, false},
		{"short", strings.NewReader("abc"), 100, []byte("abc"), false},
		{"text", bytes.NewReader(text), 1 << 20, text, false},
		{"text-at-cap", bytes.NewReader(text), int64(len(text)), text, false},
		{"over-cap", bytes.NewReader(text), int64(len(text)) - 1, nil, true},
		{"over-small-cap", bytes.NewReader(text), 10, nil, true},
		{"binary", io.LimitReader(zeros{}, 1<<40), 1 << 40, make([]byte, rules.SniffLen), false},
		{"one-byte-reads", iotest.OneByteReader(bytes.NewReader(text[:20000])), 1 << 20, text[:20000], false},
	} {
		got, err := readStream(tt.in, nil, tt.limit)
		if tt.large {
			var tl *scanner.TooLargeError
			if !errors.As(err, &tl) || tl.Size != 0 || tl.Limit != tt.limit {
				t.Errorf("%s: %d bytes, %v; want too large", tt.name, len(got), err)
			}
			continue
		}
		if err != nil || !bytes.Equal(got, tt.want) {
			t.Errorf("%s: %d bytes, %v; want %d bytes", tt.name, len(got), err, len(tt.want))
		}
	}
	if _, err := readStream(iotest.ErrReader(errors.New("boom")), nil, 100); err == nil || err.Error() != "boom" {
		t.Errorf("read error: %v", err)
	}
}

// zeros is an endless stream of NUL bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
