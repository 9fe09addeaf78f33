package scanner

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cambscan/cambscan/internal/gitdir"
	"github.com/cambscan/cambscan/internal/safefile"
)

// ErrNotARepository is returned (wrapped) for a history target that is not
// a git repository.
var ErrNotARepository = errors.New("not a git repository")

// A gitRepo is the on-disk layout of a repository, found the way git finds
// it: a work tree's .git directory, a .git file pointing elsewhere (linked
// worktrees, submodules), or a bare repository; from the path or one of
// its parents.
//
// The layout is read by hand rather than through go-git's
// PlainOpenWithOptions for two reasons: go-git v5 refuses repositories
// with extensions it does not know, which includes every partial clone
// (extensions.partialclone) and worktreeConfig; and the scan reads objects
// with its own pack reader anyway. Nothing here writes.
type gitRepo struct {
	gitDir    string   // HEAD and per-worktree state
	commonDir string   // objects, refs, packed-refs, logs
	objDirs   []string // objects, then alternates
}

// findGitRepo finds the repository that holds path.
func findGitRepo(path string) (*gitRepo, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for dir := abs; ; {
		if g, ok := gitDirAt(dir); ok {
			return gitLayout(g)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, fmt.Errorf("%s is %w (nor is any parent directory)", path, ErrNotARepository)
		}
		dir = parent
	}
}

// gitDirAt returns the git directory of dir: dir/.git, the target of a
// .git file, or dir itself when it is a bare repository.
func gitDirAt(dir string) (string, bool) {
	dotgit := filepath.Join(dir, ".git")
	if fi, err := os.Stat(dotgit); err == nil {
		if fi.IsDir() && isGitDir(dotgit) {
			return dotgit, true
		}
		if fi.Mode().IsRegular() {
			if g, err := gitdir.ReadGitFile(dotgit); err == nil && isGitDir(g) {
				return g, true
			}
		}
	}
	if isGitDir(dir) {
		return dir, true
	}
	return "", false
}

// isGitDir is git's own test: HEAD, and objects and refs (directly or in
// the common directory of a linked worktree).
func isGitDir(d string) bool {
	if _, err := os.Stat(filepath.Join(d, "HEAD")); err != nil {
		return false
	}
	common := gitdir.CommonDir(d)
	fi, err := os.Stat(filepath.Join(common, "objects"))
	if err != nil || !fi.IsDir() {
		return false
	}
	_, err = os.Stat(filepath.Join(common, "refs"))
	return err == nil
}

func gitLayout(gitDir string) (*gitRepo, error) {
	r := &gitRepo{gitDir: gitDir, commonDir: gitdir.CommonDir(gitDir)}
	if _, err := os.Stat(filepath.Join(r.commonDir, "reftable")); err == nil {
		return nil, fmt.Errorf("%s: reftable ref storage is not supported", gitDir)
	}
	if format := gitConfigValue(filepath.Join(r.commonDir, "config"), "extensions", "objectformat"); format != "" && format != "sha1" {
		return nil, fmt.Errorf("%s: object format %s is not supported", gitDir, format)
	}
	r.objDirs = gitAlternates(filepath.Join(r.commonDir, "objects"), 0, nil)
	return r, nil
}

// gitAlternates returns dir and the object directories it borrows from
// (objects/info/alternates, recursively, as git does to depth 5).
func gitAlternates(dir string, depth int, seen []string) []string {
	dir = filepath.Clean(dir)
	for _, s := range seen {
		if s == dir {
			return seen
		}
	}
	seen = append(seen, dir)
	data, err := safefile.ReadFile(filepath.Join(dir, "info", "alternates"), safefile.MetaCap, safefile.Options{})
	if err != nil || depth >= 5 {
		return seen
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !filepath.IsAbs(line) {
			line = filepath.Join(dir, line)
		}
		seen = gitAlternates(line, depth+1, seen)
	}
	return seen
}

// gitConfigValue reads one key of a git config file, naively: enough for
// the few core and extensions keys the scan looks at.
func gitConfigValue(name, section, key string) string {
	f, err := os.Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			in = strings.EqualFold(strings.Trim(line, "[] \t"), section)
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if in && ok && strings.EqualFold(strings.TrimSpace(k), key) {
			return strings.ToLower(strings.TrimSpace(v))
		}
	}
	return ""
}

// A gitRef is a ref name and the object it points at (unpeeled).
type gitRef struct {
	name string
	id   gitID
}

// refs returns every ref: packed and loose refs under refs/ (branches,
// tags, remotes, pull requests, notes, stash), HEAD and the HEADs of linked
// worktrees, sorted by name; and the entries of the stash reflog.
func (r *gitRepo) refs() ([]gitRef, error) {
	m := map[string]gitID{}
	if data, err := safefile.ReadFile(filepath.Join(r.commonDir, "packed-refs"), safefile.MetaCap, safefile.Options{}); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if line == "" || line[0] == '#' || line[0] == '^' {
				continue
			}
			h, name, ok := strings.Cut(line, " ")
			if id, good := parseGitID(h); ok && good {
				m[name] = id
			}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	heads := map[string]string{} // name -> file
	root := filepath.Join(r.commonDir, "refs")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(r.commonDir, p)
		heads[filepath.ToSlash(rel)] = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	heads["HEAD"] = filepath.Join(r.gitDir, "HEAD")
	if r.commonDir != r.gitDir {
		heads["HEAD@main-worktree"] = filepath.Join(r.commonDir, "HEAD")
	}
	wts, _ := filepath.Glob(filepath.Join(r.commonDir, "worktrees", "*", "HEAD"))
	for _, w := range wts {
		heads["HEAD@"+filepath.Base(filepath.Dir(w))] = w
	}
	for name, file := range heads {
		if id, ok := r.resolveFile(file, m, 0); ok {
			m[name] = id
		}
	}
	out := make([]gitRef, 0, len(m)+8)
	for name, id := range m {
		out = append(out, gitRef{name, id})
	}
	// The stash keeps older entries in its reflog only.
	if data, err := safefile.ReadFile(filepath.Join(r.commonDir, "logs", "refs", "stash"), safefile.MetaCap, safefile.Options{}); err == nil {
		for i, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				if id, ok := parseGitID(f[1]); ok {
					out = append(out, gitRef{fmt.Sprintf("refs/stash@{log %d}", i), id})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

// resolveFile reads a loose ref file: a hash, or "ref: NAME" resolved
// through loose and packed refs.
func (r *gitRepo) resolveFile(file string, packed map[string]gitID, depth int) (gitID, bool) {
	data, err := safefile.ReadFile(file, safefile.SmallCap, safefile.Options{})
	if err != nil || depth > 5 {
		return gitID{}, false
	}
	s := strings.TrimSpace(string(data))
	if target, ok := strings.CutPrefix(s, "ref: "); ok {
		if id, ok := r.resolveFile(filepath.Join(r.commonDir, filepath.FromSlash(target)), packed, depth+1); ok {
			return id, true
		}
		id, ok := packed[target]
		return id, ok
	}
	return parseGitID(s)
}

// shallow returns the boundary commits of a shallow clone (none when the
// repository is complete).
func (r *gitRepo) shallow() []string {
	data, err := safefile.ReadFile(filepath.Join(r.commonDir, "shallow"), safefile.MetaCap, safefile.Options{})
	if err != nil {
		return nil
	}
	return strings.Fields(string(data))
}

// partial reports whether the repository is a partial clone: objects the
// promisor remote holds are missing on purpose, and the scan never fetches
// them.
func (r *gitRepo) partial() bool {
	if gitConfigValue(filepath.Join(r.commonDir, "config"), "extensions", "partialclone") != "" {
		return true
	}
	ps, _ := filepath.Glob(filepath.Join(r.commonDir, "objects", "pack", "*.promisor"))
	return len(ps) > 0
}
