package main

import (
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/cache"
	"github.com/cambscan/cambscan/internal/fakekey"
)

// countedRun is one run of `cambscan git --cache-dir` with its raw JSON
// report, exit code and the counts of repositories walked and skipped.
type countedRun struct {
	raw               []byte
	report            cacheRun
	code              int
	walked, unchanged int64
}

// countedScan runs `cambscan git --cache-dir cache` with the rules
// version (as scanWithRulesVersion) and extra flags over urls.
func countedScan(t *testing.T, cache, version string, extra []string, urls ...string) *countedRun {
	t.Helper()
	var stdout, stderr bytes.Buffer
	var f scanFlags
	fs := newFlagSet("git", io.Discard, &f)
	args := append([]string{"--cache-dir", cache, "--format", "json", "--progress", "never", "--clone-jobs", "2"}, extra...)
	if err := fs.Parse(append(args, urls...)); err != nil {
		t.Fatal(err)
	}
	cfg, err := f.config("git", fs.Args(), envOf(), &stderr)
	if err != nil {
		t.Fatal(err)
	}
	cfg.rulesVersion = version
	err = execute(t.Context(), cfg, &stdout, &stderr)
	r := &countedRun{raw: stdout.Bytes(), code: exitCodeOf(err)}
	if r.code > 1 {
		t.Fatalf("exit %d: %v\n%s", r.code, err, stderr.String())
	}
	if err := json.Unmarshal(r.raw, &r.report); err != nil {
		t.Fatalf("report: %v\n%s", err, r.raw)
	}
	r.walked, r.unchanged = cfg.gitCache.walked.Load(), cfg.gitCache.unchanged.Load()
	return r
}

// normalJSON is a JSON report without what differs between two runs of
// the same scan: the duration and each finding's last_seen.
func normalJSON(t *testing.T, raw []byte) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	delete(m["stats"].(map[string]any), "duration_ms")
	fs, _ := m["findings"].([]any)
	for _, f := range fs {
		delete(f.(map[string]any), "last_seen")
	}
	b, _ := json.MarshalIndent(m, "", " ")
	return string(b)
}

// forgetRefs clears the refs digest of every record of the cache: the
// next run walks every repository, as before the shortcut existed.
func forgetRefs(t *testing.T, dir string, targets ...string) {
	t.Helper()
	c, err := cache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range targets {
		r := c.ReadRecord(tg)
		if r.Refs == "" {
			t.Fatalf("record of %s has no refs digest", tg)
		}
		r.Refs = ""
		if err := c.WriteRecord(tg, r); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCacheUnchangedSkipsWalk: a repository whose refs did not move is not
// walked, and its report (findings with their commits, an archive
// member's, a blob over the size cap, exit code) is the one a walk of
// the same cache gives; refs that moved, a force-push and a new rules
// version walk again.
func TestCacheUnchangedSkipsWalk(t *testing.T) {
	fl := newFleet(t)
	key := fakekey.New("unchanged " + t.Name())
	other := fakekey.New("unchanged other " + t.Name())
	a := fl.repo("a", "readme.txt", "main.go")
	fl.commit("a", "config.env", "CAMB_API_KEY="+key+"\n")
	fl.commit("a", "copy.env", "CAMB_API_KEY="+key+"\n") // same blob, second path
	fl.commit("a", "bundle.zip", string(zipOf(t, "deploy/.env", "CAMB_API_KEY="+other+"\n")))
	fl.commit("a", "big.txt", strings.Repeat("x", 5000)+"\n")
	b := fl.repo("b", "one.txt", "two.txt")
	hookGit(t, fl.root, "clone", "-q", filepath.Join(fl.root, "a"), filepath.Join(fl.root, "fork"))
	fl.commit("fork", "fork.txt", "only in the fork\n")
	fork := "file://" + filepath.ToSlash(filepath.Join(fl.root, "fork"))
	urls := []string{a, b, fork}
	dir := t.TempDir()
	flags := []string{"--max-file-size", "4KiB"}

	first := countedScan(t, dir, "", flags, urls...)
	if first.walked != 3 || first.unchanged != 0 {
		t.Fatalf("first run: walked %d, unchanged %d; want 3 and 0", first.walked, first.unchanged)
	}
	wantWhere := "a:bundle.zip!deploy/.env a:config.env a:copy.env fork:bundle.zip!deploy/.env fork:config.env fork:copy.env"
	if got := strings.Join(first.report.where(), " "); got != wantWhere {
		t.Fatalf("first run found %s, want %s", got, wantWhere)
	}

	// Nothing changed: no repository is walked.
	second := countedScan(t, dir, "", flags, urls...)
	if second.walked != 0 || second.unchanged != 3 {
		t.Fatalf("unchanged fleet: walked %d, unchanged %d; want 0 and 3", second.walked, second.unchanged)
	}
	// The same cache walked: the report must be the same.
	forgetRefs(t, dir, urls...)
	walked := countedScan(t, dir, "", flags, urls...)
	if walked.walked != 3 {
		t.Fatalf("records without refs digest: walked %d, want 3", walked.walked)
	}
	if got, want := normalJSON(t, second.raw), normalJSON(t, walked.raw); got != want {
		t.Errorf("unchanged run's report differs from a walk's:\n--- unchanged\n%s\n--- walk\n%s", got, want)
	}
	if second.code != walked.code || second.code != 1 {
		t.Errorf("exit codes: unchanged %d, walk %d; want 1 (findings)", second.code, walked.code)
	}
	if !strings.Contains(string(second.raw), "larger than --max-file-size") {
		t.Errorf("unchanged run lost the skip of the blob over the cap:\n%s", second.raw)
	}
	for i, f := range second.report.Findings {
		if f.FirstSeen != first.report.Findings[i].FirstSeen {
			t.Errorf("first_seen moved: %s then %s", first.report.Findings[i].FirstSeen, f.FirstSeen)
		}
	}

	// Refs moved in b: only b is walked.
	fl.commit("b", "three.txt", "CAMB_API_KEY="+other+"\n")
	moved := countedScan(t, dir, "", flags, urls...)
	if moved.walked != 1 || moved.unchanged != 2 {
		t.Errorf("after a commit in b: walked %d, unchanged %d; want 1 and 2", moved.walked, moved.unchanged)
	}
	if got := strings.Join(moved.report.where(), " "); !strings.Contains(got, "b:three.txt") {
		t.Errorf("after a commit in b found %s, want b:three.txt among them", got)
	}

	// A force-push drops the commits of a's keys: a is walked and its
	// findings go; the run after skips a and still reports none there.
	hookGit(t, filepath.Join(fl.root, "a"), "reset", "-q", "--hard", "HEAD~4")
	pushed := countedScan(t, dir, "", flags, urls...)
	if pushed.walked != 1 || pushed.unchanged != 2 {
		t.Errorf("after the force-push: walked %d, unchanged %d; want 1 and 2", pushed.walked, pushed.unchanged)
	}
	wantWhere = "b:three.txt fork:bundle.zip!deploy/.env fork:config.env fork:copy.env"
	if got := strings.Join(pushed.report.where(), " "); got != wantWhere {
		t.Errorf("after the force-push found %s, want %s", got, wantWhere)
	}
	after := countedScan(t, dir, "", flags, urls...)
	if after.walked != 0 || strings.Join(after.report.where(), " ") != wantWhere {
		t.Errorf("run after the force-push: walked %d, found %v; want 0 and %s", after.walked, after.report.where(), wantWhere)
	}

	// A new rules version walks every repository.
	bumped := countedScan(t, dir, "test-bump", flags, urls...)
	if bumped.walked != 3 || bumped.unchanged != 0 {
		t.Errorf("new rules version: walked %d, unchanged %d; want 3 and 0", bumped.walked, bumped.unchanged)
	}
	// So does another size cap (it decides which blobs are read).
	if capped := countedScan(t, dir, "test-bump", nil, urls...); capped.walked != 3 {
		t.Errorf("another --max-file-size: walked %d, want 3", capped.walked)
	}
}

// TestCacheUnchangedBlobGone: a record that names a blob the mirror no
// longer holds makes the repository walked, with the same findings.
func TestCacheUnchangedBlobGone(t *testing.T) {
	fl := newFleet(t)
	key := fakekey.New("gone " + t.Name())
	a := fl.repo("a", "readme.txt")
	fl.commit("a", "config.env", "CAMB_API_KEY="+key+"\n")
	dir := t.TempDir()
	first := countedScan(t, dir, "", nil, a)

	c, err := cache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := c.ReadRecord(a)
	r.Blobs = append(r.Blobs, strings.Repeat("ab", 20))
	if err := c.WriteRecord(a, r); err != nil {
		t.Fatal(err)
	}
	again := countedScan(t, dir, "", nil, a)
	if again.walked != 1 || again.unchanged != 0 {
		t.Errorf("record naming a missing blob: walked %d, unchanged %d; want 1 and 0", again.walked, again.unchanged)
	}
	if got, want := strings.Join(again.report.where(), " "), strings.Join(first.report.where(), " "); got != want {
		t.Errorf("found %s, want %s", got, want)
	}
	if third := countedScan(t, dir, "", nil, a); third.unchanged != 1 {
		t.Errorf("the walk's record: unchanged %d, want 1", third.unchanged)
	}
}

// TestCacheUnchangedTamperedRecord: a record whose finding its blob does
// not hold fails the repository (exit 2, not a silent clean), and the run
// after walks it.
func TestCacheUnchangedTamperedRecord(t *testing.T) {
	fl := newFleet(t)
	key := fakekey.New("tampered " + t.Name())
	a := fl.repo("a", "readme.txt")
	fl.commit("a", "config.env", "CAMB_API_KEY="+key+"\n")
	dir := t.TempDir()
	first := countedScan(t, dir, "", nil, a)
	if len(first.report.Findings) != 1 {
		t.Fatalf("first run: %d findings, want 1", len(first.report.Findings))
	}
	c, err := cache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := c.ReadRecord(a)
	for _, e := range r.Findings {
		e.SecretSHA256 = strings.Repeat("0", 64)
	}
	if err := c.WriteRecord(a, r); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	err = run(t.Context(), []string{"git", "--cache-dir", dir, "--format", "json", "--progress", "never", a}, strings.NewReader(""), &stdout, &stderr, envOf())
	if code := exitCodeOf(err); code != 2 {
		t.Errorf("tampered record: exit %d, want 2\n%s", code, stderr.String())
	}
	if strings.Contains(stdout.String()+stderr.String(), key) {
		t.Error("the key was printed")
	}
	again := countedScan(t, dir, "", nil, a)
	if again.walked != 1 || len(again.report.Findings) != 1 {
		t.Errorf("run after the failure: walked %d, %d findings; want 1 and 1", again.walked, len(again.report.Findings))
	}
	if !reflect.DeepEqual(again.report.where(), first.report.where()) {
		t.Errorf("found %v, want %v", again.report.where(), first.report.where())
	}
}

// TestCacheUnchangedRecordBlobsClean: a record whose blobs match nothing
// (it names a clean blob) is warned about and left for the next run to
// walk, which finds the key again with its first_seen.
func TestCacheUnchangedRecordBlobsClean(t *testing.T) {
	fl := newFleet(t)
	key := fakekey.New("clean blobs " + t.Name())
	a := fl.repo("a", "readme.txt")
	fl.commit("a", "config.env", "CAMB_API_KEY="+key+"\n")
	dir := t.TempDir()
	first := countedScan(t, dir, "", nil, a)
	if len(first.report.Findings) != 1 {
		t.Fatalf("first run: %d findings, want 1", len(first.report.Findings))
	}
	clean := hookGit(t, filepath.Join(fl.root, "a"), "rev-parse", "HEAD:readme.txt")
	c, err := cache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := c.ReadRecord(a)
	r.Blobs = []string{clean}
	for _, e := range r.Findings {
		e.Blob = clean
	}
	if err := c.WriteRecord(a, r); err != nil {
		t.Fatal(err)
	}
	odd := countedScan(t, dir, "", nil, a)
	if odd.unchanged != 1 || !strings.Contains(strings.Join(odd.report.Warnings, "\n"), "hold none of its 1 finding") {
		t.Errorf("record of clean blobs: unchanged %d, warnings %q; want 1 and a warning", odd.unchanged, odd.report.Warnings)
	}
	again := countedScan(t, dir, "", nil, a)
	if again.walked != 1 || len(again.report.Findings) != 1 {
		t.Fatalf("run after: walked %d, %d findings; want 1 and 1", again.walked, len(again.report.Findings))
	}
	if again.report.Findings[0].FirstSeen != first.report.Findings[0].FirstSeen {
		t.Errorf("first_seen %s, want %s", again.report.Findings[0].FirstSeen, first.report.Findings[0].FirstSeen)
	}
}
