package scanner

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestObjectStoreMatchesGit reads every object of a repository with the
// object store, as the staged source opens it (packs unsorted) and as a
// history scan does (sorted into storage order), and compares it with
// `git cat-file --batch`: loose, packed with offset deltas, packed with
// hash deltas, and through an alternate object directory.
func TestObjectStoreMatchesGit(t *testing.T) {
	r := newStRepo(t)
	body := strings.Repeat("a line that stays the same in every revision\n", 200)
	for i := range 40 {
		r.write(fmt.Sprintf("dir%d/file.txt", i%3), fmt.Sprintf("%srevision %d\n%s", body, i, body))
		r.write("big.txt", strings.Repeat(fmt.Sprintf("%d", i), 30000))
		r.commitAll(fmt.Sprint("c", i))
	}
	check := func(name, repoDir string) {
		t.Helper()
		wt, err := findWorkTree(repoDir)
		if err != nil {
			t.Fatal(err)
		}
		all, big := catAll(t, repoDir), r.git("rev-parse", "HEAD:big.txt")
		for _, sorted := range []bool{false, true} {
			objs := openObjects(wt)
			if sorted {
				for _, p := range objs.packs {
					p.sortByOffset()
				}
			}
			checkStore(t, fmt.Sprintf("%s, sorted %v", name, sorted), objs, all, big)
			objs.close()
		}
	}
	check("loose", r.dir)
	r.git("gc", "-q", "--aggressive")
	if !strings.Contains(r.git("verify-pack", "-v", packName(t, r.dir)), "chain length") {
		t.Fatal("gc made no deltas")
	}
	check("offset deltas", r.dir)
	r.git("-c", "repack.useDeltaBaseOffset=false", "repack", "-q", "-a", "-d", "-f")
	check("hash deltas", r.dir)

	clone := t.TempDir()
	r.gitIn(clone, nil, "clone", "-q", "--shared", r.dir, ".")
	check("alternates", clone)
}

// checkStore reads every object of all with objs, and the blob big with a
// limit under its size.
func checkStore(t *testing.T, name string, objs *gitStore, all map[plumbing.Hash]catObj, big string) {
	t.Helper()
	n := 0
	for h, want := range all {
		typ, size, err := objs.size(gitID(h))
		if err != nil || gitTypeName(typ) != want.typ || size != int64(len(want.data)) {
			t.Fatalf("%s: size %s = %s %d %v, want %s %d", name, h, gitTypeName(typ), size, err, want.typ, len(want.data))
		}
		typ, data, err := objs.read(gitID(h))
		if err != nil || gitTypeName(typ) != want.typ || !bytes.Equal(data, want.data) {
			t.Fatalf("%s: read %s: %s %v, content equal %v", name, h, gitTypeName(typ), err, bytes.Equal(data, want.data))
		}
		n++
	}
	if _, _, err := objs.read(gitID(plumbing.NewHash(strings.Repeat("ab", 20)))); err == nil {
		t.Errorf("%s: a missing object was read", name)
	}
	if _, _, err := objs.readMax(gitID(plumbing.NewHash(big)), 1000); err == nil || !strings.Contains(err.Error(), ErrTooLarge.Error()) {
		t.Errorf("%s: a blob over the limit: err = %v", name, err)
	}
	t.Logf("%s: %d objects", name, n)
}

func packName(t *testing.T, dir string) string {
	names, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.idx"))
	if len(names) != 1 {
		t.Fatalf("packs: %v", names)
	}
	return names[0]
}

type catObj struct {
	typ  string
	data []byte
}

// catAll returns every object of the repository in dir, read by git.
func catAll(t *testing.T, dir string) map[plumbing.Hash]catObj {
	t.Helper()
	cmd := exec.Command("git", "cat-file", "--batch-all-objects", "--batch")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	objs := map[plumbing.Hash]catObj{}
	br := bufio.NewReader(bytes.NewReader(out))
	for {
		line, err := br.ReadString('\n')
		if err == io.EOF {
			return objs
		}
		f := strings.Fields(line)
		size, _ := strconv.Atoi(f[2])
		data := make([]byte, size+1)
		if _, err := io.ReadFull(br, data); err != nil {
			t.Fatal(err)
		}
		objs[plumbing.NewHash(f[0])] = catObj{f[1], data[:size]}
	}
}
