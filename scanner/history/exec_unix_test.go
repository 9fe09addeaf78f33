//go:build unix

package history

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cambscan/cambscan/scanner"
)

// fakeGit puts a `git` first on PATH that runs the real git for every
// command except the one whose arguments contain match, for which it runs
// script (sh) instead. The script sees the real git as $REAL_GIT.
func fakeGit(t *testing.T, match, script string) {
	t.Helper()
	real, err := exec.LookPath("git")
	if err != nil {
		t.Fatal("these tests need the git executable")
	}
	dir := t.TempDir()
	body := "#!/bin/sh\nREAL_GIT='" + real + "'\nexport REAL_GIT\ncase \"$*\" in\n*'" + match + "'*)\n" + script + "\n;;\nesac\nexec \"$REAL_GIT\" \"$@\"\n"
	if err := os.WriteFile(filepath.Join(dir, "git"), []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// execKeyRepo is a repository with one key in app.py.
func execKeyRepo(t *testing.T) (*testRepo, string, string) {
	r := newTestRepo(t)
	key := testKey("exec-bounds")
	r.write("app.py", keyFile(key))
	r.write("other.txt", "nothing here\n")
	c := r.commit("add key")
	r.git("gc", "-q")
	return r, key, c
}

// TestExecBackendDistrustsGit: whatever `git cat-file --batch` prints, the
// exec backend reads no more than the size cap of it. A header claiming a
// terabyte, a header line that never ends and a listing line that never
// ends each make it fall back to the built-in reader, which finds the key;
// before, the terabyte was allocated and the endless line read until
// memory ran out.
func TestExecBackendDistrustsGit(t *testing.T) {
	cases := []struct{ name, match, script string }{
		{"huge size in header", "--batch\n", `read id; printf '%s blob 1099511627776\n' "$id"; exec cat /dev/zero`},
		{"endless header", "--batch\n", `exec cat /dev/zero`},
		{"endless listing line", "--batch-check", `exec cat /dev/zero`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, key, c := execKeyRepo(t)
			// The case pattern is matched against "$*": "--batch" alone
			// ends the argument list.
			match := strings.TrimSuffix(tc.match, "\n")
			script := tc.script
			if tc.match == "--batch\n" {
				match = "cat-file --batch"
				script = "case \"$*\" in *--batch-check*|*--batch-all*) exec \"$REAL_GIT\" \"$@\";; esac\n" + script
			}
			fakeGit(t, match, script)
			res := guardScan(t, r.dir, Options{Backend: "exec"})
			wantBriefs(t, res, brief{Key: key, Path: "app.py", Commit: c, Occurrences: 1, Reachable: true})
		})
	}
}

// guardScan scans with a hang guard of a minute.
func guardScan(t *testing.T, dir string, opts Options) *scanner.Result {
	t.Helper()
	done := make(chan *scanner.Result, 1)
	go func() {
		src := NewSource(dir, opts)
		defer src.(interface{ Close() error }).Close()
		res, err := runOne(src)
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	select {
	case res := <-done:
		if res == nil {
			t.FailNow()
		}
		return res
	case <-time.After(time.Minute):
		t.Fatal("scan hung")
	}
	return nil
}

// TestExecBackendCancel: a `git cat-file --batch` that never answers is
// killed when the scan's context ends; Chunks returns the context's error.
func TestExecBackendCancel(t *testing.T) {
	r, _, _ := execKeyRepo(t)
	started := filepath.Join(t.TempDir(), "started")
	fakeGit(t, "cat-file --batch", "case \"$*\" in *--batch-check*|*--batch-all*) exec \"$REAL_GIT\" \"$@\";; esac\n: > '"+started+"'\nexec sleep 600")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	src := NewSource(r.dir, Options{Backend: "exec"})
	defer src.(interface{ Close() error }).Close()
	errc := make(chan error, 1)
	go func() {
		errc <- src.Chunks(ctx, func(scanner.Chunk) error { return nil })
	}()
	deadline := time.Now().Add(time.Minute)
	for {
		if _, err := os.Stat(started); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("cat-file --batch never started")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Chunks = %v, want context.Canceled", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("Chunks did not return after cancel: cat-file was not killed")
	}
}

// TestExecBackendIgnoresReplace: a replace ref makes `git cat-file` print
// another object's content; the exec backend reads the object itself, as
// the built-in reader does, so a key cannot be hidden behind a replacement.
func TestExecBackendIgnoresReplace(t *testing.T) {
	r, key, c := execKeyRepo(t)
	blob := r.git("rev-parse", "HEAD:app.py")
	r.write("clean.py", "import cambai\n")
	r.commit("clean")
	r.git("replace", "-f", blob, r.git("rev-parse", "HEAD:clean.py"))
	for _, backend := range []string{"go", "exec"} {
		res := scanGit(t, r.dir, Options{Backend: backend}, scanner.Options{})
		wantBriefs(t, res, brief{Key: key, Path: "app.py", Commit: c, Occurrences: 2, Reachable: true})
	}
}
