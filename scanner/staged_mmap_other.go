//go:build !unix

package scanner

import "os"

// mapFile reads name whole where mapping is not available (Windows, wasm).
func mapFile(name string) (data []byte, release func(), err error) {
	b, err := os.ReadFile(name)
	return b, func() {}, err
}
