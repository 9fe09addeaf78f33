package rules

import "bytes"

// placeholder is isPlaceholder remembering its last answer: a text that
// repeats one key (a file of requests with the same header) asks about
// the same 36 bytes for every copy, and comparing them costs less than
// judging them again.
func (sc *scan) placeholder(u []byte) bool {
	if sc.phKey == nil || !bytes.Equal(sc.phKey, u) {
		sc.phKey, sc.phVal = u, isPlaceholder(u)
	}
	return sc.phVal
}
