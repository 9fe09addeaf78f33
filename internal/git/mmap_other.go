//go:build !unix

package git

import (
	"io"
	"os"
)

// mmapFile reads f whole where mapping is not available (Windows, wasm):
// memory then grows with the size of the largest pack.
func mmapFile(f *os.File, size int64, _ bool) (*fileMap, error) {
	b := make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, err
	}
	return &fileMap{b: b}, nil
}
