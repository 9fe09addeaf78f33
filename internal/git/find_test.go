package git

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindWorkTree(t *testing.T) {
	root := t.TempDir()
	main := filepath.Join(root, "main")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// A plain repository, seen from a subdirectory.
	must(os.MkdirAll(filepath.Join(main, ".git", "worktrees", "wt"), 0o755))
	must(os.MkdirAll(filepath.Join(main, "src", "pkg"), 0o755))
	wt, err := Find(filepath.Join(main, "src", "pkg"), FindOptions{WorkTree: true})
	if err != nil || wt.Top != main || wt.GitDir != filepath.Join(main, ".git") || wt.CommonDir != wt.GitDir {
		t.Errorf("plain: %+v, %v", wt, err)
	}
	// A linked worktree: a .git file with a relative gitdir, and a
	// commondir file pointing back at the main repository's .git.
	linked := filepath.Join(root, "linked")
	must(os.MkdirAll(linked, 0o755))
	must(os.WriteFile(filepath.Join(linked, ".git"), []byte("gitdir: ../main/.git/worktrees/wt\n"), 0o644))
	must(os.WriteFile(filepath.Join(main, ".git", "worktrees", "wt", "commondir"), []byte("../..\n"), 0o644))
	wt, err = Find(linked, FindOptions{WorkTree: true})
	if err != nil || wt.Top != linked || wt.GitDir != filepath.Join(main, ".git", "worktrees", "wt") || wt.CommonDir != filepath.Join(main, ".git") {
		t.Errorf("linked: %+v, %v", wt, err)
	}
	// A .git file that is not a gitdir file.
	bad := filepath.Join(root, "bad")
	must(os.MkdirAll(bad, 0o755))
	must(os.WriteFile(filepath.Join(bad, ".git"), []byte("nonsense\n"), 0o644))
	if _, err := Find(bad, FindOptions{WorkTree: true}); err == nil {
		t.Error("a bad .git file was accepted")
	}
}

func TestFindWorkTreeOutside(t *testing.T) {
	// The temp dir is not inside a work tree on any machine we run on
	// unless TMPDIR is; skip nothing, but tolerate that case explicitly.
	dir := t.TempDir()
	wt, err := Find(dir, FindOptions{WorkTree: true})
	if err == nil && wt != nil && wt.Top != "" {
		if _, serr := os.Stat(filepath.Join(wt.Top, ".git")); serr != nil {
			t.Fatalf("Find invented a work tree: %+v", wt)
		}
		return
	}
	if !errors.Is(err, ErrNotAWorkTree) {
		t.Errorf("err = %v, want ErrNotAWorkTree", err)
	}
}

func TestFindWorkTreeDanglingGitFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".git"), []byte("gitdir: nowhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Find(dir, FindOptions{WorkTree: true}); err == nil || !strings.Contains(err.Error(), "not a git directory") {
		t.Fatalf("err = %v", err)
	}
}

// TestFindRepository finds work trees from a subdirectory, bare
// repositories and linked worktrees without WorkTree, and follows git's
// environment when asked to.
func TestFindRepository(t *testing.T) {
	r := newTestRepo(t)
	if _, ok, err := mustFind(t, r.dir, FindOptions{}).Head(); ok || err != nil {
		t.Errorf("unborn HEAD: ok %v, err %v", ok, err)
	}
	r.write("sub/a.txt", "a\n")
	r.commitAll("one")
	head := r.git("rev-parse", "HEAD")
	repo := mustFind(t, filepath.Join(r.dir, "sub"), FindOptions{})
	if repo.Top != r.dir || repo.GitDir != filepath.Join(r.dir, ".git") || repo.IndexFile != filepath.Join(r.dir, ".git", "index") {
		t.Errorf("work tree: %+v", repo)
	}
	if id, ok, err := repo.Head(); !ok || err != nil || id.String() != head {
		t.Errorf("Head = %v %v %v, want %s", id, ok, err, head)
	}

	bare := filepath.Join(t.TempDir(), "bare.git")
	r.gitIn(r.dir, "clone", "-q", "--bare", r.dir, bare)
	repo = mustFind(t, filepath.Join(bare, "refs"), FindOptions{})
	if repo.Top != "" || repo.GitDir != bare || len(repo.ObjectDirs) != 1 {
		t.Errorf("bare: %+v", repo)
	}
	if _, err := Find(bare, FindOptions{WorkTree: true}); err == nil {
		t.Error("WorkTree accepted a bare repository")
	}

	linked := filepath.Join(t.TempDir(), "linked")
	r.git("worktree", "add", "-q", "-b", "side", linked)
	repo = mustFind(t, linked, FindOptions{})
	if repo.CommonDir != filepath.Join(r.dir, ".git") || repo.Top != linked {
		t.Errorf("linked worktree: %+v", repo)
	}
	if id, ok, err := repo.Head(); !ok || err != nil || id.String() != head {
		t.Errorf("linked Head = %v %v %v, want %s", id, ok, err, head)
	}

	if _, err := Find(t.TempDir(), FindOptions{}); !errors.Is(err, ErrNotARepository) {
		t.Errorf("outside a repository: %v", err)
	}

	other := t.TempDir()
	env := map[string]string{
		"GIT_DIR":                          bare,
		"GIT_INDEX_FILE":                   filepath.Join(other, "index"),
		"GIT_OBJECT_DIRECTORY":             filepath.Join(other, "objects"),
		"GIT_ALTERNATE_OBJECT_DIRECTORIES": filepath.Join(bare, "objects") + string(filepath.ListSeparator) + filepath.Join(r.dir, ".git", "objects"),
	}
	repo = mustFind(t, other, FindOptions{Env: func(k string) string { return env[k] }})
	want := []string{filepath.Join(other, "objects"), filepath.Join(bare, "objects"), filepath.Join(r.dir, ".git", "objects")}
	if repo.GitDir != bare || repo.Top != other || repo.IndexFile != env["GIT_INDEX_FILE"] || strings.Join(repo.ObjectDirs, ",") != strings.Join(want, ",") {
		t.Errorf("environment: %+v", repo)
	}
}

func mustFind(t *testing.T, path string, opts FindOptions) *Repo {
	t.Helper()
	repo, err := Find(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	return repo
}
