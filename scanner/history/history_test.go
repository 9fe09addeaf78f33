package history

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/gengit"
	"github.com/cambscan/cambscan/scanner"
)

func TestHistoryKeyAddedThenRemoved(t *testing.T) {
	r := newTestRepo(t)
	k := testKey("removed")
	r.write("README.md", "hello\n")
	r.commit("readme")
	r.write("app.py", keyFile(k))
	c := r.commit("add client")
	r.write("app.py", "import cambai\n\nheaders = {\"x-api-key\": os.environ[\"CAMB_API_KEY\"]}\n")
	r.commit("use the environment")
	res := scanGit(t, r.dir, Options{}, scanner.Options{})
	wantBriefs(t, res, brief{k, "app.py", c, 1, true})
	f := res.Findings[0]
	if f.Author != "Gen Author" || f.Email != "author@example.com" || f.Date.Unix() != r.now-60 {
		t.Errorf("histProvenance = %q %q %v", f.Author, f.Email, f.Date)
	}
	if f.Line != 3 || f.Column != 26 || f.Kind != scanner.KindHistory {
		t.Errorf("position = %d:%d kind %s", f.Line, f.Column, f.Kind)
	}
	// --exclude drops findings by path.
	wantBriefs(t, scanGit(t, r.dir, Options{Excludes: []string{"*.py"}}, scanner.Options{}))
}

func TestHistoryEmptyRepository(t *testing.T) {
	r := newTestRepo(t)
	res := scanGit(t, r.dir, Options{}, scanner.Options{})
	if len(res.Findings)+len(res.Skipped)+len(res.Warnings)+res.Stats.Files != 0 {
		t.Errorf("empty repository: %+v", res)
	}
}

func TestHistoryFileDeleted(t *testing.T) {
	r := newTestRepo(t)
	k := testKey("deleted")
	r.write("svc/client.py", keyFile(k))
	c := r.commit("add client")
	r.write("other.txt", "x\n")
	r.commit("other")
	r.git("rm", "-q", "svc/client.py")
	r.commit("delete client")
	res := scanGit(t, r.dir, Options{}, scanner.Options{})
	wantBriefs(t, res, brief{k, "svc/client.py", c, 2, true})
}

func TestHistoryFileRenamed(t *testing.T) {
	r := newTestRepo(t)
	k := testKey("renamed")
	r.write("old.py", keyFile(k))
	c1 := r.commit("add")
	r.git("rm", "-q", "old.py")
	r.write("lib/new.py", keyFile(k))
	c2 := r.commit("rename")
	res := scanGit(t, r.dir, Options{}, scanner.Options{})
	// One finding per path: the rename brought the key to a new path.
	wantBriefs(t, res, brief{k, "old.py", c1, 1, true}, brief{k, "lib/new.py", c2, 1, true})
	if res.Findings[0].Blob != res.Findings[1].Blob {
		t.Errorf("a rename keeps the blob: %s != %s", res.Findings[0].Blob, res.Findings[1].Blob)
	}
}

func TestHistoryKeyKeptAcross50Commits(t *testing.T) {
	r := newTestRepo(t)
	k := testKey("kept")
	body := keyFile(k)
	r.write("config.py", body)
	first := r.commit("add")
	for i := 1; i < 50; i++ {
		// Edit the same file: 50 different blobs that all hold the key.
		body += fmt.Sprintf("TIMEOUT_%d = %d\n", i, i)
		r.write("config.py", body)
		r.commit(fmt.Sprintf("edit %d", i))
	}
	res := scanGit(t, r.dir, Options{}, scanner.Options{})
	wantBriefs(t, res, brief{k, "config.py", first, 50, true})
	if res.Stats.Files != 50 {
		t.Errorf("scanned %d blobs, want 50", res.Stats.Files)
	}
}

func TestHistoryUnmergedBranch(t *testing.T) {
	r := newTestRepo(t)
	k := testKey("branch")
	r.write("a.txt", "a\n")
	r.commit("a")
	r.git("checkout", "-q", "-b", "feature")
	r.write("feature.py", keyFile(k))
	c := r.commit("feature")
	r.git("checkout", "-q", "main")
	r.write("b.txt", "b\n")
	r.commit("b")
	res := scanGit(t, r.dir, Options{}, scanner.Options{})
	wantBriefs(t, res, brief{k, "feature.py", c, 1, true})
	// Only main: the key is not there.
	res = scanGit(t, r.dir, Options{Refs: []string{"main"}}, scanner.Options{})
	wantBriefs(t, res)
}

func TestHistoryAnnotatedTagOnOrphan(t *testing.T) {
	r := newTestRepo(t)
	k, kb := testKey("orphan"), testKey("tagged-blob")
	r.write("a.txt", "a\n")
	r.commit("a")
	r.git("checkout", "-q", "--orphan", "release-assets")
	r.git("rm", "-rq", "--cached", ".")
	r.write("assets/upload.py", keyFile(k))
	r.git("add", "assets/upload.py")
	c := r.commit("orphan")
	r.git("tag", "-a", "assets-v1", "-m", "assets")
	r.git("checkout", "-q", "-f", "main")
	r.git("branch", "-D", "release-assets")
	// A tag on a blob: git's own repository has one.
	r.write("tagged.py", keyFile(kb))
	blob := r.git("hash-object", "-w", "tagged.py")
	r.git("tag", "-a", "blob-tag", "-m", "a blob", blob)
	r.git("clean", "-fq")
	res := scanGit(t, r.dir, Options{}, scanner.Options{})
	wantBriefs(t, res, brief{k, "assets/upload.py", c, 1, true}, brief{kb, "", "", 0, true})
}

func TestHistoryMergeResolution(t *testing.T) {
	r := newTestRepo(t)
	k := testKey("evil-merge")
	r.write("settings.py", "import cambai\n\nKEY = None\n")
	r.commit("base")
	r.git("checkout", "-q", "-b", "side")
	r.write("settings.py", "import cambai\n\nKEY = 'side'\n")
	r.commit("side")
	r.git("checkout", "-q", "main")
	r.write("settings.py", "import cambai\n\nKEY = 'main'\n")
	r.commit("main")
	if _, err := runGitErr(r, "merge", "-q", "side"); err == nil {
		t.Fatal("merge should conflict")
	}
	r.write("settings.py", keyFile(k))
	m := r.commit("merge side")
	if n := len(strings.Fields(r.git("log", "-1", "--format=%P"))); n != 2 {
		t.Fatalf("not a merge: %d parents", n)
	}
	res := scanGit(t, r.dir, Options{}, scanner.Options{})
	wantBriefs(t, res, brief{k, "settings.py", m, 1, true})
}

func runGitErr(r *testRepo, args ...string) (string, error) {
	r.now += 60
	date := fmt.Sprintf("@%d +0000", r.now)
	return gengit.GitOutput(context.Background(), r.dir, []string{"GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date}, args...)
}

func TestHistoryStashOnly(t *testing.T) {
	r := newTestRepo(t)
	k1, k2 := testKey("stash-old"), testKey("stash-new")
	r.write("app.py", "import cambai\n")
	r.commit("app")
	r.write("app.py", keyFile(k1))
	r.now += 60
	r.git("stash", "-q")
	r.write("app.py", keyFile(k2))
	r.now += 60
	r.git("stash", "-q")
	// k1 is in stash@{1} now: only the stash's reflog reaches it.
	old := r.git("rev-parse", "stash@{1}")
	newer := r.git("rev-parse", "stash@{0}")
	res := scanGit(t, r.dir, Options{}, scanner.Options{})
	wantBriefs(t, res, brief{k1, "app.py", old, 1, true}, brief{k2, "app.py", newer, 1, true})
}

func TestHistoryDanglingCommitAndBlob(t *testing.T) {
	r := newTestRepo(t)
	k, kb := testKey("dangling"), testKey("dangling-blob")
	r.write("a.txt", "a\n")
	r.commit("a")
	r.write("leak.py", keyFile(k))
	c := r.commit("oops")
	r.git("reset", "-q", "--hard", "HEAD~1")
	r.write("loose.py", keyFile(kb))
	r.git("hash-object", "-w", "loose.py")
	r.git("clean", "-fq")
	r.git("reflog", "expire", "--expire=now", "--all")
	res := scanGit(t, r.dir, Options{}, scanner.Options{})
	wantBriefs(t, res, brief{k, "leak.py", c, 1, false}, brief{kb, "", "", 0, false})
	// --ref HEAD reaches neither.
	wantBriefs(t, scanGit(t, r.dir, Options{Refs: []string{"HEAD"}}, scanner.Options{}))
	// Packed, the dangling objects are still read.
	r.git("gc", "-q", "--prune=never")
	wantBriefs(t, scanGit(t, r.dir, Options{}, scanner.Options{}), brief{k, "leak.py", c, 1, false}, brief{kb, "", "", 0, false})
}

// TestHistoryRepositoryLayouts opens a linked worktree, a subdirectory, a
// repository whose .git is a file, and a bare clone.
func TestHistoryRepositoryLayouts(t *testing.T) {
	r := newTestRepo(t)
	k1, k2 := testKey("layout-main"), testKey("layout-worktree")
	r.write("src/app.py", keyFile(k1))
	c1 := r.commit("app")
	wt := filepath.Join(t.TempDir(), "wt")
	r.git("worktree", "add", "-q", "-b", "wt", wt)
	r.now += 60
	os.WriteFile(filepath.Join(wt, "wt.py"), []byte(keyFile(k2)), 0o644)
	r.git("-C", wt, "add", "wt.py")
	r.git("-C", wt, "commit", "-q", "-m", "in the worktree")
	c2 := r.git("-C", wt, "rev-parse", "HEAD")
	want := []brief{{k1, "src/app.py", c1, 2, true}, {k2, "wt.py", c2, 1, true}}
	wantBriefs(t, scanGit(t, wt, Options{}, scanner.Options{}), want...)
	wantBriefs(t, scanGit(t, filepath.Join(r.dir, "src"), Options{}, scanner.Options{}), want...)
	// HEAD of a linked worktree is its own.
	wantBriefs(t, scanGit(t, wt, Options{Refs: []string{"HEAD"}}, scanner.Options{}), brief{k1, "src/app.py", c1, 2, true}, brief{k2, "wt.py", c2, 1, true})

	sep := newTestRepo(t)
	gitDir := filepath.Join(t.TempDir(), "separate.git")
	sep.git("init", "-q", "-b", "main", "--separate-git-dir", gitDir, sep.dir+"2")
	sep.dir += "2"
	sep.write("x.py", keyFile(k1))
	c3 := sep.commit("x")
	wantBriefs(t, scanGit(t, sep.dir, Options{}, scanner.Options{}), brief{k1, "x.py", c3, 1, true})

	bare := filepath.Join(t.TempDir(), "bare.git")
	r.git("clone", "-q", "--bare", r.dir, bare)
	wantBriefs(t, scanGit(t, bare, Options{}, scanner.Options{}), want...)
}

// TestHistoryPullAndNotesRefs finds keys only refs/pull/* or a note reach.
func TestHistoryPullAndNotesRefs(t *testing.T) {
	r := newTestRepo(t)
	kp, kn := testKey("pull"), testKey("note")
	r.write("a.txt", "a\n")
	r.commit("a")
	r.write("pr.py", keyFile(kp))
	pr := r.commit("pull request head")
	r.git("update-ref", "refs/pull/7/head", pr)
	r.git("reset", "-q", "--hard", "HEAD~1")
	r.now += 60
	r.git("notes", "add", "-m", keyFile(kn), "HEAD")
	note := r.git("rev-parse", "refs/notes/commits")
	head := r.git("rev-parse", "HEAD")
	res := scanGit(t, r.dir, Options{}, scanner.Options{})
	wantBriefs(t, res, brief{kp, "pr.py", pr, 1, true}, brief{kn, head, note, 1, true})
}
