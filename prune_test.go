package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/scanner"
)

// prune drops the baseline fingerprints that match no finding any more and
// rewrites the file sorted, in the --write-baseline format; it lists the
// config's stale allow entries without rewriting the config; --dry-run
// changes nothing.
func TestBaselinePrune(t *testing.T) {
	dir := configRepo(t, map[string]string{
		"a.py": keyFile("prune-a"),
		"b.py": keyFile("prune-b"),
		"c.py": keyFile("prune-c"),
	})
	fps := fingerprints(t, dir)
	if _, _, code := runMsg(t, dir, "scan", ".", "--no-config", "--write-baseline", "base.json", "-q"); code != 1 {
		t.Fatalf("write-baseline: exit %d", code)
	}
	config := "allow:\n  - fingerprint: " + fps["c.py"] + "\n    reason: fixture c\n  - fingerprint: " + fps["b.py"] + "\n    reason: fixture b\n"
	writeFiles(t, dir, map[string]string{configName: config})
	// b.py's key is taken out; a.py and c.py keep theirs.
	writeFiles(t, dir, map[string]string{"b.py": "headers = {}\n"})

	before, _ := os.ReadFile(filepath.Join(dir, "base.json"))
	stdout, stderr, code := runMsg(t, dir, "baseline", "prune", "--baseline", "base.json", "--dry-run")
	if code != 0 || !strings.Contains(stdout, "base.json: would drop 1 of 3 fingerprints") || !strings.Contains(stdout, fps["b.py"]) {
		t.Fatalf("--dry-run: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "base.json")); string(after) != string(before) {
		t.Fatalf("--dry-run changed the baseline")
	}

	stdout, stderr, code = runMsg(t, dir, "baseline", "prune", "--baseline", "base.json")
	if code != 0 {
		t.Fatalf("prune: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	for _, want := range []string{
		"base.json: dropped 1 of 3 fingerprints that match no finding:\n  " + fps["b.py"] + "\n",
		".cambscan.yaml: 1 of 2 allow entries match no finding; remove them by hand (the config is not rewritten):\n  .cambscan.yaml:4: " + fps["b.py"] + " (fixture b)\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout %q does not hold %q", stdout, want)
		}
	}
	b, err := readBaseline(filepath.Join(dir, "base.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 2 || !b.has(fps["a.py"]) || !b.has(fps["c.py"]) || b.has(fps["b.py"]) {
		t.Errorf("pruned baseline holds %d fingerprints, want a.py's and c.py's", len(b))
	}
	// Byte for byte what --write-baseline writes for the findings left
	// (c.py's is allowed by the config, which --write-baseline ignores: it
	// writes the fingerprints of what the scan reports).
	want := filepath.Join(t.TempDir(), "want.json")
	writeFiles(t, dir, map[string]string{configName: ""})
	runMsg(t, dir, "scan", ".", "--write-baseline", want, "-q")
	got, _ := os.ReadFile(filepath.Join(dir, "base.json"))
	if w, _ := os.ReadFile(want); string(got) != string(w) {
		t.Errorf("pruned baseline:\n%s\nwant, as --write-baseline writes it:\n%s", got, w)
	}
	if cfg, _ := os.ReadFile(filepath.Join(dir, configName)); string(cfg) != "" {
		t.Errorf("prune rewrote the config")
	}
	// Nothing left to drop: the file is unchanged.
	stdout, _, code = runMsg(t, dir, "baseline", "prune", "--baseline", "base.json")
	if code != 0 || !strings.Contains(stdout, "every fingerprint (2) matches a finding; unchanged") {
		t.Errorf("second prune: exit %d, stdout %q", code, stdout)
	}
}

// A key deleted from the files is still in the history: prune --git
// keeps its fingerprint, a prune of the files alone drops it.
func TestBaselinePruneGit(t *testing.T) {
	dir := hookTestRepo(t)
	writeFiles(t, dir, map[string]string{"a.py": keyFile("prune-git")})
	hookGit(t, dir, "add", "a.py")
	hookGit(t, dir, "commit", "-q", "-m", "key")
	if _, _, code := runMsg(t, dir, "git", ".", "--write-baseline", "base.json", "-q"); code != 1 {
		t.Fatalf("git --write-baseline: exit %d", code)
	}
	hookGit(t, dir, "rm", "-q", "a.py")
	hookGit(t, dir, "commit", "-q", "-m", "rm")
	stdout, stderr, code := runMsg(t, dir, "baseline", "prune", "--git", "--baseline", "base.json")
	if code != 0 || !strings.Contains(stdout, "every fingerprint (1) matches a finding; unchanged") {
		t.Errorf("prune --git: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	stdout, _, code = runMsg(t, dir, "baseline", "prune", "--baseline", "base.json", "--dry-run")
	if code != 0 || !strings.Contains(stdout, "would drop 1 of 1") {
		t.Errorf("prune of the files: exit %d, stdout %q", code, stdout)
	}
}

// prune refuses to run without anything to prune, and drops nothing from
// a scan that could not read what may hold a baselined key.
func TestBaselinePruneRefuses(t *testing.T) {
	dir := configRepo(t, map[string]string{"a.py": keyFile("prune-refuse")})
	runMsg(t, dir, "scan", ".", "--write-baseline", "base.json", "-q")
	before, _ := os.ReadFile(filepath.Join(dir, "base.json"))
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"baseline"}, 2, `unknown subcommand ""`},
		{[]string{"baseline", "drop"}, 2, `unknown subcommand "drop"`},
		{[]string{"baseline", "prune"}, 2, "nothing to prune"},
		{[]string{"baseline", "prune", "--baseline", "base.json", "--bogus"}, 2, "unknown flag: --bogus"},
		{[]string{"baseline", "prune", "--baseline", "base.json", "missing-dir"}, 2, "nothing was pruned"},
		{[]string{"baseline", "prune", "--baseline", "a.py"}, 2, "not a cambscan baseline"},
	} {
		_, stderr, code := runMsg(t, dir, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "base.json")); string(after) != string(before) {
		t.Errorf("a refused prune changed the baseline")
	}
	stdout, _, code := runMsg(t, dir, "baseline", "prune", "--help")
	if code != 0 || !strings.Contains(stdout, "Usage: cambscan baseline prune") || !strings.Contains(stdout, "--dry-run") {
		t.Errorf("--help: exit %d, stdout %q", code, stdout)
	}
}

// uncertainSkips counts what could not be read, not what was decided.
func TestUncertainSkips(t *testing.T) {
	res := &scanner.Result{Skipped: []scanner.Skip{
		{Class: scanner.SkipBinary}, {Class: scanner.SkipTooLarge}, {Class: scanner.SkipSymlink},
		{Class: scanner.SkipUnreadable}, {Class: scanner.SkipCorrupt}, {Class: scanner.SkipMissing},
	}}
	if n := uncertainSkips(res); n != 3 {
		t.Errorf("uncertainSkips = %d, want 3 (unreadable, corrupt, missing)", n)
	}
}
