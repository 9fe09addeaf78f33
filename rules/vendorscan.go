package rules

// vendorPairs holds, for each first byte of a vendor anchor (lower case),
// the set of its second bytes: vendorAnchorsIn tries the anchors at a
// position only when its first two bytes start one. On hex-heavy text
// (a, b, c and e start anchors) the first byte alone let a third of all
// positions through to the case-folding compare.
var vendorPairs = func() (p [256][4]uint64) {
	for _, v := range vendorAnchors {
		a, b := v[0], v[1]
		for _, c := range []byte{b, upper(b)} {
			p[a][c>>6] |= 1 << (c & 63)
		}
	}
	return p
}()

// vendorPair reports whether a vendor anchor starts with the bytes a, b
// (in any case).
func vendorPair(a, b byte) bool {
	return vendorPairs[lower(a)][b>>6]&(1<<(b&63)) != 0
}

func upper(c byte) byte {
	if isLower(c) {
		return c - 'a' + 'A'
	}
	return c
}
