package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestFlagBounds: out-of-range numbers are usage errors (exit 2), never
// silently replaced by a default.
func TestFlagBounds(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string // a substring of the message; "" means accepted
	}{
		{[]string{"scan", "-j", "0", dir}, "--jobs must be between 1 and 256"},
		{[]string{"scan", "-j", "-3", dir}, "--jobs must be between 1 and 256"},
		{[]string{"scan", "-j", "257", dir}, "--jobs must be between 1 and 256"},
		{[]string{"git", "--jobs", "1000000", dir}, "--jobs must be between 1 and 256"},
		{[]string{"scan", "-j", "256", dir}, ""},
		{[]string{"scan", "--verify-timeout", "-1s", dir}, "--verify-timeout must be positive"},
		{[]string{"scan", "--verify-timeout", "0s", dir}, "--verify-timeout must be positive"},
		{[]string{"git", "--verify-timeout", "-5ms", dir}, "--verify-timeout must be positive"},
		{[]string{"scan", "--verify-timeout", "3s", dir}, ""},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), tt.args, nil, &stdout, &stderr, func(string) string { return "" })
		code := exitCodeOf(err)
		if tt.want == "" {
			if code == 2 {
				t.Errorf("%q: exit 2 (%v), want accepted", tt.args, err)
			}
			continue
		}
		if code != 2 || err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: exit %d, err %v; want exit 2 with %q", tt.args, code, err, tt.want)
		}
	}
}
