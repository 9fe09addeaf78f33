package rules

import (
	"math/rand"
	"sort"
	"testing"
)

// TestPositionerMatchesPosition checks that a Positioner fed rising offsets
// (and, now and then, a falling one) gives what Position gives, on text
// with CRLF, multi-byte runes and invalid bytes between ASCII offsets.
func TestPositionerMatchesPosition(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	pieces := []string{"a", "key", "\n", "\r\n", "é", "日本", "\xff", " ", "\t", "x-api-key: "}
	var text []byte
	var offs []int
	for range 5000 {
		text = append(text, pieces[r.Intn(len(pieces))]...)
		if r.Intn(4) == 0 {
			offs = append(offs, len(text)) // a rune boundary
		}
	}
	sort.Ints(offs)
	p := NewPositioner(text)
	for i, off := range offs {
		if i%500 == 499 {
			off = offs[i/2] // an offset below the previous one
		}
		gl, gc := p.At(off)
		wl, wc := Position(text, off)
		if gl != wl || gc != wc {
			t.Fatalf("offset %d: Positioner %d:%d, Position %d:%d", off, gl, gc, wl, wc)
		}
	}
	if l, c := p.At(len(text) + 10); l < 1 || c < 1 {
		t.Errorf("clamped offset gave %d:%d", l, c)
	}
}

// BenchmarkPositionManyKeys is one 8 MB line with 20 000 offsets: linear
// with a Positioner, quadratic with a Position call per offset.
func BenchmarkPositionManyKeys(b *testing.B) {
	text := make([]byte, 8<<20)
	for i := range text {
		text[i] = 'a'
	}
	step := len(text) / 20000
	for b.Loop() {
		p := NewPositioner(text)
		for off := 0; off < len(text); off += step {
			p.At(off)
		}
	}
}
