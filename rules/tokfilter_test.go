package rules

import (
	"bytes"
	"math/rand"
	"testing"
)

// occurs reports whether nameFacts.name would accept an occurrence of
// name in t (the same boundary test, without the filter).
func occurs(t []byte, name string) bool {
	pat := []byte(name)
	for off := 0; ; {
		i := bytes.Index(t[off:], pat)
		if i < 0 {
			return false
		}
		i += off
		off = i + 1
		e := i + len(pat)
		if i > 0 && tokByte(t[i-1]) && t[i-1] != '$' && t[i-1] != '@' || e < len(t) && tokByte(t[e]) {
			continue
		}
		return true
	}
}

// TestTokFilterNoFalseNegative checks that the token filter never rules
// out a name that the text holds as a whole token, on random texts of
// identifiers, sigils and punctuation and every substring-based name.
func TestTokFilterNoFalseNegative(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	const alphabet = "abcAB01_-$@.:= \n\"'(){}x"
	held, ruled := 0, 0
	for range 200 {
		text := make([]byte, 200+rng.Intn(2000))
		for i := range text {
			text[i] = alphabet[rng.Intn(len(alphabet))]
		}
		f := newTokFilter(text)
		for range 300 {
			var name string
			if rng.Intn(2) == 0 {
				a := rng.Intn(len(text))
				name = string(text[a:min(len(text), a+1+rng.Intn(8))])
			} else {
				b := make([]byte, 1+rng.Intn(6))
				for i := range b {
					b[i] = alphabet[rng.Intn(len(alphabet))]
				}
				name = string(b)
			}
			in := occurs(text, name)
			if in && !f.mayHold(name) {
				t.Fatalf("filter rules out %q, which the text holds:\n%s", name, text)
			}
			if in {
				held++
			} else if !f.mayHold(name) {
				ruled++
			}
		}
	}
	if held == 0 || ruled == 0 {
		t.Fatalf("degenerate test: %d names held, %d ruled out", held, ruled)
	}
}

// TestTokFilterSameFacts checks that a long text's name facts are the
// same with the filter as with a search of every name.
func TestTokFilterSameFacts(t *testing.T) {
	text := bundle(tokFilterMin*2, "3f1c2b7a-9d4e-4c1b-8a2f-6e5d4c3b2a19")
	text = append(text, []byte("\nAPI_KEY = K\n$key = 'x'\nheaders = {'x-api-key': API_KEY}\nfunction e(n){}\n")...)
	names := []string{"u", "task", "headers", "API_KEY", "key", "$key", "fetch", "e", "function", "nope", "t1", "3f1c2b7a", "9d4e"}
	with, without := &nameFacts{names: map[string]*nameInfo{}}, &nameFacts{names: map[string]*nameInfo{}}
	for _, n := range names {
		a := with.name(text, n)
		without.searches = 0 // below tokFilterAfter: never filtered
		b := without.name(text, n)
		if a == nil || b == nil || !equalInts(a.binds, b.binds) || !equalInts(a.uses, b.uses) {
			t.Errorf("name %q: with filter %+v, without %+v", n, a, b)
		}
	}
	if with.filter == nil || without.filter != nil {
		t.Fatalf("filter built: with %v, without %v", with.filter != nil, without.filter != nil)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
