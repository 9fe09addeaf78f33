package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/report"
	"github.com/cambscan/cambscan/scanner"
)

// hookTestRepo makes a repository with one commit in a temporary directory,
// with git's user configuration shut out, and returns it.
func hookTestRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("these tests need the git executable")
	}
	t.Setenv("HOME", t.TempDir())
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	// A hook's GIT_INDEX_FILE or GIT_DIR must not leak in (t.Setenv
	// restores the original values afterwards).
	for _, v := range []string{"GIT_INDEX_FILE", "GIT_DIR", "GIT_WORK_TREE"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	for _, kv := range [][2]string{{"GIT_AUTHOR_NAME", "T"}, {"GIT_AUTHOR_EMAIL", "t@example.invalid"},
		{"GIT_COMMITTER_NAME", "T"}, {"GIT_COMMITTER_EMAIL", "t@example.invalid"}} {
		t.Setenv(kv[0], kv[1])
	}
	dir := t.TempDir()
	hookGit(t, dir, "init", "-q", "-b", "main")
	hookGit(t, dir, "commit", "-q", "--allow-empty", "-m", "init")
	return dir
}

func hookGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// runIn runs the command line in-process in dir and returns stdout,
// stderr and the exit code.
func runIn(t *testing.T, dir string, getenv env, args ...string) (string, string, int) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr, getenv)
	return stdout.String(), stderr.String(), exitCodeOf(err)
}

func TestHookCommandUsage(t *testing.T) {
	dir := hookTestRepo(t)
	for _, c := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"hook"}, 2, ""},
		{[]string{"hook", "bogus"}, 2, ""},
		{[]string{"hook", "install", "extra"}, 2, ""},
		{[]string{"hook", "--bogus", "install"}, 2, ""},
		{[]string{"hook", "status", "--force"}, 2, ""},
		{[]string{"hook", "--help"}, 0, "Usage: cambscan hook install|uninstall|status"},
	} {
		stdout, _, code := runIn(t, dir, os.Getenv, c.args...)
		if code != c.code || !strings.Contains(stdout, c.out) {
			t.Errorf("%q: exit %d, stdout %q; want exit %d and %q", c.args, code, stdout, c.code, c.out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".git", "hooks", "pre-commit")); err == nil {
		t.Error("a usage error installed the hook")
	}
}

func TestHookCommandLifecycle(t *testing.T) {
	dir := hookTestRepo(t)
	hookGit(t, dir, "config", "core.hooksPath", ".githooks")
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"hook", "status"}, "pre-commit:      none"},
		{[]string{"hook", "install"}, "installed the cambscan pre-commit hook in " + filepath.Join(dir, ".githooks", "pre-commit")},
		{[]string{"hook", "install"}, "already installed"},
		{[]string{"hook", "status"}, "cambscan's hook, up to date"},
		{[]string{"hook", "uninstall"}, "removed the cambscan pre-commit hook"},
		{[]string{"hook", "uninstall"}, "not installed"},
	}
	for _, s := range steps {
		stdout, stderr, code := runIn(t, dir, os.Getenv, s.args...)
		if code != 0 || !strings.Contains(stdout, s.want) {
			t.Fatalf("%q: exit %d, stdout %q, stderr %q; want %q", s.args, code, stdout, stderr, s.want)
		}
	}
	stdout, _, _ := runIn(t, dir, os.Getenv, "hook", "status")
	if !strings.Contains(stdout, "core.hooksPath = .githooks") {
		t.Errorf("status does not name core.hooksPath:\n%s", stdout)
	}
	// A foreign hook with a kept one: refused (exit 2) without --force.
	os.WriteFile(filepath.Join(dir, ".githooks", "pre-commit"), []byte("#!/bin/sh\n"), 0o755)
	os.WriteFile(filepath.Join(dir, ".githooks", "pre-commit.cambscan-orig"), []byte("#!/bin/sh\n"), 0o755)
	if _, stderr, code := runIn(t, dir, os.Getenv, "hook", "install"); code != 2 {
		t.Errorf("install over a foreign hook with a kept one: exit %d (%s), want 2", code, stderr)
	}
	if _, _, code := runIn(t, dir, os.Getenv, "hook", "install", "--force"); code != 0 {
		t.Errorf("install --force: exit %d, want 0", code)
	}
}

// TestStagedCommand runs 'cambscan staged' in-process: a staged key fails
// with exit 1 and never shows the whole key; a clean index passes.
func TestStagedCommand(t *testing.T) {
	dir := hookTestRepo(t)
	key := fakekey.New("staged-cli")
	os.WriteFile(filepath.Join(dir, "client.py"), []byte("import requests\nrequests.get(\"https://client.camb.ai/apis/list-voices\", headers={\"x-api-key\": \""+key+"\"})\n"), 0o644)
	hookGit(t, dir, "add", "client.py")
	stdout, stderr, code := runIn(t, dir, os.Getenv, "staged")
	if code != 1 || !strings.Contains(stdout, "client.py:2:") {
		t.Fatalf("staged key: exit %d, stdout %q, stderr %q; want exit 1 naming client.py:2", code, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, key) {
		t.Error("the whole key was printed")
	}
	hookGit(t, dir, "rm", "-q", "--cached", "client.py")
	if stdout, stderr, code := runIn(t, dir, os.Getenv, "staged"); code != 0 {
		t.Errorf("clean index: exit %d, %s %s", code, stdout, stderr)
	}
	if _, _, code := runIn(t, dir, os.Getenv, "staged", "--verify"); code != 2 {
		t.Errorf("staged --verify: exit %d, want 2", code)
	}
}

// TestNewStagedSourceModes checks how pre-commit's file arguments and
// GIT_INDEX_FILE choose between the staged diff and whole files.
func TestNewStagedSourceModes(t *testing.T) {
	dir := hookTestRepo(t)
	committed, added := fakekey.New("mode-committed"), fakekey.New("mode-added")
	line := func(k string) string { return `headers = {"x-api-key": "` + k + `"}  # client.camb.ai` + "\n" }
	os.WriteFile(filepath.Join(dir, "old.py"), []byte(line(committed)), 0o644)
	hookGit(t, dir, "add", "old.py")
	hookGit(t, dir, "commit", "-q", "-m", "key committed before the hook")
	os.WriteFile(filepath.Join(dir, "new.py"), []byte(line(added)), 0o644)
	hookGit(t, dir, "add", "new.py")
	t.Chdir(dir)
	scan := func(files []string, indexFile string) []string {
		t.Helper()
		getenv := func(k string) string {
			if k == "GIT_INDEX_FILE" {
				return indexFile
			}
			return ""
		}
		res, err := scanner.Run(context.Background(), []scanner.Source{newStagedSource(files, nil, 0, getenv)}, scanner.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.Path+" "+string(f.Kind))
		}
		return got
	}
	check := func(name string, got []string, want ...string) {
		t.Helper()
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: findings %q, want %q", name, got, want)
		}
	}
	check("plain git hook (no files)", scan(nil, ".git/index"), "new.py staged")
	check("pre-commit in git commit", scan([]string{"new.py"}, ".git/index"), "new.py staged")
	check("pre-commit run --all-files", scan([]string{"old.py", "new.py"}, ""), "new.py file", "old.py file")
	check("pre-commit run --files old.py", scan([]string{"old.py"}, ""), "old.py file")
	check("cambscan staged by hand", scan(nil, ""), "new.py staged")
}

func TestStagedAdvice(t *testing.T) {
	key := fakekey.New("advice")
	res := &scanner.Result{Findings: []scanner.Finding{
		{Secret: key, Origin: scanner.Origin{Kind: scanner.KindStaged, Path: "src/client.go"}, Line: 12, Column: 30},
		{Secret: key, Origin: scanner.Origin{Kind: scanner.KindStaged, Path: "src/client.go"}, Line: 12, Column: 30},
		{Secret: key, Origin: scanner.Origin{Kind: scanner.KindStaged, Path: "my docs/it's.md"}, Line: 1, Column: 5},
		{Secret: key, Origin: scanner.Origin{Kind: scanner.KindFile, Path: "old.py"}, Line: 3, Column: 1},
	}}
	var b bytes.Buffer
	stagedAdvice(&b, res)
	out := b.String()
	for _, want := range []string{
		"the staged changes add 2 CAMB.AI API keys", "src/client.go:12:30",
		`git add src/client.go 'my docs/it'\''s.md'`, `git restore --staged src/client.go 'my docs/it'\''s.md'`,
		"CAMB_API_KEY", "cambscan:allow", "git commit --no-verify", "rotate",
		"these files hold a CAMB.AI API key", "old.py:3:1", "cambscan git",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("advice lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "src/client.go:12:30") != 1 {
		t.Error("a duplicate location was listed twice")
	}
	if strings.Contains(out, key) || strings.Contains(out, report.Redact(key)) || strings.Contains(out, key[9:23]) {
		t.Error("the advice shows the key")
	}
	b.Reset()
	stagedAdvice(&b, &scanner.Result{})
	if b.Len() != 0 {
		t.Errorf("advice without findings: %q", b.String())
	}
}

// TestStagedAdviceDotenv: a key in a staged dotenv file is answered with
// "keep it out of git" (.gitignore, git rm --cached), not with reading the
// key from the environment, which is what the file already is for.
func TestStagedAdviceDotenv(t *testing.T) {
	key := fakekey.New("dotenv")
	staged := func(paths ...string) string {
		res := &scanner.Result{}
		for _, p := range paths {
			res.Findings = append(res.Findings, scanner.Finding{Secret: key, Origin: scanner.Origin{Kind: scanner.KindStaged, Path: p}, Line: 1, Column: 14})
		}
		var b bytes.Buffer
		stagedAdvice(&b, res)
		return b.String()
	}
	out := staged(".env", "config/.env.local")
	for _, want := range []string{
		"Keep .env config/.env.local out of git",
		`printf '%s\n' .env .env.local >> .gitignore`,
		"git rm --cached .env config/.env.local",
		"the file on disk stays", "rotate", "cambscan:allow", "git commit --no-verify",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dotenv advice lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "os.environ") || strings.Contains(out, "git add") {
		t.Errorf("dotenv advice tells to read the environment or stage the file again:\n%s", out)
	}
	mixed := staged("prod.env", "app/client.py")
	for _, want := range []string{"git rm --cached prod.env", "In the other files, take the key out", "git add app/client.py", "os.environ"} {
		if !strings.Contains(mixed, want) {
			t.Errorf("mixed advice lacks %q:\n%s", want, mixed)
		}
	}
	if strings.Contains(mixed, "git add prod.env") {
		t.Errorf("mixed advice stages the dotenv file again:\n%s", mixed)
	}
	if code := staged(".env.example"); !strings.Contains(code, "os.environ") || strings.Contains(code, "git rm --cached") {
		t.Errorf(".env.example is a template that belongs in git:\n%s", code)
	}
	for p, want := range map[string]bool{
		".env": true, "a/.env.local": true, ".env.production": true, "prod.env": true, ".envrc": true, "A/.ENV": true,
		".env.example": false, ".env.sample": false, ".env.template": false, "env": false, ".environment": false,
		"app.env.js": false, "x.zip!.env": false, ".env/config.py": false,
	} {
		if got := isDotenv(p); got != want {
			t.Errorf("isDotenv(%q) = %v, want %v", p, got, want)
		}
	}
}
