package history

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/scanner"
)

// putLoose writes a loose object under id, which need not be its hash:
// cambscan does not re-hash objects, so a hostile repository can do this.
func putLoose(t *testing.T, gitDir, id, typ string, body []byte) {
	t.Helper()
	var b bytes.Buffer
	z := zlib.NewWriter(&b)
	fmt.Fprintf(z, "%s %d\x00", typ, len(body))
	z.Write(body)
	z.Close()
	dir := filepath.Join(gitDir, "objects", id[:2])
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, id[2:]), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestHistoryCycles scans a repository whose two commits are each other's
// parent and whose tree lists itself as a subtree. Before the guards the
// first grew memory without bound and the second overflowed the stack; now
// the scan ends and reports the key at its path.
func TestHistoryCycles(t *testing.T) {
	needGit(t)
	gitDir := filepath.Join(t.TempDir(), "r.git")
	if out, err := exec.Command("git", "init", "-q", "--bare", gitDir).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	key := fakekey.New("cycles")
	blob := []byte("CAMB_API_KEY=" + key + "\n")
	h := sha1.Sum(append([]byte(fmt.Sprintf("blob %d\x00", len(blob))), blob...))
	blobID := hex.EncodeToString(h[:])
	putLoose(t, gitDir, blobID, "blob", blob)
	tree, a, b := "ab"+hex.EncodeToString(bytes.Repeat([]byte{0xab}, 19)), "cd"+hex.EncodeToString(bytes.Repeat([]byte{0xcd}, 19)), "ef"+hex.EncodeToString(bytes.Repeat([]byte{0xef}, 19))
	treeBin, _ := hex.DecodeString(tree)
	putLoose(t, gitDir, tree, "tree", append(append([]byte("100644 a.env\x00"), h[:]...), append([]byte("40000 d\x00"), treeBin...)...))
	sig := "author x <x@example.com> 1700000000 +0000\ncommitter x <x@example.com> 1700000000 +0000\n\nm\n"
	putLoose(t, gitDir, a, "commit", []byte("tree "+tree+"\nparent "+b+"\n"+sig))
	putLoose(t, gitDir, b, "commit", []byte("tree "+tree+"\nparent "+a+"\n"+sig))
	if err := os.WriteFile(filepath.Join(gitDir, "refs", "heads", "main"), []byte(a+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second) // a hang guard
	defer cancel()
	res, err := scanner.Run(ctx, []scanner.Source{NewSource(gitDir, Options{})}, scanner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Path != "a.env" {
		t.Fatalf("findings %+v, want one in a.env", res.Findings)
	}
}

// TestHistoryCyclesSelected runs the --ref and --range walks over the same
// kind of repository: commits a and b are each other's parent, c's parent
// is a; a's tree lists itself as d, and c's tree (the key at b.env as well)
// lists itself too. Before the guard in the --range comparison, c's tree
// was compared with itself under d/d/d/... until the stack overflowed.
func TestHistoryCyclesSelected(t *testing.T) {
	needGit(t)
	gitDir := filepath.Join(t.TempDir(), "r.git")
	if out, err := exec.Command("git", "init", "-q", "--bare", gitDir).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	key := fakekey.New("cycles-selected")
	blob := []byte("CAMB_API_KEY=" + key + "\n")
	h := sha1.Sum(append([]byte(fmt.Sprintf("blob %d\x00", len(blob))), blob...))
	putLoose(t, gitDir, hex.EncodeToString(h[:]), "blob", blob)
	id := func(b byte) string { return hex.EncodeToString(bytes.Repeat([]byte{b}, 20)) }
	tree1, tree2, a, b, c := id(0xab), id(0xac), id(0xcd), id(0xef), id(0xce)
	self := func(tree string, names ...string) []byte {
		bin, _ := hex.DecodeString(tree)
		var body []byte
		for _, n := range names {
			body = append(append(body, "100644 "+n+"\x00"...), h[:]...)
		}
		return append(append(body, "40000 d\x00"...), bin...)
	}
	putLoose(t, gitDir, tree1, "tree", self(tree1, "a.env"))
	putLoose(t, gitDir, tree2, "tree", self(tree2, "a.env", "b.env"))
	sig := func(when int) string {
		return fmt.Sprintf("author x <x@example.com> %d +0000\ncommitter x <x@example.com> %d +0000\n\nm\n", when, when)
	}
	putLoose(t, gitDir, a, "commit", []byte("tree "+tree1+"\nparent "+b+"\n"+sig(1700000000)))
	putLoose(t, gitDir, b, "commit", []byte("tree "+tree1+"\nparent "+a+"\n"+sig(1700000000)))
	putLoose(t, gitDir, c, "commit", []byte("tree "+tree2+"\nparent "+a+"\n"+sig(1700000100)))
	for name, to := range map[string]string{"main": c, "base": a} {
		if err := os.WriteFile(filepath.Join(gitDir, "refs", "heads", name), []byte(to+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		opts  Options
		paths string
	}{
		{Options{Refs: []string{"main"}}, "[a.env b.env]"},
		{Options{Refs: []string{"base"}}, "[a.env]"},
		{Options{Range: "base..main"}, "[b.env]"},
		{Options{}, "[a.env b.env]"},
	}
	for _, tc := range cases {
		for _, backend := range []string{"go", "exec"} {
			tc.opts.Backend = backend
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second) // a hang guard
			res, err := scanner.Run(ctx, []scanner.Source{NewSource(gitDir, tc.opts)}, scanner.Options{})
			cancel()
			if err != nil {
				t.Fatalf("%+v: %v", tc.opts, err)
			}
			var paths []string
			for _, f := range res.Findings {
				paths = append(paths, f.Path)
			}
			sort.Strings(paths)
			if fmt.Sprint(paths) != tc.paths {
				t.Errorf("%+v: finding paths %v, want %s", tc.opts, paths, tc.paths)
			}
		}
	}
}

// TestHistoryDeepTrees: a chain of trees nested deeper than git's
// core.maxTreeDepth is cut at that depth instead of being walked until the
// stack runs out; the shallow key is still found at its path, and a --ref
// scan says what it did not enter.
func TestHistoryDeepTrees(t *testing.T) {
	needGit(t)
	gitDir := filepath.Join(t.TempDir(), "r.git")
	if out, err := exec.Command("git", "init", "-q", "--bare", gitDir).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	put := func(typ string, body []byte) [20]byte {
		h := sha1.Sum(append([]byte(fmt.Sprintf("%s %d\x00", typ, len(body))), body...))
		putLoose(t, gitDir, hex.EncodeToString(h[:]), typ, body)
		return h
	}
	deepKey, topKey := fakekey.New("deep-tree"), fakekey.New("top-tree")
	deep := put("blob", []byte("CAMB_API_KEY="+deepKey+"\n"))
	top := put("blob", []byte("CAMB_API_KEY="+topKey+"\n"))
	tree := put("tree", append([]byte("100644 deep.env\x00"), deep[:]...))
	for range maxTreeDepth + 100 {
		tree = put("tree", append([]byte("40000 d\x00"), tree[:]...))
	}
	root := put("tree", append(append([]byte("40000 d\x00"), tree[:]...), append([]byte("100644 top.env\x00"), top[:]...)...))
	commit := put("commit", []byte("tree "+hex.EncodeToString(root[:])+"\nauthor x <x@example.com> 1700000000 +0000\ncommitter x <x@example.com> 1700000000 +0000\n\nm\n"))
	if err := os.WriteFile(filepath.Join(gitDir, "refs", "heads", "main"), []byte(hex.EncodeToString(commit[:])+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, opts := range []Options{{}, {Refs: []string{"main"}}} {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second) // a hang guard
		res, err := scanner.Run(ctx, []scanner.Source{NewSource(gitDir, opts)}, scanner.Options{})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		var top int
		for _, f := range res.Findings {
			if f.Secret == topKey && f.Path == "top.env" {
				top++
			}
			if strings.Count(f.Path, "/") > maxTreeDepth {
				t.Errorf("%+v: a finding %d trees deep", opts, strings.Count(f.Path, "/"))
			}
		}
		if top != 1 {
			t.Errorf("%+v: findings %d, want the key in top.env", opts, len(res.Findings))
		}
		if len(opts.Refs) > 0 && !strings.Contains(strings.Join(res.Warnings, "\n"), "core.maxTreeDepth") {
			t.Errorf("%+v: warnings %q, want one about the tree not entered", opts, res.Warnings)
		}
	}
}
