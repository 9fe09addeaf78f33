//go:build unix

package scanner

import (
	"os"

	"golang.org/x/sys/unix"
)

// mmapReadOnly maps f read-only and shared: git never rewrites a pack or an
// index in place (it writes new files and renames them), so the mapping
// stays valid for the scan even if a gc runs meanwhile. Mapping avoids a
// read system call per object: a 300 000-object pack would need as many.
// It uses golang.org/x/sys/unix rather than syscall because syscall has no
// Madvise outside Linux, and the scan must build on macOS and the BSDs.
func mmapReadOnly(f *os.File, size int64) (*fileMap, error) {
	b, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	return &fileMap{b: b, unmap: func() error { return unix.Munmap(b) }, release: func() {
		// Pages of a shared read-only file mapping come back from the
		// page cache on the next touch (a minor fault). A system that
		// does not honour the advice only keeps them resident longer.
		_ = unix.Madvise(b, unix.MADV_DONTNEED)
	}}, nil
}
