package history

import (
	"context"
	"errors"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cambscan/cambscan/scanner"
)

// remoteRepo is a small history with a key on main and one on a branch.
func remoteRepo(t *testing.T) (*testRepo, []brief) {
	r := newTestRepo(t)
	k1, k2 := testKey("remote-main"), testKey("remote-branch")
	r.write("a.py", keyFile(k1))
	c1 := r.commit("a")
	r.git("checkout", "-q", "-b", "topic")
	r.write("b.py", keyFile(k2))
	c2 := r.commit("b")
	r.git("checkout", "-q", "main")
	// topic's commit carries a.py too: two occurrences.
	return r, []brief{{k1, "a.py", c1, 2, true}, {k2, "b.py", c2, 1, true}}
}

// noClonesLeft checks that the temporary directory holds no clone.
func noClonesLeft(t *testing.T, tmp string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(tmp, "cambscan-clone-*"))
	if len(left) > 0 {
		t.Errorf("temporary clones left behind: %v", left)
	}
}

func TestHistoryCloneFileURL(t *testing.T) {
	r, want := remoteRepo(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	res := scanGit(t, "file://"+r.dir, Options{}, scanner.Options{})
	wantBriefs(t, res, want...)
	if res.Findings[0].Target != "file://"+r.dir {
		t.Errorf("target = %q", res.Findings[0].Target)
	}
	noClonesLeft(t, tmp)
}

// TestHistoryCloneSmartHTTP clones over git's smart HTTP protocol from a
// loopback server running `git http-backend` as a CGI program.
func TestHistoryCloneSmartHTTP(t *testing.T) {
	r, want := remoteRepo(t)
	gitExe, err := exec.LookPath("git")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(&cgi.Handler{
		Path: gitExe,
		Args: []string{"http-backend"},
		Env: []string{
			"GIT_PROJECT_ROOT=" + filepath.Dir(r.dir), "GIT_HTTP_EXPORT_ALL=1",
			"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=" + os.DevNull,
		},
	})
	defer srv.Close()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	res := scanGit(t, srv.URL+"/"+filepath.Base(r.dir), Options{}, scanner.Options{})
	wantBriefs(t, res, want...)
	noClonesLeft(t, tmp)
}

// TestHistoryCancelDuringClone cancels while go-git is still cloning.
func TestHistoryCancelDuringClone(t *testing.T) {
	repo := generated(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	// How soon the clone stops is measured by BenchmarkCancelDuringClone;
	// this test checks that it stops, with ctx's error, and cleans up.
	_, err := scanner.Run(ctx, []scanner.Source{NewSource("file://"+repo.Dir, Options{})}, scanner.Options{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the deadline", err)
	}
	noClonesLeft(t, tmp)
}

func TestHistoryCloneFailure(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	src := NewSource("file://"+filepath.Join(tmp, "nothing-here"), Options{})
	_, err := scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{})
	if err == nil || !strings.Contains(err.Error(), "clone") {
		t.Errorf("err = %v, want a clone error", err)
	}
	noClonesLeft(t, tmp)
}

func TestHistoryNotARepository(t *testing.T) {
	dir := t.TempDir()
	src := NewSource(dir, Options{})
	_, err := scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{})
	if !errors.Is(err, ErrNotARepository) || !strings.Contains(err.Error(), dir+" is not a git repository") {
		t.Errorf("err = %v", err)
	}
}

// TestHistoryCancel cancels a scan of a cloned repository after its first
// blob: scanner.Run returns promptly with ctx's error and the clone is gone.
func TestHistoryCancel(t *testing.T) {
	repo := generated(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	src := NewSource("file://"+repo.Dir, Options{})
	var chunks int
	wrapped := &countingSource{Source: src, each: func() {
		if chunks++; chunks == 1 {
			cancel()
		}
	}}
	_, err := scanner.Run(ctx, []scanner.Source{wrapped}, scanner.Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if chunks > 100 {
		t.Errorf("%d chunks yielded after cancel", chunks)
	}
	noClonesLeft(t, tmp)
}

// countingSource calls each for every chunk its source yields.
type countingSource struct {
	scanner.Source
	each func()
}

func (c *countingSource) Chunks(ctx context.Context, yield func(scanner.Chunk) error) error {
	return c.Source.Chunks(ctx, func(ch scanner.Chunk) error {
		c.each()
		return yield(ch)
	})
}

func (c *countingSource) Close() error { return c.Source.(interface{ Close() error }).Close() }

func TestHistoryShallowClone(t *testing.T) {
	r := newTestRepo(t)
	old, recent := testKey("shallow-old"), testKey("shallow-recent")
	r.write("old.py", keyFile(old))
	r.commit("old")
	r.git("rm", "-q", "old.py")
	r.commit("drop old")
	r.write("a.txt", "a\n")
	r.commit("a")
	r.write("new.py", keyFile(recent))
	c := r.commit("new")
	dir := filepath.Join(t.TempDir(), "shallow")
	r.git("clone", "-q", "--depth", "2", "file://"+r.dir, dir)
	src := NewSource(dir, Options{})
	res, err := scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The old key is behind the boundary: not there to find.
	wantBriefs(t, res, brief{recent, "new.py", c, 1, true})
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "shallow") ||
		!strings.Contains(res.Warnings[0], "fetch-depth: 0") || !strings.Contains(res.Warnings[0], "git fetch --unshallow") {
		t.Errorf("warnings = %q", res.Warnings)
	}
}

// TestHistoryPartialClone scans a blobless clone whose remote is gone:
// nothing may be fetched, and the blobs that are there are scanned.
func TestHistoryPartialClone(t *testing.T) {
	r := newTestRepo(t)
	old, head := testKey("partial-old"), testKey("partial-head")
	r.write("old.py", keyFile(old))
	r.commit("old")
	r.git("rm", "-q", "old.py")
	r.write("head.py", keyFile(head))
	c := r.commit("head")
	r.git("config", "uploadpack.allowFilter", "true")
	dir := filepath.Join(t.TempDir(), "partial")
	r.git("clone", "-q", "--filter=blob:none", "file://"+r.dir, dir)
	if err := os.RemoveAll(r.dir); err != nil {
		t.Fatal(err)
	}
	for _, backend := range []string{"go", "exec"} {
		src := NewSource(dir, Options{Backend: backend})
		res, err := scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{})
		if err != nil {
			t.Fatalf("%s: %v", backend, err)
		}
		wantBriefs(t, res, brief{head, "head.py", c, 1, true})
		if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "partial clone") {
			t.Errorf("%s: warnings = %q", backend, res.Warnings)
		}
	}
}
