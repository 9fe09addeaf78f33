package git

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// lsFiles lists idx as `git ls-files -s` does: mode, id, stage, path.
func lsFiles(idx *Index) string {
	var b strings.Builder
	for i := range idx.Len() {
		e := idx.Entry(i)
		fmt.Fprintf(&b, "%06o %s %d\t%s\n", e.Mode, e.ID, e.Stage, idx.Name(i))
	}
	return b.String()
}

// TestSplitIndex reads indexes that git splits (core.splitIndex): shared
// entries deleted, replaced and kept, entries added, in index versions 2,
// 3 (intent-to-add sets the extended flags) and 4, and compares every
// entry with git's own listing.
func TestSplitIndex(t *testing.T) {
	for _, version := range []string{"2", "3", "4"} {
		t.Run("v"+version, func(t *testing.T) {
			r := newTestRepo(t)
			for i := range 40 {
				r.write(fmt.Sprintf("dir%d/f%02d.txt", i%4, i), fmt.Sprintf("file %d\n", i))
			}
			r.write("top.txt", "top\n")
			r.commitAll("one")
			r.git("update-index", "--index-version", version)
			r.git("update-index", "--split-index")
			shared, _ := filepath.Glob(filepath.Join(r.dir, ".git", "sharedindex.*"))
			if len(shared) != 1 {
				t.Fatalf("git wrote shared indexes %v, want one", shared)
			}
			// Changes go to the split file: replace, delete, add.
			r.write("dir1/f05.txt", "changed\n")
			r.write("dir0/f00.txt", "changed too\n")
			r.write("new/added.txt", "new\n")
			r.write("dir2/f02a.txt", "between\n")
			r.git("add", "dir1/f05.txt", "dir0/f00.txt", "new/added.txt", "dir2/f02a.txt")
			r.git("rm", "-q", "--cached", "dir3/f07.txt", "top.txt")
			if version != "2" {
				r.write("later.txt", "later\n")
				r.git("add", "-N", "later.txt")
			}
			idx, err := ReadIndex(filepath.Join(r.dir, ".git", "index"))
			if err != nil {
				t.Fatalf("ReadIndex: %v", err)
			}
			defer idx.Close()
			want := r.git("ls-files", "-s") + "\n"
			if d := cmp.Diff(want, lsFiles(idx)); d != "" {
				t.Errorf("entries (-git +ours):\n%s", d)
			}
			if version != "2" {
				i := strings.Count(want[:strings.Index(want, "later.txt")], "\n")
				if !idx.Entry(i).IntentToAdd {
					t.Errorf("later.txt lost its intent-to-add flag")
				}
			}
			// The index file is still split (ParseIndex reads its own part).
			own, err := os.ReadFile(filepath.Join(r.dir, ".git", "index"))
			if err != nil {
				t.Fatal(err)
			}
			if part, err := ParseIndex(own); err != nil || part.link == nil {
				t.Fatalf("the index is not split (%v)", err)
			}
			// Without its shared index it is malformed, not empty.
			if err := os.Rename(shared[0], shared[0]+".gone"); err != nil {
				t.Fatal(err)
			}
			if _, err := ReadIndex(filepath.Join(r.dir, ".git", "index")); !errors.Is(err, ErrBadIndex) {
				t.Errorf("split index without its shared index: err %v, want ErrBadIndex", err)
			}
		})
	}
}

// TestEWAH checks the bitmap decoder on hand-made bitmaps, including runs
// and bits past the number of entries.
func TestEWAH(t *testing.T) {
	be32 := func(v uint32) []byte { return []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)} }
	be64 := func(v uint64) []byte { return append(be32(uint32(v>>32)), be32(uint32(v))...) }
	bitmap := func(words ...uint64) []byte {
		b := append(be32(0), be32(uint32(len(words)))...)
		for _, w := range words {
			b = append(b, be64(w)...)
		}
		return append(b, be32(0)...)
	}
	rlw := func(bit uint64, run, lits uint64) uint64 { return bit | run<<1 | lits<<33 }
	cases := []struct {
		name  string
		b     []byte
		limit int
		want  []int
		err   bool
	}{
		{"empty", bitmap(), 10, nil, false},
		{"literal", bitmap(rlw(0, 0, 1), 1<<3|1<<5), 10, []int{3, 5}, false},
		{"zeros then literal", bitmap(rlw(0, 1, 1), 1), 100, []int{64}, false},
		{"ones run", bitmap(rlw(1, 1, 0)), 64, intRange(64), false},
		{"ones past limit", bitmap(rlw(1, 1, 0)), 63, nil, true},
		{"huge ones run", bitmap(rlw(1, 0xffffffff, 0)), 100, nil, true},
		{"huge zero run then a bit", bitmap(rlw(0, 0xffffffff, 1), 1), 100, nil, true},
		{"literal past limit", bitmap(rlw(0, 0, 1), 1<<9), 9, nil, true},
		{"missing literal word", bitmap(rlw(0, 0, 2), 1), 100, nil, true},
		{"word count too large", append(be32(0), be32(1000)...), 100, nil, true},
	}
	for _, c := range cases {
		var got []int
		n, err := ewahEach(c.b, c.limit, func(p int) { got = append(got, p) })
		if (err != nil) != c.err {
			t.Errorf("%s: err %v, want error %v", c.name, err, c.err)
			continue
		}
		if err == nil && (n != len(c.b) || !cmp.Equal(got, c.want, cmp.Comparer(func(a, b []int) bool { return fmt.Sprint(a) == fmt.Sprint(b) }))) {
			t.Errorf("%s: bits %v (%d bytes), want %v (%d bytes)", c.name, got, n, c.want, len(c.b))
		}
	}
}

func intRange(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
