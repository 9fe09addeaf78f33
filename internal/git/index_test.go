package git

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestParseIndexErrors(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.txt", "a\n")
	r.git("add", "a.txt")
	good, err := os.ReadFile(filepath.Join(r.dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	idx, err := ParseIndex(good)
	if err != nil || idx.Len() != 1 || string(idx.Name(0)) != "a.txt" {
		t.Fatalf("good index: %v", err)
	}
	many := slices.Clone(good)
	many[11] = 200 // entry count
	for name, data := range map[string][]byte{
		"count":     many,
		"truncated": good[:30],
		"header":    append([]byte("XXXX"), good[4:]...),
	} {
		if _, err := ParseIndex(data); !errors.Is(err, ErrBadIndex) {
			t.Errorf("%s: err = %v, want ErrBadIndex", name, err)
		}
	}
}
