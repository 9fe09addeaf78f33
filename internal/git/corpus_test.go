package git

import (
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteFuzzCorpus rewrites the seed corpora in testdata/fuzz from real
// objects: this repository's own history (commits, trees, tags, small
// blobs, its index) and a pack, pack indexes (versions 1 and 2), index
// files (versions 2, 3 and 4, with the extensions git writes) and
// packed-refs that git makes in a temporary repository. It runs only with
// CAMBSCAN_FUZZ_CORPUS=1:
//
//	CAMBSCAN_FUZZ_CORPUS=1 go test -run TestWriteFuzzCorpus ./internal/git
func TestWriteFuzzCorpus(t *testing.T) {
	if os.Getenv("CAMBSCAN_FUZZ_CORPUS") != "1" {
		t.Skip("set CAMBSCAN_FUZZ_CORPUS=1 to rewrite the seed corpora")
	}
	top, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	self := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = top
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git %v: %v", args, err)
		}
		return out
	}
	seeds := map[string][][]any{}
	add := func(target string, args ...any) { seeds[target] = append(seeds[target], args) }

	// This repository's objects: 24 commits spread over its history, their
	// root trees and a subtree each, its annotated tags, small blobs.
	commits := strings.Fields(string(self("rev-list", "--all")))
	step := max(1, len(commits)/24)
	for i := 0; i < len(commits); i += step {
		c := commits[i]
		data := self("cat-file", "commit", c)
		add("FuzzCommit", data)
		add("FuzzLooseObject", looseBytes("commit", data))
		tree := strings.TrimSpace(string(self("rev-parse", c+"^{tree}")))
		tdata := self("cat-file", "tree", tree)
		add("FuzzTreeEntries", tdata)
		if i%(2*step) == 0 {
			add("FuzzLooseObject", looseBytes("tree", tdata))
		}
	}
	for _, tag := range strings.Fields(string(self("for-each-ref", "--format=%(objectname) %(objecttype)", "refs/tags"))) {
		if tag != "tag" && len(tag) == 40 && strings.TrimSpace(string(self("cat-file", "-t", tag))) == "tag" {
			add("FuzzTag", self("cat-file", "tag", tag))
		}
	}
	for _, line := range strings.Split(string(self("ls-tree", "-r", "-l", "HEAD")), "\n")[:60] {
		f := strings.Fields(line)
		if len(f) >= 4 && f[1] == "blob" && len(f[3]) < 5 {
			if blob := self("cat-file", "blob", f[2]); len(blob) < 2000 && len(seeds["FuzzLooseObject"]) < 48 {
				add("FuzzLooseObject", looseBytes("blob", blob))
			}
		}
	}
	if idx, err := os.ReadFile(strings.TrimSpace(string(self("rev-parse", "--git-path", "index")))); err == nil {
		add("FuzzIndex", idx)
	}

	// A pack, its index in both versions, deltas, index files and
	// packed-refs made by git.
	r := newTestRepo(t)
	body := strings.Repeat("a line that stays the same in every revision\n", 40)
	for i := range 12 {
		r.write(fmt.Sprintf("d%d/f.txt", i%3), fmt.Sprintf("%srevision %d\n%s", body, i, body))
		r.commitAll(fmt.Sprint("c", i))
	}
	r.git("tag", "-a", "-m", "annotated", "v1")
	r.git("tag", "-a", "-m", "tag of a tag", "v1-again", "v1")
	add("FuzzTag", []byte(r.git("cat-file", "tag", "v1")+"\n"))
	add("FuzzTag", []byte(r.git("cat-file", "tag", "v1-again")+"\n"))
	for _, ofs := range []bool{true, false} {
		dir := t.TempDir()
		args := []string{"pack-objects", "-q", "--all", "--revs", filepath.Join(dir, "p")}
		if ofs {
			args = append(args[:1], append([]string{"--delta-base-offset"}, args[1:]...)...)
		}
		cmd := exec.Command("git", args...)
		cmd.Dir = r.dir
		cmd.Stdin = strings.NewReader("")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pack-objects: %v %s", err, out)
		}
		packs, _ := filepath.Glob(filepath.Join(dir, "p-*.pack"))
		pack, _ := os.ReadFile(packs[0])
		idx, _ := os.ReadFile(strings.TrimSuffix(packs[0], ".pack") + ".idx")
		add("FuzzPackWalk", pack, idx)
		add("FuzzIdx", idx)
		if ofs {
			v1 := r.git("index-pack", "--index-version=1", "-o", filepath.Join(dir, "v1.idx"), packs[0])
			_ = v1
			idx1, _ := os.ReadFile(filepath.Join(dir, "v1.idx"))
			add("FuzzIdx", idx1)
			p := memPack(pack, idx)
			if p == nil {
				t.Fatal("git's pack does not open")
			}
			s := &Store{packs: []*Pack{p}, cache: newBaseCache(4 << 20), limits: DefaultLimits()}
			s.SortPacks()
			var z inflater
			for rank := 0; rank < p.n; rank++ {
				e, err := p.header(rank)
				if err != nil {
					t.Fatal(err)
				}
				off := p.offset(p.Pos(rank))
				if rank < 24 {
					add("FuzzPackEntryHeader", pack[:min(len(pack), int(e.data)+16)], uint32(off))
				}
				if e.typ == ObjOfsDelta && len(seeds["FuzzPackApplyDelta"]) < 24 {
					_, base, err := s.ReadAt(p, p.rankAt(e.baseOff))
					if err != nil {
						t.Fatal(err)
					}
					d, err := z.inflate(p.data.b[e.data:e.end], e.size)
					if err != nil {
						t.Fatal(err)
					}
					add("FuzzPackApplyDelta", bytes.Clone(base), bytes.Clone(d))
				}
			}
		}
	}
	r.write("new.txt", "new\n")
	r.git("add", "-N", "new.txt")
	r.git("write-tree")
	for _, v := range []string{"2", "3", "4"} {
		r.git("update-index", "--index-version", v)
		idx, _ := os.ReadFile(filepath.Join(r.dir, ".git", "index"))
		add("FuzzIndex", idx)
	}
	r.git("update-index", "--index-version", "2")
	r.git("-c", "core.untrackedCache=true", "update-index", "--untracked-cache")
	r.write("untracked.txt", "u\n")
	r.git("-c", "core.untrackedCache=true", "status", "--porcelain")
	r.git("-c", "index.recordEndOfIndexEntries=true", "-c", "index.recordOffsetTable=true", "-c", "index.threads=2", "update-index", "-q", "--force-write-index", "--refresh")
	idx, _ := os.ReadFile(filepath.Join(r.dir, ".git", "index"))
	add("FuzzIndex", idx)
	r.git("update-index", "--split-index")
	idx, _ = os.ReadFile(filepath.Join(r.dir, ".git", "index"))
	add("FuzzIndex", idx)
	r.git("pack-refs", "--all")
	refs, _ := os.ReadFile(filepath.Join(r.dir, ".git", "packed-refs"))
	add("FuzzPackedRefs", refs)
	add("FuzzPackedRefs", []byte("# pack-refs with: peeled fully-peeled sorted \n"+strings.Repeat("0", 40)+" refs/heads/x\n^"+strings.Repeat("1", 40)+"\n"))

	for target, list := range seeds {
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, args := range list {
			var b strings.Builder
			b.WriteString("go test fuzz v1\n")
			for _, a := range args {
				switch v := a.(type) {
				case []byte:
					fmt.Fprintf(&b, "[]byte(%q)\n", v)
				case uint32:
					fmt.Fprintf(&b, "uint32(%d)\n", v)
				}
			}
			sum := sha1.Sum([]byte(b.String()))
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%x", sum[:8])), []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("%s: %d seeds", target, len(list))
	}
}

// looseBytes is a loose object file: "type size NUL content", deflated.
func looseBytes(typ string, data []byte) []byte {
	var b bytes.Buffer
	z := zlib.NewWriter(&b)
	fmt.Fprintf(z, "%s %d\x00", typ, len(data))
	z.Write(data)
	z.Close()
	return b.Bytes()
}
