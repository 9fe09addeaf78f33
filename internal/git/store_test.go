package git

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestObjectStoreMatchesGit reads every object of a repository with the
// object store, as the staged source opens it (packs unsorted) and as a
// history scan does (sorted into storage order), and compares it with
// `git cat-file --batch`: loose, packed with offset deltas, packed with
// hash deltas, and through an alternate object directory.
func TestObjectStoreMatchesGit(t *testing.T) {
	r := newTestRepo(t)
	body := strings.Repeat("a line that stays the same in every revision\n", 200)
	for i := range 40 {
		r.write(fmt.Sprintf("dir%d/file.txt", i%3), fmt.Sprintf("%srevision %d\n%s", body, i, body))
		r.write("big.txt", strings.Repeat(fmt.Sprintf("%d", i), 30000))
		r.commitAll(fmt.Sprint("c", i))
	}
	check := func(name, repoDir string) {
		t.Helper()
		repo, err := Find(repoDir, FindOptions{WorkTree: true})
		if err != nil {
			t.Fatal(err)
		}
		all, big := catAll(t, repoDir), r.git("rev-parse", "HEAD:big.txt")
		for _, sorted := range []bool{false, true} {
			objs, bad := OpenStore(repo.ObjectDirs)
			if len(bad) > 0 {
				t.Fatal(bad[0])
			}
			if sorted {
				objs.SortPacks()
			}
			checkStore(t, fmt.Sprintf("%s, sorted %v", name, sorted), objs, all, big)
			objs.Close()
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
	r.gitIn(clone, "clone", "-q", "--shared", r.dir, ".")
	check("alternates", clone)
}

// checkStore reads every object of all with objs, and the blob big with a
// limit under its size.
func checkStore(t *testing.T, name string, objs *Store, all map[ID]catObj, big string) {
	t.Helper()
	n := 0
	for h, want := range all {
		typ, size, err := objs.Size(h)
		if err != nil || TypeName(typ) != want.typ || size != int64(len(want.data)) {
			t.Fatalf("%s: size %s = %s %d %v, want %s %d", name, h, TypeName(typ), size, err, want.typ, len(want.data))
		}
		typ, data, err := objs.Read(h)
		if err != nil || TypeName(typ) != want.typ || !bytes.Equal(data, want.data) {
			t.Fatalf("%s: read %s: %s %v, content equal %v", name, h, TypeName(typ), err, bytes.Equal(data, want.data))
		}
		n++
	}
	missing, _ := ParseID(strings.Repeat("ab", 20))
	if _, _, err := objs.Read(missing); !errors.Is(err, ErrMissing) {
		t.Errorf("%s: a missing object: err = %v", name, err)
	}
	bigID, _ := ParseID(big)
	var tl *TooLargeError
	if _, _, err := objs.ReadMax(bigID, 1000); !errors.As(err, &tl) || tl.Limit != 1000 || tl.Size != int64(len(all[bigID].data)) {
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
func catAll(t *testing.T, dir string) map[ID]catObj {
	t.Helper()
	cmd := exec.Command("git", "cat-file", "--batch-all-objects", "--batch")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	objs := map[ID]catObj{}
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
		id, _ := ParseID(f[0])
		objs[id] = catObj{f[1], data[:size]}
	}
}
