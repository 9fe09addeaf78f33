package main

import (
	"math"
	"testing"
)

func TestMemoryLimit(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	none := env(nil)
	for _, c := range []struct {
		args []string
		want int64
	}{
		{[]string{"git", "."}, 192<<20 + 80<<20},
		{[]string{"scan", "--max-file-size", "1MiB", "."}, 192<<20 + 8<<20},
		{[]string{"scan", "--max-file-size=100MiB", "."}, 192<<20 + 800<<20},
		{[]string{"scan", "-max-file-size=2KiB", "."}, 192<<20 + 16<<10},
		{[]string{"scan", "--max-file-size=bogus", "."}, 192<<20 + 80<<20},
		{[]string{"scan", "--", "--max-file-size=1KiB"}, 192<<20 + 80<<20},
		{[]string{"scan", "--max-file-size"}, 192<<20 + 80<<20},
		{[]string{"scan", "--max-file-size=8000000000GiB"}, math.MaxInt64},
	} {
		if got := memoryLimit(c.args, none); got != c.want {
			t.Errorf("memoryLimit(%q) = %d, want %d", c.args, got, c.want)
		}
	}
	if got := memoryLimit([]string{"git", "."}, env(map[string]string{"GOMEMLIMIT": "1GiB"})); got != -1 {
		t.Errorf("with GOMEMLIMIT set: %d, want -1 (the runtime's)", got)
	}
}
