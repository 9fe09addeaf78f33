package hook

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// testEnv isolates git and the package from the user's configuration.
type testEnv struct {
	t    *testing.T
	home string
	vars map[string]string
}

func newEnv(t *testing.T) *testEnv {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("these tests need the git executable")
	}
	return &testEnv{t: t, home: t.TempDir(), vars: map[string]string{"GIT_CONFIG_NOSYSTEM": "1"}}
}

func (e *testEnv) getenv(k string) string {
	if k == "HOME" {
		return e.home
	}
	return e.vars[k]
}

func (e *testEnv) opts() Options { return Options{Getenv: e.getenv} }

func (e *testEnv) environ(extra ...string) []string {
	env := []string{"HOME=" + e.home, "PATH=" + os.Getenv("PATH"), "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.invalid"}
	return append(env, extra...)
}

// git runs git in dir and returns its trimmed output.
func (e *testEnv) git(dir string, args ...string) string {
	e.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = e.environ()
	out, err := cmd.CombinedOutput()
	if err != nil {
		e.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// repo makes a repository with one commit.
func (e *testEnv) repo() string {
	e.t.Helper()
	dir := e.t.TempDir()
	e.git(dir, "init", "-q", "-b", "main")
	e.git(dir, "commit", "-q", "--allow-empty", "-m", "init")
	return dir
}

// gitHooksDir is where git itself runs hooks from in dir.
func (e *testEnv) gitHooksDir(dir string) string {
	e.t.Helper()
	p := e.git(dir, "rev-parse", "--git-path", "hooks")
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	return filepath.Clean(p)
}

func mustInstall(t *testing.T, dir string, o Options) string {
	t.Helper()
	msg, err := Install(dir, o)
	if err != nil {
		t.Fatalf("install: %v", err)
	}
	return msg
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestInstallFreshAndIdempotent(t *testing.T) {
	e := newEnv(t)
	dir := e.repo()
	os.RemoveAll(filepath.Join(dir, ".git", "hooks")) // git may not have made it
	msg := mustInstall(t, dir, e.opts())
	hook := filepath.Join(e.gitHooksDir(dir), HookName)
	if !strings.Contains(msg, "installed") || !strings.Contains(msg, hook) {
		t.Errorf("message %q does not say it installed %s", msg, hook)
	}
	if !bytes.Equal(readFile(t, hook), Script("")) {
		t.Error("the hook is not the script")
	}
	fi, err := os.Stat(hook)
	if err != nil || fi.Mode().Perm() != 0o755 {
		t.Fatalf("hook mode = %v, %v; want 0755", fi.Mode(), err)
	}
	st, err := Status(dir, e.opts())
	if err != nil || !st.Installed || !st.Current || st.Chained || st.Hook != hook {
		t.Errorf("status = %+v, %v", st, err)
	}

	before, _ := os.Stat(hook)
	msg = mustInstall(t, filepath.Join(dir), e.opts())
	after, _ := os.Stat(hook)
	if !strings.Contains(msg, "already installed") || !before.ModTime().Equal(after.ModTime()) || !os.SameFile(before, after) {
		t.Errorf("reinstall was not a no-op: %q", msg)
	}
	// An older script of ours is updated in place, without a backup.
	if err := os.WriteFile(hook, []byte("#!/bin/sh\n"+marker+" v0\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if msg := mustInstall(t, dir, e.opts()); !strings.Contains(msg, "updated") {
		t.Errorf("update message = %q", msg)
	}
	if st, _ := Status(dir, e.opts()); !st.Current || st.Chained {
		t.Errorf("after update: %+v", st)
	}
}

func TestChainAndUninstallRestoresBytes(t *testing.T) {
	e := newEnv(t)
	dir := e.repo()
	hooks := e.gitHooksDir(dir)
	hook := filepath.Join(hooks, HookName)
	// An unusual original: a Latin-1 byte, trailing blanks, no final
	// newline, mode 0750.
	orig := []byte("#!/bin/sh\n# caf\xe9 \t \necho orig >> \"$LOG\"\nexit ${ORIG_RC:-0}")
	os.MkdirAll(hooks, 0o755)
	if err := os.WriteFile(hook, orig, 0o750); err != nil {
		t.Fatal(err)
	}
	msg := mustInstall(t, dir, e.opts())
	if !strings.Contains(msg, BackupName) {
		t.Errorf("message %q does not mention the kept hook", msg)
	}
	if !bytes.Equal(readFile(t, filepath.Join(hooks, BackupName)), orig) {
		t.Fatal("the kept hook differs from the original")
	}
	if st, _ := Status(dir, e.opts()); !st.Installed || !st.Chained {
		t.Errorf("status = %+v", st)
	}
	mustInstall(t, dir, e.opts()) // still a no-op with a chain
	if !bytes.Equal(readFile(t, filepath.Join(hooks, BackupName)), orig) {
		t.Fatal("reinstall touched the kept hook")
	}

	// Run the hook as git does, with a fake cambscan on PATH.
	bin := fakeCambscan(t)
	log := filepath.Join(t.TempDir(), "log")
	for _, c := range []struct {
		origRC, camRC, want string
		ran                 string
	}{
		{"0", "0", "0", "orig\ncambscan staged\n"},
		{"0", "1", "1", "orig\ncambscan staged\n"},
		{"3", "0", "3", "orig\n"},
	} {
		os.Remove(log)
		code := runHookScript(t, dir, hook, e.environ("PATH="+bin+":/usr/bin:/bin", "LOG="+log, "ORIG_RC="+c.origRC, "CAMBSCAN_RC="+c.camRC))
		if got, _ := os.ReadFile(log); code != c.want || string(got) != c.ran {
			t.Errorf("orig exit %s, cambscan exit %s: hook exit %s ran %q; want exit %s ran %q", c.origRC, c.camRC, code, got, c.want, c.ran)
		}
	}

	msg, err := Uninstall(dir, e.opts())
	if err != nil || !strings.Contains(msg, "restored") {
		t.Fatalf("uninstall: %q, %v", msg, err)
	}
	fi, err := os.Stat(hook)
	if err != nil || fi.Mode().Perm() != 0o750 || !bytes.Equal(readFile(t, hook), orig) {
		t.Errorf("restored hook: mode %v, err %v, bytes equal %v", fi.Mode(), err, bytes.Equal(readFile(t, hook), orig))
	}
	if _, err := os.Lstat(filepath.Join(hooks, BackupName)); !os.IsNotExist(err) {
		t.Error("the backup is still there")
	}
	if msg, err := Uninstall(dir, e.opts()); err != nil || !strings.Contains(msg, "not cambscan's") {
		t.Errorf("second uninstall: %q, %v", msg, err)
	}
}

func TestSymlinkHookIsKept(t *testing.T) {
	e := newEnv(t)
	dir := e.repo()
	hooks := e.gitHooksDir(dir)
	os.MkdirAll(hooks, 0o755)
	target := filepath.Join(dir, "tools", "hook.sh")
	os.MkdirAll(filepath.Dir(target), 0o755)
	os.WriteFile(target, []byte("#!/bin/sh\nexit 0\n"), 0o755)
	hook := filepath.Join(hooks, HookName)
	if err := os.Symlink(target, hook); err != nil {
		t.Fatal(err)
	}
	mustInstall(t, dir, e.opts())
	if l, err := os.Readlink(filepath.Join(hooks, BackupName)); err != nil || l != target {
		t.Fatalf("backup link = %q, %v", l, err)
	}
	if _, err := Uninstall(dir, e.opts()); err != nil {
		t.Fatal(err)
	}
	if l, err := os.Readlink(hook); err != nil || l != target {
		t.Errorf("restored link = %q, %v", l, err)
	}
}

func TestRefuseWithoutForce(t *testing.T) {
	e := newEnv(t)
	dir := e.repo()
	hooks := e.gitHooksDir(dir)
	hook, backup := filepath.Join(hooks, HookName), filepath.Join(hooks, BackupName)
	os.MkdirAll(hooks, 0o755)
	os.WriteFile(hook, []byte("#!/bin/sh\necho first\n"), 0o755)
	mustInstall(t, dir, e.opts())
	// Another tool overwrites cambscan's hook.
	other := []byte("#!/bin/sh\necho other tool\n")
	os.WriteFile(hook, other, 0o755)

	if _, err := Install(dir, e.opts()); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("install over a foreign hook with a kept one: err = %v, want a refusal naming --force", err)
	}
	if _, err := Uninstall(dir, e.opts()); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("uninstall of a foreign hook: err = %v, want a refusal naming --force", err)
	}
	if !bytes.Equal(readFile(t, hook), other) || !bytes.Contains(readFile(t, backup), []byte("echo first")) {
		t.Fatal("a refused command changed the hooks")
	}

	// --force on uninstall puts the kept hook back over the foreign one.
	o := e.opts()
	o.Force = true
	if _, err := Uninstall(dir, o); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readFile(t, hook), []byte("echo first")) {
		t.Error("uninstall --force did not restore the kept hook")
	}
	// --force on install replaces a stale kept hook with the current one.
	os.WriteFile(backup, []byte("stale"), 0o755)
	if _, err := Install(dir, e.opts()); err == nil {
		t.Fatal("install with a stale backup did not refuse")
	}
	if _, err := Install(dir, o); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readFile(t, backup), []byte("echo first")) {
		t.Error("install --force did not keep the current hook")
	}
}

func TestHooksPathAndWorktrees(t *testing.T) {
	e := newEnv(t)
	dir := e.repo()
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	cases := []struct {
		name  string
		setup func()
	}{
		{"default", func() {}},
		{"relative core.hooksPath", func() { e.git(dir, "config", "core.hooksPath", ".githooks") }},
		{"absolute core.hooksPath", func() { e.git(dir, "config", "core.hooksPath", filepath.Join(t.TempDir(), "h")) }},
		{"global core.hooksPath with ~", func() {
			e.git(dir, "config", "--unset", "core.hooksPath")
			e.git(dir, "config", "--global", "core.hooksPath", "~/global-hooks")
		}},
		{"included file", func() {
			e.git(dir, "config", "--global", "--unset", "core.hooksPath")
			inc := filepath.Join(e.home, "inc.gitconfig")
			os.WriteFile(inc, []byte("[core]\n\thooksPath = hooks-from-include\n"), 0o644)
			e.git(dir, "config", "include.path", inc)
		}},
	}
	for _, c := range cases {
		c.setup()
		want := e.gitHooksDir(filepath.Join(dir, "sub"))
		st, err := Status(filepath.Join(dir, "sub"), e.opts())
		if err != nil || st.HooksDir != want {
			t.Errorf("%s: hooks dir = %q, %v; git says %q", c.name, st.HooksDir, err, want)
			continue
		}
		mustInstall(t, filepath.Join(dir, "sub"), e.opts())
		if _, err := os.Stat(filepath.Join(want, HookName)); err != nil {
			t.Errorf("%s: no hook in %s", c.name, want)
		}
	}

	// A linked worktree shares the main repository's hooks.
	e.git(dir, "config", "--unset", "include.path")
	wt := filepath.Join(t.TempDir(), "wt")
	e.git(dir, "worktree", "add", "-q", "-b", "feature", wt)
	st, err := Status(wt, e.opts())
	if want := e.gitHooksDir(wt); err != nil || st.HooksDir != want || !strings.HasPrefix(want, filepath.Join(dir, ".git")) {
		t.Fatalf("worktree hooks dir = %q, %v; git says %q", st.HooksDir, err, want)
	}
	if !st.Installed {
		t.Error("the worktree does not see the hook installed in the main repository")
	}
}

func TestNotARepository(t *testing.T) {
	if _, err := Install(t.TempDir(), Options{Getenv: func(string) string { return "" }}); err == nil {
		t.Error("install outside a repository did not fail")
	}
}

func TestScriptQuotesBinary(t *testing.T) {
	s := string(Script("/opt/it's here/cambscan"))
	if !strings.Contains(s, `'/opt/it'\''s here/cambscan'`) {
		t.Errorf("binary not quoted:\n%s", s)
	}
	if out, err := exec.Command("sh", "-n", "-c", s).CombinedOutput(); err != nil {
		t.Errorf("sh -n: %v\n%s", err, out)
	}
	// CI installs shellcheck; where it is missing, sh -n above still ran.
	if _, err := exec.LookPath("shellcheck"); err == nil {
		name := filepath.Join(t.TempDir(), "pre-commit")
		os.WriteFile(name, []byte(s), 0o755)
		if out, err := exec.Command("shellcheck", "-s", "sh", name).CombinedOutput(); err != nil {
			t.Errorf("shellcheck: %v\n%s", err, out)
		}
	}
}
