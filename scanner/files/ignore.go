package files

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/internal/safefile"
)

// An ignorer applies a work tree's ignore rules to a walk that starts at
// some directory inside it. Tracked files are never ignored, as in git: a
// file added with "git add -f" is scanned even when a pattern matches it.
type ignorer struct {
	top     string          // the work tree's top directory
	prefix  []string        // the walk root's components under top
	tracked map[string]bool // tracked files and their parent directories, relative to top
	base    []gitignore.Pattern
}

// newIgnorer returns the ignorer of the work tree that contains root, or
// nil when root is not inside one. Inside one that another user owns and
// safe.directory does not list, it returns nil and a warning: git refuses
// such a repository, so its ignore rules are not applied and every file
// is scanned.
func newIgnorer(root string) (*ignorer, string) {
	repo, err := git.Find(root, git.FindOptions{WorkTree: true})
	var dub *git.DubiousOwnershipError
	if errors.As(err, &dub) {
		return nil, fmt.Sprintf("detected dubious ownership in repository at '%s' (%s is owned by another user): "+
			"its ignore rules (.gitignore, info/exclude) were not read and every file under it was scanned; "+
			"to trust it, call: git config --global --add safe.directory %s", dub.Path, dub.Owned, dub.Path)
	}
	if err != nil {
		return nil, ""
	}
	top := repo.Top
	ig := &ignorer{top: top, tracked: map[string]bool{}}
	if rel, err := filepath.Rel(top, root); err == nil && rel != "." {
		ig.prefix = strings.Split(filepath.ToSlash(rel), "/")
	}
	// Lowest priority first: core.excludesFile, then info/exclude, then
	// the .gitignore files from the top down to the root's parent.
	if ps, err := gitignore.LoadGlobalPatterns(osfs.New("/")); err == nil {
		ig.base = append(ig.base, ps...)
	}
	ig.base = append(ig.base, readIgnoreFile(filepath.Join(repo.GitDir, "info", "exclude"), nil)...)
	for i := 0; i < len(ig.prefix); i++ {
		dir := filepath.Join(append([]string{top}, ig.prefix[:i]...)...)
		ig.base = append(ig.base, readIgnoreFile(filepath.Join(dir, ".gitignore"), ig.prefix[:i])...)
	}
	ig.readIndex(repo.IndexFile)
	return ig, ""
}

// readIndex records the tracked paths. A missing or unreadable index means
// nothing is tracked: ignore rules then apply to every file.
func (ig *ignorer) readIndex(name string) {
	idx, err := git.ReadIndex(name)
	if err != nil {
		return
	}
	defer idx.Close()
	for i := range idx.Len() {
		p := string(idx.Name(i))
		for p != "" && !ig.tracked[p] {
			ig.tracked[p] = true
			i := strings.LastIndexByte(p, '/')
			if i < 0 {
				break
			}
			p = p[:i]
		}
	}
}

// patternsFor returns the patterns in force at the walk root.
func (ig *ignorer) patternsFor(string) []gitignore.Pattern {
	if ig == nil {
		return nil
	}
	return ig.base
}

// addDir returns ps plus the patterns of dir's .gitignore, if any.
func (ig *ignorer) addDir(ps []gitignore.Pattern, dir, rel string) []gitignore.Pattern {
	more := readIgnoreFile(filepath.Join(dir, ".gitignore"), ig.components(rel))
	if len(more) == 0 {
		return ps
	}
	// A fresh slice: siblings must not see each other's patterns.
	out := make([]gitignore.Pattern, 0, len(ps)+len(more))
	return append(append(out, ps...), more...)
}

// components returns rel (under the walk root) as components under top.
func (ig *ignorer) components(rel string) []string {
	out := append([]string(nil), ig.prefix...)
	if rel != "" {
		out = append(out, strings.Split(rel, "/")...)
	}
	return out
}

// ignored reports whether rel (under the walk root) is ignored and not
// tracked.
func (ig *ignorer) ignored(ps []gitignore.Pattern, rel string, isDir bool) bool {
	if len(ps) == 0 {
		return false
	}
	comps := ig.components(rel)
	if !gitignore.NewMatcher(ps).Match(comps, isDir) {
		return false
	}
	return !ig.tracked[strings.Join(comps, "/")]
}

// readIgnoreFile parses one ignore file; domain is its directory under top.
func readIgnoreFile(name string, domain []string) []gitignore.Pattern {
	data, err := safefile.ReadFile(name, safefile.MetaCap, safefile.Options{NoFollow: true})
	if err != nil {
		return nil
	}
	var ps []gitignore.Pattern
	for _, line := range bytes.Split(data, []byte{'\n'}) {
		s := strings.TrimRight(string(line), "\r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(s, domain))
	}
	return ps
}
