package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// TestPlainGitHook installs the plain git hook with 'cambscan hook install'
// (over an existing hook, in a linked worktree's repository) and commits
// through git: a staged key is blocked, so is one that `git commit -a`
// would add (git names a temporary index in GIT_INDEX_FILE), a clean commit
// passes, and the original hook still runs. The hook runs the cambscan that
// TestMain put on PATH (this test binary), so nothing is built.
func TestPlainGitHook(t *testing.T) {
	if _, err := exec.LookPath("cambscan"); err != nil {
		t.Fatalf("cambscan is not on PATH: %v", err)
	}
	main := hookTestRepo(t)
	log := filepath.Join(t.TempDir(), "orig.log")
	hooks := filepath.Join(main, ".git", "hooks")
	os.MkdirAll(hooks, 0o755)
	orig := "#!/bin/sh\necho ran >> '" + log + "'\n"
	if err := os.WriteFile(filepath.Join(hooks, "pre-commit"), []byte(orig), 0o755); err != nil {
		t.Fatal(err)
	}
	wt := filepath.Join(t.TempDir(), "wt")
	hookGit(t, main, "worktree", "add", "-q", "-b", "feature", wt)
	if _, stderr, code := runIn(t, wt, os.Getenv, "hook", "install"); code != 0 {
		t.Fatalf("hook install: exit %d: %s", code, stderr)
	}

	key := fakekey.New("plain-hook")
	leak := "import requests\nrequests.get(\"https://client.camb.ai/apis/list-voices\", headers={\"x-api-key\": \"" + key + "\"})\n"
	clean := "import os, requests\nrequests.get(\"https://client.camb.ai/apis/list-voices\", headers={\"x-api-key\": os.environ[\"CAMB_API_KEY\"]})\n"
	write := func(content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(wt, "client.py"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	commit := func(args ...string) (string, bool) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"commit", "-q", "-m", "x"}, args...)...)
		cmd.Dir = wt
		out, err := cmd.CombinedOutput()
		return string(out), err == nil
	}
	head := func() string { return hookGit(t, wt, "rev-parse", "HEAD") }

	write(leak)
	hookGit(t, wt, "add", "client.py")
	before := head()
	out, ok := commit()
	if ok || head() != before || !strings.Contains(out, "client.py:2:") {
		t.Fatalf("a staged key was not blocked (ok %v):\n%s", ok, out)
	}
	if !strings.Contains(out, "git restore --staged client.py") {
		t.Errorf("a blocked commit shows no advice (execute must call stagedAdvice):\n%s", out)
	}
	write(clean)
	hookGit(t, wt, "add", "client.py")
	if out, ok := commit(); !ok || head() == before {
		t.Fatalf("a clean commit was blocked:\n%s", out)
	}
	// git commit -a stages into a temporary index only the hook sees.
	write(leak)
	before = head()
	if out, ok := commit("-a"); ok || head() != before || strings.Contains(out, key) {
		t.Fatalf("git commit -a with a key was not blocked, or printed the key (ok %v):\n%s", ok, out)
	}
	if b, _ := os.ReadFile(log); strings.Count(string(b), "ran") != 3 {
		t.Errorf("the original hook ran %d times, want 3", strings.Count(string(b), "ran"))
	}
}
