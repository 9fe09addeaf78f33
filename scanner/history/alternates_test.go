package history

import (
	"path/filepath"
	"testing"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
)

// TestIssue3_Alternates: a clone made with --shared borrows its objects
// from the original through objects/info/alternates; the history scan
// must read them there (a typo once made it read "info/gitAlternates" and
// find nothing), and the staged source shares the same lookup.
func TestIssue3_Alternates(t *testing.T) {
	r := newTestRepo(t)
	key := testKey("alternates")
	r.write("app.py", keyFile(key))
	c := r.commit("add key")
	clone := filepath.Join(t.TempDir(), "shared")
	r.git("clone", "-q", "--shared", r.dir, clone)
	if repo, err := git.Find(clone, git.FindOptions{}); err != nil || len(repo.ObjectDirs) != 2 {
		t.Fatalf("object directories = %v (%v), want the clone's and the original's", repo, err)
	}
	res := scanGit(t, clone, Options{}, scanner.Options{})
	wantBriefs(t, res, brief{Key: key, Path: "app.py", Commit: c, Occurrences: 1, Reachable: true})
}
