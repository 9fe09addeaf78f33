package rules

import "bytes"

// sqlGate reports, once per text, whether it holds the word VALUES in any
// case: sqlRow needs one before a row, and without the gate it read back
// over each key's line for an enclosing bracket (a tenth of Match's CPU
// on the corpus).
func (sc *scan) sqlGate() bool {
	if sc.sqlG == 0 {
		sc.sqlG = 1
		if containsFold(sc.t, "values") {
			sc.sqlG = 2
		}
	}
	return sc.sqlG == 2
}

// containsFold reports whether t holds the lower-case ASCII word w in any
// case, with a vectorised search for its first letter in both cases.
func containsFold(t []byte, w string) bool {
	for _, c := range []byte{w[0], w[0] - 'a' + 'A'} {
		for off := 0; ; {
			i := bytes.IndexByte(t[off:], c)
			if i < 0 {
				break
			}
			i += off
			off = i + 1
			if i+len(w) <= len(t) && hasFold(t[i:i+len(w)], w) {
				return true
			}
		}
	}
	return false
}
