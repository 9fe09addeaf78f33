//go:build !unix

package scanner

import (
	"io"
	"os"
)

// mmapReadOnly reads f whole where fileMap is not available (Windows, wasm):
// memory then grows with the size of the largest pack.
func mmapReadOnly(f *os.File, size int64) (*fileMap, error) {
	b := make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, err
	}
	return &fileMap{b: b}, nil
}
