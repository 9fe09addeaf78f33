package scanner_test

import (
	"testing"

	"github.com/cambscan/cambscan/scanner"
)

func TestExcluded(t *testing.T) {
	for _, c := range []struct {
		path, glob string
		want       bool
	}{
		{"a/b/c.go", "*.go", true},
		{"a/b/c.go", "b", true},
		{"a/b/c.go", "a/b", true},
		{"a/b/c.go", "b/**", true},
		{"a/b/c.go", "a/c.go", false},
		{"a/bb/c.go", "b", false},
		{"testdata/x/y", "testdata/**", true},
	} {
		if got := scanner.Excluded(c.path, []string{c.glob}); got != c.want {
			t.Errorf("Excluded(%q, %q) = %v", c.path, c.glob, got)
		}
	}
	if scanner.CheckGlob("[") == nil {
		t.Error("CheckGlob accepted a bad pattern")
	}
}
