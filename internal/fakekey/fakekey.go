// Package fakekey generates fake CAMB.AI API keys for tests and benchmarks.
//
// A fake key has the exact shape of a real one (a lowercase UUIDv4), so the
// detector treats it as a key, but its last group always starts with the
// marker "fa4e", so a test can tell a generated key from a real one and the
// repository can prove that it holds no real key (see TestNoRealKeys).
// Keys are derived from a seed with SHA-256, so the same seed always gives
// the same key and golden files stay stable.
package fakekey

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
)

// Marker starts the last group of every fake key.
const Marker = "fa4e"

// New returns the fake key for seed.
func New(seed string) string {
	sum := sha256.Sum256([]byte("cambscan-fake-key:" + seed))
	h := hex.EncodeToString(sum[:])
	variant := "89ab"[sum[31]&3]
	return fmt.Sprintf("%s-%s-4%s-%c%s-%s%s",
		h[0:8], h[8:12], h[12:15], variant, h[15:18], Marker, h[18:26])
}

// N returns n distinct fake keys derived from prefix.
func N(prefix string, n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = New(fmt.Sprintf("%s-%d", prefix, i))
	}
	return keys
}

var fakeRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-` + Marker + `[0-9a-f]{8}$`)

// IsFake reports whether key is a lowercase UUIDv4 carrying the fake marker.
func IsFake(key string) bool { return fakeRE.MatchString(key) }
