//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package files

// readFile reads a regular file of at most limit bytes, into buf when it
// is large enough.
func readFile(name string, buf []byte, limit int64) ([]byte, error) {
	return readFileOS(name, buf, limit)
}
