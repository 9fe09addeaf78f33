// Package gitdir finds the git directory of a work tree the way git does
// without GIT_DIR: a .git directory, or a .git file "gitdir: PATH" (linked
// worktrees and submodules), in the directory or one of its parents, and
// the common directory that a linked worktree's "commondir" file names.
//
// It reads a few small files and nothing else; the scanner, the staged
// source and the hook installer share it.
package gitdir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cambscan/cambscan/internal/safefile"
)

// ErrNotAWorkTree is returned outside a git work tree.
var ErrNotAWorkTree = errors.New("not inside a git work tree (no .git found here or in any parent directory)")

// A WorkTree is where a work tree's repository lives. All paths are
// absolute and clean.
type WorkTree struct {
	Top    string // top directory of the work tree
	GitDir string // .git, .git/worktrees/NAME or .git/modules/NAME
	Common string // objects, refs, config and hooks: GitDir unless a linked worktree
}

// Find returns the work tree that contains dir.
func Find(dir string) (WorkTree, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return WorkTree{}, err
	}
	for d := abs; ; d = filepath.Dir(d) {
		dot := filepath.Join(d, ".git")
		if st, err := os.Stat(dot); err == nil {
			wt := WorkTree{Top: d, GitDir: dot}
			if !st.IsDir() {
				if wt.GitDir, err = ReadGitFile(dot); err != nil {
					return WorkTree{}, err
				}
				// git: "fatal: not a git repository: PATH"; never act on
				// (or install a hook into) a directory that is not there.
				if st, err := os.Stat(wt.GitDir); err != nil || !st.IsDir() {
					return WorkTree{}, fmt.Errorf("%s points to %s, which is not a git directory", dot, wt.GitDir)
				}
			}
			wt.Common = CommonDir(wt.GitDir)
			return wt, nil
		}
		if filepath.Dir(d) == d {
			return WorkTree{}, ErrNotAWorkTree
		}
	}
}

// ReadGitFile reads a ".git" file and returns the directory it names.
func ReadGitFile(name string) (string, error) {
	b, err := safefile.ReadFile(name, safefile.SmallCap, safefile.Options{})
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	p, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
	if !ok {
		return "", fmt.Errorf("%s: not a gitdir file", name)
	}
	p = strings.TrimSpace(p)
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(name), p)
	}
	return filepath.Clean(p), nil
}

// CommonDir returns the common directory of gitDir: the one its
// "commondir" file names (linked worktrees), else gitDir itself.
func CommonDir(gitDir string) string {
	b, err := safefile.ReadFile(filepath.Join(gitDir, "commondir"), safefile.SmallCap, safefile.Options{})
	if err != nil {
		return gitDir
	}
	c := strings.TrimSpace(string(b))
	if !filepath.IsAbs(c) {
		c = filepath.Join(gitDir, c)
	}
	return filepath.Clean(c)
}
