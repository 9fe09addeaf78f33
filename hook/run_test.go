package hook

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fakeCambscan writes a "cambscan" that logs its arguments to $LOG and
// exits with $CAMBSCAN_RC, and returns its directory.
func fakeCambscan(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	script := "#!/bin/sh\necho \"cambscan $*\" >> \"$LOG\"\nexit ${CAMBSCAN_RC:-0}\n"
	if err := os.WriteFile(filepath.Join(dir, "cambscan"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runHookScript runs the hook file as git does (from the top of the work
// tree) and returns its exit code.
func runHookScript(t *testing.T, top, hook string, env []string) string {
	t.Helper()
	cmd := exec.Command(hook)
	cmd.Dir = top
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return "0"
	case errors.As(err, &ee):
		t.Logf("hook output: %s", out)
		return strconv.Itoa(ee.ExitCode())
	}
	t.Fatalf("run hook: %v\n%s", err, out)
	return ""
}

// TestGitCommitRunsHook commits through git itself: a failing cambscan
// stops the commit, a passing one lets it through, with core.hooksPath.
func TestGitCommitRunsHook(t *testing.T) {
	e := newEnv(t)
	dir := e.repo()
	e.git(dir, "config", "core.hooksPath", "ci/hooks")
	mustInstall(t, dir, e.opts())
	bin := fakeCambscan(t)
	log := filepath.Join(t.TempDir(), "log")
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("a\n"), 0o644)
	e.git(dir, "add", "a.txt")
	commit := func(rc string) error {
		cmd := exec.Command("git", "commit", "-q", "-m", "x")
		cmd.Dir = dir
		cmd.Env = e.environ("PATH="+bin+":/usr/bin:/bin", "LOG="+log, "CAMBSCAN_RC="+rc)
		return cmd.Run()
	}
	head := e.git(dir, "rev-parse", "HEAD")
	if err := commit("1"); err == nil || e.git(dir, "rev-parse", "HEAD") != head {
		t.Fatal("a failing cambscan did not stop the commit")
	}
	if err := commit("0"); err != nil || e.git(dir, "rev-parse", "HEAD") == head {
		t.Fatalf("a passing cambscan stopped the commit: %v", err)
	}
	if got, _ := os.ReadFile(log); string(got) != "cambscan staged\ncambscan staged\n" {
		t.Errorf("cambscan ran as %q", got)
	}
}

func TestHookWithoutCambscan(t *testing.T) {
	e := newEnv(t)
	dir := e.repo()
	hook := filepath.Join(e.gitHooksDir(dir), HookName)
	empty := t.TempDir() // a PATH with sh's helpers but no cambscan
	for _, tool := range []string{"dirname", "sh"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Skip(tool, "not found")
		}
		os.Symlink(p, filepath.Join(empty, tool))
	}
	mustInstall(t, dir, e.opts())
	out, err := runHookOutput(dir, hook, e.environ("PATH="+empty))
	if err == nil || !strings.Contains(out, "'cambscan' is not on PATH") {
		t.Errorf("without cambscan: err %v, output %q; want a failure that says why", err, out)
	}

	// The fallback path written at install time is used instead.
	bin := fakeCambscan(t)
	o := e.opts()
	o.Binary = filepath.Join(bin, "cambscan")
	mustInstall(t, dir, o)
	log := filepath.Join(t.TempDir(), "log")
	if code := runHookScript(t, dir, hook, e.environ("PATH="+empty, "LOG="+log)); code != "0" {
		t.Errorf("with the fallback binary: exit %s", code)
	}
	if got, _ := os.ReadFile(log); string(got) != "cambscan staged\n" {
		t.Errorf("fallback ran as %q", got)
	}
}

func runHookOutput(top, hook string, env []string) (string, error) {
	cmd := exec.Command(hook)
	cmd.Dir = top
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}
