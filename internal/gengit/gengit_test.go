package gengit

import (
	"context"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// TestGenerateDeterministic builds the same small history twice: the
// commit hashes and planted keys must be equal, every key fake, and every
// introducing commit must add the key's file.
func TestGenerateDeterministic(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("this test needs the git executable")
	}
	ctx := context.Background()
	opts := Options{Commits: 150, Files: 40, Keys: 4, Seed: 5}
	var repos []*Repo
	var heads []string
	for i := 0; i < 2; i++ {
		r, err := Generate(ctx, filepath.Join(t.TempDir(), "repo.git"), opts)
		if err != nil {
			t.Fatal(err)
		}
		head, err := GitOutput(ctx, r.Dir, nil, "rev-parse", "main")
		if err != nil {
			t.Fatal(err)
		}
		repos, heads = append(repos, r), append(heads, head)
	}
	if heads[0] != heads[1] || !reflect.DeepEqual(repos[0].Keys, repos[1].Keys) {
		t.Fatalf("two runs differ: %s %s\n%v\n%v", heads[0], heads[1], repos[0].Keys, repos[1].Keys)
	}
	r := repos[0]
	if len(r.Keys) != 4 || r.Commits < 100 {
		t.Fatalf("%d keys, %d commits", len(r.Keys), r.Commits)
	}
	for _, k := range r.Keys {
		if !fakekey.IsFake(k.Key) {
			t.Errorf("%s is not a fake key", k.Key)
		}
		out, err := GitOutput(ctx, r.Dir, nil, "show", "--format=", "--name-status", k.Commit)
		if err != nil || !strings.Contains(out, "A\t"+k.Path) {
			t.Errorf("commit %s does not add %s: %q %v", k.Commit, k.Path, out, err)
		}
	}
	packs, _ := filepath.Glob(filepath.Join(r.Dir, "objects", "pack", "*.pack"))
	if len(packs) != 1 {
		t.Errorf("%d packs, want 1", len(packs))
	}
}
