package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// cache prune removes only what the cache made: mirrors and records named
// as cache.Name names them, never another entry of the directory, and a
// symbolic link is never a mirror (nor followed).
func TestCachePruneOnlyMirrors(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	fl := newFleet(t)
	a, b := fl.repo("a", "x.txt"), fl.repo("b", "y.txt")
	cache := t.TempDir()
	cacheScan(t, cache, nil, a, b)
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "keep.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	const hash = "0123456789abcdef0123456789abcdef" // as long as a name's hash
	strangers := []string{
		"mirrors/notes.git",              // a directory a person put there
		"mirrors/link-" + hash + ".git",  // a symbolic link named as a mirror
		"records/link-" + hash + ".json", // and as a record
		"records/README.json",            // a file not named as a record
		"mirrors/plain-" + hash + ".git", // a file named as a mirror
	}
	for _, s := range strangers {
		p := filepath.Join(cache, filepath.FromSlash(s))
		var err error
		switch {
		case strings.Contains(s, "link-"):
			err = os.Symlink(outside, p)
		case strings.Contains(s, "notes"):
			err = os.Mkdir(p, 0o700)
		default:
			err = os.WriteFile(p, []byte("{}"), 0o600)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"cache", "prune", "--cache-dir", cache, a}, strings.NewReader(""), &stdout, &stderr, envOf())
	if code := exitCodeOf(err); code != 0 {
		t.Fatalf("cache prune: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "_b-") {
		t.Errorf("prune did not remove b's mirror: %q", stdout.String())
	}
	for _, s := range strangers {
		if _, err := os.Lstat(filepath.Join(cache, filepath.FromSlash(s))); err != nil {
			t.Errorf("prune removed %s, which the cache did not make: %v", s, err)
		}
	}
	if _, err := os.Stat(filepath.Join(outside, "keep.txt")); err != nil {
		t.Errorf("prune reached outside the cache: %v", err)
	}
}
