package staged

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/scanner"
)

// A stRepo is a repository made with the git executable for a test.
type stRepo struct {
	t   *testing.T
	dir string
}

// newStRepo creates an empty repository on branch main in a temporary
// directory, with git's global and system config shut out.
func newStRepo(t *testing.T) *stRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("these tests need the git executable")
	}
	r := &stRepo{t: t, dir: t.TempDir()}
	r.git("init", "-q", "-b", "main")
	return r
}

// stGitEnv isolates test git commands from the user's configuration and
// makes commit hashes stable.
func stGitEnv(home string) []string {
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") && !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	return append(env, "HOME="+home, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.invalid", "GIT_AUTHOR_DATE=2024-01-01T00:00:00Z",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.invalid", "GIT_COMMITTER_DATE=2024-01-01T00:00:00Z")
}

// git runs git in the repository and returns its trimmed output.
func (r *stRepo) git(args ...string) string {
	r.t.Helper()
	return r.gitIn(r.dir, nil, args...)
}

func (r *stRepo) gitIn(dir string, extraEnv []string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "protocol.file.allow=always", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(stGitEnv(r.dir), extraEnv...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// gitMayFail runs git and returns its output and whether it succeeded.
func (r *stRepo) gitMayFail(args ...string) (string, bool) {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	cmd.Env = stGitEnv(r.dir)
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

// write writes a file of the work tree, creating its directories.
func (r *stRepo) write(path, content string) {
	r.t.Helper()
	stWriteFile(r.t, filepath.Join(r.dir, path), content)
}

func stWriteFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// commitAll stages everything and commits it.
func (r *stRepo) commitAll(msg string) {
	r.t.Helper()
	r.git("add", "-A")
	r.git("commit", "-q", "--allow-empty", "-m", msg)
}

// stKeyLine is a line that holds key in an x-api-key header.
func stKeyLine(key string) string {
	return fmt.Sprintf(`headers = {"x-api-key": "%s"}  # https://client.camb.ai/apis`, key)
}

// lines joins lines with "\n" and ends with one.
func stLines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

// stScan runs a staged scan of dir and returns the result.
func stScan(t *testing.T, dir string, opts Options) *scanner.Result {
	t.Helper()
	res, err := scanner.Run(context.Background(), []scanner.Source{NewSource(dir, opts)}, scanner.Options{Jobs: 2})
	if err != nil {
		t.Fatalf("staged scan: %v", err)
	}
	return res
}

// where lists findings as "path:line secret-seed" sorted, for comparison.
func stWhere(res *scanner.Result, seeds ...string) []string {
	names := map[string]string{}
	for _, s := range seeds {
		names[fakekey.New(s)] = s
	}
	out := []string{}
	for _, f := range res.Findings {
		n := names[f.Secret]
		if n == "" {
			n = "?"
		}
		out = append(out, fmt.Sprintf("%s:%d %s", f.Path, f.Line, n))
	}
	sort.Strings(out)
	return out
}

// gitStdin runs git with input on its standard input.
func (r *stRepo) gitStdin(input string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	cmd.Env = stGitEnv(r.dir)
	cmd.Stdin = strings.NewReader(input)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// runStagedErr runs a staged scan and returns scanner.Run's error.
func runStagedErr(dir string, opts Options) (*scanner.Result, error) {
	return scanner.Run(context.Background(), []scanner.Source{NewSource(dir, opts)}, scanner.Options{Jobs: 1})
}
