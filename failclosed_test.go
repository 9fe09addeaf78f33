package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// TestStagedFailsClosedHook: a staged blob that cannot be read makes
// 'cambscan staged' exit 2 with the reason, and the installed hook blocks
// the commit, where it used to pass with "1 skipped".
func TestStagedFailsClosedHook(t *testing.T) {
	if _, err := exec.LookPath("cambscan"); err != nil {
		t.Fatalf("cambscan is not on PATH: %v", err)
	}
	dir := hookTestRepo(t)
	if _, stderr, code := runIn(t, dir, os.Getenv, "hook", "install"); code != 0 {
		t.Fatalf("hook install: exit %d: %s", code, stderr)
	}
	key := fakekey.New("fail-closed-hook")
	os.WriteFile(filepath.Join(dir, "client.py"), []byte(`headers = {"x-api-key": "`+key+`"}  # https://client.camb.ai/apis`+"\n"), 0o644)
	hookGit(t, dir, "add", "client.py")
	id := hookGit(t, dir, "rev-parse", ":client.py")
	if err := os.Remove(filepath.Join(dir, ".git", "objects", id[:2], id[2:])); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runMsg(t, dir, "staged")
	if code != 2 || !strings.Contains(stderr, "client.py: missing object") || !strings.Contains(stderr, "commit is blocked") {
		t.Errorf("staged with a missing blob: exit %d, stdout %q, stderr %q; want exit 2 naming client.py", code, stdout, stderr)
	}
	before := hookGit(t, dir, "rev-parse", "HEAD")
	cmd := exec.Command("git", "commit", "-q", "-m", "x")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil || hookGit(t, dir, "rev-parse", "HEAD") != before {
		t.Fatalf("the hook let a commit with an unreadable staged blob through:\n%s", out)
	}
	if !strings.Contains(string(out), "commit is blocked") {
		t.Errorf("the blocked commit does not say why:\n%s", out)
	}
}
