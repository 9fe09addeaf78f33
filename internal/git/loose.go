package git

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/cambscan/cambscan/internal/safefile"
)

// A LooseObject is an object stored in a file of its own,
// objects/XX/YYYY...
type LooseObject struct {
	ID   ID
	Path string
}

// Loose lists the loose objects of the store's directories that no pack
// holds, each id once, in directory order and then id order.
func (s *Store) Loose() []LooseObject {
	var out []LooseObject
	seen := map[ID]bool{}
	for _, d := range s.dirs {
		for x := 0; x < 256; x++ {
			sub := filepath.Join(d, fmt.Sprintf("%02x", x))
			names, err := os.ReadDir(sub)
			if err != nil {
				continue
			}
			for _, n := range names {
				id, ok := ParseID(fmt.Sprintf("%02x", x) + n.Name())
				if !ok || n.IsDir() || seen[id] {
					continue
				}
				seen[id] = true
				if i, _ := s.Owner(id); i >= 0 {
					continue
				}
				out = append(out, LooseObject{ID: id, Path: filepath.Join(sub, n.Name())})
			}
		}
	}
	return out
}

// ReadLoose reads the loose object file name. With limit >= 0, an object
// larger than limit is not inflated: ReadLoose returns its type and a
// [*TooLargeError]. Whatever limit says, no object is inflated past its
// type's default cap (see [Limits]); with limit < 0 those caps alone
// apply.
func ReadLoose(name string, limit int64) (uint8, []byte, error) {
	def := DefaultLimits()
	return readLoose(name, func(typ uint8) int64 {
		if c := def.Max(typ); limit < 0 || (typ != ObjBlob && c < limit) {
			return c
		}
		return limit
	})
}

// readLoose reads the loose object file name if it is at most capOf(its
// type) bytes, and checks its declared size against what the file can
// hold before allocating for it.
func readLoose(name string, capOf func(uint8) int64) (uint8, []byte, error) {
	f, fi, err := safefile.Open(name, safefile.Options{})
	if err != nil {
		return 0, nil, err
	}
	defer f.Close()
	return readLooseFrom(f, fi.Size(), capOf)
}

// readLooseFrom reads a loose object of n compressed bytes from r.
func readLooseFrom(r io.Reader, n int64, capOf func(uint8) int64) (uint8, []byte, error) {
	typ, size, rest, err := parseLooseHeader(r)
	if err != nil {
		return 0, nil, err
	}
	defer rest.Close()
	if c := capOf(typ); size > c {
		return typ, nil, &TooLargeError{Size: size, Limit: c}
	}
	if size > maxInflate(int(min(n, 1<<40))) {
		return 0, nil, fmt.Errorf("%w: %d bytes cannot come from %d compressed bytes", ErrCorrupt, size, n)
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(rest, data); err != nil {
		return 0, nil, fmt.Errorf("%w: zlib: %v", ErrCorrupt, err)
	}
	return typ, data, nil
}

// looseHeader opens a loose object and parses its "type size\0" header,
// returning the rest of the inflated stream (closing it closes the file).
// It reads the file as it goes: a size costs one block of a large object.
// The file must be a regular file (a FIFO in place of an object must not
// hang the reader).
func looseHeader(name string) (uint8, int64, looseStream, error) {
	f, _, err := safefile.Open(name, safefile.Options{})
	if err != nil {
		return 0, 0, looseStream{}, err
	}
	typ, size, zr, err := parseLooseHeader(f)
	if err != nil {
		f.Close()
		return 0, 0, looseStream{}, err
	}
	return typ, size, looseStream{zr, f}, nil
}

type looseStream struct {
	io.ReadCloser
	f *os.File
}

func (l looseStream) Close() error {
	l.ReadCloser.Close()
	return l.f.Close()
}

// parseLooseHeader inflates the start of r and parses "type size\0": at
// most 32 bytes are read for it.
func parseLooseHeader(r io.Reader) (uint8, int64, io.ReadCloser, error) {
	zr, err := zlib.NewReader(bufio.NewReaderSize(r, 4096))
	if err != nil {
		return 0, 0, nil, fmt.Errorf("%w: zlib: %v", ErrCorrupt, err)
	}
	var hdr [32]byte
	n := 0
	for n < len(hdr) {
		if _, err := io.ReadFull(zr, hdr[n:n+1]); err != nil {
			return 0, 0, nil, fmt.Errorf("%w: zlib: %v", ErrCorrupt, err)
		}
		if hdr[n] == 0 {
			break
		}
		n++
	}
	kind, num, ok := bytes.Cut(hdr[:n], []byte{' '})
	size, err := strconv.ParseInt(string(num), 10, 64)
	if !ok || n == len(hdr) || err != nil || size < 0 {
		return 0, 0, nil, fmt.Errorf("%w: bad loose object header", ErrCorrupt)
	}
	for t, tn := range typeNames {
		if tn != "" && tn == string(kind) {
			return uint8(t), size, zr, nil
		}
	}
	return 0, 0, nil, fmt.Errorf("%w: unknown type %q", ErrCorrupt, kind)
}
