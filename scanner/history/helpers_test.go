package history

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/internal/gengit"
	"github.com/cambscan/cambscan/scanner"
)

// A testRepo is a repository built with the git CLI at test time, with a
// fixed identity and a clock that moves one minute per commit, so hashes
// are the same on every run.
type testRepo struct {
	t   *testing.T
	dir string
	now int64
}

func needGit(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("these tests need the git executable")
	}
}

func newTestRepo(t *testing.T) *testRepo {
	t.Helper()
	needGit(t)
	r := &testRepo{t: t, dir: filepath.Join(t.TempDir(), "repo"), now: 1700000000}
	r.git("init", "-q", "-b", "main", r.dir)
	return r
}

// git runs git in the repository and returns its trimmed output.
func (r *testRepo) git(args ...string) string {
	r.t.Helper()
	date := fmt.Sprintf("@%d +0000", r.now)
	out, err := gengit.GitOutput(context.Background(), r.dirOrEmpty(args), []string{
		"GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date,
	}, args...)
	if err != nil {
		r.t.Fatal(err)
	}
	return strings.TrimSpace(out)
}

func (r *testRepo) dirOrEmpty(args []string) string {
	if len(args) > 0 && args[0] == "init" {
		return ""
	}
	return r.dir
}

func (r *testRepo) write(path, content string) {
	r.t.Helper()
	name := filepath.Join(r.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// commit stages everything and commits; it returns the commit hash.
func (r *testRepo) commit(msg string) string {
	r.t.Helper()
	r.now += 60
	r.git("add", "-A")
	r.git("commit", "-q", "--allow-empty", "-m", msg)
	return r.git("rev-parse", "HEAD")
}

// keyFile is a Python file that uses key the way CAMB's docs do, so every
// version of the detector reports it.
func keyFile(key string) string {
	return "import cambai\n\nheaders = {\"x-api-key\": \"" + key + "\"}\n"
}

func testKey(name string) string { return fakekey.New("git-test-" + name) }

// scanGit runs the whole pipeline on one history source and closes it.
func scanGit(t *testing.T, target string, opts Options, sopts scanner.Options) *scanner.Result {
	t.Helper()
	src := NewSource(target, opts)
	res, err := scanner.Run(context.Background(), []scanner.Source{src}, sopts)
	if c, ok := src.(io.Closer); ok {
		c.Close()
	}
	if err != nil {
		t.Fatalf("scan %s: %v", target, err)
	}
	return res
}

// brief is a finding reduced to what the history tests check.
type brief struct {
	Key, Path, Commit string
	Occurrences       int
	Reachable         bool
}

func briefs(res *scanner.Result) []brief {
	var out []brief
	for _, f := range res.Findings {
		out = append(out, brief{f.Secret, f.Path, f.Commit, f.Occurrences, f.Reachable})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		return a.Path < b.Path
	})
	return out
}

func wantBriefs(t *testing.T, res *scanner.Result, want ...brief) {
	t.Helper()
	sort.Slice(want, func(i, j int) bool {
		a, b := want[i], want[j]
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		return a.Path < b.Path
	})
	got := briefs(res)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings:\n got %+v\nwant %+v\nskipped: %+v", got, want, res.Skipped)
	}
}

func runOne(src scanner.Source) (*scanner.Result, error) {
	return scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{})
}
