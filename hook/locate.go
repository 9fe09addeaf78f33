package hook

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/config"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/internal/safefile"
)

// ErrNotAWorkTree is returned outside a git work tree.
var ErrNotAWorkTree = git.ErrNotAWorkTree

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
	wt, err := git.Find(dir, git.FindOptions{WorkTree: true})
	if err != nil {
		return nil, err
	}
	r := &repo{top: wt.Top, gitDir: wt.GitDir, common: wt.CommonDir}
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
		// git follows a symlinked config; a FIFO, a device or a file over
		// the cap is skipped like a missing one.
		data, err := safefile.ReadFile(f, safefile.MetaCap, safefile.Options{})
		if err != nil {
			continue
		}
		cfg := config.New()
		if err := config.NewDecoder(bytes.NewReader(data)).Decode(cfg); err != nil {
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
