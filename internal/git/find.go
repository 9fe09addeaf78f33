package git

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cambscan/cambscan/internal/safefile"
)

// A Repo is the on-disk layout of a repository. All paths are absolute
// and clean.
//
// The layout is read by hand rather than through go-git's
// PlainOpenWithOptions for two reasons: go-git v5 refuses repositories
// with extensions it does not know, which includes every partial clone
// (extensions.partialclone) and worktreeConfig; and objects are read with
// this package's own pack reader anyway.
type Repo struct {
	// Top is the top directory of the work tree; "" for a bare
	// repository.
	Top string
	// GitDir holds HEAD, the index and other per-worktree state: .git,
	// .git/worktrees/NAME, .git/modules/NAME or a bare repository.
	GitDir string
	// CommonDir holds objects, refs, packed-refs, config and hooks: GitDir
	// unless a linked worktree.
	CommonDir string
	// ObjectDirs are the objects directory and the alternates it borrows
	// from, in lookup order (see [OpenStore]).
	ObjectDirs []string
	// IndexFile is the index: GitDir/index, or GIT_INDEX_FILE.
	IndexFile string
}

// FindOptions configure [Find].
type FindOptions struct {
	// WorkTree finds the work tree that contains the path, as git does for
	// commands that need one: the first .git directory or file in the path
	// or one of its parents, taken without further checks; bare
	// repositories are not considered. The error outside one is
	// [ErrNotAWorkTree]. Without WorkTree, Find finds any repository the
	// way `git --git-dir` would accept it: a work tree's .git directory, a
	// .git file, or a bare repository, checked to hold HEAD, objects and
	// refs, in the path or a parent; the error outside one wraps
	// [ErrNotARepository]. It also refuses layouts whose objects it cannot
	// read (reftable refs, SHA-256 objects).
	WorkTree bool
	// Env, when not nil, gives git's environment: GIT_DIR (the git
	// directory, which skips the search; the work tree is then
	// GIT_WORK_TREE or the path), GIT_COMMON_DIR, GIT_OBJECT_DIRECTORY,
	// GIT_ALTERNATE_OBJECT_DIRECTORIES (a list in the system's path-list
	// form) and GIT_INDEX_FILE. Relative paths in it are relative to the
	// current directory, as for git. Nil ignores the environment.
	Env func(string) string
	// Getenv reads the variables that locate the user's git configuration
	// and identity for git's safe.directory rule (HOME, XDG_CONFIG_HOME,
	// GIT_CONFIG_GLOBAL, GIT_CONFIG_SYSTEM, GIT_CONFIG_NOSYSTEM,
	// GIT_CONFIG_COUNT and GIT_CONFIG_PARAMETERS, SUDO_UID); nil means
	// os.Getenv. A repository that discovery finds (not one GIT_DIR names)
	// and that another user owns is refused with a
	// [*DubiousOwnershipError] unless safe.directory lists it, as git does.
	Getenv func(string) string
}

// Find returns the repository that holds path (see FindOptions). It reads
// a few small files and nothing else.
func Find(path string, opts FindOptions) (*Repo, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	env := opts.Env
	if env == nil {
		env = func(string) string { return "" }
	}
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	var r *Repo
	gitFile := "" // the .git file discovery went through, if any
	if d := env("GIT_DIR"); d != "" {
		if r, err = envRepo(abs, d, env("GIT_WORK_TREE")); err != nil {
			return nil, err
		}
	} else {
		if opts.WorkTree {
			r, gitFile, err = findWorkTree(abs)
		} else {
			r, gitFile, err = findRepo(path, abs)
		}
		if err != nil {
			return nil, err
		}
		if err := checkOwnership(gitFile, r.Top, r.GitDir, getenv); err != nil {
			return nil, err
		}
	}
	r.CommonDir = commonDir(r.GitDir)
	if c := env("GIT_COMMON_DIR"); c != "" {
		if r.CommonDir, err = filepath.Abs(c); err != nil {
			return nil, err
		}
	}
	if !opts.WorkTree {
		if err := r.supported(); err != nil {
			return nil, err
		}
	}
	objects := filepath.Join(r.CommonDir, "objects")
	if o := env("GIT_OBJECT_DIRECTORY"); o != "" {
		if objects, err = filepath.Abs(o); err != nil {
			return nil, err
		}
	}
	var extra []string
	for _, a := range filepath.SplitList(env("GIT_ALTERNATE_OBJECT_DIRECTORIES")) {
		if a != "" {
			if a, err = filepath.Abs(a); err == nil {
				extra = append(extra, a)
			}
		}
	}
	r.ObjectDirs = alternates(objects, extra)
	r.IndexFile = filepath.Join(r.GitDir, "index")
	if f := env("GIT_INDEX_FILE"); f != "" {
		if r.IndexFile, err = filepath.Abs(f); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// envRepo is the repository that GIT_DIR names.
func envRepo(abs, gitDir, workTree string) (*Repo, error) {
	g, err := filepath.Abs(gitDir)
	if err != nil {
		return nil, err
	}
	if !isGitDir(g) {
		return nil, fmt.Errorf("GIT_DIR %s is %w", g, ErrNotARepository)
	}
	r := &Repo{GitDir: g, Top: abs}
	if workTree != "" {
		if r.Top, err = filepath.Abs(workTree); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// findWorkTree looks for .git in abs and its parents. gitFile is the
// .git file it went through, "" for a .git directory.
func findWorkTree(abs string) (r *Repo, gitFile string, err error) {
	for d := abs; ; d = filepath.Dir(d) {
		dot := filepath.Join(d, ".git")
		if st, err := os.Stat(dot); err == nil {
			r := &Repo{Top: d, GitDir: dot}
			if !st.IsDir() {
				if r.GitDir, err = readGitFile(dot); err != nil {
					return nil, "", err
				}
				// git: "fatal: not a git repository: PATH"; never act on
				// (or install a hook into) a directory that is not there.
				if st, err := os.Stat(r.GitDir); err != nil || !st.IsDir() {
					return nil, "", fmt.Errorf("%s points to %s, which is not a git directory", dot, r.GitDir)
				}
				gitFile = dot
			}
			return r, gitFile, nil
		}
		if filepath.Dir(d) == d {
			return nil, "", ErrNotAWorkTree
		}
	}
}

// findRepo looks for a repository at abs and its parents; path is abs as
// the caller gave it, for errors.
func findRepo(path, abs string) (r *Repo, gitFile string, err error) {
	if _, err := os.Stat(abs); err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	for dir := abs; ; {
		if g, top, file, ok := gitDirAt(dir); ok {
			return &Repo{Top: top, GitDir: g}, file, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, "", fmt.Errorf("%s is %w (nor is any parent directory)", path, ErrNotARepository)
		}
		dir = parent
	}
}

// gitDirAt returns the git directory of dir and its work tree's top: a
// checked dir/.git, the checked target of a .git file (gitFile), or dir
// itself when it is a bare repository (top "").
func gitDirAt(dir string) (gitDir, top, gitFile string, ok bool) {
	dotgit := filepath.Join(dir, ".git")
	if fi, err := os.Stat(dotgit); err == nil {
		if fi.IsDir() && isGitDir(dotgit) {
			return dotgit, dir, "", true
		}
		if fi.Mode().IsRegular() {
			if g, err := readGitFile(dotgit); err == nil && isGitDir(g) {
				return g, dir, dotgit, true
			}
		}
	}
	if isGitDir(dir) {
		return dir, "", "", true
	}
	return "", "", "", false
}

// isGitDir is git's own test: HEAD, and objects and refs (directly or in
// the common directory of a linked worktree).
func isGitDir(d string) bool {
	if _, err := os.Stat(filepath.Join(d, "HEAD")); err != nil {
		return false
	}
	common := commonDir(d)
	fi, err := os.Stat(filepath.Join(common, "objects"))
	if err != nil || !fi.IsDir() {
		return false
	}
	_, err = os.Stat(filepath.Join(common, "refs"))
	return err == nil
}

// supported refuses the layouts whose refs or objects this package cannot
// read.
func (r *Repo) supported() error {
	if _, err := os.Stat(filepath.Join(r.CommonDir, "reftable")); err == nil {
		return fmt.Errorf("%s: reftable ref storage is not supported", r.GitDir)
	}
	if format := r.configValue("extensions", "objectformat"); format != "" && format != "sha1" {
		return fmt.Errorf("%s: object format %s is not supported", r.GitDir, format)
	}
	return nil
}

// readGitFile reads a ".git" file and returns the directory it names.
func readGitFile(name string) (string, error) {
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

// commonDir returns the common directory of gitDir: the one its
// "commondir" file names (linked worktrees), else gitDir itself.
func commonDir(gitDir string) string {
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

// alternates returns dir, the directories of extra, and the object
// directories they borrow from (objects/info/alternates, recursively, as
// git does to depth 5), each once.
func alternates(dir string, extra []string) []string {
	seen := alternatesOf(dir, 0, nil)
	for _, e := range extra {
		seen = alternatesOf(e, 1, seen)
	}
	return seen
}

func alternatesOf(dir string, depth int, seen []string) []string {
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
		seen = alternatesOf(line, depth+1, seen)
	}
	return seen
}

// configValue reads one key of the repository's config file, naively:
// enough for the few core and extensions keys read here. The value is
// lower case; "" when unset.
//
// The file is read like every metadata file (internal/safefile): a
// regular file, up to 16 MiB; a FIFO or a /dev/zero symlink in its place
// reads as no config.
func (r *Repo) configValue(section, key string) string {
	data, err := safefile.ReadFile(filepath.Join(r.CommonDir, "config"), safefile.MetaCap, safefile.Options{})
	if err != nil {
		return ""
	}
	in := false
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
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
