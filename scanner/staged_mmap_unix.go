//go:build unix

package scanner

import (
	"os"
	"syscall"
)

// mapFile maps name read-only, so that reading a 20 MB index (200 000
// entries) costs no copy and no zeroing of a buffer. Git replaces the index
// by renaming a new file over it, never by writing in place, so the
// mapping stays valid while it is used. release unmaps it. The parser
// reads every entry's flags, so the pages are mapped in up front where the
// system can (MAP_POPULATE: 29 ms instead of 40 ms for a 17 MB index on a
// busy 2-core machine, where reading it into a buffer took 50 ms).
func mapFile(name string) (data []byte, release func(), err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if st.Size() == 0 {
		return nil, func() {}, nil
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED|mapPopulate)
	if err != nil {
		return nil, nil, err
	}
	return b, func() { syscall.Munmap(b) }, nil
}
