package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// cacheRun is the part of a JSON report the cache tests read.
type cacheRun struct {
	Findings []struct {
		Target    string `json:"target"`
		Path      string `json:"path"`
		Secret    string `json:"secret_sha256"`
		FirstSeen string `json:"first_seen"`
		LastSeen  string `json:"last_seen"`
	} `json:"findings"`
	Warnings []string `json:"warnings"`
	Stats    struct {
		Files int `json:"files"`
	} `json:"stats"`
}

// where lists the findings as "target-base:path", sorted.
func (r *cacheRun) where() []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, filepath.Base(f.Target)+":"+f.Path)
	}
	sort.Strings(out)
	return out
}

// cacheScan runs `cambscan git --cache-dir cache` over urls.
func cacheScan(t *testing.T, cache string, extra []string, urls ...string) *cacheRun {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args := append([]string{"git", "--cache-dir", cache, "--format", "json", "--progress", "never", "--clone-jobs", "2"}, extra...)
	err := run(t.Context(), append(args, urls...), strings.NewReader(""), &stdout, &stderr, envOf())
	if code := exitCodeOf(err); code > 1 {
		t.Fatalf("exit %d: %v\n%s", code, err, stderr.String())
	}
	var r cacheRun
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("report: %v\n%s", err, stdout.String())
	}
	return &r
}

// fleet is a set of repositories served as file:// URLs.
type fleet struct {
	t    *testing.T
	root string
}

// repo makes a repository with one commit per file of files.
func (f *fleet) repo(name string, files ...string) string {
	dir := filepath.Join(f.root, name)
	hookGit(f.t, f.root, "init", "-q", "-b", "main", dir)
	for _, file := range files {
		f.commit(name, file, "content of "+name+"/"+file+"\n")
	}
	return "file://" + filepath.ToSlash(dir)
}

func (f *fleet) commit(name, file, content string) {
	dir := filepath.Join(f.root, name)
	if err := os.WriteFile(filepath.Join(dir, file), []byte(content), 0o644); err != nil {
		f.t.Fatal(err)
	}
	hookGit(f.t, dir, "add", file)
	hookGit(f.t, dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "add "+file)
}

func newFleet(t *testing.T) *fleet {
	if _, err := os.Stat("/usr/bin/git"); err != nil {
		if _, err := os.Stat("/usr/local/bin/git"); err != nil {
			t.Skip("git not installed")
		}
	}
	return &fleet{t: t, root: t.TempDir()}
}

func TestCacheIncremental(t *testing.T) {
	fl := newFleet(t)
	key := fakekey.New("cache " + t.Name())
	a := fl.repo("a", "readme.txt", "main.go")
	fl.commit("a", "config.env", "CAMB_API_KEY="+key+"\n")
	b := fl.repo("b", "one.txt", "two.txt")
	// The fork shares a's history (three blobs) and adds one.
	hookGit(t, fl.root, "clone", "-q", filepath.Join(fl.root, "a"), filepath.Join(fl.root, "fork"))
	fl.commit("fork", "fork.txt", "only in the fork\n")
	fork := "file://" + filepath.ToSlash(filepath.Join(fl.root, "fork"))
	cache := t.TempDir()

	first := cacheScan(t, cache, nil, a, b, fork)
	// a: 3 blobs; b: 2; fork: its own blob, and the key's blob again
	// (blobs holding a finding are read on every run), not a's other two.
	if first.Stats.Files != 3+2+2 {
		t.Errorf("first run read %d blobs, want 7", first.Stats.Files)
	}
	want := []string{"a:config.env", "fork:config.env"}
	if got := first.where(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("first run found %v, want %v", got, want)
	}
	for _, f := range first.Findings {
		if f.FirstSeen == "" || f.LastSeen == "" {
			t.Errorf("finding without first_seen/last_seen: %+v", f)
		}
	}

	// Nothing changed: only the two blobs with the key are read again.
	second := cacheScan(t, cache, nil, a, b, fork)
	if second.Stats.Files != 2 {
		t.Errorf("unchanged fleet: read %d blobs, want 2 (the key's, once per repository)", second.Stats.Files)
	}
	if got := second.where(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("unchanged fleet found %v, want %v", got, want)
	}
	for i, f := range second.Findings {
		if f.FirstSeen != first.Findings[i].FirstSeen {
			t.Errorf("first_seen moved: %s then %s", first.Findings[i].FirstSeen, f.FirstSeen)
		}
	}

	// New commits in b: only its new blobs are read.
	fl.commit("b", "three.txt", "new\n")
	fl.commit("b", "four.txt", "newer\n")
	third := cacheScan(t, cache, nil, a, b, fork)
	if third.Stats.Files != 2+2 {
		t.Errorf("after two commits in b: read %d blobs, want 4", third.Stats.Files)
	}

	// A force-push drops the key's only commit in a: the finding goes,
	// the fork's stays.
	hookGit(t, filepath.Join(fl.root, "a"), "reset", "-q", "--hard", "HEAD~1")
	fourth := cacheScan(t, cache, nil, a, b, fork)
	if got, want := strings.Join(fourth.where(), " "), "fork:config.env"; got != want {
		t.Errorf("after the force-push found %v, want %v", got, want)
	}

	// Another rules flavour (here --no-archives, which has its own seen
	// store as a new rules.Version would) reads everything again.
	fifth := cacheScan(t, cache, []string{"--no-archives"}, a, b, fork)
	if fifth.Stats.Files < 3+2+2 {
		t.Errorf("new rules version: read %d blobs, want a full rescan (at least 7)", fifth.Stats.Files)
	}
}

func TestCacheResumeAndConcurrent(t *testing.T) {
	fl := newFleet(t)
	var urls []string
	for _, n := range []string{"r1", "r2", "r3", "r4"} {
		urls = append(urls, fl.repo(n, "x.txt", "y.txt"))
	}
	cache := t.TempDir()
	// A run that finished r1 and r2 and then died: the next run over
	// the whole list does not read their blobs again.
	if got := cacheScan(t, cache, nil, urls[:2]...).Stats.Files; got != 4 {
		t.Fatalf("partial run read %d blobs, want 4", got)
	}
	if got := cacheScan(t, cache, nil, urls...).Stats.Files; got != 4 {
		t.Errorf("resumed run read %d blobs, want 4 (r3 and r4 only)", got)
	}

	// Two runs at once on one cache, over a new repository each and a
	// shared one: both finish and both see every repository.
	urls = append(urls, fl.repo("r5", "z.txt"), fl.repo("r6", "w.txt"))
	var wg sync.WaitGroup
	for _, list := range [][]string{{urls[4], urls[0]}, {urls[5], urls[0]}} {
		wg.Go(func() {
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), append([]string{"git", "--cache-dir", cache, "--format", "json", "--progress", "never"}, list...),
				strings.NewReader(""), &stdout, &stderr, envOf())
			if code := exitCodeOf(err); code != 0 {
				t.Errorf("concurrent run: exit %d: %s", code, stderr.String())
			}
		})
	}
	wg.Wait()
	if got := cacheScan(t, cache, nil, urls...).Stats.Files; got != 0 {
		t.Errorf("after the concurrent runs: read %d blobs, want 0", got)
	}
}

func TestCacheDamagedMirror(t *testing.T) {
	fl := newFleet(t)
	key := fakekey.New("damaged " + t.Name())
	a := fl.repo("a", "readme.txt")
	fl.commit("a", "k.env", "CAMB_API_KEY="+key+"\n")
	cache := t.TempDir()
	cacheScan(t, cache, nil, a)
	packs, _ := filepath.Glob(filepath.Join(cache, "mirrors", "*", "objects", "pack", "*.pack"))
	if len(packs) == 0 {
		t.Fatal("no pack in the mirror")
	}
	for _, p := range packs {
		if err := os.WriteFile(p, []byte("not a pack"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := cacheScan(t, cache, nil, a)
	if len(r.Findings) != 1 {
		t.Errorf("after re-cloning found %d findings, want 1", len(r.Findings))
	}
	if len(r.Warnings) == 0 || !strings.Contains(strings.Join(r.Warnings, "\n"), "damaged") {
		t.Errorf("no warning about the damaged mirror: %q", r.Warnings)
	}
}

func TestCachePrune(t *testing.T) {
	fl := newFleet(t)
	a, b := fl.repo("a", "x.txt"), fl.repo("b", "y.txt")
	cache := t.TempDir()
	cacheScan(t, cache, nil, a, b)
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"cache", "prune", "--cache-dir", cache, a}, strings.NewReader(""), &stdout, &stderr, envOf())
	if code := exitCodeOf(err); code != 0 {
		t.Fatalf("cache prune: exit %d: %s", code, stderr.String())
	}
	mirrors, _ := filepath.Glob(filepath.Join(cache, "mirrors", "*.git"))
	if len(mirrors) != 1 || !strings.Contains(filepath.Base(mirrors[0]), "_a-") {
		t.Errorf("after pruning b: mirrors %v, want a's only", mirrors)
	}
	if !strings.Contains(stdout.String(), "_b-") {
		t.Errorf("prune did not name b's mirror: %q", stdout.String())
	}
}
