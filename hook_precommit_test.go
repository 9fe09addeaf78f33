package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// TestPreCommitFramework runs the real pre-commit framework with this
// repository (its working tree, uncommitted changes included) as the hook
// repository, through the `cambscan` hook (language: golang, so pre-commit
// builds cambscan from the snapshot with the Go on PATH):
//   - a commit that adds a key next to x-api-key is blocked, and the key is
//     not printed whole;
//   - a clean commit passes, also in a file that holds a committed key;
//   - `pre-commit run --all-files` and `--files X` find a key that was
//     committed earlier (with --no-verify), and pass on clean files.
//
// It skips only when pre-commit is missing outside CI; CI installs it.
func TestPreCommitFramework(t *testing.T) {
	if _, err := exec.LookPath("pre-commit"); err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("pre-commit is not installed (apt-get install pre-commit); CI runs this test")
		}
		t.Fatal("pre-commit is not on PATH in CI: .ci/run must install it")
	}
	if testing.Short() {
		t.Skip("builds cambscan inside pre-commit; skipped with -short")
	}
	// pre-commit passes file names (pass_filenames: true); fail fast and
	// clearly when the command line does not take them.
	var discard bytes.Buffer
	if err := run(t.Context(), []string{"staged", "--progress", "never", "no-such-file.py"}, strings.NewReader(""), &discard, &discard, func(string) string { return "" }); err != nil && strings.Contains(err.Error(), "takes no arguments") {
		t.Fatal("'cambscan staged FILE...' is refused: cli.go must accept file arguments for staged and execute.go must use newStagedSource (staged.go)")
	}
	goenv := func(k string) string {
		out, err := exec.Command("go", "env", k).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", k, err)
		}
		return strings.TrimSpace(string(out))
	}
	home := t.TempDir()
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + home, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.invalid",
		"GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.invalid",
		"PRE_COMMIT_HOME=" + filepath.Join(home, "pre-commit"), "PRE_COMMIT_COLOR=never",
		// Reuse this machine's Go caches: pre-commit's golang env sets its
		// own GOPATH, and would otherwise download and build from scratch.
		"GOCACHE=" + goenv("GOCACHE"), "GOMODCACHE=" + goenv("GOMODCACHE"),
		"GOPROXY=" + goenv("GOPROXY"), "GOTOOLCHAIN=local",
	}
	sh := func(dir string, args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out), code
	}
	must := func(dir string, args ...string) string {
		t.Helper()
		out, code := sh(dir, args...)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", strings.Join(args, " "), code, out)
		}
		return out
	}

	// The hook repository: a snapshot of this working tree, committed.
	snap := filepath.Join(t.TempDir(), "hookrepo")
	snapshotWorkTree(t, snap)
	must(snap, "git", "init", "-q", "-b", "main")
	must(snap, "git", "add", "-A")
	must(snap, "git", "commit", "-q", "-m", "snapshot")
	rev := strings.TrimSpace(must(snap, "git", "rev-parse", "HEAD"))

	repo := filepath.Join(t.TempDir(), "consumer")
	os.MkdirAll(repo, 0o755)
	must(repo, "git", "init", "-q", "-b", "main")
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(repo, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".pre-commit-config.yaml", "repos:\n  - repo: "+snap+"\n    rev: "+rev+"\n    hooks:\n      - id: cambscan\n")
	write("README.md", "# consumer\n")
	must(repo, "git", "add", "-A")
	must(repo, "git", "commit", "-q", "-m", "initial")
	must(repo, "pre-commit", "install")

	client := func(key string) string {
		return "package client\n\nimport \"net/http\"\n\n// calls https://client.camb.ai/apis\nfunc newRequest() (*http.Request, error) {\n" +
			"\treq, err := http.NewRequest(\"GET\", \"https://client.camb.ai/apis/list-voices\", nil)\n" +
			"\tif err != nil {\n\t\treturn nil, err\n\t}\n\treq.Header.Set(\"x-api-key\", " + key + ")\n\treturn req, nil\n}\n"
	}
	head := func() string { return strings.TrimSpace(must(repo, "git", "rev-parse", "HEAD")) }

	// 1. A commit adding a key is blocked.
	key := fakekey.New("pre-commit-e2e")
	write("client.go", client(`"`+key+`"`))
	must(repo, "git", "add", "client.go")
	before := head()
	start := time.Now()
	out, code := sh(repo, "git", "commit", "-m", "add client")
	t.Logf("first commit (builds the hook env) took %s", time.Since(start).Round(time.Millisecond))
	if code == 0 || head() != before {
		t.Fatalf("the commit adding a key was not blocked (exit %d):\n%s", code, out)
	}
	if !strings.Contains(out, "- hook id: cambscan") || !strings.Contains(out, "client.go:11:") {
		t.Errorf("the commit was not stopped by the cambscan hook naming client.go:11:\n%s", out)
	}
	if strings.Contains(out, key) {
		t.Error("the blocked commit printed the whole key")
	}

	// 2. The clean version passes; then a clean edit of a file that holds a
	// committed key passes too (only added lines count).
	write("client.go", client(`os.Getenv("CAMB_API_KEY")`))
	must(repo, "git", "add", "client.go")
	if out, code := sh(repo, "git", "commit", "-m", "clean client"); code != 0 || !strings.Contains(out, "Passed") {
		t.Fatalf("the clean commit did not pass (exit %d):\n%s", code, out)
	}
	// git commit -a stages into a temporary index that only GIT_INDEX_FILE
	// names: the key must be found there.
	write("client.go", client(`"`+key+`"`))
	before = head()
	if out, code := sh(repo, "git", "commit", "-a", "-m", "key via -a"); code == 0 || head() != before || !strings.Contains(out, "client.go:11:") {
		t.Fatalf("git commit -a with a key was not blocked (exit %d):\n%s", code, out)
	}
	must(repo, "git", "checkout", "--", "client.go")
	committed := fakekey.New("pre-commit-e2e-committed")
	write("legacy.go", client(`"`+committed+`"`))
	must(repo, "git", "add", "legacy.go")
	must(repo, "git", "commit", "-q", "--no-verify", "-m", "a key committed around the hook")
	write("legacy.go", client(`"`+committed+`"`)+"\n// a clean change\n")
	must(repo, "git", "add", "legacy.go")
	if out, code := sh(repo, "git", "commit", "-m", "clean edit"); code != 0 {
		t.Fatalf("a clean edit of a file with a committed key was blocked (exit %d):\n%s", code, out)
	}

	// 3. Runs by hand find the committed key: never a silent pass.
	for _, args := range [][]string{{"--all-files"}, {"--files", "legacy.go"}} {
		out, code := sh(repo, append([]string{"pre-commit", "run"}, args...)...)
		if code != 1 || !strings.Contains(out, "legacy.go:11:") || strings.Contains(out, committed) {
			t.Errorf("pre-commit run %s: exit %d, want 1 naming legacy.go:11 without the whole key:\n%s", args, code, out)
		}
	}
	if out, code := sh(repo, "pre-commit", "run", "--files", "client.go", "README.md"); code != 0 {
		t.Errorf("pre-commit run --files on clean files: exit %d:\n%s", code, out)
	}
}

// snapshotWorkTree copies the tracked and untracked (not ignored) files of
// this repository's working tree into dst.
func snapshotWorkTree(t *testing.T, dst string) {
	t.Helper()
	out, err := exec.Command("git", "ls-files", "-z", "-co", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, name := range bytes.Split(bytes.TrimRight(out, "\x00"), []byte{0}) {
		src := string(name)
		fi, err := os.Lstat(src)
		if err != nil || !fi.Mode().IsRegular() {
			continue // deleted in the work tree, or a link
		}
		to := filepath.Join(dst, src)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		copyFile(t, src, to, fi.Mode().Perm())
	}
}

func copyFile(t *testing.T, src, dst string, perm os.FileMode) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	outF, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, perm)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(outF, in); err != nil {
		t.Fatal(err)
	}
	if err := outF.Close(); err != nil {
		t.Fatal(err)
	}
}
