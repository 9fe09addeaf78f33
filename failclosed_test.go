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

// TestNothingReadableExits2: a target that cannot be opened, or in which
// nothing could be read, makes the run exit 2 naming it, also when other
// targets were scanned (their findings and the report files still come
// out); an empty directory is readable.
func TestNothingReadableExits2(t *testing.T) {
	dir := t.TempDir()
	key := fakekey.New("nothing-readable-cli")
	leak := `headers = {"x-api-key": "` + key + `"}  # https://client.camb.ai/apis` + "\n"
	os.MkdirAll(filepath.Join(dir, "good"), 0o755)
	os.MkdirAll(filepath.Join(dir, "empty"), 0o755)
	os.WriteFile(filepath.Join(dir, "good", "app.py"), []byte(leak), 0o644)

	// A repository whose only pack is truncated to 100 bytes.
	broken := filepath.Join(dir, "broken")
	os.MkdirAll(broken, 0o755)
	hookGit(t, broken, "init", "-q")
	os.WriteFile(filepath.Join(broken, "app.py"), []byte(leak), 0o644)
	hookGit(t, broken, "add", "app.py")
	hookGit(t, broken, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "one")
	hookGit(t, broken, "repack", "-adq")
	packs, _ := filepath.Glob(filepath.Join(broken, ".git", "objects", "pack", "*.pack"))
	if len(packs) != 1 {
		t.Fatalf("packs %v, want one", packs)
	}
	if err := os.Truncate(packs[0], 100); err != nil {
		t.Fatal(err)
	}
	// A repository that reads fine.
	fine := filepath.Join(dir, "fine")
	os.MkdirAll(fine, 0o755)
	hookGit(t, fine, "init", "-q")
	os.WriteFile(filepath.Join(fine, "app.py"), []byte(leak), 0o644)
	hookGit(t, fine, "add", "app.py")
	hookGit(t, fine, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "one")

	cases := []struct {
		args   []string
		code   int
		stdout string   // in stdout
		stderr []string // in stderr
	}{
		{[]string{"scan", "empty"}, 0, "no CAMB.AI keys found", nil},
		{[]string{"scan", "missing"}, 2, "", []string{"missing: no such file or directory"}},
		{[]string{"scan", "good", "missing"}, 2, "good/app.py:1:", []string{"1 of 2 targets could not be scanned", "missing: no such file or directory"}},
		{[]string{"scan", "missing", "good", "gone"}, 2, "good/app.py:1:", []string{"2 of 3 targets could not be scanned", "missing:", "gone:"}},
		// A failed target's name is redacted and escaped like the rest.
		{[]string{"scan", "good", "gone-" + key + "\x1b[2J"}, 2, "good/app.py:1:", []string{"1 of 2 targets could not be scanned", "gone-" + key[:4] + "..." + key[len(key)-4:] + `\033[2J: no such file`}},
		{[]string{"git", "broken"}, 2, "", []string{"broken: nothing could be read"}},
		{[]string{"git", "fine", "broken"}, 2, "app.py:1:", []string{"1 of 2 targets could not be scanned", "broken: nothing could be read"}},
		{[]string{"git", "fine"}, 1, "app.py:1:", nil},
	}
	if os.Geteuid() != 0 {
		// As root permissions do not stop reads: covered by the engine's
		// test and the truncated pack above.
		os.MkdirAll(filepath.Join(dir, "locked"), 0o755)
		os.WriteFile(filepath.Join(dir, "locked", "app.py"), []byte(leak), 0o000)
		cases = append(cases, struct {
			args   []string
			code   int
			stdout string
			stderr []string
		}{[]string{"scan", "good", "locked"}, 2, "good/app.py:1:", []string{"locked: nothing could be read"}})
	}
	for _, c := range cases {
		report := filepath.Join(t.TempDir(), "r.json")
		stdout, stderr, code := runMsg(t, dir, append(c.args, "--report", report)...)
		if code != c.code || !strings.Contains(stdout, c.stdout) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit %d and %q", c.args, code, stdout, stderr, c.code, c.stdout)
			continue
		}
		for _, w := range c.stderr {
			if !strings.Contains(stderr, w) {
				t.Errorf("%q: stderr %q does not say %q", c.args, stderr, w)
			}
		}
		if c.stdout != "" {
			// Reports are written whenever something was scanned.
			if b, err := os.ReadFile(report); err != nil || !strings.Contains(string(b), `"findings"`) {
				t.Errorf("%q: report %s not written: %v", c.args, report, err)
			}
		}
		if strings.Contains(stdout+stderr, key) {
			t.Errorf("%q: the whole key was printed", c.args)
		}
	}
}

// TestDubiousOwnershipCLI follows git's safe.directory rule through the
// commands: in a work tree whose .git another user owns (and whose
// info/exclude says "*"), scan scans every file and warns; staged, git and
// hook install exit 2 with git's wording and hint, and install no hook.
// Once safe.directory lists the repository, info/exclude applies again.
// Needs root to chown.
func TestDubiousOwnershipCLI(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to chown a .git directory to another user")
	}
	dir := hookTestRepo(t)
	global := filepath.Join(t.TempDir(), "gitconfig")
	os.WriteFile(global, nil, 0o644)
	t.Setenv("GIT_CONFIG_GLOBAL", global)
	key := fakekey.New("dubious-cli")
	os.MkdirAll(filepath.Join(dir, "src"), 0o755)
	os.WriteFile(filepath.Join(dir, "src", "app.py"), []byte(`headers = {"x-api-key": "`+key+`"}  # https://client.camb.ai/apis`+"\n"), 0o644)
	hookGit(t, dir, "add", "src/app.py")
	// Untracked: info/exclude hides it in a trusted repository.
	os.WriteFile(filepath.Join(dir, "src", "local.py"), []byte(`headers = {"x-api-key": "`+key+`"}  # https://client.camb.ai/apis`+"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, ".git", "info", "exclude"), []byte("*\n"), 0o644)
	if err := os.Chown(filepath.Join(dir, ".git"), 12345, 12345); err != nil {
		t.Fatal(err)
	}
	real, _ := filepath.EvalSymlinks(dir)
	hint := "git config --global --add safe.directory " + real

	stdout, stderr, code := runMsg(t, filepath.Join(dir, "src"), "scan", ".")
	if code != 1 || !strings.Contains(stdout, "local.py:1:") {
		t.Errorf("scan: exit %d, stdout %q; want the excluded file scanned (exit 1)", code, stdout)
	}
	if !strings.Contains(stderr, "warning: detected dubious ownership in repository at '"+real+"'") || !strings.Contains(stderr, hint) {
		t.Errorf("scan: stderr %q; want a dubious ownership warning with the hint", stderr)
	}
	for _, args := range [][]string{{"staged"}, {"staged", "src/app.py"}, {"git", "."}, {"hook", "install"}} {
		stdout, stderr, code := runMsg(t, dir, args...)
		if code != 2 || !strings.Contains(stderr, "detected dubious ownership in repository at '"+real+"'") || !strings.Contains(stderr, hint) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 with git's wording and hint", args, code, stdout, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".git", "hooks", "pre-commit")); err == nil {
		t.Error("hook install wrote a hook into a repository git refuses")
	}

	os.WriteFile(global, []byte("[safe]\n\tdirectory = "+real+"\n"), 0o644)
	stdout, stderr, code = runMsg(t, filepath.Join(dir, "src"), "scan", ".")
	if code != 1 || strings.Contains(stdout, "local.py") || !strings.Contains(stdout, "app.py:1:") || strings.Contains(stderr, "dubious") {
		t.Errorf("scan of a listed repository: exit %d, stdout %q, stderr %q; want local.py excluded by info/exclude, tracked app.py scanned", code, stdout, stderr)
	}
	if _, stderr, code := runMsg(t, dir, "staged"); code != 1 {
		t.Errorf("staged in a listed repository: exit %d, stderr %q; want the staged key (exit 1)", code, stderr)
	}
}
