package git

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// revRepo builds a repository with branches, a merge, annotated and
// lightweight tags, a tag on a tree, remote-tracking refs, a tag and a
// branch of the same name, packed and loose objects, and 1 500 loose or
// packed blobs so that some 4-digit prefixes are shared.
func revRepo(t *testing.T) *testRepo {
	r := newTestRepo(t)
	for i := 0; i < 4; i++ {
		r.write("a.txt", fmt.Sprintf("main %d\n", i))
		r.commitAll(fmt.Sprintf("main %d", i))
	}
	r.git("switch", "-q", "-c", "feature", "HEAD~2")
	for i := 0; i < 3; i++ {
		r.write("b.txt", fmt.Sprintf("feature %d\n", i))
		r.commitAll(fmt.Sprintf("feature %d", i))
	}
	r.git("switch", "-q", "main")
	r.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature")
	r.git("tag", "-a", "-m", "release 1", "v1", "HEAD~1")
	r.git("tag", "light", "feature~1")
	r.git("tag", "-a", "-m", "a tree", "treetag", "HEAD^{tree}")
	r.git("tag", "-a", "-m", "tag of a tag", "v1-again", "v1")
	r.git("update-ref", "refs/remotes/origin/main", "HEAD~2")
	r.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
	r.git("branch", "dup", "feature")
	r.git("tag", "dup", "main~3")
	r.git("branch", "cafe", "main~1")
	r.git("repack", "-adq")
	// Later commits stay loose.
	r.write("c.txt", "loose\n")
	r.commitAll("loose commit")
	// Blobs: the first half packed, the rest loose.
	var paths []string
	dir := filepath.Join(r.dir, "blobs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 1500; i++ {
		p := filepath.Join(dir, fmt.Sprint(i))
		if err := os.WriteFile(p, []byte(fmt.Sprintf("blob %d\n", i)), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	cmd := exec.Command("git", "hash-object", "-w", "--stdin-paths")
	cmd.Dir = r.dir
	cmd.Stdin = strings.NewReader(strings.Join(paths, "\n") + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	ids := strings.Fields(string(out))
	pack := exec.Command("git", "pack-objects", "-q", filepath.Join(r.dir, ".git", "objects", "pack", "pack"))
	pack.Dir = r.dir
	pack.Stdin = strings.NewReader(strings.Join(ids[:750], "\n") + "\n")
	if out, err := pack.CombinedOutput(); err != nil {
		t.Fatalf("pack-objects: %v\n%s", err, out)
	}
	r.git("prune-packed")
	return r
}

// TestResolveRevisionAgreesWithGit resolves every form of revision users
// type and compares with git rev-parse: the same object, or both refuse.
func TestResolveRevisionAgreesWithGit(t *testing.T) {
	r := revRepo(t)
	repo, err := Find(r.dir, FindOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := OpenStore(repo.ObjectDirs)
	defer st.Close()
	st.SortPacks()
	refs, err := repo.Refs()
	if err != nil {
		t.Fatal(err)
	}
	head := r.git("rev-parse", "HEAD")
	merge := r.git("rev-parse", "HEAD~1")
	revs := []string{
		"HEAD", "@", "main", "feature", "refs/heads/feature", "heads/feature", "v1", "tags/v1", "v1^{}", "v1^{commit}",
		"v1^{tree}", "v1^{tag}", "v1-again", "v1-again^{}", "v1-again^{tag}", "light", "light^{}", "treetag", "treetag^{}",
		"treetag^{tree}", "treetag^{commit}", "origin/main", "origin", "remotes/origin/main", "dup", "dup~1", "cafe",
		"HEAD~", "HEAD~1", "HEAD~2", "HEAD~3", "HEAD~4", "HEAD~5", "HEAD~9", "HEAD^", "HEAD^^", "HEAD^0", "HEAD~0",
		"HEAD~1^2", "HEAD~1^2~1", "HEAD~1^3", "main~1^1~1", "@~1", "HEAD^{object}", "HEAD^{blob}", "HEAD^{foo}",
		"v1~1", "v1^2", "HEAD~1^{tree}", "HEAD^{", "head", "nope", "origin/nope", "~1",
		head, head[:7], head[:12], strings.ToUpper(head), strings.ToUpper(head[:9]), merge[:5] + "~1", merge[:8] + "^2",
		strings.Repeat("0", 40), strings.Repeat("f", 40), "0000", "abc",
	}
	// Every 4-digit prefix of the blobs: unique ones resolve, shared ones
	// are ambiguous for both.
	byPrefix := map[string]int{}
	for _, id := range strings.Fields(r.git("rev-list", "--all", "--objects", "--no-object-names")) {
		byPrefix[id[:4]]++
	}
	for _, l := range strings.Split(r.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)"), "\n") {
		byPrefix[l[:4]]++
	}
	shared := 0
	for p, n := range byPrefix {
		if n > 2 { // counted twice when reachable
			shared++
			if shared <= 10 {
				revs = append(revs, p)
			}
		}
	}
	if shared == 0 {
		t.Fatal("no shared 4-digit prefix among the objects: the ambiguity case is not tested")
	}
	n := 0
	for _, l := range strings.Split(r.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)"), "\n") {
		if byPrefix[l[:4]] <= 2 && n < 20 {
			revs = append(revs, l[:4])
			n++
		}
	}
	var ambiguous int
	for _, rev := range revs {
		want, gitOK := gitRevParse(r, rev)
		id, err := ResolveRevision(st, refs, rev)
		switch {
		case gitOK && err != nil:
			t.Errorf("%q: git resolves it to %s, ResolveRevision fails: %v", rev, want, err)
		case !gitOK && err == nil:
			t.Errorf("%q: git refuses it, ResolveRevision gives %s", rev, id)
		case gitOK && id.String() != want:
			t.Errorf("%q: ResolveRevision gives %s, git %s", rev, id, want)
		case err != nil && !errors.Is(err, ErrUnknownRevision) && !errors.Is(err, ErrAmbiguousRevision):
			t.Errorf("%q: error %v is neither unknown nor ambiguous", rev, err)
		}
		if errors.Is(err, ErrAmbiguousRevision) {
			ambiguous++
			if !strings.Contains(err.Error(), "objects start with") {
				t.Errorf("%q: %v does not say how many objects share the prefix", rev, err)
			}
		}
	}
	if ambiguous == 0 {
		t.Error("no revision was ambiguous")
	}
	// Forms git knows and cambscan refuses: reflogs, paths, searches, and
	// a negation outside a range.
	for _, rev := range []string{"HEAD@{1}", "main@{0}", "HEAD:a.txt", ":/merge", "HEAD^{/merge}", "^HEAD"} {
		if _, err := ResolveRevision(st, refs, rev); !errors.Is(err, ErrUnknownRevision) {
			t.Errorf("%q: %v, want an unknown-revision error", rev, err)
		}
	}
}

// gitRevParse resolves rev with git, requiring the object to exist (git
// accepts any well-formed full id otherwise).
func gitRevParse(r *testRepo, rev string) (string, bool) {
	arg := rev
	if !strings.Contains(rev, "^{") {
		arg += "^{object}"
	}
	cmd := exec.Command("git", "rev-parse", "--verify", "-q", "--end-of-options", arg)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+r.dir)
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err == nil
}

// TestParseRange: the two dots and three dots forms, empty sides as HEAD.
func TestParseRange(t *testing.T) {
	for _, c := range []struct {
		spec, a, b string
		sym, ok    bool
	}{
		{"A..B", "A", "B", false, true},
		{"A...B", "A", "B", true, true},
		{"..B", "HEAD", "B", false, true},
		{"A..", "A", "HEAD", false, true},
		{"...B", "HEAD", "B", true, true},
		{"HEAD~3..HEAD", "HEAD~3", "HEAD", false, true},
		{"..", "", "", false, false},
		{"...", "", "", false, false},
		{"A", "", "", false, false},
		{"A..B..C", "", "", false, false},
	} {
		a, b, sym, err := ParseRange(c.spec)
		if (err == nil) != c.ok || a != c.a || b != c.b || sym != c.sym {
			t.Errorf("ParseRange(%q) = %q, %q, %v, %v", c.spec, a, b, sym, err)
		}
	}
}

// TestResolveRevisionLoops: objects are not hashed again when read, so a
// commit can name itself as its parent and a tag itself as its target;
// ~N and ^{} end with an error instead of looping.
func TestResolveRevisionLoops(t *testing.T) {
	dir := t.TempDir()
	objects := filepath.Join(dir, "objects")
	c := ID{0xc0, 0x01}
	tag := ID{0x7a, 0x90}
	tree := ID{0x4b}
	writeObj := func(id ID, typ, body string) {
		h := id.String()
		name := filepath.Join(objects, h[:2], h[2:])
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, looseBytes(typ, []byte(body)), 0o444); err != nil {
			t.Fatal(err)
		}
	}
	writeObj(c, "commit", fmt.Sprintf("tree %s\nparent %s\nauthor a <a> 1 +0000\ncommitter a <a> 1 +0000\n\nloop\n", tree, c))
	writeObj(tag, "tag", fmt.Sprintf("object %s\ntype tag\ntag loop\n\nloop\n", tag))
	st, _ := OpenStore([]string{objects})
	defer st.Close()
	refs := []Ref{{"refs/heads/loop", c}, {"refs/tags/loop", tag}}
	if _, err := ResolveRevision(st, refs, "heads/loop~1000000000"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("~N on a commit that is its own parent: %v, want a corrupt-object error", err)
	}
	if id, err := ResolveRevision(st, refs, "heads/loop^1^1^1"); err != nil || id != c {
		t.Errorf("^1^1^1 on a self-parent commit = %s, %v (each step is one read, no loop)", id, err)
	}
	if _, err := ResolveRevision(st, refs, "tags/loop^{}"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("^{} on a tag naming itself: %v, want a corrupt-object error", err)
	}
	if _, err := ResolveRevision(st, refs, "c001"); err != nil {
		t.Errorf("short id of a loose object: %v", err)
	}
}
