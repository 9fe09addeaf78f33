package history

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
)

// branchyRepo has two branches that diverge twice and merge both ways, a
// tag, and a remote-tracking ref.
func branchyRepo(t *testing.T) *testRepo {
	r := newTestRepo(t)
	r.write("a.txt", "0\n")
	r.commit("root")
	for i := 1; i <= 3; i++ {
		r.write("a.txt", fmt.Sprint(i))
		r.commit(fmt.Sprint("main ", i))
	}
	r.git("checkout", "-q", "-b", "side", "HEAD~2")
	for i := 1; i <= 3; i++ {
		r.write("b.txt", fmt.Sprint(i))
		r.commit(fmt.Sprint("side ", i))
	}
	r.git("checkout", "-q", "main")
	r.now += 60
	r.git("merge", "-q", "--no-edit", "side~1")
	r.write("c.txt", "c")
	r.commit("main after merge")
	r.git("checkout", "-q", "side")
	r.write("d.txt", "d")
	r.commit("side again")
	r.git("tag", "-a", "-m", "t", "v1", "main~1")
	r.git("update-ref", "refs/remotes/origin/main", "main~2")
	return r
}

// selected runs the selection of opts on the repository at dir.
func selected(t *testing.T, dir string, opts Options) (*source, *selection, error) {
	t.Helper()
	g := NewSource(dir, opts).(*source)
	t.Cleanup(func() { g.Close() })
	if err := g.open(context.Background()); err != nil {
		t.Fatal(err)
	}
	sel, err := g.selectBlobs(context.Background())
	return g, sel, err
}

func sortedIDs(m map[git.ID]bool) string {
	var s []string
	for id := range m {
		s = append(s, id.String())
	}
	sort.Strings(s)
	return strings.Join(s, " ")
}

// TestRangeCommitsAgreeWithGit: the commits a --range selects are those
// git rev-list lists for it, for A..B and A...B and every revision form.
func TestRangeCommitsAgreeWithGit(t *testing.T) {
	r := branchyRepo(t)
	for _, spec := range []string{
		"main..side", "side..main", "main...side", "side...main", "HEAD~3..HEAD", "main~1..main", "v1..side",
		"v1...side", "origin/main..main", "origin/main...side", "side~2^..side", "main~1^2..main", "..side", "side..",
		"side...", "main..main", "main...main", r.git("rev-parse", "--short", "main~1") + "..side",
	} {
		want := strings.Fields(r.git("rev-list", spec))
		sort.Strings(want)
		_, sel, err := selected(t, r.dir, Options{Range: spec})
		if err != nil {
			t.Errorf("%s: %v", spec, err)
			continue
		}
		if got := sortedIDs(sel.commits); got != strings.Join(want, " ") {
			t.Errorf("%s: selected commits\n %s\ngit rev-list\n %s", spec, got, strings.Join(want, " "))
		}
	}
}

// TestRevisionErrors: an unknown or ambiguous revision, or a full id of
// an object the repository does not have, is an error that names it; a
// selection of nothing is said in a warning.
func TestRevisionErrors(t *testing.T) {
	r := branchyRepo(t)
	missing := strings.Repeat("ab", 20)
	for _, o := range []Options{
		{Refs: []string{"nope"}}, {Refs: []string{missing}}, {Refs: []string{"main~40"}}, {Refs: []string{"main^3"}},
		{Range: "main..nope"}, {Range: "nope...main"}, {Range: missing + "..main"}, {Range: "v1^{tree}..main"}, {Range: "side"},
		{Include: []string{"nope"}}, {Include: []string{"main"}, Exclude: []string{"nope"}},
	} {
		_, _, err := selected(t, r.dir, o)
		if !errors.Is(err, git.ErrUnknownRevision) {
			t.Errorf("%+v: %v, want an unknown revision", o, err)
			continue
		}
		named := false
		for _, name := range append(append(append(o.Refs, o.Include...), o.Exclude...), strings.Split(o.Range, ".")...) {
			named = named || name != "" && name != "main" && strings.Contains(err.Error(), name)
		}
		if !named {
			t.Errorf("%+v: %v does not name the revision", o, err)
		}
	}
	// Through the engine, the target fails (exit 2 in the CLI).
	res, err := scanOnly(r.dir, func(o *Options) { o.Refs = []string{missing} })
	if err == nil && (res == nil || len(res.Skipped) == 0 || !res.Skipped[0].IsFailed()) {
		t.Errorf("--ref of a missing full id: no error, result %+v", res)
	}
	g, sel, err := selected(t, r.dir, Options{Range: "main..main~1"})
	if err != nil || len(sel.commits) != 0 {
		t.Fatalf("main..main~1: %v, %d commits", err, len(sel.commits))
	}
	if w := strings.Join(g.Warnings(), "\n"); !strings.Contains(w, "--range main..main~1 selected no commits") {
		t.Errorf("an empty range gives no warning: %q", w)
	}
}

// TestIncludeExclude: the pre-push selection, with a remote's commit the
// repository does not have and a ref prefix.
func TestIncludeExclude(t *testing.T) {
	r := branchyRepo(t)
	k := testKey("push")
	r.git("checkout", "-q", "-b", "topic", "main")
	r.write("key.py", keyFile(k))
	c := r.commit("key")
	r.write("key.py", "clean\n")
	r.commit("clean")
	for _, c := range []struct {
		exclude []string
		spec    string
	}{
		{[]string{"refs/remotes/origin/*"}, "topic --not --remotes=origin"},
		{[]string{strings.Repeat("12", 20), "main"}, "topic --not main"},
		{[]string{"refs/heads/*"}, "topic --not --branches"},
		{nil, "topic"},
	} {
		want := strings.Fields(r.git(append([]string{"rev-list"}, strings.Fields(c.spec)...)...))
		sort.Strings(want)
		_, sel, err := selected(t, r.dir, Options{Include: []string{"topic"}, Exclude: c.exclude})
		if err != nil {
			t.Fatal(err)
		}
		if got := sortedIDs(sel.commits); got != strings.Join(want, " ") {
			t.Errorf("%v: selected\n %s\ngit rev-list %s\n %s", c.exclude, got, c.spec, strings.Join(want, " "))
		}
	}
	res := scanGit(t, r.dir, Options{Include: []string{"topic"}, Exclude: []string{"main"}}, scanner.Options{})
	wantBriefs(t, res, brief{k, "key.py", c, 1, true})
}
