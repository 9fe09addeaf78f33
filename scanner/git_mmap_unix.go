//go:build unix

package scanner

import (
	"os"
	"syscall"
)

// mmapReadOnly maps f read-only and shared: git never rewrites a pack or an
// index in place (it writes new files and renames them), so the mapping
// stays valid for the scan even if a gc runs meanwhile. Mapping avoids a
// read system call per object: a 300 000-object pack would need as many.
func mmapReadOnly(f *os.File, size int64) (*fileMap, error) {
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	return &fileMap{b: b, unmap: func() error { return syscall.Munmap(b) }, release: func() {
		// Pages of a shared read-only file mapping come back from the
		// page cache on the next touch (a minor fault).
		syscall.Madvise(b, syscall.MADV_DONTNEED)
	}}, nil
}
