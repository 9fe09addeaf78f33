package push

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/scanner"
)

// quarantineRig is a bare repository with one commit on main, and a
// quarantine directory next to its objects as receive-pack makes one.
type quarantineRig struct {
	t                  *testing.T
	repo, quarantine   string
	env                map[string]string
	base, baseBlobLeak string
}

func newQuarantineRig(t *testing.T, stored string) *quarantineRig {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("these tests need the git executable")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", "/dev/null")
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, v := range []string{"GIT_DIR", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_QUARANTINE_PATH", "GIT_INDEX_FILE"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	r := &quarantineRig{t: t, repo: filepath.Join(t.TempDir(), "r.git")}
	r.git(nil, "", "init", "-q", "--bare", "-b", "main", r.repo)
	r.quarantine = filepath.Join(r.repo, "objects", "tmp_objdir-incoming-test")
	if err := os.MkdirAll(r.quarantine, 0o755); err != nil {
		t.Fatal(err)
	}
	r.env = map[string]string{
		"GIT_DIR":                          r.repo,
		"GIT_OBJECT_DIRECTORY":             r.quarantine,
		"GIT_QUARANTINE_PATH":              r.quarantine,
		"GIT_ALTERNATE_OBJECT_DIRECTORIES": filepath.Join(r.repo, "objects"),
	}
	blob := r.git(nil, stored, "--git-dir", r.repo, "hash-object", "-w", "--stdin")
	r.base = r.commitOf(nil, "", "stored.py", blob)
	r.git(nil, "", "--git-dir", r.repo, "update-ref", "refs/heads/main", r.base)
	return r
}

// git runs git with env added (nil: none) and stdin, and returns its
// output.
func (r *quarantineRig) git(env map[string]string, stdin string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Env = append(cmd.Env, "GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.invalid")
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// commitOf writes a tree with name -> blob and a commit of it (parent
// when not "") into the store env names.
func (r *quarantineRig) commitOf(env map[string]string, parent, name, blob string) string {
	tree := r.git(env, "100644 blob "+blob+"\t"+name+"\n", "--git-dir", r.repo, "mktree")
	args := []string{"--git-dir", r.repo, "commit-tree", "-m", "c", tree}
	if parent != "" {
		args = append(args, "-p", parent)
	}
	return r.git(env, "", args...)
}

// incoming writes a blob into the quarantine and returns its id.
func (r *quarantineRig) incoming(content string) string {
	return r.git(r.env, content, "--git-dir", r.repo, "hash-object", "-w", "--stdin")
}

func (r *quarantineRig) scan(updates ...Update) (*scanner.Result, *Source) {
	r.t.Helper()
	src := NewSource(updates, Options{Env: func(k string) string { return r.env[k] }})
	res, err := scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{})
	if err != nil {
		r.t.Fatal(err)
	}
	return res, src
}

func id(t *testing.T, s string) (out [20]byte) {
	t.Helper()
	u, err := parseUpdate(s + " " + s + " r")
	if err != nil {
		t.Fatal(err)
	}
	return u.New
}

func leak(key string) string {
	return "requests.get(\"https://client.camb.ai/apis/list-voices\", headers={\"x-api-key\": \"" + key + "\"})\n"
}

// TestIncomingOnly: the blobs scanned are the pushed commit's new one and
// an incoming blob no commit names (reported without a path); a blob in
// the quarantine that the repository already holds (a thin pack's base)
// is not scanned again, and the stored key is not reported.
func TestIncomingOnly(t *testing.T) {
	storedKey, newKey, strayKey := fakekey.New("push stored"), fakekey.New("push new"), fakekey.New("push stray")
	r := newQuarantineRig(t, leak(storedKey))
	// A copy of the stored blob in the quarantine, as index-pack writes
	// the bases that complete a thin pack.
	r.incoming(leak(storedKey))
	added := r.incoming(leak(newKey))
	stray := r.incoming(leak(strayKey))
	tip := r.commitOf(r.env, r.base, "new.py", added)
	res, src := r.scan(Update{Old: id(t, r.base), New: id(t, tip), Ref: "refs/heads/main"})
	if res.Stats.Files != 2 {
		t.Errorf("scanned %d blobs, want 2 (the added one and the stray one)", res.Stats.Files)
	}
	if len(res.Findings) != 2 {
		t.Fatalf("%d findings, want 2: %+v", len(res.Findings), res.Findings)
	}
	for _, f := range res.Findings {
		switch f.Secret {
		case newKey:
			if f.Path != "new.py" || f.Commit != tip || src.Ref(f.Commit) != "refs/heads/main" || f.Author != "T" {
				t.Errorf("the pushed key: path %q commit %s ref %q author %q", f.Path, f.Commit, src.Ref(f.Commit), f.Author)
			}
		case strayKey:
			if f.Path != "" || f.Commit != "" || f.Blob != stray {
				t.Errorf("the stray blob: path %q commit %q blob %s", f.Path, f.Commit, f.Blob)
			}
		default:
			t.Errorf("unexpected finding at %s", f.Path)
		}
	}
	if src.NewCommits() != 1 {
		t.Errorf("%d new commits, want 1", src.NewCommits())
	}
}

// TestMissingParent: a pushed commit whose parent is neither stored nor
// incoming fails the scan instead of passing it.
func TestMissingParent(t *testing.T) {
	r := newQuarantineRig(t, "x\n")
	blob := r.incoming("y\n")
	tree := r.git(r.env, "100644 blob "+blob+"\ty.txt\n", "--git-dir", r.repo, "mktree")
	body := "tree " + tree + "\nparent " + strings.Repeat("ab", 20) + "\nauthor T <t@example.invalid> 1700000000 +0000\ncommitter T <t@example.invalid> 1700000000 +0000\n\nc\n"
	tip := r.git(r.env, body, "--git-dir", r.repo, "hash-object", "-t", "commit", "-w", "--literally", "--stdin")
	src := NewSource([]Update{{Old: id(t, r.base), New: id(t, tip), Ref: "refs/heads/main"}}, Options{Env: func(k string) string { return r.env[k] }})
	res, err := scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{})
	if err == nil || !strings.Contains(err.Error(), "cannot be read") {
		t.Fatalf("err %v, want a commit that cannot be read; result %+v", err, res)
	}
}
