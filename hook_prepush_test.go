package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// TestPrePushHook installs the pre-push hook with 'cambscan hook install
// --pre-push' over an existing pre-push hook and pushes with git to a
// local bare repository: a new branch or an existing one that adds a key
// (even one a later commit deletes) is refused and nothing reaches the
// remote; a clean push, a push that deletes a key the remote already has,
// a merge of a branch the remote has with a key, and a deletion pass; a
// tag and a force push of a rewritten history that keeps the key are
// refused. The kept hook sees git's lines too. The hook runs the cambscan
// that TestMain put on PATH (this test binary).
func TestPrePushHook(t *testing.T) {
	if _, err := exec.LookPath("cambscan"); err != nil {
		t.Fatalf("cambscan is not on PATH: %v", err)
	}
	p := newPushRepo(t)
	log := filepath.Join(t.TempDir(), "orig.log")
	hooks := filepath.Join(p.dir, ".git", "hooks")
	os.MkdirAll(hooks, 0o755)
	if err := os.WriteFile(filepath.Join(hooks, "pre-push"), []byte("#!/bin/sh\ncat >> '"+log+"'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, stderr, code := runIn(t, p.dir, os.Getenv, "hook", "install", "--pre-push"); code != 0 || !strings.Contains(out, "installed the cambscan pre-push hook") {
		t.Fatalf("hook install --pre-push: exit %d: %s%s", code, out, stderr)
	}
	if out, _, _ := runIn(t, p.dir, os.Getenv, "hook", "status"); !strings.Contains(out, "pre-push:        cambscan's hook, up to date") ||
		!strings.Contains(out, "kept hook:       pre-push.cambscan-orig") || !strings.Contains(out, "pre-commit:      none") {
		t.Errorf("hook status does not show both hooks:\n%s", out)
	}
	key := fakekey.New("pre-push-hook")
	refused := func(what, ref string, args ...string) {
		t.Helper()
		before := p.remoteRef(ref)
		out, ok := p.push(args...)
		if ok || p.remoteRef(ref) != before {
			t.Fatalf("%s: the push was not refused (ok %v, %s: %s -> %s):\n%s", what, ok, ref, before, p.remoteRef(ref), out)
		}
		if strings.Contains(out, key) || !strings.Contains(out, "key.py:3") || !strings.Contains(out, "git push --no-verify") {
			t.Errorf("%s: the refusal shows the key or does not say where it is and what to do:\n%s", what, out)
		}
	}
	accepted := func(what string, args ...string) {
		t.Helper()
		if out, ok := p.push(args...); !ok {
			t.Fatalf("%s: the push was refused:\n%s", what, out)
		}
	}

	// A new branch that adds a key and then deletes it.
	hookGit(t, p.dir, "switch", "-q", "-c", "topic")
	p.write("key.py", keyPy(key))
	p.commit("add a key")
	p.write("key.py", "import os\n")
	p.commit("remove it")
	refused("new branch", "refs/heads/topic", "origin", "topic")
	// An existing branch gets the same commits.
	hookGit(t, p.dir, "switch", "-q", "main")
	p.write("clean.txt", "clean\n")
	p.commit("clean")
	accepted("clean push to main", "origin", "main")
	hookGit(t, p.dir, "merge", "-q", "--no-edit", "topic")
	refused("existing branch", "refs/heads/main", "origin", "main")
	// A tag on the key commit.
	hookGit(t, p.dir, "tag", "-a", "-m", "v1", "v1", "topic~1")
	refused("tag", "refs/tags/v1", "origin", "v1")
	hookGit(t, p.dir, "tag", "-d", "v1")
	// Rewritten history that keeps the key, force pushed over a branch the
	// remote has.
	hookGit(t, p.dir, "reset", "-q", "--hard", "origin/main")
	hookGit(t, p.dir, "switch", "-q", "-c", "rewrite")
	accepted("new branch without new commits", "origin", "rewrite")
	p.write("key.py", keyPy(key))
	p.commit("add a key, again")
	refused("push of a rewritten branch", "refs/heads/rewrite", "--force", "origin", "rewrite")

	// The key reaches the remote around the hook, on its own branch; a
	// commit that deletes it, and a merge of that branch, add no key.
	accepted("--no-verify", "--no-verify", "origin", "rewrite")
	p.write("key.py", "import os\n")
	p.commit("delete the key")
	accepted("a push that deletes a key", "origin", "rewrite")
	hookGit(t, p.dir, "switch", "-q", "main")
	hookGit(t, p.dir, "reset", "-q", "--hard", "origin/main")
	hookGit(t, p.dir, "merge", "-q", "--no-ff", "-m", "merge", "rewrite~1")
	accepted("a merge of a branch the remote has", "origin", "main")
	accepted("a deletion", "origin", ":rewrite")
	if p.remoteRef("refs/heads/rewrite") != "" {
		t.Error("the branch was not deleted")
	}
	b, _ := os.ReadFile(log)
	if !strings.Contains(string(b), "refs/heads/topic ") || !strings.Contains(string(b), "(delete)") && !strings.Contains(string(b), "0000000000000000000000000000000000000000 refs/heads/rewrite") {
		t.Errorf("the kept pre-push hook did not see git's lines:\n%s", b)
	}
	if out, _, code := runIn(t, p.dir, os.Getenv, "hook", "uninstall", "--pre-push"); code != 0 || !strings.Contains(out, "restored the previous one from pre-push.cambscan-orig") {
		t.Errorf("hook uninstall --pre-push: exit %d: %s", code, out)
	}
	if b, _ := os.ReadFile(filepath.Join(hooks, "pre-push")); !strings.Contains(string(b), "cat >> ") {
		t.Errorf("uninstall did not put back the original hook:\n%s", b)
	}
}

// TestPreCommitFrameworkPrePush runs the real pre-commit framework's
// pre-push stage with this working tree as the hook repository (hook
// cambscan-pre-push, language golang): a push whose new commits add a key
// (deleted again by a later commit) is refused and nothing reaches the
// remote; a clean push passes. It skips only when pre-commit is missing
// outside CI.
func TestPreCommitFrameworkPrePush(t *testing.T) {
	if _, err := exec.LookPath("pre-commit"); err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("pre-commit is not installed (apt-get install pre-commit); CI runs this test")
		}
		t.Fatal("pre-commit is not on PATH in CI")
	}
	if testing.Short() {
		t.Skip("builds cambscan inside pre-commit; skipped with -short")
	}
	goenv := func(k string) string {
		out, err := exec.Command("go", "env", k).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", k, err)
		}
		return strings.TrimSpace(string(out))
	}
	home := t.TempDir()
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + home, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.invalid",
		"GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.invalid",
		"PRE_COMMIT_HOME=" + filepath.Join(home, "pre-commit"), "PRE_COMMIT_COLOR=never",
		"GOCACHE=" + goenv("GOCACHE"), "GOMODCACHE=" + goenv("GOMODCACHE"),
		"GOPROXY=" + goenv("GOPROXY"), "GOTOOLCHAIN=local",
	}
	sh := func(dir string, args ...string) (string, bool) {
		t.Helper()
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out), err == nil
	}
	must := func(dir string, args ...string) string {
		t.Helper()
		out, ok := sh(dir, args...)
		if !ok {
			t.Fatalf("%s failed:\n%s", strings.Join(args, " "), out)
		}
		return strings.TrimSpace(out)
	}
	snap := filepath.Join(t.TempDir(), "hookrepo")
	snapshotWorkTree(t, snap)
	must(snap, "git", "init", "-q", "-b", "main")
	must(snap, "git", "add", "-A")
	must(snap, "git", "commit", "-q", "-m", "snapshot")
	rev := must(snap, "git", "rev-parse", "HEAD")

	remote := filepath.Join(t.TempDir(), "remote.git")
	must(home, "git", "init", "-q", "--bare", remote)
	repo := filepath.Join(t.TempDir(), "consumer")
	os.MkdirAll(repo, 0o755)
	must(repo, "git", "init", "-q", "-b", "main")
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(repo, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".pre-commit-config.yaml", "default_install_hook_types: [pre-push]\nrepos:\n  - repo: "+snap+"\n    rev: "+rev+"\n    hooks:\n      - id: cambscan-pre-push\n")
	must(repo, "git", "add", "-A")
	must(repo, "git", "commit", "-q", "-m", "initial")
	must(repo, "git", "remote", "add", "origin", remote)
	must(repo, "pre-commit", "install", "--hook-type", "pre-push")
	if out, ok := sh(repo, "git", "push", "-q", "origin", "main"); !ok {
		t.Fatalf("the first (clean) push was refused:\n%s", out)
	}
	key := fakekey.New("pre-commit-pre-push")
	write("key.py", keyPy(key))
	must(repo, "git", "add", "key.py")
	must(repo, "git", "commit", "-q", "-m", "key")
	write("key.py", "import os\n")
	must(repo, "git", "commit", "-q", "-am", "no key")
	before := must(remote, "git", "rev-parse", "main")
	out, ok := sh(repo, "git", "push", "origin", "main")
	if ok || must(remote, "git", "rev-parse", "main") != before || !strings.Contains(out, "key.py:3") || strings.Contains(out, key) {
		t.Fatalf("a push of a key was not refused by cambscan-pre-push without showing the key (ok %v):\n%s", ok, out)
	}
	must(repo, "git", "reset", "-q", "--hard", "origin/main")
	write("clean.py", "import os\n")
	must(repo, "git", "add", "clean.py")
	must(repo, "git", "commit", "-q", "-m", "clean")
	if out, ok := sh(repo, "git", "push", "origin", "main"); !ok || !strings.Contains(out, "cambscan") {
		t.Fatalf("a clean push did not pass through the hook (ok %v):\n%s", ok, out)
	}
}
