package rules

import (
	"bytes"
	"math/bits"
)

// This file holds the prefilter and the UUIDv4 shape: the only work done
// on text that holds no candidate.

// keyLen is the length of a key: a UUID in its 8-4-4-4-12 form.
const keyLen = 36

// dash4 is what every UUIDv4 holds at offset 13: the dash before the
// third group, whose first digit is the version, 4.
var dash4 = []byte("-4")

const (
	cHex  = 1 << iota // [0-9a-fA-F]
	cWord             // [0-9A-Za-z_-]: a key may not touch one
)

// class holds the character classes above for every byte.
var class = func() (c [256]uint8) {
	for b := 0; b < 256; b++ {
		switch {
		case isDigit(byte(b)), 'a' <= b && b <= 'f', 'A' <= b && b <= 'F':
			c[b] = cHex | cWord
		case isLetter(byte(b)), b == '_', b == '-':
			c[b] = cWord
		}
	}
	return c
}()

// nextKey returns the offset of the next UUIDv4 that starts at or after
// from, or -1. It searches for "-4" with bytes.Index (vectorised), then
// checks the shape around each hit, so text without a dash followed by
// a 4 costs about one memory scan.
func nextKey(t []byte, from int) int {
	for off := from + 13; off < len(t); {
		i := bytes.Index(t[off:], dash4)
		if i < 0 {
			return -1
		}
		s := off + i - 13
		// The other three dashes first: most "-4" hits (CSS, dates,
		// options) fail there, before the full shape checks.
		if s >= 0 && s+keyLen <= len(t) && t[s+8] == '-' && t[s+18] == '-' && t[s+23] == '-' &&
			(isKeyAt(t, s) || escapedKeyAt(t, s) || gluedOptionKeyAt(t, s)) {
			return s
		}
		off += i + 1
	}
	return -1
}

// isKeyAt reports whether t[s:s+36] is a UUIDv4
// ([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12},
// either case) with no [0-9A-Za-z_-] right before or after it, so that
// rh-api-<uuid>, prefix_<uuid> and longer hex runs are not keys.
func isKeyAt(t []byte, s int) bool {
	if s < 0 || s+keyLen > len(t) {
		return false
	}
	u := t[s : s+keyLen]
	for i, c := range u {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if class[c]&cHex == 0 {
				return false
			}
		}
	}
	if u[14] != '4' {
		return false
	}
	switch u[19] {
	case '8', '9', 'a', 'b', 'A', 'B':
	default:
		return false
	}
	if s > 0 && class[t[s-1]]&cWord != 0 {
		return false
	}
	if e := s + keyLen; e < len(t) && class[t[e]]&cWord != 0 {
		return false
	}
	return true
}

// exampleUUIDs are well-known UUIDv4 values from documentation (Wikipedia,
// RFC 4122, Swagger's default example, the Swagger inventory sample).
var exampleUUIDs = []string{
	"550e8400-e29b-41d4-a716-446655440000",
	"f47ac10b-58cc-4372-a567-0e02b2c3d479",
	"3fa85f64-5717-4562-b3fc-2c963f66afa6",
	"123e4567-e89b-42d3-a456-426614174000",
	"d290f1ee-6c54-4b01-90e6-d701748f0851",
}

// isPlaceholder reports whether the UUID u is an obvious example value,
// not a generated key:
//   - fewer than 6 distinct hex digits (all zeros, 11111111-1111-4111-…,
//     aaaaaaaa-…); a random key has that with odds of about 1e-9;
//   - a run of 8 consecutive digits up or down (12345678-…, …-456789abcdef)
//     or 12 or more single steps up (12345678-1234-4234-…), each under
//     1e-6 for a random key;
//   - a first group of a1b2c3d4, deadbeef or cafebabe;
//   - one of the well-known example UUIDs in exampleUUIDs.
func isPlaceholder(u []byte) bool {
	var h [32]byte
	n := 0
	for _, c := range u {
		if c != '-' {
			h[n] = lower(c)
			n++
		}
	}
	var seen [4]uint64 // a bit per byte value: no 256-byte table to clear per key
	for _, c := range h {
		seen[c>>6] |= 1 << (c & 63)
	}
	distinct := bits.OnesCount64(seen[0]) + bits.OnesCount64(seen[1]) + bits.OnesCount64(seen[2]) + bits.OnesCount64(seen[3])
	if distinct < 6 {
		return true
	}
	up, down, steps := 1, 1, 0
	for i := 1; i < len(h); i++ {
		d := hexVal(h[i]) - hexVal(h[i-1])
		if d == 1 {
			up++
			steps++
		} else {
			up = 1
		}
		if d == -1 {
			down++
		} else {
			down = 1
		}
		if up >= 8 || down >= 8 {
			return true
		}
	}
	if steps >= 12 {
		return true
	}
	switch string(h[:8]) {
	case "a1b2c3d4", "deadbeef", "cafebabe":
		return true
	}
	for _, e := range exampleUUIDs {
		if equalLower(u, e) {
			return true
		}
	}
	return false
}

func hexVal(c byte) int {
	if isDigit(c) {
		return int(c - '0')
	}
	return int(c-'a') + 10
}
