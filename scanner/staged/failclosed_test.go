package staged

import (
	"bytes"
	"compress/zlib"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStagedFailsClosed checks that a staged scan fails (the command exits
// 2 and the hook blocks the commit) when it cannot read what it must check,
// instead of passing with a skip.
func TestStagedFailsClosed(t *testing.T) {
	// looseObject returns the loose object file of the object at rev.
	looseObject := func(r *stRepo, rev string) string {
		id := r.git("rev-parse", rev)
		return filepath.Join(r.dir, ".git", "objects", id[:2], id[2:])
	}
	replace := func(t *testing.T, name string, data []byte) {
		t.Helper()
		if err := os.Remove(name); err != nil {
			t.Fatal(err)
		}
		if data != nil {
			if err := os.WriteFile(name, data, 0o444); err != nil {
				t.Fatal(err)
			}
		}
	}
	deflate := func(s string) []byte {
		var b bytes.Buffer
		w := zlib.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.Bytes()
	}
	cases := []struct {
		name   string
		break_ func(t *testing.T, r *stRepo)
		want   []string
	}{
		{"staged blob deleted", func(t *testing.T, r *stRepo) {
			replace(t, looseObject(r, ":new.py"), nil)
		}, []string{"cannot read 1 staged file", "new.py: ", "missing object", "commit is blocked"}},
		{"staged blob garbage", func(t *testing.T, r *stRepo) {
			replace(t, looseObject(r, ":new.py"), []byte("not zlib at all"))
		}, []string{"cannot read 1 staged file", "new.py: "}},
		{"staged blob truncated", func(t *testing.T, r *stRepo) {
			replace(t, looseObject(r, ":new.py"), deflate("blob 500\x00x = 1\n"))
		}, []string{"cannot read 1 staged file", "new.py: "}},
		{"two staged blobs deleted", func(t *testing.T, r *stRepo) {
			r.write("other.py", "y = 2\n")
			r.git("add", "other.py")
			replace(t, looseObject(r, ":new.py"), nil)
			replace(t, looseObject(r, ":other.py"), nil)
		}, []string{"cannot read 2 staged files", "new.py: ", "other.py: "}},
		{"HEAD tree deleted", func(t *testing.T, r *stRepo) {
			replace(t, looseObject(r, "HEAD^{tree}"), nil)
		}, []string{"read tree", "missing object"}},
		{"HEAD commit deleted", func(t *testing.T, r *stRepo) {
			replace(t, looseObject(r, "HEAD"), nil)
		}, []string{"read commit", "missing object"}},
		{"index garbage", func(t *testing.T, r *stRepo) {
			stWriteFile(t, filepath.Join(r.dir, ".git", "index"), "DIRC garbage")
		}, []string{"read index", "malformed index"}},
		{"index truncated", func(t *testing.T, r *stRepo) {
			name := filepath.Join(r.dir, ".git", "index")
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			stWriteFile(t, name, string(b[:len(b)/2]))
		}, []string{"read index", "malformed index"}},
		{".git file points nowhere", func(t *testing.T, r *stRepo) {
			if err := os.RemoveAll(filepath.Join(r.dir, ".git")); err != nil {
				t.Fatal(err)
			}
			stWriteFile(t, filepath.Join(r.dir, ".git"), "gitdir: "+filepath.Join(r.dir, "gone")+"\n")
		}, []string{"points to", "not a git directory"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newStRepo(t)
			r.write("lib/old.py", "x = 0\n")
			r.commitAll("one")
			r.write("new.py", stLines("x = 1", k("fail-closed")))
			r.git("add", "new.py")
			c.break_(t, r)
			res, err := runStagedErr(r.dir, Options{})
			if err == nil {
				t.Fatalf("the scan passed (findings %v, skipped %v); want an error", stWhere(res, "fail-closed"), res.Skipped)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// TestStagedTooLargeStillPasses: a staged blob over the size cap is a
// decision (it was sized), not a read failure; it is skipped as before.
func TestStagedTooLargeStillPasses(t *testing.T) {
	r := newStRepo(t)
	r.write("big.txt", strings.Repeat("abcdefghi\n", 300))
	r.write("small.py", "x = 1\n")
	r.git("add", "-A")
	res, err := runStagedErr(r.dir, Options{MaxFileSize: 1000})
	if err != nil {
		t.Fatalf("staged scan with a blob over the cap: %v", err)
	}
	if len(res.Skipped) != 1 || res.Stats.Files != 1 {
		t.Errorf("skipped %v, scanned %d; want big.txt skipped and small.py scanned", res.Skipped, res.Stats.Files)
	}
}

// TestStagedSplitIndex: with a split index (core.splitIndex) a staged scan
// reads the shared index and the split file's changes, instead of failing
// on every commit.
func TestStagedSplitIndex(t *testing.T) {
	r := newStRepo(t)
	r.git("config", "core.splitIndex", "true")
	for i := range 20 {
		r.write(filepath.Join("src", string(rune('a'+i))+".py"), stLines("x = 1", "y = 2"))
	}
	r.write("old.py", stLines("a", k("committed")))
	r.commitAll("one")
	if shared, _ := filepath.Glob(filepath.Join(r.dir, ".git", "sharedindex.*")); len(shared) == 0 {
		t.Fatal("git wrote no shared index")
	}
	r.write("src/c.py", stLines("x = 1", k("changed"), "y = 2"))
	r.write("new/app.py", stLines(k("added")))
	r.git("rm", "-q", "--cached", "src/d.py")
	r.git("add", "src/c.py", "new/app.py")
	res := stScan(t, r.dir, Options{})
	wantFindings(t, res, []string{"new/app.py:1 added", "src/c.py:2 changed"}, "added", "changed")
	if len(res.Skipped) != 0 {
		t.Errorf("skipped %v", res.Skipped)
	}
	r.commitAll("two")
	wantFindings(t, stScan(t, r.dir, Options{}), nil)
}
