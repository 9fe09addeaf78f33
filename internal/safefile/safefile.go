// Package safefile reads the small metadata files cambscan trusts
// (.gitignore, .git/info/exclude, a .git file, HEAD, refs, packed-refs,
// alternates, shallow, commondir, the stash reflog, --baseline,
// --repos-file) under one policy: the file must be a regular file, and it is
// read up to a size cap. A symlink to /dev/zero must not grow without bound
// and a FIFO must not hang the scan.
//
// Files inside a work tree (.gitignore) are opened without following
// symlinks, as git does; git's own files may be symlinks (git allows a
// symlinked HEAD or packed-refs) but must end at a regular file.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Caps for the kinds of file the scanner reads.
const (
	SmallCap    = 64 << 10  // HEAD, a .git file, commondir, a loose ref
	MetaCap     = 16 << 20  // packed-refs, .gitignore, exclude, alternates, shallow, reflogs
	ListCap     = 16 << 20  // --repos-file
	BaselineCap = 100 << 20 // --baseline
)

// ErrNotRegular is wrapped by the error for a file that is not a regular
// file (a FIFO, a device, a directory, or a symlink where none is allowed).
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is wrapped by the error for a file over its cap.
var ErrTooLarge = errors.New("file too large")

// An Error names the file a read refused.
type Error struct {
	Path   string
	Reason string
	Err    error // ErrNotRegular or ErrTooLarge
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Path, e.Reason) }
func (e *Error) Unwrap() error { return e.Err }

// Options say how a file is opened.
type Options struct {
	// NoFollow refuses a symlink at the final path component (files in a
	// work tree, which git does not follow either).
	NoFollow bool
}

// Open opens name for reading and checks after opening that it is a
// regular file. Open never blocks on a FIFO. A missing file gives an error
// that wraps fs.ErrNotExist.
func Open(name string, o Options) (*os.File, fs.FileInfo, error) {
	f, err := openFile(name, o)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, notRegular(name, st.Mode())
	}
	return f, st, nil
}

// ReadFile reads a whole regular file of at most max bytes.
func ReadFile(name string, max int64, o Options) ([]byte, error) {
	f, st, err := Open(name, o)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.Size() > max {
		return nil, tooLarge(name, max)
	}
	return ReadAll(f, name, max)
}

// ReadAll reads r to its end, refusing more than max bytes.
func ReadAll(r io.Reader, name string, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(data)) > max {
		return nil, tooLarge(name, max)
	}
	return data, nil
}

// LimitReader returns a reader of r that fails with a named ErrTooLarge
// once more than max bytes were read (for stream decoding).
func LimitReader(r io.Reader, name string, max int64) io.Reader {
	return &limited{r: r, name: name, left: max + 1, max: max}
}

type limited struct {
	r    io.Reader
	name string
	left int64
	max  int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, tooLarge(l.name, l.max)
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left <= 0 {
		return n, tooLarge(l.name, l.max)
	}
	return n, err
}

func notRegular(name string, m fs.FileMode) error {
	kind := "not a regular file"
	switch {
	case m&fs.ModeSymlink != 0:
		kind = "is a symlink, not a regular file (not followed)"
	case m&fs.ModeNamedPipe != 0:
		kind = "is a FIFO, not a regular file"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		kind = "is a device, not a regular file"
	case m.IsDir():
		kind = "is a directory, not a regular file"
	case m&fs.ModeSocket != 0:
		kind = "is a socket, not a regular file"
	}
	return &Error{Path: name, Reason: kind, Err: ErrNotRegular}
}

func tooLarge(name string, max int64) error {
	return &Error{Path: name, Reason: fmt.Sprintf("larger than the %d byte limit for this file", max), Err: ErrTooLarge}
}
