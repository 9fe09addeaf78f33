package gitdir

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
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
	wt, err := Find(filepath.Join(main, "src", "pkg"))
	if err != nil || wt.Top != main || wt.GitDir != filepath.Join(main, ".git") || wt.Common != wt.GitDir {
		t.Errorf("plain: %+v, %v", wt, err)
	}
	// A linked worktree: a .git file with a relative gitdir, and a
	// commondir file pointing back at the main repository's .git.
	linked := filepath.Join(root, "linked")
	must(os.MkdirAll(linked, 0o755))
	must(os.WriteFile(filepath.Join(linked, ".git"), []byte("gitdir: ../main/.git/worktrees/wt\n"), 0o644))
	must(os.WriteFile(filepath.Join(main, ".git", "worktrees", "wt", "commondir"), []byte("../..\n"), 0o644))
	wt, err = Find(linked)
	if err != nil || wt.Top != linked || wt.GitDir != filepath.Join(main, ".git", "worktrees", "wt") || wt.Common != filepath.Join(main, ".git") {
		t.Errorf("linked: %+v, %v", wt, err)
	}
	// A .git file that is not a gitdir file.
	bad := filepath.Join(root, "bad")
	must(os.MkdirAll(bad, 0o755))
	must(os.WriteFile(filepath.Join(bad, ".git"), []byte("nonsense\n"), 0o644))
	if _, err := Find(bad); err == nil {
		t.Error("a bad .git file was accepted")
	}
}

func TestFindOutside(t *testing.T) {
	// The temp dir is not inside a work tree on any machine we run on
	// unless TMPDIR is; skip nothing, but tolerate that case explicitly.
	dir := t.TempDir()
	wt, err := Find(dir)
	if err == nil && wt.Top != "" {
		if _, serr := os.Stat(filepath.Join(wt.Top, ".git")); serr != nil {
			t.Fatalf("Find invented a work tree: %+v", wt)
		}
		return
	}
	if !errors.Is(err, ErrNotAWorkTree) {
		t.Errorf("err = %v, want ErrNotAWorkTree", err)
	}
}

func TestFindDanglingGitFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".git"), []byte("gitdir: nowhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Find(dir); err == nil || !strings.Contains(err.Error(), "not a git directory") {
		t.Fatalf("err = %v", err)
	}
}
