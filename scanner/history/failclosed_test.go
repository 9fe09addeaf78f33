package history

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/scanner"
)

// failRepo is a packed repository with one key.
func failRepo(t *testing.T) (*testRepo, string, string) {
	r := newTestRepo(t)
	key := testKey("fail-closed")
	r.write("app.py", keyFile(key))
	r.write("b.txt", "nothing\n")
	c := r.commit("add key")
	r.git("gc", "-q")
	return r, key, c
}

// TestFailClosedNothingReadable: a repository whose objects all live in an
// alternate that is gone, or whose only pack is cut to 100 bytes, is not
// clean: the source fails (exit 2 at the command line) and says why.
// Before, both scanned 0 files and reported "no CAMB.AI keys found", the
// first without a word about the alternate.
func TestFailClosedNothingReadable(t *testing.T) {
	cases := map[string]func(t *testing.T, r *testRepo) (dir, want string){
		"missing alternate": func(t *testing.T, r *testRepo) (string, string) {
			clone := filepath.Join(t.TempDir(), "shared")
			r.git("clone", "-q", "--shared", r.dir, clone)
			gone := r.dir + "-gone"
			if err := os.Rename(r.dir, gone); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Rename(gone, r.dir) })
			return clone, "alternate object directory does not exist"
		},
		"truncated pack": func(t *testing.T, r *testRepo) (string, string) {
			packs, _ := filepath.Glob(filepath.Join(r.dir, ".git", "objects", "pack", "*.pack"))
			if len(packs) != 1 {
				t.Fatalf("packs = %v", packs)
			}
			if err := os.Truncate(packs[0], 100); err != nil {
				t.Fatal(err)
			}
			return r.dir, "corrupt object"
		},
	}
	for name, setup := range cases {
		for _, backend := range []string{"go", "exec"} {
			t.Run(name+"/"+backend, func(t *testing.T) {
				r, _, _ := failRepo(t)
				dir, want := setup(t, r)
				src := NewSource(dir, Options{Backend: backend})
				defer src.(interface{ Close() error }).Close()
				res, err := runOne(src)
				if !errors.Is(err, scanner.ErrNothingReadable) || !strings.Contains(err.Error(), want) {
					t.Fatalf("scan error = %v, want nothing readable ... %s (findings %v, skipped %v)", err, want, res.Findings, res.Skipped)
				}
			})
		}
	}
}

// TestFailClosedBadRef: a ref whose tip is missing or corrupt is reported
// as a skip and a warning naming the ref; the rest of the repository is
// still scanned. Before, such refs were silently ignored.
func TestFailClosedBadRef(t *testing.T) {
	for _, backend := range []string{"go", "exec"} {
		r, key, c := failRepo(t)
		missing := "1234567890123456789012345678901234567890"
		if err := os.WriteFile(filepath.Join(r.dir, ".git", "refs", "heads", "gone"), []byte(missing+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		// A loose commit whose content does not inflate.
		bad := "abcdef0123456789abcdef0123456789abcdef01"
		if err := os.MkdirAll(filepath.Join(r.dir, ".git", "objects", bad[:2]), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(looseFile(r, bad), []byte("x\x9c not zlib at all"), 0o444); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(r.dir, ".git", "refs", "heads", "broken"), []byte(bad+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		src := NewSource(r.dir, Options{Backend: backend})
		res, err := runOne(src)
		warnings := src.(scanner.Warner).Warnings()
		src.(interface{ Close() error }).Close()
		if err != nil {
			t.Fatalf("%s: %v", backend, err)
		}
		wantBriefs(t, res, brief{Key: key, Path: "app.py", Commit: c, Occurrences: 1, Reachable: true})
		for _, ref := range []string{"refs/heads/gone", "refs/heads/broken"} {
			found := false
			for _, s := range res.Skipped {
				found = found || s.Path == "ref "+ref
			}
			if !found {
				t.Errorf("%s: no skip for %s in %v", backend, ref, res.Skipped)
			}
			if !strings.Contains(strings.Join(warnings, "\n"), "ref "+ref+" points to") {
				t.Errorf("%s: no warning for %s in %q", backend, ref, warnings)
			}
		}
	}
}
