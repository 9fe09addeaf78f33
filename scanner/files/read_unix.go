//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package files

import (
	"syscall"

	"github.com/cambscan/cambscan/scanner"
)

// readFile reads a regular file of at most limit bytes, into buf when it
// is large enough (see readSized), with raw system calls: open, fstat,
// read (twice for a file over rules.SniffLen bytes), close. os.Open would
// add an epoll registration attempt and a finalizer per file; on the Go
// source tree (11 000 files) the raw calls cut the scan's system time by a
// fifth.
//
// The open is non-blocking, so a path the walk saw as a file and that was
// swapped for a FIFO since is refused at once (the fstat finds it is not a
// regular file) instead of waiting for a writer forever; a device is
// refused the same way before anything is read from it.
//
// reserve gets the size the fstat found before anything is read (see
// scanner.Chunk.OpenSized): the engine's read budget is held for what the
// file holds, not for the cap. readSized reads no more than that size, so
// a file that grows after the fstat never costs more than was reserved.
func readFile(name string, buf []byte, limit int64, reserve func(int64) error) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, scanner.ErrNotRegular
	}
	if st.Size > limit {
		return nil, &scanner.TooLargeError{Size: st.Size, Limit: limit}
	}
	if err := reserve(st.Size); err != nil {
		return nil, err
	}
	return readSized(func(p []byte) (int, error) {
		for {
			n, err := syscall.Read(fd, p)
			if err == syscall.EINTR {
				continue
			}
			return max(n, 0), err
		}
	}, buf, st.Size)
}
