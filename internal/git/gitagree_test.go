package git

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestParsersAgreeWithGit makes objects, an index in each version and
// packed-refs with git, and checks the parsers the fuzz targets cover
// against what git prints for them: commits (git log), trees (git
// ls-tree), tags (git cat-file), the index (git ls-files --stage),
// packed-refs (git for-each-ref) and the pack index (git show-index).
func TestParsersAgreeWithGit(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.txt", "a\n")
	r.write("dir/sub/b.txt", "b\n")
	r.write("dir/c.sh", "#!/bin/sh\n")
	os.Chmod(filepath.Join(r.dir, "dir/c.sh"), 0o755)
	os.Symlink("a.txt", filepath.Join(r.dir, "link"))
	r.commitAll("first\n\nwith a body")
	r.git("checkout", "-q", "-b", "side")
	r.write("side.txt", "side\n")
	r.commitAll("side")
	r.git("checkout", "-q", "main")
	r.write("a.txt", "a2\n")
	r.commitAll("second")
	r.git("merge", "-q", "--no-ff", "-m", "merge side", "side")
	r.git("tag", "-a", "-m", "annotated", "v1")
	r.git("tag", "-a", "-m", "tag of a tag", "v1-again", "v1")
	r.git("tag", "light")

	repo, err := Find(r.dir, FindOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s, bad := OpenStore(repo.ObjectDirs)
	if len(bad) > 0 {
		t.Fatal(bad[0])
	}
	defer s.Close()
	read := func(h string) []byte {
		t.Helper()
		id, _ := ParseID(h)
		_, data, err := s.Read(id)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}

	// Commits.
	for _, line := range strings.Split(r.git("log", "--all", "--format=%H|%T|%P|%an|%ae|%at|%ct"), "\n") {
		f := strings.Split(line, "|")
		id, _ := ParseID(f[0])
		c, err := ParseCommit(id, read(f[0]))
		if err != nil {
			t.Fatal(err)
		}
		var parents []string
		for _, p := range c.Parents {
			parents = append(parents, p.String())
		}
		got := strings.Join([]string{c.ID.String(), c.Tree.String(), strings.Join(parents, " "), c.Author, c.Email, fmt.Sprint(c.Date.Unix()), fmt.Sprint(c.CTime)}, "|")
		if got != line {
			t.Errorf("commit:\n got %s\nwant %s", got, line)
		}
	}
	// Trees, recursively.
	for _, tree := range strings.Fields(r.git("log", "--all", "--format=%T")) {
		for _, h := range append([]string{tree}, strings.Fields(r.git("ls-tree", "-r", "-d", "--format=%(objectname)", tree))...) {
			var got []string
			if err := EachTreeEntry(read(h), func(e *TreeEntry) {
				kind := "blob"
				switch {
				case e.IsTree():
					kind = "tree"
				case e.Mode == ModeGitlink:
					kind = "commit"
				}
				got = append(got, fmt.Sprintf("%06o %s %s\t%s", e.Mode, kind, e.ID, e.Name))
			}); err != nil {
				t.Fatal(err)
			}
			if want := r.git("ls-tree", h); strings.Join(got, "\n") != want {
				t.Errorf("tree %s:\n got %s\nwant %s", h, strings.Join(got, "\n"), want)
			}
		}
	}
	// Tags, and a tag of a tag.
	for _, name := range []string{"v1", "v1-again"} {
		h := r.git("rev-parse", name)
		id, ok := ParseTag(read(h))
		if want := strings.TrimPrefix(strings.SplitN(r.git("cat-file", "-p", h), "\n", 2)[0], "object "); !ok || id.String() != want {
			t.Errorf("tag %s: object %s, want %s", name, id, want)
		}
	}
	// The index in versions 2, 3 (an intent-to-add entry) and 4.
	r.write("new.txt", "new\n")
	r.git("add", "-N", "new.txt")
	for _, v := range []string{"2", "3", "4"} {
		r.git("update-index", "--index-version", v)
		idx, err := ReadIndex(filepath.Join(r.dir, ".git", "index"))
		if err != nil {
			t.Fatalf("version %s: %v", v, err)
		}
		var got []string
		for i := 0; i < idx.Len(); i++ {
			e := idx.Entry(i)
			got = append(got, fmt.Sprintf("%06o %s %d\t%s", e.Mode, e.ID, e.Stage, idx.Name(i)))
		}
		idx.Close()
		if want := r.git("ls-files", "--stage"); strings.Join(got, "\n") != want {
			t.Errorf("index version %s:\n got %s\nwant %s", v, strings.Join(got, "\n"), want)
		}
	}
	// packed-refs.
	r.git("pack-refs", "--all")
	data, err := os.ReadFile(filepath.Join(r.dir, ".git", "packed-refs"))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]ID{}
	parsePackedRefs(data, m)
	for _, line := range strings.Split(r.git("for-each-ref", "--format=%(objectname) %(refname)"), "\n") {
		h, name, _ := strings.Cut(line, " ")
		if m[name].String() != h {
			t.Errorf("packed ref %s = %s, want %s", name, m[name], h)
		}
	}
	// The pack index, after a gc.
	r.git("gc", "-q")
	idxName := packName(t, r.dir)
	p, err := openPack(strings.TrimSuffix(idxName, ".idx")+".pack", true)
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	cmd := exec.Command("git", "show-index")
	cmd.Stdin = bytes.NewReader(p.idx.b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for pos := 0; pos < p.n; pos++ {
		got = append(got, fmt.Sprintf("%d %s", p.offset(pos), p.ID(pos)))
	}
	var want []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		want = append(want, f[0]+" "+f[1])
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("pack index:\n got %s\nwant %s", got, want)
	}
}
