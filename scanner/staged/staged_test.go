package staged

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/scanner"
)

func k(seed string) string { return stKeyLine(fakekey.New(seed)) }

func wantFindings(t *testing.T, res *scanner.Result, want []string, seeds ...string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	if d := cmp.Diff(want, stWhere(res, seeds...)); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
}

func TestStagedFirstCommit(t *testing.T) {
	r := newStRepo(t)
	r.write("app.py", stLines("import os", k("first")))
	r.write("docs/readme.md", "nothing here\n")
	r.git("add", "-A")
	res := stScan(t, r.dir, Options{})
	wantFindings(t, res, []string{"app.py:2 first"}, "first")
	f := res.Findings[0]
	if f.Kind != scanner.KindStaged || f.Blob == "" || f.Target != r.dir {
		t.Errorf("origin = %+v, want kind staged, a blob and target %s", f.Origin, r.dir)
	}
	if res.Stats.Files != 2 {
		t.Errorf("scanned %d blobs, want 2", res.Stats.Files)
	}
}

func TestStagedNothingStaged(t *testing.T) {
	r := newStRepo(t)
	// An empty repository has no index at all.
	wantFindings(t, stScan(t, r.dir, Options{}), nil)
	r.write("app.py", stLines("x = 1", k("old")))
	r.commitAll("one")
	res := stScan(t, r.dir, Options{})
	wantFindings(t, res, nil)
	if res.Stats.Files != 0 {
		t.Errorf("scanned %d blobs with nothing staged, want 0", res.Stats.Files)
	}
	// The work tree never counts: an unstaged key is not scanned.
	r.write("app.py", stLines("x = 1", k("old"), k("unstaged")))
	r.write("new.py", k("untracked"))
	wantFindings(t, stScan(t, r.dir, Options{}), nil)
}

func TestStagedOnlyAddedLines(t *testing.T) {
	r := newStRepo(t)
	r.write("app.py", stLines("a", k("committed"), "b", "c"))
	r.commitAll("one")
	r.write("app.py", stLines("a", k("committed"), "b", k("new"), "c"))
	r.git("add", "app.py")
	wantFindings(t, stScan(t, r.dir, Options{}), []string{"app.py:4 new"}, "committed", "new")

	// A key line that is edited is a new line.
	r.write("app.py", stLines("a", k("committed")+" # still here", "b", "c"))
	r.git("add", "app.py")
	wantFindings(t, stScan(t, r.dir, Options{}), []string{"app.py:2 committed"}, "committed")
}

func TestStagedMovesAndCopies(t *testing.T) {
	r := newStRepo(t)
	r.write("a.py", stLines("one", k("a"), "two", "three"))
	r.write("b.py", stLines("x", k("b"), "y"))
	r.write("dir/c.py", stLines(k("c")))
	r.write("keep/d.py", stLines("d", k("d")))
	r.commitAll("one")

	// Moved within the file: git diff shows -/+, but nothing is new.
	r.write("a.py", stLines("one", "two", "three", k("a")))
	// Moved to another file that this change also edits.
	r.write("b.py", stLines("x", "y"))
	r.write("other.py", stLines("z", k("b")))
	// A pure rename of a directory, and a copy of an unchanged file.
	r.git("add", "-A")
	r.git("mv", "dir", "dir2")
	if err := os.WriteFile(filepath.Join(r.dir, "copy.py"), []byte(stLines("d", k("d"))), 0o644); err != nil {
		t.Fatal(err)
	}
	r.git("add", "copy.py")
	res := stScan(t, r.dir, Options{})
	wantFindings(t, res, nil, "a", "b", "c", "d")
	// a.py, b.py, other.py and copy.py are read; the renamed dir2/c.py is not.
	if res.Stats.Files != 4 {
		t.Errorf("read %d blobs, want 4 (a pure rename is not read)", res.Stats.Files)
	}

	// A duplicated key line adds a copy.
	r.write("a.py", stLines("one", k("a"), "two", "three", k("a")))
	r.git("add", "a.py")
	wantFindings(t, stScan(t, r.dir, Options{}), []string{"a.py:5 a"}, "a")
}

func TestStagedDeletedFiles(t *testing.T) {
	r := newStRepo(t)
	r.write("a.py", stLines(k("a")))
	r.write("sub/b.py", stLines(k("b")))
	r.commitAll("one")
	r.git("rm", "-q", "a.py")
	r.git("rm", "-q", "-r", "sub")
	res := stScan(t, r.dir, Options{})
	wantFindings(t, res, nil, "a", "b")
	if res.Stats.Files != 0 {
		t.Errorf("scanned %d blobs for deletions, want 0", res.Stats.Files)
	}
}

func TestStagedPartialStaging(t *testing.T) {
	r := newStRepo(t)
	body := []string{"top"}
	for i := range 30 {
		body = append(body, "filler line "+strings.Repeat("x", i))
	}
	body = append(body, "bottom")
	r.write("app.py", stLines(body...))
	r.commitAll("one")

	edited := slices.Clone(body)
	edited[0] = "top changed"             // first hunk: clean
	edited[len(edited)-1] = k("unstaged") // second hunk: a key
	r.write("app.py", stLines(edited...))
	// git add -p: stage the first hunk, leave the key's hunk unstaged.
	r.gitStdin("y\nn\n", "add", "-p", "app.py")
	if !strings.Contains(r.git("diff", "--cached"), "top changed") || strings.Contains(r.git("diff", "--cached"), "unstaged") {
		t.Fatalf("git add -p did not stage only the first hunk:\n%s", r.git("diff", "--cached"))
	}
	wantFindings(t, stScan(t, r.dir, Options{}), nil, "unstaged")

	// The other way round: the key is staged, the work tree no longer has it.
	r.git("reset", "-q")
	r.gitStdin("n\ny\n", "add", "-p", "app.py")
	r.write("app.py", stLines(body...))
	wantFindings(t, stScan(t, r.dir, Options{}), []string{"app.py:32 unstaged"}, "unstaged")
}

func TestStagedIndexFileAndPaths(t *testing.T) {
	r := newStRepo(t)
	r.write("a.py", "a\n")
	r.write("b.py", "b\n")
	r.commitAll("one")
	r.write("a.py", stLines("a", k("a")))
	r.write("b.py", stLines("b", k("b")))
	// git commit -a stages into a temporary index named by GIT_INDEX_FILE.
	tmp := filepath.Join(r.dir, ".git", "next-index.lock")
	r.gitIn(r.dir, []string{"GIT_INDEX_FILE=" + tmp}, "read-tree", "HEAD")
	r.gitIn(r.dir, []string{"GIT_INDEX_FILE=" + tmp}, "add", "-u")
	wantFindings(t, stScan(t, r.dir, Options{}), nil)
	wantFindings(t, stScan(t, r.dir, Options{IndexFile: tmp}), []string{"a.py:2 a", "b.py:2 b"}, "a", "b")
	// Relative to the top of the work tree, as git sets it in hooks.
	wantFindings(t, stScan(t, filepath.Join(r.dir), Options{IndexFile: ".git/next-index.lock", Paths: []string{"b.py"}}),
		[]string{"b.py:2 b"}, "a", "b")
	wantFindings(t, stScan(t, r.dir, Options{IndexFile: tmp, Excludes: []string{"a.py"}}), []string{"b.py:2 b"}, "a", "b")
	if _, err := runStagedErr(r.dir, Options{IndexFile: "missing-index"}); err == nil {
		t.Error("a GIT_INDEX_FILE that does not exist was not an error")
	}
}

func TestStagedSizeCapAndSubmoduleEntries(t *testing.T) {
	r := newStRepo(t)
	sub := newStRepo(t)
	sub.write("lib.py", stLines(k("sub-committed")))
	sub.commitAll("sub one")
	r.write("big.txt", strings.Repeat("x", 2000)+"\n"+k("big"))
	r.write("small.py", stLines(k("small")))
	r.git("add", "-A")
	r.git("submodule", "add", "-q", sub.dir, "vendor/sub")
	res := stScan(t, r.dir, Options{MaxFileSize: 1000})
	wantFindings(t, res, []string{"small.py:1 small"}, "small", "big", "sub-committed")
	reasons := map[string]string{}
	for _, s := range res.Skipped {
		reasons[s.Path] = s.Reason()
	}
	if !strings.HasPrefix(reasons["big.txt"], "larger than") {
		t.Errorf("big.txt skip reason = %q, want a size reason; skipped: %v", reasons["big.txt"], res.Skipped)
	}
	if _, ok := reasons["vendor/sub"]; ok {
		t.Error("the gitlink was reported as skipped; it is not content")
	}

	// Inside the submodule, its own index is scanned.
	subdir := filepath.Join(r.dir, "vendor", "sub")
	stWriteFile(t, filepath.Join(subdir, "lib.py"), stLines(k("sub-committed"), k("sub-new")))
	r.gitIn(subdir, nil, "add", "lib.py")
	wantFindings(t, stScan(t, subdir, Options{}), []string{"lib.py:2 sub-new"}, "sub-committed", "sub-new")
	wantFindings(t, stScan(t, filepath.Join(subdir), Options{Paths: []string{"lib.py"}}), []string{"lib.py:2 sub-new"}, "sub-new")
}

func TestStagedLinkedWorktree(t *testing.T) {
	r := newStRepo(t)
	r.write("app.py", stLines("a", k("main")))
	r.commitAll("one")
	wt := filepath.Join(t.TempDir(), "wt")
	r.git("worktree", "add", "-q", "-b", "feature", wt)
	stWriteFile(t, filepath.Join(wt, "app.py"), stLines("a", k("main"), k("feature")))
	stWriteFile(t, filepath.Join(wt, "deep", "x.py"), stLines(k("deep")))
	r.gitIn(wt, nil, "add", "-A")
	// From a subdirectory of the linked worktree, as a hook would not, but a user might.
	wantFindings(t, stScan(t, filepath.Join(wt, "deep"), Options{}), []string{"app.py:3 feature", "deep/x.py:1 deep"}, "main", "feature", "deep")
	// The main worktree's index is its own.
	wantFindings(t, stScan(t, r.dir, Options{}), nil)

	// HEAD is per worktree: commit on feature, then stage the same content in main.
	r.gitIn(wt, nil, "commit", "-q", "-m", "feature")
	r.write("app.py", stLines("a", k("main"), k("feature")))
	r.git("add", "app.py")
	wantFindings(t, stScan(t, r.dir, Options{}), []string{"app.py:3 feature"}, "feature")
}

func TestStagedNotARepository(t *testing.T) {
	_, err := runStagedErr(t.TempDir(), Options{})
	if err == nil || !strings.Contains(err.Error(), "not inside a git work tree") {
		t.Errorf("err = %v, want not inside a git work tree", err)
	}
}

func TestStagedWholeFiles(t *testing.T) {
	r := newStRepo(t)
	r.write("app.py", stLines("a", k("committed")))
	r.write("clean.py", "x\n")
	r.commitAll("one")
	r.write("untracked.py", stLines(k("untracked")))
	r.write("sub/dir/z.py", stLines(k("z")))
	// pre-commit run --files app.py clean.py untracked.py, from the top.
	res := stScan(t, r.dir, Options{WholeFiles: true, Paths: []string{"app.py", "clean.py", "untracked.py", "gone.py", "sub"}})
	wantFindings(t, res, []string{"app.py:2 committed", "untracked.py:1 untracked"}, "committed", "untracked")
	reasons := map[string]string{}
	for _, s := range res.Skipped {
		reasons[s.Path] = s.Reason()
	}
	if !strings.Contains(reasons["gone.py"], "no such file") || reasons["sub"] != "not a regular file" {
		t.Errorf("skipped = %v, want gone.py missing and sub not a regular file", res.Skipped)
	}
	if f := res.Findings[0]; f.Kind != scanner.KindFile || f.Blob != "" {
		t.Errorf("origin = %+v, want a file origin", f.Origin)
	}
	// Paths are reported from the top of the work tree, given from a subdirectory.
	res = stScan(t, filepath.Join(r.dir, "sub"), Options{WholeFiles: true, Paths: []string{"dir/z.py"}})
	wantFindings(t, res, []string{"sub/dir/z.py:1 z"}, "z")
	// No paths, nothing to scan.
	wantFindings(t, stScan(t, r.dir, Options{WholeFiles: true}), nil)
}

func TestStagedIntentToAddAndModeChange(t *testing.T) {
	r := newStRepo(t)
	r.write("run.sh", stLines("#!/bin/sh", k("committed")))
	r.commitAll("one")
	r.write("later.py", stLines(k("later")))
	r.git("add", "-N", "later.py") // index version 3, extended flags
	r.git("update-index", "--chmod=+x", "run.sh")
	res := stScan(t, r.dir, Options{})
	wantFindings(t, res, nil, "later", "committed")
	r.git("update-index", "--index-version", "4")
	r.git("add", "later.py")
	wantFindings(t, stScan(t, r.dir, Options{}), []string{"later.py:1 later"}, "later")
}
