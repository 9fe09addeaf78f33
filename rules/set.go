package rules

import (
	"bytes"
	"regexp"
	"unicode/utf8"
)

// TEMPORARY minimal implementation; the detection work replaces this file.

// A Set is the compiled rule set. It is safe for concurrent use.
type Set struct{ re *regexp.Regexp }

// New compiles the rule set.
func New() *Set {
	return &Set{re: regexp.MustCompile(`(?i)x-api-key["']?\s*[:=,]\s*["']?([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})`)}
}

// Match returns the keys in text, in order of position.
func (s *Set) Match(text []byte) []Match {
	var ms []Match
	for _, loc := range s.re.FindAllSubmatchIndex(text, -1) {
		ms = append(ms, Match{RuleID: IDHeader, Context: "header", Confidence: Medium, Start: loc[2], End: loc[3]})
	}
	return ms
}

// All returns the rules in a stable order.
func All() []Rule { return nil }

// Text turns raw file bytes into UTF-8 text for Match. It strips a UTF-8
// BOM, decodes UTF-16 with a BOM, and returns a non-empty skip reason
// ("binary", ...) when data is not text.
func Text(data []byte) (text []byte, skip string) {
	head := data
	if len(head) > 8000 {
		head = head[:8000]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return nil, "binary"
	}
	return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), ""
}

// Position returns the 1-based line and column (in code points) of off.
func Position(text []byte, off int) (line, col int) {
	start := bytes.LastIndexByte(text[:off], '\n') + 1
	return bytes.Count(text[:off], []byte{'\n'}) + 1, utf8.RuneCount(text[start:off]) + 1
}
