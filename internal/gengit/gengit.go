// Package gengit builds realistic git histories for tests and benchmarks of
// history scanning.
//
// [Generate] replays text files of a source tree (by default the Go
// distribution's own $(go env GOROOT)/src) through thousands of commits:
// line edits that splice in text from other files, new files, deletions,
// renames, feature branches that are merged back (or abandoned), and
// annotated tags. The stream is fed to `git fast-import` and the result is
// repacked with `git repack -adf` (window 10, depth 50, the defaults of
// `git gc`), so the repository looks like one that lived for years: one
// pack, long delta chains, a few hundred bytes per delta.
//
// Fake CAMB keys from [fakekey.New] are planted at known commits, each in
// its own Python file next to an `import cambai` anchor; [Repo.Keys] lists
// them with the commit that introduced each one, which is what a history
// scan must report. Authors and dates are fixed, so the same [Options] give
// the same commit hashes on every machine with the same source tree.
package gengit

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Options size a generated history. Zero fields take the defaults.
type Options struct {
	Commits int   // commits on all branches together (default 1000)
	Files   int   // files in the first commit (default 300)
	Keys    int   // fake keys planted (default 8)
	Seed    int64 // varies paths, edits and keys (default 1)
	// Source is the directory whose text files are replayed (default
	// $(go env GOROOT)/src). Files over 64 KiB are ignored.
	Source string
}

// A Key is a planted fake key and where a history scan must find it.
type Key struct {
	Key    string `json:"key"`
	Path   string `json:"path"`
	Commit string `json:"commit"` // the commit that introduced it
	Branch string `json:"branch"` // the branch it was committed on
	// Merged says whether the branch was merged into main; Removed
	// whether a later commit deleted the key again.
	Merged  bool `json:"merged"`
	Removed bool `json:"removed"`
}

// A Repo is a generated bare repository.
type Repo struct {
	Dir     string `json:"dir"`
	Commits int    `json:"commits"`
	Keys    []Key  `json:"keys"`
}

func (o *Options) defaults() error {
	if o.Commits <= 0 {
		o.Commits = 1000
	}
	if o.Files <= 0 {
		o.Files = 300
	}
	if o.Keys < 0 {
		o.Keys = 0
	} else if o.Keys == 0 {
		o.Keys = 8
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Source == "" {
		out, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			return fmt.Errorf("find GOROOT: %w", err)
		}
		o.Source = filepath.Join(strings.TrimSpace(string(out)), "src")
	}
	return nil
}

// Generate creates a bare repository in dir (which must not exist or be
// empty) and returns what was planted in it. It needs the git executable.
func Generate(ctx context.Context, dir string, opts Options) (*Repo, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	pool, err := loadPool(opts.Source)
	if err != nil {
		return nil, err
	}
	if len(pool.paths) < 10 {
		return nil, fmt.Errorf("source %s has only %d usable text files", opts.Source, len(pool.paths))
	}
	if err := Git(ctx, "", "init", "-q", "--bare", dir); err != nil {
		return nil, err
	}
	if err := Git(ctx, dir, "symbolic-ref", "HEAD", "refs/heads/main"); err != nil {
		return nil, err
	}
	marks := filepath.Join(dir, "gengit-marks")
	cmd := exec.CommandContext(ctx, "git", "fast-import", "--quiet", "--export-marks="+marks)
	cmd.Dir = dir
	cmd.Env = Env()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start git fast-import: %w", err)
	}
	w := bufio.NewWriterSize(stdin, 1<<20)
	h := newHistory(w, pool, rand.New(rand.NewSource(opts.Seed)), opts)
	genErr := h.run()
	if err := w.Flush(); genErr == nil {
		genErr = err
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("git fast-import: %w: %s", err, stderr.String())
	}
	if genErr != nil {
		return nil, genErr
	}
	hashes, err := readMarks(marks)
	if err != nil {
		return nil, err
	}
	os.Remove(marks)
	repo := &Repo{Dir: dir, Commits: h.commits}
	for _, k := range h.keys {
		repo.Keys = append(repo.Keys, Key{
			Key: k.key, Path: k.path, Commit: hashes[k.mark],
			Branch: k.branch, Merged: k.merged, Removed: k.removed,
		})
	}
	// Repack as `git gc` would, recomputing every delta: fast-import's own
	// pack only deltifies against the previous version of each path.
	for _, args := range [][]string{
		{"repack", "-a", "-d", "-f", "-q", "--window=10", "--depth=50"},
		{"prune-packed"},
	} {
		if err := Git(ctx, dir, args...); err != nil {
			return nil, err
		}
	}
	return repo, nil
}

// readMarks parses a fast-import marks file (":N hash" lines).
func readMarks(name string) (map[int]string, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read marks: %w", err)
	}
	m := map[int]string{}
	for _, line := range strings.Split(string(data), "\n") {
		var n int
		var h string
		if _, err := fmt.Sscanf(line, ":%d %s", &n, &h); err == nil {
			m[n] = h
		}
	}
	return m, nil
}

// Env is the environment for git commands of generators and tests: no
// user or system configuration, a fixed identity.
func Env(extra ...string) []string {
	env := append(os.Environ(),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=Gen Author", "GIT_AUTHOR_EMAIL=author@example.com",
		"GIT_COMMITTER_NAME=Gen Committer", "GIT_COMMITTER_EMAIL=committer@example.com",
		"GIT_TERMINAL_PROMPT=0",
	)
	return append(env, extra...)
}

// Git runs git with args in dir (the current directory when empty) under
// [Env] and returns an error with git's output when it fails.
func Git(ctx context.Context, dir string, args ...string) error {
	_, err := GitOutput(ctx, dir, nil, args...)
	return err
}

// GitOutput is [Git] returning standard output; env adds variables.
func GitOutput(ctx context.Context, dir string, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Env = Env(env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}
