package git

import (
	"sync/atomic"

	"github.com/cambscan/cambscan/internal/safefile"
)

// A fileMap is a read-only view of a whole file: mapped where the system
// can (mmap_unix.go), read into memory elsewhere (mmap_other.go).
type fileMap struct {
	b       []byte
	unmap   func() error
	release func() // drops the resident pages, when mapped
	// read counts bytes read since the last release: a mapped pack's
	// pages count in the resident set, and a scan touches all of them.
	read atomic.Int64
}

// releaseEvery bounds the resident pages of a mapped pack.
const releaseEvery = 64 << 20

// touched notes that n more bytes of the mapping were read, and drops
// its resident pages every releaseEvery bytes, so that scanning a 2 GB
// pack does not show as 2 GB of resident memory.
func (m *fileMap) touched(n int64) {
	if m.release != nil && m.read.Add(n) > releaseEvery {
		m.read.Store(0)
		m.release()
	}
}

func (m *fileMap) close() {
	if m.unmap != nil {
		m.unmap()
		m.unmap = nil
	}
	m.b = nil
}

// mapFile maps name read-only and shared, or reads it where mapping is not
// available. Git never rewrites a pack, an index or the index file in
// place (it writes new files and renames them over the old), so a mapping
// stays valid while it is used, even if a gc runs meanwhile. populate asks
// for every page to be mapped in up front (Linux only), for files that
// will be read whole at once.
//
// The file must be a regular file: a FIFO in place of a pack or an index
// is refused rather than waited on.
func mapFile(name string, populate bool) (*fileMap, error) {
	f, fi, err := safefile.Open(name, safefile.Options{})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() == 0 {
		return &fileMap{b: []byte{}}, nil
	}
	return mmapFile(f, fi.Size(), populate)
}
