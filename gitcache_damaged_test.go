package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCacheDamagedSegmentWarned: a damaged seen segment (cut short, or ids
// out of order) is not trusted, and the run says so once, naming it; the
// scan goes on (its blobs are read again, so nothing is missed).
func TestCacheDamagedSegmentWarned(t *testing.T) {
	fl := newFleet(t)
	a := fl.repo("a", "one.txt", "two.txt")
	cache := t.TempDir()
	cacheScan(t, cache, nil, a)
	stores, err := filepath.Glob(filepath.Join(cache, "blobs", "rules-*"))
	if err != nil || len(stores) != 1 {
		t.Fatalf("seen stores %v, %v", stores, err)
	}
	short := filepath.Join(stores[0], "seg-cutshort.ids")
	unsorted := filepath.Join(stores[0], "seg-unsorted.ids")
	if err := os.WriteFile(short, make([]byte, 27), 0o600); err != nil {
		t.Fatal(err)
	}
	desc := append(bytes.Repeat([]byte{2}, 20), bytes.Repeat([]byte{1}, 20)...)
	if err := os.WriteFile(unsorted, desc, 0o600); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr bytes.Buffer
	args := []string{"git", "--cache-dir", cache, "--format", "json", "--progress", "never", a}
	if code := exitCodeOf(run(t.Context(), args, strings.NewReader(""), &stdout, &stderr, envOf())); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var r cacheRun
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Stats.Files != 0 {
		t.Errorf("read %d blobs, want 0 (the good segment still holds them)", r.Stats.Files)
	}
	for _, p := range []string{short, unsorted} {
		if n := strings.Count(stderr.String(), p); n != 1 {
			t.Errorf("stderr names %s %d times, want once:\n%s", p, n, stderr.String())
		}
		found := 0
		for _, w := range r.Warnings {
			if strings.Contains(w, p) {
				found++
			}
		}
		if found != 1 {
			t.Errorf("report warnings name %s %d times, want once: %q", p, found, r.Warnings)
		}
	}
	if !strings.Contains(stderr.String(), "cambscan: warning: ") {
		t.Errorf("no warning line: %q", stderr.String())
	}
}
