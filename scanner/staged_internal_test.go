package scanner

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
		wt, err := findWorkTree(r.dir)
		if err != nil {
			t.Fatal(err)
		}
		idx, err := readIndex(filepath.Join(wt.gitDir, "index"))
		if err != nil {
			t.Fatal(err)
		}
		if idx.tree == nil {
			t.Fatalf("round %d: git wrote no cache tree", round)
		}
		objs := openObjects(wt)
		defer objs.close()
		head, err := headTree(openRefs(wt), objs)
		if err != nil {
			t.Fatal(err)
		}
		for _, withTree := range []bool{true, false} {
			if !withTree {
				idx.tree = nil
			}
			d := newIndexDiff(objs, idx)
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
	wt, _ := findWorkTree(r.dir)
	idx, err := readIndex(filepath.Join(wt.gitDir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	objs := openObjects(wt)
	defer objs.close()
	head, _ := headTree(openRefs(wt), objs)
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

func TestParseIndexErrors(t *testing.T) {
	r := newStRepo(t)
	r.write("a.txt", "a\n")
	r.git("add", "a.txt")
	good, err := os.ReadFile(filepath.Join(r.dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parseIndex(good); err != nil {
		t.Fatalf("good index: %v", err)
	}
	many := slices.Clone(good)
	many[11] = 200 // entry count
	for name, data := range map[string][]byte{
		"count":     many,
		"truncated": good[:30],
		"header":    append([]byte("XXXX"), good[4:]...),
	} {
		if _, err := parseIndex(data); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestAddedLines checks the Myers diff against a dynamic-programming LCS on
// random inputs: the kept lines must be a common subsequence of the
// longest length, and the fallback must keep counts.
func TestAddedLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	gen := func(n int) [][]byte {
		ls := make([][]byte, n)
		for i := range ls {
			ls[i] = []byte(string(rune('a' + rng.IntN(5))))
		}
		return ls
	}
	for i := range 500 {
		a, b := gen(rng.IntN(40)), gen(rng.IntN(40))
		added, removed := addedLines(a, b)
		var keptA, keptB []string
		for j, l := range a {
			if !removed[j] {
				keptA = append(keptA, string(l))
			}
		}
		for j, l := range b {
			if !added[j] {
				keptB = append(keptB, string(l))
			}
		}
		if !slices.Equal(keptA, keptB) {
			t.Fatalf("case %d: kept lines differ: %q vs %q", i, keptA, keptB)
		}
		if len(keptA) != lcsLen(a, b) {
			t.Fatalf("case %d: kept %d lines, LCS is %d", i, len(keptA), lcsLen(a, b))
		}
	}
	// Past maxDiffEdits, lines are matched by content.
	var a, b [][]byte
	for i := range 3 * maxDiffEdits {
		a = append(a, fmt.Appendf(nil, "old %d", i))
		b = append(b, fmt.Appendf(nil, "new %d", i))
	}
	b[5] = []byte("old 7")
	added, _ := addedLines(a, b)
	if added[5] || !added[4] || !added[6] {
		t.Errorf("fallback: added[4:7] = %v, want true false true", added[4:7])
	}
}

func lcsLen(a, b [][]byte) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if string(a[i]) == string(b[j]) {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}
