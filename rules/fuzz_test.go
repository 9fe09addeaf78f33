package rules

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// junk is an unrelated prefix for the shift check: comment lines with no
// brackets, quotes, anchors or "api", so nothing in it can change what a
// key after it is bound to.
const junk = "\n# lorem ipsum dolor sit amet ;\n"

// FuzzMatch checks that Match never panics, returns ordered in-bounds
// spans that are UUIDv4s, and returns the same matches, shifted, when an
// unrelated prefix is added.
func FuzzMatch(f *testing.F) {
	for i, r := range All() {
		for j, ex := range append(r.Examples, r.NonExamples...) {
			f.Add([]byte(fill(ex, fakekey.New(fmt.Sprintf("fuzz-%d-%d", i, j)))))
		}
	}
	k := fakekey.New("fuzz")
	for _, s := range []string{
		"", "-4", k, "\"" + k + "\"", "x-api-key:" + k, "x-api-key: " + k + k,
		"camb:\n  api_key: " + k + "\n  key: " + k,
		"{\"key\": \"x-api-key\", \"value\": \"" + k + "\"}",
		"\\\"x-api-key\\\": \\\"" + k + "\\\"",
		"CambAI(\n(((api_key=\"" + k + "\"",
		"a\\", "\"\\", "[camb]\n" + k, "- " + k, "||" + k, "or " + k,
	} {
		f.Add([]byte(s))
	}
	set := New()
	f.Fuzz(func(t *testing.T, data []byte) {
		ms := set.Match(data)
		prev := 0
		for _, m := range ms {
			if m.Encoding == EncBase64 {
				if m.Start < prev || m.End-m.Start < 48 || m.End-m.Start > 256 || m.End > len(data) {
					t.Fatalf("bad base64 span [%d,%d) after %d in %d bytes", m.Start, m.End, prev, len(data))
				}
				if key := m.Key(data); len(key) != keyLen || !isKeyAt([]byte(key), 0) {
					t.Fatalf("base64 match %q decodes to %q, not a UUIDv4 key", data[m.Start:m.End], key)
				}
			} else {
				if m.Start < prev || m.End-m.Start != keyLen || m.End > len(data) || m.Key(data) != string(data[m.Start:m.End]) {
					t.Fatalf("bad span [%d,%d) after %d in %d bytes", m.Start, m.End, prev, len(data))
				}
				if !uuidRE.Match(data[m.Start:m.End]) || !isKeyAt(data, m.Start) && !escapedKeyAt(data, m.Start) {
					t.Fatalf("match %q is not a UUIDv4 key", data[m.Start:m.End])
				}
			}
			if m.RuleID == "" || m.Context == "" || (m.Confidence != High && m.Confidence != Medium) {
				t.Fatalf("incomplete match %+v", m)
			}
			prev = m.End
		}
		shifted := set.Match(append([]byte(junk), data...))
		if len(shifted) != len(ms) {
			t.Fatalf("%d matches with a prefix, %d without\n%q", len(shifted), len(ms), data)
		}
		for i, m := range ms {
			m.Start += len(junk)
			m.End += len(junk)
			if shifted[i] != m {
				t.Fatalf("match %d: %+v with a prefix, %+v without\n%q", i, shifted[i], ms[i], data)
			}
		}
		text, skip := Text(data)
		if Binary(data[:min(len(data), SniffLen)]) != (skip == "binary") {
			t.Fatalf("Binary of the first %d bytes disagrees with Text's %q", SniffLen, skip)
		}
		if skip == "" && !bytes.Equal(text, data) {
			set.Match(text) // decoded text must not panic either
		}
	})
}
