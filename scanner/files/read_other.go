//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package files

// readFile reads a regular file of at most limit bytes, into buf when it
// is large enough, calling reserve with its size before reading.
func readFile(name string, buf []byte, limit int64, reserve func(int64) error) ([]byte, error) {
	return readFileOS(name, buf, limit, reserve)
}
