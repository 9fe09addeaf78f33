package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// A run whose options keep some archive members from being read (an
// --exclude that names them, a --max-file-size below their size) must not
// mark the archive's blob scanned clean for later runs without those
// options: the seen store is per set of such options.
func TestCacheSeenPerMemberOptions(t *testing.T) {
	for _, tc := range []struct {
		name  string
		first []string
	}{
		{"exclude", []string{"--exclude", "*.env"}},
		{"max-file-size", []string{"--max-file-size", "2KiB"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fl := newFleet(t)
			key := fakekey.New("seen options " + t.Name())
			a := fl.repo("a", "readme.txt")
			// 8 KiB of padding: the member is over 2 KiB, the zip is not.
			member := strings.Repeat("#\n", 4<<10) + "CAMB_API_KEY=" + key + "\n"
			dir := filepath.Join(fl.root, "a")
			if err := os.WriteFile(filepath.Join(dir, "bundle.zip"), zipOf(t, "secret.env", member), 0o644); err != nil {
				t.Fatal(err)
			}
			hookGit(t, dir, "add", "bundle.zip")
			hookGit(t, dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "bundle")
			cache := t.TempDir()
			if r := cacheScan(t, cache, tc.first, a); len(r.Findings) != 0 {
				t.Fatalf("first run (%v) found %d findings, want 0 (the member is not read)", tc.first, len(r.Findings))
			}
			r := cacheScan(t, cache, nil, a)
			if len(r.Findings) != 1 || !strings.Contains(r.Findings[0].Path, "secret.env") {
				t.Errorf("second run without %v found %+v, want the key in bundle.zip!secret.env", tc.first, r.Findings)
			}
		})
	}
}
