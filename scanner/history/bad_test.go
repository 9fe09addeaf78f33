package history

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cambscan/cambscan/scanner"
)

// bigText returns about size bytes of numbered lines.
func bigText(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "line %07d: the quick brown fox jumps over the lazy dog\n", i)
	}
	return b.String()
}

func TestHistoryLargeFile(t *testing.T) {
	r := newTestRepo(t)
	k := testKey("large")
	body := bigText(6 << 20)
	r.write("data/big.py", "import cambai\n"+body)
	r.commit("big")
	// The key near the end: after gc this version or the first is a delta.
	r.write("data/big.py", "import cambai\n"+body+"headers = {\"x-api-key\": \""+k+"\"}\n"+bigText(1000))
	c := r.commit("key near the end")
	r.git("gc", "-q")
	lines := strings.Count(body, "\n") + 2
	for _, backend := range []string{"go", "exec"} {
		res := scanGit(t, r.dir, Options{MaxFileSize: 8 << 20, Backend: backend}, scanner.Options{MaxFileSize: 8 << 20})
		wantBriefs(t, res, brief{k, "data/big.py", c, 1, true})
		if len(res.Findings) == 1 && res.Findings[0].Line != lines {
			t.Errorf("%s: line %d, want %d", backend, res.Findings[0].Line, lines)
		}
		// Under the default cap of 10 MiB both versions are read too; at
		// 5 MiB neither is, and both are reported.
		res = scanGit(t, r.dir, Options{MaxFileSize: 5 << 20, Backend: backend}, scanner.Options{MaxFileSize: 5 << 20})
		wantBriefs(t, res)
		n := 0
		for _, s := range res.Skipped {
			if strings.HasPrefix(s.Reason(), "larger than --max-file-size (") && strings.HasPrefix(s.Path, "blob ") {
				n++
			}
		}
		if n != 2 || res.Stats.Skipped != 2 {
			t.Errorf("%s: skipped %v, want the 2 versions of big.py", backend, res.Skipped)
		}
	}
}

// looseFile returns the file of a loose object.
func looseFile(r *testRepo, id string) string {
	return filepath.Join(r.dir, ".git", "objects", id[:2], id[2:])
}

func TestHistoryCorruptLooseObject(t *testing.T) {
	r := newTestRepo(t)
	ka, kb := testKey("corrupt-a"), testKey("corrupt-b")
	r.write("a.py", keyFile(ka))
	r.write("b.py", keyFile(kb))
	c := r.commit("both")
	bad := r.git("rev-parse", "HEAD:b.py")
	name := looseFile(r, bad)
	if err := os.Chmod(name, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte("this is not zlib"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, backend := range []string{"go", "exec"} {
		res := scanGit(t, r.dir, Options{Backend: backend}, scanner.Options{})
		wantBriefs(t, res, brief{ka, "a.py", c, 1, true})
		if len(res.Skipped) != 1 || res.Skipped[0].Path != "object "+bad || !strings.HasPrefix(res.Skipped[0].Reason(), "corrupt object: zlib") {
			t.Errorf("%s: skipped = %+v", backend, res.Skipped)
		}
	}
}

func TestHistoryCorruptPackedObject(t *testing.T) {
	r := newTestRepo(t)
	ka, kb := testKey("packed-a"), testKey("packed-b")
	r.write("a.py", keyFile(ka))
	r.write("b.py", keyFile(kb)+bigText(2000))
	c := r.commit("both")
	r.git("gc", "-q")
	bad := r.git("rev-parse", "HEAD:b.py")
	idx, _ := filepath.Glob(filepath.Join(r.dir, ".git", "objects", "pack", "*.idx"))
	if len(idx) != 1 {
		t.Fatalf("packs: %v", idx)
	}
	var off int64 = -1
	for _, line := range strings.Split(r.git("verify-pack", "-v", idx[0]), "\n") {
		if f := strings.Fields(line); len(f) >= 5 && f[0] == bad {
			off, _ = strconv.ParseInt(f[4], 10, 64)
		}
	}
	if off < 0 {
		t.Fatal("blob not in the pack")
	}
	pack := strings.TrimSuffix(idx[0], ".idx") + ".pack"
	os.Chmod(pack, 0o644)
	f, err := os.OpenFile(pack, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Past the object header, garble the zlib stream.
	if _, err := f.WriteAt([]byte("\xff\xff\xff\xff\xff\xff\xff\xff"), off+4); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, backend := range []string{"go", "exec"} {
		res := scanGit(t, r.dir, Options{Backend: backend}, scanner.Options{})
		wantBriefs(t, res, brief{ka, "a.py", c, 1, true})
		if len(res.Skipped) != 1 || res.Skipped[0].Path != "blob "+bad || !strings.HasPrefix(res.Skipped[0].Reason(), "corrupt object") {
			t.Errorf("%s: skipped = %+v", backend, res.Skipped)
		}
	}
}

func TestHistoryUnreadablePack(t *testing.T) {
	r := newTestRepo(t)
	ka, kb := testKey("unreadable-a"), testKey("unreadable-b")
	r.write("a.py", keyFile(ka))
	r.commit("a")
	r.git("gc", "-q")
	r.write("b.py", keyFile(kb))
	c := r.commit("b, loose")
	var loose []string
	for _, o := range []string{"HEAD:b.py", "HEAD", "HEAD:"} {
		loose = append(loose, looseFile(r, r.git("rev-parse", o)))
	}
	idx, _ := filepath.Glob(filepath.Join(r.dir, ".git", "objects", "pack", "*.idx"))
	os.Chmod(idx[0], 0o644)
	if err := os.Truncate(idx[0], 100); err != nil {
		t.Fatal(err)
	}
	res := scanGit(t, r.dir, Options{}, scanner.Options{})
	// Provenance of the loose blob still works: its commit and trees are
	// loose; a.py's commit is in the unreadable pack.
	wantBriefs(t, res, brief{kb, "b.py", c, 1, true})
	if len(res.Skipped) != 1 || !strings.HasPrefix(res.Skipped[0].Reason(), "unreadable pack") {
		t.Errorf("skipped = %+v", res.Skipped)
	}
	// With nothing else readable, the scan fails.
	for _, name := range loose {
		if err := os.Remove(name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := scanOnly(r.dir); err == nil || !strings.Contains(err.Error(), "no readable objects") {
		t.Errorf("err = %v", err)
	}
}

func TestHistoryRange(t *testing.T) {
	r := newTestRepo(t)
	k1, k2, k3, k4 := testKey("range-1"), testKey("range-2"), testKey("range-3"), testKey("range-4")
	r.write("one.py", keyFile(k1))
	base := r.commit("one")
	r.git("checkout", "-q", "-b", "feature")
	r.write("two.py", keyFile(k2))
	c2 := r.commit("two")
	r.write("lib/three.py", keyFile(k3))
	c3 := r.commit("three")
	r.git("checkout", "-q", "main")
	r.write("four.py", keyFile(k4))
	r.commit("four")
	r.git("checkout", "-q", "feature")
	r.now += 60
	r.git("merge", "-q", "--no-edit", "main")
	// four.py came from main: not new in main..feature. two.py, copied to
	// a new path, is.
	r.write("copy.py", keyFile(k2))
	c5 := r.commit("copy")
	res := scanGit(t, r.dir, Options{Range: "main..feature"}, scanner.Options{})
	wantBriefs(t, res, brief{k2, "two.py", c2, 4, true}, brief{k3, "lib/three.py", c3, 3, true}, brief{k2, "copy.py", c5, 1, true})
	// Hashes work as operands, and the base alone gives nothing.
	res = scanGit(t, r.dir, Options{Range: base + ".." + c3}, scanner.Options{})
	wantBriefs(t, res, brief{k2, "two.py", c2, 2, true}, brief{k3, "lib/three.py", c3, 1, true})
	wantBriefs(t, scanGit(t, r.dir, Options{Range: base + "..main"}, scanner.Options{}), brief{k4, "four.py", r.git("rev-parse", "main"), 1, true})
	// feature merged main: nothing of main is new to it.
	wantBriefs(t, scanGit(t, r.dir, Options{Range: "feature..main"}, scanner.Options{}))
	// feature merged main, so main...feature (either side, not both) is
	// main..feature.
	wantBriefs(t, scanGit(t, r.dir, Options{Range: "main...feature"}, scanner.Options{}),
		brief{k2, "two.py", c2, 4, true}, brief{k3, "lib/three.py", c3, 3, true}, brief{k2, "copy.py", c5, 1, true})
	if _, err := scanOnly(r.dir, func(o *Options) { o.Refs = []string{"no-such-branch"} }); err == nil {
		t.Error("an unknown --ref accepted")
	}
}

// scanOnly runs a history scan and returns scanner.Run's error.
func scanOnly(dir string, set ...func(*Options)) (*scanner.Result, error) {
	var o Options
	for _, f := range set {
		f(&o)
	}
	src := NewSource(dir, o)
	defer src.(interface{ Close() error }).Close()
	return runOne(src)
}

// TestHistoryBackendsAgree scans the same repositories with the built-in
// reader and with git cat-file: the results must be identical.
func TestHistoryBackendsAgree(t *testing.T) {
	repo := generated(t)
	r := newTestRepo(t)
	r.write("a.py", keyFile(testKey("agree-a")))
	r.commit("a")
	r.write("a.py", keyFile(testKey("agree-b")))
	r.git("stash", "-q")
	r.write("big.py", keyFile(testKey("agree-big"))+bigText(300<<10))
	r.commit("big")
	r.git("reset", "-q", "--hard", "HEAD~1")
	for _, dir := range []string{repo.Dir, r.dir} {
		for _, o := range []Options{{}, {MaxFileSize: 100 << 10}, {Refs: []string{"main"}}} {
			gopt, xopt := o, o
			gopt.Backend, xopt.Backend = "go", "exec"
			sopt := scanner.Options{MaxFileSize: o.MaxFileSize}
			a, b := scanGit(t, dir, gopt, sopt), scanGit(t, dir, xopt, sopt)
			a.Stats.Duration, b.Stats.Duration = 0, 0
			if len(a.Findings) == 0 {
				t.Errorf("%s %+v: no findings", dir, o)
			}
			if d := cmp.Diff(a, b); d != "" {
				t.Errorf("%s %+v: go and exec backends differ (-go +exec):\n%s", dir, o, d)
			}
		}
	}
}
