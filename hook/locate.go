package hook

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/config"
)

// ErrNotAWorkTree is returned outside a git work tree.
var ErrNotAWorkTree = errors.New("not inside a git work tree (no .git found here or in any parent directory)")

// repo is where git keeps the hooks of one work tree.
type repo struct {
	top       string // top directory of the work tree
	gitDir    string // .git, .git/worktrees/NAME or .git/modules/NAME
	common    string // shared directory of linked worktrees (hooks, config)
	hooksPath string // core.hooksPath as configured, "" when unset
	hooksDir  string // the directory git runs hooks from
}

// locate finds the repository of dir and the directory its hooks run from,
// as `git rev-parse --git-path hooks` does: core.hooksPath when set (a
// relative value is relative to the top of the work tree, where hooks
// run; ~/ is the home directory), else the hooks directory of the common
// git directory, which linked worktrees share.
func locate(dir string, getenv func(string) string) (*repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	r := &repo{}
	for d := abs; ; d = filepath.Dir(d) {
		dot := filepath.Join(d, ".git")
		st, err := os.Stat(dot)
		if err == nil {
			r.top, r.gitDir = d, dot
			if !st.IsDir() {
				if r.gitDir, err = readGitFile(dot); err != nil {
					return nil, err
				}
			}
			break
		}
		if filepath.Dir(d) == d {
			return nil, ErrNotAWorkTree
		}
	}
	r.common = r.gitDir
	if b, err := os.ReadFile(filepath.Join(r.gitDir, "commondir")); err == nil {
		c := strings.TrimSpace(string(b))
		if !filepath.IsAbs(c) {
			c = filepath.Join(r.gitDir, c)
		}
		r.common = filepath.Clean(c)
	}
	home := getenv("HOME")
	r.hooksPath = r.configValue(getenv, home, "core", "hookspath")
	switch p := r.hooksPath; {
	case p == "":
		r.hooksDir = filepath.Join(r.common, "hooks")
	case p == "~" || strings.HasPrefix(p, "~/"):
		r.hooksDir = filepath.Join(home, p[1:])
	case filepath.IsAbs(p):
		r.hooksDir = filepath.Clean(p)
	default:
		r.hooksDir = filepath.Join(r.top, p)
	}
	return r, nil
}

// readGitFile reads a ".git" file and returns the directory it names.
func readGitFile(name string) (string, error) {
	b, err := os.ReadFile(name)
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

// configValue returns the last value of section.key over git's config
// files in increasing precedence: system, global, the repository's, and
// its worktree's (with extensions.worktreeConfig). include.path is
// followed; includeIf is not. Unreadable files are ignored, as git does
// for missing ones.
func (r *repo) configValue(getenv func(string) string, home, section, key string) string {
	var files []string
	if getenv("GIT_CONFIG_NOSYSTEM") == "" {
		sys := getenv("GIT_CONFIG_SYSTEM")
		if sys == "" {
			sys = "/etc/gitconfig"
		}
		files = append(files, sys)
	}
	if g := getenv("GIT_CONFIG_GLOBAL"); g != "" {
		files = append(files, g)
	} else {
		xdg := getenv("XDG_CONFIG_HOME")
		if xdg == "" && home != "" {
			xdg = filepath.Join(home, ".config")
		}
		if xdg != "" {
			files = append(files, filepath.Join(xdg, "git", "config"))
		}
		if home != "" {
			files = append(files, filepath.Join(home, ".gitconfig"))
		}
	}
	local := filepath.Join(r.common, "config")
	files = append(files, local)
	if strings.EqualFold(lookup([]string{local}, home, "extensions", "worktreeconfig", 0), "true") {
		files = append(files, filepath.Join(r.gitDir, "config.worktree"))
	}
	return lookup(files, home, section, key, 0)
}

// lookup returns the last value of section.key in files, following
// include.path (at most 10 levels deep, as git limits it).
func lookup(files []string, home, section, key string, depth int) string {
	val := ""
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			continue
		}
		cfg := config.New()
		err = config.NewDecoder(fh).Decode(cfg)
		fh.Close()
		if err != nil {
			continue
		}
		if cfg.HasSection(section) && cfg.Section(section).HasOption(key) {
			val = cfg.Section(section).Option(key)
		}
		if depth >= 10 || !cfg.HasSection("include") {
			continue
		}
		for _, inc := range cfg.Section("include").OptionAll("path") {
			switch {
			case strings.HasPrefix(inc, "~/"):
				inc = filepath.Join(home, inc[2:])
			case !filepath.IsAbs(inc):
				inc = filepath.Join(filepath.Dir(f), inc)
			}
			if v := lookup([]string{inc}, home, section, key, depth+1); v != "" {
				val = v
			}
		}
	}
	return val
}
