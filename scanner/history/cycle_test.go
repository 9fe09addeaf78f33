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
