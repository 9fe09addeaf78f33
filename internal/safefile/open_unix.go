//go:build unix

package safefile

import (
	"errors"
	"os"
	"syscall"
)

// openFile opens with O_NONBLOCK so that a FIFO never blocks the open (the
// fstat that follows refuses it), and with O_NOFOLLOW when asked.
func openFile(name string, o Options) (*os.File, error) {
	flags := syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NONBLOCK
	if o.NoFollow {
		flags |= syscall.O_NOFOLLOW
	}
	for {
		fd, err := syscall.Open(name, flags, 0)
		if err == nil {
			return os.NewFile(uintptr(fd), name), nil
		}
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if o.NoFollow && errors.Is(err, syscall.ELOOP) {
			if st, lerr := os.Lstat(name); lerr == nil && st.Mode()&os.ModeSymlink != 0 {
				return nil, notRegular(name, st.Mode())
			}
		}
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
}
