package hook

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPrePushInstall: the pre-push hook is installed next to the
// pre-commit hook without touching it, chains an existing pre-push hook,
// and both the kept hook and cambscan read git's lines and arguments;
// a failing kept hook stops the push before cambscan runs.
func TestPrePushInstall(t *testing.T) {
	e := newEnv(t)
	dir := e.repo()
	hooks := e.gitHooksDir(dir)
	pre := mustInstall(t, dir, e.opts())
	o := e.opts()
	o.Hook = PrePush
	logs := t.TempDir()
	orig := "#!/bin/sh\necho \"orig $*\" >> '" + filepath.Join(logs, "orig") + "'\ncat >> '" + filepath.Join(logs, "orig") + "'\nexit ${ORIG_RC:-0}\n"
	if err := os.MkdirAll(hooks, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(hooks, PrePush), []byte(orig), 0o755); err != nil {
		t.Fatal(err)
	}
	if msg := mustInstall(t, dir, o); !strings.Contains(msg, "pre-push hook") || !strings.Contains(msg, Backup(PrePush)) {
		t.Errorf("install message: %s", msg)
	}
	if msg := mustInstall(t, dir, o); !strings.Contains(msg, "already installed") {
		t.Errorf("second install: %s", msg)
	}
	if !strings.Contains(pre, "pre-commit") || !bytesEqual(readFile(t, filepath.Join(hooks, HookName)), Script("")) {
		t.Error("installing the pre-push hook changed the pre-commit hook")
	}
	st, err := Status(dir, o)
	if err != nil || !st.Current || !st.Chained || filepath.Base(st.Hook) != PrePush {
		t.Errorf("status = %+v, %v", st, err)
	}
	if out, err := exec.Command("sh", "-n", st.Hook).CombinedOutput(); err != nil {
		t.Fatalf("sh -n: %v\n%s", err, out)
	}
	fake := t.TempDir()
	script := "#!/bin/sh\necho \"cambscan $*\" >> \"$LOG\"\ncat >> \"$LOG\"\n"
	if err := os.WriteFile(filepath.Join(fake, "cambscan"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	lines := "refs/heads/main 1111111111111111111111111111111111111111 refs/heads/main 0000000000000000000000000000000000000000\n"
	for _, c := range []struct{ origRC, want string }{{"0", "0"}, {"3", "3"}} {
		os.Remove(filepath.Join(logs, "orig"))
		os.Remove(filepath.Join(logs, "cambscan"))
		cmd := exec.Command(st.Hook, "origin", "/srv/x.git")
		cmd.Dir = dir
		cmd.Env = e.environ("PATH="+fake+":"+os.Getenv("PATH"), "LOG="+filepath.Join(logs, "cambscan"), "ORIG_RC="+c.origRC)
		cmd.Stdin = strings.NewReader(lines)
		out, err := cmd.CombinedOutput()
		code := "0"
		if ee, ok := err.(*exec.ExitError); ok {
			code = strconv.Itoa(ee.ExitCode())
		} else if err != nil {
			t.Fatalf("run the hook: %v\n%s", err, out)
		}
		if code != c.want {
			t.Errorf("kept hook exits %s: the hook exits %s, want %s", c.origRC, code, c.want)
		}
		if got := string(readFile(t, filepath.Join(logs, "orig"))); got != "orig origin /srv/x.git\n"+lines {
			t.Errorf("the kept hook got %q", got)
		}
		cam, _ := os.ReadFile(filepath.Join(logs, "cambscan"))
		if want := "cambscan pre-push origin /srv/x.git\n" + lines; c.origRC == "0" && string(cam) != want {
			t.Errorf("cambscan ran as %q, want %q", cam, want)
		} else if c.origRC != "0" && len(cam) > 0 {
			t.Errorf("cambscan ran after the kept hook failed: %q", cam)
		}
	}
	if msg, err := Uninstall(dir, o); err != nil || !strings.Contains(msg, "restored the previous one from "+Backup(PrePush)) {
		t.Fatalf("uninstall: %s, %v", msg, err)
	}
	if got := string(readFile(t, filepath.Join(hooks, PrePush))); got != orig {
		t.Errorf("uninstall restored %q", got)
	}
	if !bytesEqual(readFile(t, filepath.Join(hooks, HookName)), Script("")) {
		t.Error("uninstalling the pre-push hook changed the pre-commit hook")
	}
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }
