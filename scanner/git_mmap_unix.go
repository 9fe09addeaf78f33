//go:build unix

package scanner

import (
	"os"
	"syscall"
)

// mmapReadOnly maps f read-only and shared: git never rewrites a pack or an
// index in place (it writes new files and renames them), so the fileMap
// stays valid for the scan even if a gc runs meanwhile. Mapping avoids a
// read system call per object: a 300 000-object pack would need as many.
func mmapReadOnly(f *os.File, size int64) (fileMap, error) {
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return fileMap{}, err
	}
	return fileMap{b: b, unmap: func() error { return syscall.Munmap(b) }}, nil
}
