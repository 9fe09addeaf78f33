package rules

import (
	"bytes"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// wordsRef is words as it was written before wordIter: the reference the
// iterator must agree with.
func wordsRef(name []byte) []string {
	var ws []string
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			ws = append(ws, strings.ToLower(string(name[start:end])))
		}
		start = -1
	}
	for i, c := range name {
		if !isLetter(c) && !isDigit(c) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := name[i-1]
		switch {
		case isUpper(c) && (isLower(prev) || isDigit(prev)):
			flush(i)
			start = i
		case isLower(c) && isUpper(prev) && i-1 > start && isUpper(name[i-2]):
			flush(i - 1)
			start = i - 1
		}
	}
	flush(len(name))
	return ws
}

// lastCompRef is lastComp without its fast path.
func lastCompRef(name []byte) []byte {
	for _, sep := range []string{".", "::", "->", "/", ":"} {
		if i := bytes.LastIndex(name, []byte(sep)); i >= 0 && i+len(sep) < len(name) {
			name = name[i+len(sep):]
		}
	}
	return bytes.TrimLeft(name, "$@-")
}

// TestWordsAndLastCompAgree checks the allocation-free word iterator and
// lastComp's fast path against the plain implementations on fixed and
// random names built from the bytes that matter to them.
func TestWordsAndLastCompAgree(t *testing.T) {
	names := []string{"", "-", "$", "VITE_CAMB_API_KEY", "CambAIClient", "cambApiKey", "ABCDef", "aB1Cd",
		"x-api-key", "self.api_key", "$this->key", "String::from", "a/b:c", "--", "@$-x",
		"camb" + strings.Repeat("ai", 40), strings.Repeat("Ab", 30) + "KEY"}
	rng := rand.New(rand.NewSource(1))
	const alphabet = "aAbBcCzZkKyY019_-.$@:/>  \t"
	for range 20000 {
		b := make([]byte, rng.Intn(48))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		names = append(names, string(b))
	}
	for _, n := range names {
		if got, want := words([]byte(n)), wordsRef([]byte(n)); !reflect.DeepEqual(got, want) {
			t.Fatalf("words(%q) = %q, want %q", n, got, want)
		}
		got, want := lastComp([]byte(n)), lastCompRef([]byte(n))
		if !bytes.Equal(got, want) || (got == nil) != (want == nil) {
			t.Fatalf("lastComp(%q) = %q, want %q", n, got, want)
		}
	}
}
