package files

import (
	"io"
	"os"

	"github.com/cambscan/cambscan/scanner"
)

// readFileOS reads a regular file of at most limit bytes, into buf when
// it is large enough. It reads the size the open file's fstat reports, so a
// file that grows while read is cut there, never read past limit.
func readFileOS(name string, buf []byte, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, pathErr(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, pathErr(err)
	}
	if st.Size() > limit {
		return nil, &scanner.TooLargeError{Size: st.Size(), Limit: limit}
	}
	buf = grow(buf, int(st.Size()))
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, pathErr(err)
	}
	return buf[:n], nil
}

// grow returns buf resized to n bytes, reallocated when too small.
func grow(buf []byte, n int) []byte {
	if cap(buf) < n {
		return make([]byte, n)
	}
	return buf[:n]
}
