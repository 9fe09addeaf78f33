package rules

import (
	"encoding/binary"
	"math/bits"
)

// This file holds the per-text token filter of the name facts: a bit set
// of the hashes of every whole token of the text, built in one pass when
// a long text asks for a second name. A name whose hash is not in the set
// occurs nowhere as a whole token, so its search of the text is skipped:
// its answer (no binding, no use) is the one the search would give. On a
// 1 MB minified line, fragments of key literals read as names cost 14
// searches of the whole line, three quarters of Match.

// Thresholds of the token filter.
const (
	tokFilterMin   = 64 << 10 // texts shorter than this search every name
	tokFilterAfter = 1        // searches done before the filter is built
)

// A tokFilter is a bit set of token hashes, one bit per byte of text
// (rounded up to a power of two): about one token in five bytes fills a
// fifth of it.
type tokFilter struct {
	bits []uint64
	mask uint64
}

// tokHash hashes a token from its length and its first and last eight
// bytes (fewer when shorter): constant work per token.
func tokHash(b []byte) uint64 {
	n := len(b)
	h := uint64(n) * 0x9e3779b97f4a7c15
	h ^= load8(b[:min(n, 8)])
	h *= 0xff51afd7ed558ccd
	h ^= load8(b[max(0, n-8):])
	h *= 0xc4ceb9fe1a85ec53
	return h ^ h>>31
}

// load8 packs up to eight bytes into a word.
func load8(b []byte) uint64 {
	if len(b) == 8 {
		return binary.LittleEndian.Uint64(b)
	}
	var w uint64
	for i, c := range b {
		w |= uint64(c) << (8 * i)
	}
	return w
}

// newTokFilter records, for every maximal run of tokByte bytes, the run
// itself and each suffix that starts after a '$' or '@' in it: exactly
// the strings at which nameFacts.name accepts an occurrence (a byte
// before it that is not a token byte, or is '$' or '@'; a byte after it
// that is not a token byte).
func newTokFilter(t []byte) *tokFilter {
	n := uint(max(len(t), 1024))
	size := uint64(1) << bits.Len(n-1) // bits, a power of two >= len(t)
	f := &tokFilter{bits: make([]uint64, size/64), mask: size - 1}
	for i := 0; i < len(t); {
		if !tokByteTab[t[i]] {
			i++
			continue
		}
		a := i
		sig := false
		for i < len(t) && tokByteTab[t[i]] {
			sig = sig || t[i] == '$' || t[i] == '@'
			i++
		}
		f.add(tokHash(t[a:i]))
		if sig {
			for j := a; j < i-1; j++ {
				if t[j] == '$' || t[j] == '@' {
					f.add(tokHash(t[j+1 : i]))
				}
			}
		}
	}
	return f
}

func (f *tokFilter) add(h uint64) {
	b := h & f.mask
	f.bits[b/64] |= 1 << (b % 64)
}

// mayHold reports whether name may occur in the text as a whole token. A
// name with a byte that is not a token byte is not filtered (true).
func (f *tokFilter) mayHold(name string) bool {
	for i := 0; i < len(name); i++ {
		if !tokByteTab[name[i]] {
			return true
		}
	}
	b := tokHash([]byte(name)) & f.mask
	return f.bits[b/64]&(1<<(b%64)) != 0
}

// tokByteTab is tokByte as a table.
var tokByteTab = func() (tab [256]bool) {
	for c := range tab {
		tab[c] = tokByte(byte(c))
	}
	return tab
}()

// mayHold reports whether name may occur in t as a whole token, building
// the filter when t is long and this is not its first search.
func (nf *nameFacts) mayHold(t []byte, name string) bool {
	if len(t) < tokFilterMin || nf.searches <= tokFilterAfter {
		return true
	}
	if nf.filter == nil {
		nf.filter = newTokFilter(t)
	}
	return nf.filter.mayHold(name)
}
