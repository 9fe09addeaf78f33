package push

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
)

// put writes a loose object into the quarantine, the way an unpacked
// push leaves it, and returns its id.
func (r *quarantineRig) put(typ string, body []byte) [20]byte {
	r.t.Helper()
	h := sha1.Sum(append([]byte(fmt.Sprintf("%s %d\x00", typ, len(body))), body...))
	var b bytes.Buffer
	z := zlib.NewWriter(&b)
	fmt.Fprintf(z, "%s %d\x00", typ, len(body))
	z.Write(body)
	z.Close()
	hx := hex.EncodeToString(h[:])
	dir := filepath.Join(r.quarantine, hx[:2])
	if err := os.MkdirAll(dir, 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, hx[2:]), b.Bytes(), 0o644); err != nil {
		r.t.Fatal(err)
	}
	return h
}

// TestDeepTreeRejected: a pushed tree nested deeper than git's
// core.maxTreeDepth fails the scan (the push is not accepted unchecked)
// rather than being walked until the stack runs out, with an error that
// says why; one at the limit is scanned, and its key found at its path.
func TestDeepTreeRejected(t *testing.T) {
	r := newQuarantineRig(t, "x\n")
	key := fakekey.New("push deep tree")
	blob := r.put("blob", []byte(leak(key)))
	tree := r.put("tree", append([]byte("100644 deep.py\x00"), blob[:]...))
	// One chain of nested trees serves both pushes: the tree at the limit
	// is part of the deeper one.
	tops := map[int][20]byte{}
	for level := 1; level <= git.MaxTreeDepth+100; level++ {
		tree = r.put("tree", append([]byte("40000 d\x00"), tree[:]...))
		tops[level] = tree
	}
	for _, tc := range []struct {
		levels int // trees above the one holding the blob
		fail   bool
	}{
		{git.MaxTreeDepth, false},
		{git.MaxTreeDepth + 100, true},
	} {
		top := tops[tc.levels]
		body := "tree " + hex.EncodeToString(top[:]) + "\nparent " + r.base + "\nauthor T <t@example.invalid> 1700000000 +0000\ncommitter T <t@example.invalid> 1700000000 +0000\n\nc\n"
		tip := r.put("commit", []byte(body))
		src := NewSource([]Update{{Old: id(t, r.base), New: tip, Ref: "refs/heads/main"}}, Options{Env: func(k string) string { return r.env[k] }})
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second) // a hang guard
		res, err := scanner.Run(ctx, []scanner.Source{src}, scanner.Options{})
		cancel()
		src.Close()
		if tc.fail {
			if !errors.Is(err, git.ErrTreeTooDeep) || !strings.Contains(err.Error(), "core.maxTreeDepth") {
				t.Errorf("%d levels: err %v, want the tree too deep to check", tc.levels, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%d levels: %v", tc.levels, err)
		}
		want := strings.Repeat("d/", tc.levels) + "deep.py"
		if len(res.Findings) != 1 || res.Findings[0].Path != want {
			t.Errorf("%d levels: findings %d, want the key at the deepest path", tc.levels, len(res.Findings))
		}
	}
}
