package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// pushRepo is a client repository with a bare remote "origin" at a local
// path.
type pushRepo struct {
	t            *testing.T
	dir, remote  string
	pushed, code int
}

func newPushRepo(t *testing.T) *pushRepo {
	dir := hookTestRepo(t)
	remote := filepath.Join(t.TempDir(), "remote.git")
	hookGit(t, dir, "init", "-q", "--bare", remote)
	hookGit(t, dir, "remote", "add", "origin", remote)
	hookGit(t, dir, "push", "-q", "origin", "main")
	return &pushRepo{t: t, dir: dir, remote: remote}
}

func (p *pushRepo) write(name, content string) {
	p.t.Helper()
	if err := os.WriteFile(filepath.Join(p.dir, name), []byte(content), 0o644); err != nil {
		p.t.Fatal(err)
	}
}

func (p *pushRepo) commit(msg string) string {
	p.t.Helper()
	hookGit(p.t, p.dir, "add", "-A")
	hookGit(p.t, p.dir, "commit", "-q", "--allow-empty", "-m", msg)
	return hookGit(p.t, p.dir, "rev-parse", "HEAD")
}

// push runs git push with args and returns its output and whether it
// succeeded.
func (p *pushRepo) push(args ...string) (string, bool) {
	p.t.Helper()
	cmd := exec.Command("git", append([]string{"push"}, args...)...)
	cmd.Dir = p.dir
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

// remoteRef returns what ref points at on the remote, "" when it does not
// exist.
func (p *pushRepo) remoteRef(ref string) string {
	cmd := exec.Command("git", "rev-parse", "-q", "--verify", ref)
	cmd.Dir = p.remote
	out, _ := cmd.Output()
	return strings.TrimSpace(string(out))
}

func keyPy(key string) string {
	return "import cambai\n\nheaders = {\"x-api-key\": \"" + key + "\"}\n"
}

// TestPrePushInput: git's lines and pre-commit's variables, read by the
// command in-process.
func TestPrePushInput(t *testing.T) {
	p := newPushRepo(t)
	base := hookGit(t, p.dir, "rev-parse", "HEAD")
	key := fakekey.New("pre-push-input")
	p.write("key.py", keyPy(key))
	withKey := p.commit("key")
	p.write("key.py", "clean\n")
	tip := p.commit("clean")
	zero := strings.Repeat("0", 40)
	noEnv := func(string) string { return "" }
	run := func(stdin string, getenv env, args ...string) (string, int) {
		t.Helper()
		t.Chdir(p.dir)
		var out, errb strings.Builder
		err := run(t.Context(), append([]string{"pre-push", "--progress", "never"}, args...), strings.NewReader(stdin), &out, &errb, getenv)
		if err != nil {
			errb.WriteString(err.Error())
		}
		return out.String() + errb.String(), exitCodeOf(err)
	}
	for _, c := range []struct {
		name, stdin string
		env         map[string]string
		code        int
		want        string
	}{
		{"existing branch", "refs/heads/main " + tip + " refs/heads/main " + base + "\n", nil, 1, "key.py:3"},
		{"new branch", "refs/heads/x " + tip + " refs/heads/x " + zero + "\n", nil, 1, "commit " + withKey[:12]},
		{"remote has it", "refs/heads/main " + tip + " refs/heads/main " + withKey + "\n", nil, 0, "scanned"},
		{"remote sha unknown here", "refs/heads/main " + tip + " refs/heads/main " + strings.Repeat("ab", 20) + "\n", nil, 1, "key.py:3"},
		{"deletion", "(delete) " + zero + " refs/heads/main " + base + "\n", nil, 0, "nothing to scan"},
		{"no lines", "", nil, 0, "nothing to scan"},
		{"two refs", "refs/heads/a " + base + " refs/heads/a " + zero + "\nrefs/heads/b " + tip + " refs/heads/b " + base + "\n", nil, 1, "key.py:3"},
		{"bad line", "refs/heads/main " + tip + "\n", nil, 2, "not <local ref>"},
		{"bad id", "refs/heads/main HEAD refs/heads/main " + base + "\n", nil, 2, "not an object id"},
		{"unknown local id", "refs/heads/main " + strings.Repeat("cd", 20) + " refs/heads/main " + base + "\n", nil, 2, "unknown revision"},
		{"pre-commit range", "", map[string]string{"PRE_COMMIT_FROM_REF": base, "PRE_COMMIT_TO_REF": tip}, 1, "key.py:3"},
		{"pre-commit range, nothing new", "", map[string]string{"PRE_COMMIT_FROM_REF": withKey, "PRE_COMMIT_TO_REF": tip}, 0, "scanned"},
		{"pre-commit root push", "", map[string]string{"PRE_COMMIT_LOCAL_BRANCH": "refs/heads/main", "PRE_COMMIT_REMOTE_NAME": "nowhere"}, 1, "key.py:3"},
		{"pre-commit, remote refs", "", map[string]string{"PRE_COMMIT_LOCAL_BRANCH": "refs/heads/main", "PRE_COMMIT_REMOTE_NAME": "origin"}, 1, "key.py:3"},
	} {
		getenv := noEnv
		if c.env != nil {
			getenv = func(k string) string { return c.env[k] }
		}
		out, code := run(c.stdin, getenv, "origin", p.remote)
		if code != c.code || !strings.Contains(out, c.want) || strings.Contains(out, key) {
			t.Errorf("%s: exit %d, want %d with %q and not the key:\n%s", c.name, code, c.code, c.want, out)
		}
	}
	// After a fetch, origin/main has the key commit: nothing new.
	hookGit(t, p.dir, "update-ref", "refs/remotes/origin/main", tip)
	if out, code := run("refs/heads/x "+tip+" refs/heads/x "+zero+"\n", noEnv, "origin", p.remote); code != 0 {
		t.Errorf("a new branch of commits origin/main has: exit %d:\n%s", code, out)
	}
	if out, code := run("", noEnv, "origin", p.remote, "extra"); code != 2 || !strings.Contains(out, "at most two arguments") {
		t.Errorf("three arguments: exit %d:\n%s", code, out)
	}
	if out, code := run("", noEnv, "--verify"); code != 2 || !strings.Contains(out, "offline") {
		t.Errorf("--verify: exit %d:\n%s", code, out)
	}
}

// TestPrePushNullStdin: stdin on the null device (a character device, like
// a terminal) is no lines, not a usage error.
func TestPrePushNullStdin(t *testing.T) {
	p := newPushRepo(t)
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	t.Chdir(p.dir)
	var out strings.Builder
	err = run(t.Context(), []string{"pre-push", "origin", p.remote}, null, &out, &out, func(string) string { return "" })
	if err != nil || !strings.Contains(out.String(), "nothing to scan") {
		t.Errorf("stdin on %s: %v\n%s", os.DevNull, err, out.String())
	}
}
