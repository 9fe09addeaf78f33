package history

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// countingGit serves the repositories under root over smart HTTP on
// loopback and counts the bytes of the git-upload-pack answers (the
// packs sent).
func countingGit(t *testing.T, root string) (string, *atomic.Int64) {
	t.Helper()
	gitExe, err := exec.LookPath("git")
	if err != nil {
		t.Fatal(err)
	}
	backend := &cgi.Handler{
		Path: gitExe, Args: []string{"http-backend"},
		Env:    []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1", "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=" + os.DevNull},
		Stderr: io.Discard,
	}
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/git-upload-pack") {
			w = &countWriter{ResponseWriter: w, n: &sent}
		}
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &sent
}

type countWriter struct {
	http.ResponseWriter
	n *atomic.Int64
}

func (c *countWriter) Write(b []byte) (int, error) {
	c.n.Add(int64(len(b)))
	return c.ResponseWriter.Write(b)
}

// TestUpdateMirrorSmartHTTP keeps a mirror of a repository served over
// loopback smart HTTP with each clone backend: the first call clones
// every ref, the next fetches only the new objects (a commit of a few
// bytes, not the 256 KiB of random content already there), moves
// the refs and prunes a deleted branch.
func TestUpdateMirrorSmartHTTP(t *testing.T) {
	for _, backend := range cloneBackends {
		t.Run(backend, func(t *testing.T) {
			t.Setenv(cloneBackendEnv, backend)
			r := newTestRepo(t)
			big := make([]byte, 256<<10)
			rand.Read(big)
			r.write("big.txt", hex.EncodeToString(big)) // 512 KiB, no delta to find
			r.commit("big")
			r.git("branch", "gone")
			r.git("tag", "v1")
			base, sent := countingGit(t, filepath.Dir(r.dir))
			url := base + "/" + filepath.Base(r.dir)
			dir := filepath.Join(t.TempDir(), "m.git")

			res, err := UpdateMirror(t.Context(), url, dir, MirrorOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Cloned || res.Fetched || res.Damaged != "" {
				t.Fatalf("first update: %+v, want a clone", res)
			}
			cloned := sent.Load()
			if cloned < 256<<10 {
				t.Fatalf("the clone sent %d bytes, less than the content", cloned)
			}
			mirrorRef := func(ref string) string {
				out, _ := exec.Command("git", "--git-dir", dir, "rev-parse", "--verify", "-q", ref).Output()
				return strings.TrimSpace(string(out))
			}
			for _, ref := range []string{"refs/heads/main", "refs/heads/gone", "refs/tags/v1"} {
				if mirrorRef(ref) == "" {
					t.Errorf("the mirror lacks %s", ref)
				}
			}

			r.write("small.txt", "a few new bytes\n")
			head := r.commit("small")
			r.git("branch", "-D", "gone")
			sent.Store(0)
			res, err = UpdateMirror(t.Context(), url, dir, MirrorOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Cloned || !res.Fetched {
				t.Fatalf("second update: %+v, want a fetch", res)
			}
			t.Logf("%s: the clone sent %d bytes, the fetch %d", backend, cloned, sent.Load())
			if got := sent.Load(); got > cloned/20 {
				t.Errorf("the fetch sent %d bytes (the clone %d): more than the new objects", got, cloned)
			}
			if got := mirrorRef("refs/heads/main"); got != head {
				t.Errorf("main in the mirror is %q, want %s", got, head)
			}
			if got := mirrorRef("refs/heads/gone"); got != "" {
				t.Errorf("the deleted branch is still in the mirror (%s)", got)
			}
			if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".tmp-clone-*")); len(left) > 0 {
				t.Errorf("temporary clones left: %v", left)
			}

			// Nothing new: a fetch that sends no pack.
			sent.Store(0)
			if res, err = UpdateMirror(t.Context(), url, dir, MirrorOptions{}); err != nil || !res.Fetched {
				t.Fatalf("third update: %+v, %v", res, err)
			}
			if got := sent.Load(); got > 4<<10 {
				t.Errorf("an up-to-date fetch sent %d bytes", got)
			}
		})
	}
}
