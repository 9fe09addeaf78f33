package staged

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cambscan/cambscan/internal/git"
)

// TestIndexDiffMatchesGit checks the index/HEAD diff, with and without the
// cache tree, against `git diff --cached --no-renames` over random edits of
// a random tree, in index versions 2 and 4.
func TestIndexDiffMatchesGit(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	r := newStRepo(t)
	var files []string
	for i := range 300 {
		p := fmt.Sprintf("d%d/e%d/f%d.txt", rng.IntN(6), rng.IntN(4), i)
		if rng.IntN(10) == 0 {
			p = fmt.Sprintf("top%d.txt", i)
		}
		files = append(files, p)
		r.write(p, fmt.Sprintf("file %d\n", i))
	}
	r.commitAll("base")
	for round := range 6 {
		if round == 3 {
			r.git("update-index", "--index-version", "4")
		}
		for range 1 + rng.IntN(8) {
			p := files[rng.IntN(len(files))]
			full := filepath.Join(r.dir, p)
			switch rng.IntN(5) {
			case 0:
				os.Remove(full)
			case 1:
				r.write(p, fmt.Sprintf("changed %d\n", rng.Int()))
			case 2: // a directory where a file was
				os.Remove(full)
				r.write(p+"/inner.txt", "a file where a file was\n")
			case 3: // a file where a directory was
				dir := filepath.Dir(full)
				if dir != r.dir {
					os.RemoveAll(dir)
					r.write(filepath.Dir(p), "a file where a directory was\n")
				}
			default:
				r.write(fmt.Sprintf("d%d/new%d.txt", rng.IntN(8), rng.Int()), "new\n")
			}
		}
		r.git("add", "-A")
		want := strings.Fields(r.git("diff", "--cached", "--no-renames", "--name-only"))
		sort.Strings(want)
		objs, idx, head := openStaged(t, r.dir)
		if idx.Tree() == nil {
			t.Fatalf("round %d: git wrote no cache tree", round)
		}
		for _, withTree := range []bool{true, false} {
			d := newIndexDiff(objs, idx)
			if !withTree {
				d.cacheTree = nil
			}
			if err := d.run(head); err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, c := range d.changes {
				got = append(got, c.path)
			}
			for _, x := range d.deleted {
				got = append(got, x.path)
			}
			sort.Strings(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("round %d, cache tree %v: changed paths (-git +ours):\n%s", round, withTree, diff)
			}
		}
		r.git("commit", "-q", "-m", fmt.Sprint("round ", round))
	}
}

// TestIndexDiffReadsFewTrees checks that a one-file change reads only the
// HEAD trees on its path, thanks to the cache tree.
func TestIndexDiffReadsFewTrees(t *testing.T) {
	r := newStRepo(t)
	for i := range 200 {
		r.write(fmt.Sprintf("a%d/b%d/f%d.txt", i%10, i%7, i), "x\n")
	}
	r.commitAll("base")
	r.write("a3/b3/f3.txt", "changed\n")
	r.git("add", "a3/b3/f3.txt")
	objs, idx, head := openStaged(t, r.dir)
	d := newIndexDiff(objs, idx)
	if err := d.run(head); err != nil {
		t.Fatal(err)
	}
	if len(d.changes) != 1 || d.changes[0].path != "a3/b3/f3.txt" {
		t.Fatalf("changes = %+v", d.changes)
	}
	if len(d.trees) != 3 {
		t.Errorf("read %d trees, want 3 (root, a3, a3/b3)", len(d.trees))
	}
}

// openStaged opens what the staged source reads in the repository at dir:
// its object store, index and HEAD's tree. They are closed when the test
// ends.
func openStaged(t *testing.T, dir string) (*git.Store, *git.Index, git.ID) {
	t.Helper()
	repo, err := git.Find(dir, git.FindOptions{WorkTree: true})
	if err != nil {
		t.Fatal(err)
	}
	idx, err := git.ReadIndex(repo.IndexFile)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(idx.Close)
	objs, _ := git.OpenStore(repo.ObjectDirs)
	t.Cleanup(objs.Close)
	head, err := headTree(repo, objs)
	if err != nil {
		t.Fatal(err)
	}
	return objs, idx, head
}
