package main

import (
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// scanWithRulesVersion is cacheScan with the rules version of the seen
// store set to version, as a build with another rules.Version has it.
func scanWithRulesVersion(t *testing.T, cache, version string, urls ...string) *cacheRun {
	t.Helper()
	var stdout, stderr bytes.Buffer
	var f scanFlags
	fs := newFlagSet("git", io.Discard, &f)
	if err := fs.Parse(append([]string{"--cache-dir", cache, "--format", "json", "--progress", "never", "--fail-on", "none"}, urls...)); err != nil {
		t.Fatal(err)
	}
	cfg, err := f.config("git", fs.Args(), envOf(), &stderr)
	if err != nil {
		t.Fatal(err)
	}
	cfg.rulesVersion = version
	if err := execute(t.Context(), cfg, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	var r cacheRun
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("report: %v\n%s", err, stdout.String())
	}
	return &r
}

// TestCacheRulesVersionBump: the blobs scanned clean under one rules
// version are read again, all of them, under the next; the findings keep
// their first_seen (the record is per repository, not per version).
func TestCacheRulesVersionBump(t *testing.T) {
	fl := newFleet(t)
	key := fakekey.New("bump " + t.Name())
	a := fl.repo("a", "one.txt", "two.txt")
	fl.commit("a", "k.env", "CAMB_API_KEY="+key+"\n")
	b := fl.repo("b", "three.txt")
	cache := t.TempDir()

	first := scanWithRulesVersion(t, cache, "", a, b)
	if first.Stats.Files != 4 || len(first.Findings) != 1 {
		t.Fatalf("first run: %d blobs, %d findings; want 4 and 1", first.Stats.Files, len(first.Findings))
	}
	if again := scanWithRulesVersion(t, cache, "", a, b); again.Stats.Files != 1 {
		t.Fatalf("same version: read %d blobs, want 1 (the key's)", again.Stats.Files)
	}
	bumped := scanWithRulesVersion(t, cache, "test-bump", a, b)
	if bumped.Stats.Files != 4 {
		t.Errorf("new rules version: read %d blobs, want all 4", bumped.Stats.Files)
	}
	if len(bumped.Findings) != 1 || bumped.Findings[0].FirstSeen != first.Findings[0].FirstSeen {
		t.Errorf("new rules version: findings %+v, want the key with first_seen %s", bumped.Findings, first.Findings[0].FirstSeen)
	}
	if again := scanWithRulesVersion(t, cache, "test-bump", a, b); again.Stats.Files != 1 {
		t.Errorf("bumped version, second run: read %d blobs, want 1", again.Stats.Files)
	}
	stores, _ := filepath.Glob(filepath.Join(cache, "blobs", "rules-*"))
	var names []string
	for _, s := range stores {
		names = append(names, filepath.Base(s))
	}
	if len(names) != 2 || !strings.Contains(strings.Join(names, " "), "rules-test-bump") {
		t.Errorf("seen stores %v, want the current version's and rules-test-bump", names)
	}
}
