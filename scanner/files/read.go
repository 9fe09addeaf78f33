package files

import (
	"bytes"
	"errors"
	"io"
	"os"

	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
)

// readFileOS reads a regular file of at most limit bytes, into buf when it
// is large enough (see readSized), through os.File: the portable reader.
// The mode of the open file is checked, so a path swapped for a FIFO or a
// device after the walk saw a file is refused with scanner.ErrNotRegular.
// reserve gets the size the fstat found before anything is read (see
// scanner.Chunk.OpenSized), and no more than that is read.
func readFileOS(name string, buf []byte, limit int64, reserve func(int64) error) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, pathErr(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, pathErr(err)
	}
	if !st.Mode().IsRegular() {
		return nil, scanner.ErrNotRegular
	}
	if st.Size() > limit {
		return nil, &scanner.TooLargeError{Size: st.Size(), Limit: limit}
	}
	if err := reserve(st.Size()); err != nil {
		return nil, err
	}
	data, err := readSized(f.Read, buf, st.Size())
	if err != nil {
		return nil, pathErr(err)
	}
	return data, nil
}

// readSized reads content of size bytes (the fstat of the open file)
// through read, into buf when it is large enough: first its head (the
// rules.SniffLen bytes that decide whether it is text), and the rest only
// when the head is text or may be an archive, which the engine opens. For
// binary content it returns the head alone, which rules.Text skips as
// binary for the same reason: a 2 GiB sparse file costs 8 000 bytes, not
// 2 GiB. It never reads past size, so a file that grows while read is cut
// where fstat saw it end, and the memory it takes stays under the cap the
// caller checked size against; a file that shrank is returned as it is.
func readSized(read func([]byte) (int, error), buf []byte, size int64) ([]byte, error) {
	head := min(size, rules.SniffLen)
	buf = grow(buf, int(head))
	n, err := readFull(read, buf)
	if err != nil || int64(n) < head || size == head {
		return buf[:n], err
	}
	if skipAfterHead(buf[:n]) {
		return buf[:n], nil
	}
	buf = grow(buf, int(size))
	m, err := readFull(read, buf[n:])
	return buf[:n+m], err
}

// readStream reads a pipe or a character device (standard input, a FIFO or
// /dev/stdin named on the command line) to its end, into buf when it is
// large enough: the head first, as readSized does, and no further for
// binary content. More than limit bytes fail with a *scanner.TooLargeError
// whose Size is 0 (the size of a stream is not known), after reading at
// most limit+1 bytes.
func readStream(r io.Reader, buf []byte, limit int64) ([]byte, error) {
	buf = grow(buf, int(min(limit+1, rules.SniffLen)))
	n, err := readFull(r.Read, buf)
	switch {
	case err != nil:
		return nil, err
	case n < len(buf) || int64(n) > limit:
		return tooLarge(buf[:n], limit) // ended, or over the cap already
	case skipAfterHead(buf):
		return buf, nil
	}
	for {
		if n == len(buf) {
			if int64(n) > limit {
				return tooLarge(buf, limit)
			}
			// Double, but never past limit+1: memory stays bounded by the cap.
			buf = grow(buf, int(min(limit+1, max(int64(2*n), 64<<10))))
		}
		m, err := r.Read(buf[n:])
		n += max(m, 0)
		if errors.Is(err, io.EOF) {
			return tooLarge(buf[:n], limit)
		}
		if err != nil {
			return nil, err
		}
	}
}

// tooLarge returns data, or a *scanner.TooLargeError when it is over limit.
func tooLarge(data []byte, limit int64) ([]byte, error) {
	if int64(len(data)) > limit {
		return nil, &scanner.TooLargeError{Limit: limit}
	}
	return data, nil
}

// readFull fills p through read, stopping early at the end of the data;
// io.EOF is not an error.
func readFull(read func([]byte) (int, error), p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := read(p[n:])
		n += m
		if errors.Is(err, io.EOF) || m == 0 && err == nil {
			break
		}
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// skipAfterHead reports whether content that starts with head need not be
// read further: rules.Text will skip it as binary, and it is not an archive
// that the engine would open (zip, jar, wheel, docx; gzip; tar). Any other
// binary content is skipped whole, however large.
func skipAfterHead(head []byte) bool {
	return rules.Binary(head) && !mayBeArchive(head)
}

// mayBeArchive reports whether head starts like a zip (a local file header
// or the end record of an empty one), a gzip stream or a POSIX or GNU tar.
func mayBeArchive(head []byte) bool {
	return bytes.HasPrefix(head, []byte("PK\x03\x04")) ||
		bytes.HasPrefix(head, []byte("PK\x05\x06")) ||
		bytes.HasPrefix(head, []byte{0x1f, 0x8b}) ||
		len(head) >= 262 && string(head[257:262]) == "ustar"
}

// grow returns buf resized to n bytes, its content kept; it is
// reallocated when too small.
func grow(buf []byte, n int) []byte {
	if cap(buf) < n {
		nb := make([]byte, n)
		// Not copy(nb, buf): the compiler turns make+copy into
		// makeslicecopy, which clears the whole new buffer again (a
		// fifth of a tree scan's CPU); a large make gets zeroed pages.
		copy(nb[:len(buf)], buf)
		return nb
	}
	return buf[:n]
}
