package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// A pushRig is a client repository and a bare server repository it pushes
// to with real `git push`; the server's hooks/pre-receive runs the
// cambscan that TestMain put on PATH (this test binary).
type pushRig struct {
	t              *testing.T
	client, server string
	key            string
}

// newPushRig makes the client (one empty commit on main), pushes main to a
// new bare server and then installs the hook, so what is pushed first is
// there "from before the hook".
func newPushRig(t *testing.T) *pushRig {
	t.Helper()
	if _, err := exec.LookPath("cambscan"); err != nil {
		t.Fatalf("cambscan is not on PATH: %v", err)
	}
	client := hookTestRepo(t)
	for _, v := range []string{"GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_QUARANTINE_PATH"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	server := filepath.Join(t.TempDir(), "server.git")
	hookGit(t, client, "init", "-q", "--bare", "-b", "main", server)
	hookGit(t, client, "remote", "add", "origin", server)
	hookGit(t, client, "push", "-q", "origin", "main")
	return &pushRig{t: t, client: client, server: server, key: fakekey.New("pre-receive " + t.Name())}
}

// installHook writes hooks/pre-receive: body runs before cambscan.
func (r *pushRig) installHook(body string) {
	r.t.Helper()
	script := "#!/bin/sh\n" + body + "\nexec cambscan pre-receive\n"
	if err := os.WriteFile(filepath.Join(r.server, "hooks", "pre-receive"), []byte(script), 0o755); err != nil {
		r.t.Fatal(err)
	}
}

func (r *pushRig) git(args ...string) string { r.t.Helper(); return hookGit(r.t, r.client, args...) }

// leak is a file that holds the rig's key; clean one that does not.
func (r *pushRig) leak() string {
	return "import requests\nrequests.get(\"https://client.camb.ai/apis/list-voices\", headers={\"x-api-key\": \"" + r.key + "\"})\n"
}

const cleanClient = "import os, requests\nrequests.get(\"https://client.camb.ai/apis/list-voices\", headers={\"x-api-key\": os.environ[\"CAMB_API_KEY\"]})\n"

// commit writes name with content and commits it.
func (r *pushRig) commit(name, content, msg string) string {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.client, name), []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
	r.git("add", name)
	r.git("commit", "-q", "-m", msg)
	return r.git("rev-parse", "HEAD")
}

// push runs git push in the client and returns its output and whether it
// succeeded.
func (r *pushRig) push(args ...string) (string, bool) {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"push"}, args...)...)
	cmd.Dir = r.client
	out, err := cmd.CombinedOutput()
	if strings.Contains(string(out), r.key) {
		r.t.Errorf("git push output shows the key:\n%s", out)
	}
	return string(out), err == nil
}

// serverRef returns what ref points at on the server, "" when absent.
func (r *pushRig) serverRef(ref string) string {
	cmd := exec.Command("git", "rev-parse", "-q", "--verify", ref)
	cmd.Dir = r.server
	out, _ := cmd.Output()
	return strings.TrimSpace(string(out))
}

func (r *pushRig) wantRejected(out string, ok bool, wants ...string) {
	r.t.Helper()
	if ok {
		r.t.Fatalf("the push was accepted:\n%s", out)
	}
	for _, w := range append([]string{"push rejected", "pre-receive hook declined"}, wants...) {
		if !strings.Contains(out, w) {
			r.t.Errorf("the push output lacks %q:\n%s", w, out)
		}
	}
}

func (r *pushRig) wantAccepted(out string, ok bool) {
	r.t.Helper()
	if !ok || strings.Contains(out, "push rejected") {
		r.t.Fatalf("the push was rejected:\n%s", out)
	}
}

var fingerprintRE = regexp.MustCompile(`fingerprint ([0-9a-f]{64})`)

func TestPreReceiveBranches(t *testing.T) {
	for _, unpackLimit := range []string{"100", "1"} { // loose objects in the quarantine, or a pack
		t.Run("unpackLimit="+unpackLimit, func(t *testing.T) {
			r := newPushRig(t)
			hookGit(t, r.server, "config", "transfer.unpackLimit", unpackLimit)
			r.installHook("")
			mainBefore := r.serverRef("refs/heads/main")

			// A new branch with a key: rejected, nothing written.
			r.git("checkout", "-q", "-b", "feature")
			keyCommit := r.commit("client.py", r.leak(), "add client")
			r.commit("README", "docs\n", "more")
			out, ok := r.push("origin", "feature")
			r.wantRejected(out, ok, "refs/heads/feature", keyCommit[:12], "client.py:2:", "Rotate the key")
			if got := r.serverRef("refs/heads/feature"); got != "" {
				t.Errorf("a rejected push created refs/heads/feature at %s", got)
			}
			// Deleting the key in a later commit does not help: the
			// commit that adds it is still pushed.
			r.commit("client.py", cleanClient, "remove the key")
			out, ok = r.push("origin", "feature")
			r.wantRejected(out, ok, keyCommit[:12])

			// An existing branch with a key: rejected, ref unchanged.
			r.git("checkout", "-q", "main")
			r.commit("client.py", r.leak(), "key on main")
			out, ok = r.push("origin", "main")
			r.wantRejected(out, ok, "refs/heads/main")
			if got := r.serverRef("refs/heads/main"); got != mainBefore {
				t.Errorf("a rejected push moved main from %s to %s", mainBefore, got)
			}

			// A clean push: accepted.
			r.git("reset", "-q", "--hard", "HEAD~1")
			clean := r.commit("client.py", cleanClient, "clean client")
			out, ok = r.push("origin", "main")
			r.wantAccepted(out, ok)
			if !strings.Contains(out, "push checked: 1 new commit") {
				t.Errorf("an accepted push says nothing of what was checked:\n%s", out)
			}
			if got := r.serverRef("refs/heads/main"); got != clean {
				t.Errorf("main is %s on the server after a clean push, want %s", got, clean)
			}
		})
	}
}

// TestPreReceiveSeveralRefs pushes a clean branch and a leaky one at once:
// the whole push is rejected, and the output names the leaky ref.
func TestPreReceiveSeveralRefs(t *testing.T) {
	r := newPushRig(t)
	r.installHook("")
	r.git("checkout", "-q", "-b", "clean")
	r.commit("a.txt", "a\n", "a")
	r.git("checkout", "-q", "-b", "leaky")
	r.commit("client.py", r.leak(), "leak")
	out, ok := r.push("origin", "clean", "leaky")
	r.wantRejected(out, ok, "refs/heads/leaky")
	if strings.Contains(out, "refs/heads/clean  ") {
		t.Errorf("the clean ref is listed as carrying the key:\n%s", out)
	}
	if r.serverRef("refs/heads/clean") != "" || r.serverRef("refs/heads/leaky") != "" {
		t.Error("a rejected push created refs")
	}
}

// TestPreReceiveExistingKeys: keys the server had before the hook are not
// new. Deleting one, merging a branch that has one and deleting that
// branch are accepted; a rewritten commit that adds one again is not.
func TestPreReceiveExistingKeys(t *testing.T) {
	r := newPushRig(t)
	r.git("checkout", "-q", "-b", "leaky")
	r.commit("client.py", r.leak(), "leak")
	r.commit("notes.txt", "n\n", "notes")
	r.git("push", "-q", "origin", "leaky")
	r.git("checkout", "-q", "main")
	r.commit("main.txt", "m\n", "main work")
	r.git("push", "-q", "origin", "main")
	r.installHook("")

	// A merge of the leaky branch that the server already has.
	r.git("merge", "-q", "--no-ff", "-m", "merge leaky", "leaky")
	out, ok := r.push("origin", "main")
	r.wantAccepted(out, ok)

	// A push that only deletes the key.
	r.git("rm", "-q", "client.py")
	r.git("commit", "-q", "-m", "delete the key")
	out, ok = r.push("origin", "main")
	r.wantAccepted(out, ok)

	// A force push of a rewritten leaky branch that still adds the key.
	r.git("checkout", "-q", "leaky")
	r.git("reset", "-q", "--hard", "HEAD~1")
	r.git("commit", "-q", "--amend", "-m", "leak, reworded")
	rewritten := r.git("rev-parse", "HEAD")
	before := r.serverRef("refs/heads/leaky")
	out, ok = r.push("--force", "origin", "leaky")
	r.wantRejected(out, ok, rewritten[:12], "client.py:2:")
	if got := r.serverRef("refs/heads/leaky"); got != before {
		t.Errorf("a rejected force push moved leaky to %s", got)
	}

	// Deleting the branch: nothing to scan.
	out, ok = r.push("origin", ":leaky")
	r.wantAccepted(out, ok)
	if r.serverRef("refs/heads/leaky") != "" {
		t.Error("the branch was not deleted")
	}
}

// TestPreReceiveTags: an annotated tag on a new commit with a key is
// rejected; one on a commit the server has is accepted.
func TestPreReceiveTags(t *testing.T) {
	r := newPushRig(t)
	r.installHook("")
	r.git("tag", "-a", "-m", "old", "v0", "main")
	out, ok := r.push("origin", "v0")
	r.wantAccepted(out, ok)

	r.git("checkout", "-q", "--detach")
	r.commit("client.py", r.leak(), "leak")
	r.git("tag", "-a", "-m", "new", "v1")
	out, ok = r.push("origin", "v1")
	r.wantRejected(out, ok, "refs/tags/v1", "client.py:2:")
	if r.serverRef("refs/tags/v1") != "" {
		t.Error("a rejected tag push created the tag")
	}
}

// TestPreReceivePushOption lets one finding through with git push -o
// cambscan.allow=FINGERPRINT, and logs it; another fingerprint does not.
func TestPreReceivePushOption(t *testing.T) {
	r := newPushRig(t)
	hookGit(t, r.server, "config", "receive.advertisePushOptions", "true")
	r.installHook("")
	r.git("checkout", "-q", "-b", "feature")
	r.commit("client.py", r.leak(), "leak")
	out, ok := r.push("origin", "feature")
	r.wantRejected(out, ok)
	m := fingerprintRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no fingerprint in the rejection:\n%s", out)
	}
	out, ok = r.push("-o", "cambscan.allow="+strings.Repeat("0", 64), "origin", "feature")
	r.wantRejected(out, ok)
	out, ok = r.push("-o", "cambscan.allow="+m[1], "origin", "feature")
	r.wantAccepted(out, ok)
	if !strings.Contains(out, "allowed by push option cambscan.allow") || !strings.Contains(out, m[1]) {
		t.Errorf("the bypass is not logged:\n%s", out)
	}
}

// TestPreReceiveInlineAllow: cambscan:allow on the key's line passes.
func TestPreReceiveInlineAllow(t *testing.T) {
	r := newPushRig(t)
	r.installHook("")
	r.commit("client.py", strings.Replace(r.leak(), ")\n", ")  # cambscan:allow\n", 1), "fixture")
	out, ok := r.push("origin", "main")
	r.wantAccepted(out, ok)
}

// TestPreReceiveFsckObjects runs with receive.fsckObjects on.
func TestPreReceiveFsckObjects(t *testing.T) {
	r := newPushRig(t)
	hookGit(t, r.server, "config", "receive.fsckObjects", "true")
	r.installHook("")
	r.commit("client.py", r.leak(), "leak")
	out, ok := r.push("origin", "main")
	r.wantRejected(out, ok, "client.py:2:")
	r.git("reset", "-q", "--hard", "HEAD~1")
	r.commit("client.py", cleanClient, "clean")
	out, ok = r.push("origin", "main")
	r.wantAccepted(out, ok)
}

// TestPreReceiveCorrupt damages the incoming objects in the quarantine
// before cambscan reads them (the hook does it; git checked them before):
// a corrupt pack and a corrupt loose blob both reject the push with a
// message, never let it through unscanned.
func TestPreReceiveCorrupt(t *testing.T) {
	blob := func(content string) string {
		t.Helper()
		cmd := exec.Command("git", "hash-object", "--stdin")
		cmd.Stdin = strings.NewReader(content)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(out))
	}
	id := blob(cleanClient)
	for _, c := range []struct {
		name, unpackLimit, damage string
		wants                     []string
	}{
		// Bytes in the middle of the pack's first object (a commit).
		{"pack", "1", `for f in "$GIT_QUARANTINE_PATH"/pack/*.pack; do chmod u+w "$f"; printf '\377\377\377\377\377\377\377\377' | dd of="$f" bs=1 seek=16 conv=notrunc 2>/dev/null; done`,
			[]string{"cannot be read", "corrupt object"}},
		// One loose blob's zlib stream cut short; the other blob is read.
		{"loose", "100", `f="$GIT_QUARANTINE_PATH/` + id[:2] + "/" + id[2:] + `"; chmod u+w "$f"; head -c 12 "$f" > "$f.tmp"; mv -f "$f.tmp" "$f"`,
			[]string{"1 incoming object could not be read", "blob " + id, "corrupt object"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newPushRig(t)
			hookGit(t, r.server, "config", "transfer.unpackLimit", c.unpackLimit)
			r.installHook(c.damage)
			r.commit("other.txt", "other\n", "other")
			r.commit("client.py", cleanClient, "clean")
			before := r.serverRef("refs/heads/main")
			out, ok := r.push("origin", "main")
			r.wantRejected(out, ok, append([]string{"could not be checked"}, c.wants...)...)
			if got := r.serverRef("refs/heads/main"); got != before {
				t.Errorf("main moved to %s", got)
			}
		})
	}
}

// TestPreReceiveByHand runs the command in a bare repository without a
// quarantine, after the objects landed: new commits are those that no
// existing ref reaches, each updated ref at its old value.
func TestPreReceiveByHand(t *testing.T) {
	r := newPushRig(t)
	old := r.git("rev-parse", "HEAD")
	r.commit("client.py", r.leak(), "leak")
	leak := r.git("rev-parse", "HEAD")
	r.commit("client.py", cleanClient, "clean")
	tip := r.git("rev-parse", "HEAD")
	r.git("push", "-q", "origin", "main") // no hook: the refs move
	run := func(input string) (string, int) {
		t.Helper()
		t.Chdir(r.server)
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"pre-receive"}, strings.NewReader(input), &stdout, &stderr, os.Getenv)
		if strings.Contains(stdout.String()+stderr.String(), r.key) {
			t.Errorf("the output shows the key")
		}
		msg := stderr.String()
		if err != nil {
			msg += err.Error()
		}
		return msg, exitCodeOf(err)
	}
	if out, code := run(old + " " + tip + " refs/heads/main\n"); code != 1 || !strings.Contains(out, leak[:12]) {
		t.Errorf("old..tip: exit %d, want 1 naming %s:\n%s", code, leak[:12], out)
	}
	if out, code := run(leak + " " + tip + " refs/heads/main\n"); code != 0 {
		t.Errorf("leak..tip (removes the key): exit %d, want 0:\n%s", code, out)
	}
	if out, code := run("0000000000000000000000000000000000000000 " + tip + " refs/heads/copy\n"); code != 0 {
		t.Errorf("a new ref on commits main has: exit %d, want 0:\n%s", code, out)
	}
	if out, code := run(old + " " + tip + "\n"); code != 2 || !strings.Contains(out, "line 1") {
		t.Errorf("a malformed line: exit %d, want 2:\n%s", code, out)
	}
	if out, code := run("0000000000000000000000000000000000000000 " + strings.Repeat("ab", 20) + " refs/heads/x\n"); code != 2 {
		t.Errorf("an unknown new object: exit %d, want 2:\n%s", code, out)
	}
}
