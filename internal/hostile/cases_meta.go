package hostile

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Metadata read without bounds: point 3 of the issue. Each case replaces
// one file that cambscan reads besides the content (ignore files, git's
// own files, --baseline, --repos-file) with a symlink to /dev/zero, which
// grows without end, or a FIFO, which blocks its reader forever.

// hostileFile makes name a symlink to /dev/zero ("zero") or a FIFO
// ("fifo"), replacing what was there.
func hostileFile(name, kind string) error {
	if err := needUnix(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	if err := os.RemoveAll(name); err != nil {
		return err
	}
	switch kind {
	case "zero":
		if _, err := os.Stat("/dev/zero"); err != nil {
			return needs("/dev/zero")
		}
		return os.Symlink("/dev/zero", name)
	case "fifo":
		return Mkfifo(name)
	}
	return fmt.Errorf("unknown kind %q", kind)
}

// kindWord is how a case's What names kind.
func kindWord(kind string) string {
	if kind == "fifo" {
		return "a FIFO"
	}
	return "-> /dev/zero"
}

func metaCases() []Case {
	// worktree: `cambscan scan` of a work tree whose file rel (under the
	// top level) is hostile; the key next to it must still be found.
	worktree := func(id, rel, kind string) Case {
		return Case{
			ID: id, Point: "3", What: "scan: " + rel + " " + kindWord(kind), Timeout: 15 * time.Second,
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				dir, err := e.Repo("w", map[string]string{"app.py": KeyFile(k)})
				if err != nil {
					return nil, err
				}
				if err := hostileFile(filepath.Join(dir, rel), kind); err != nil {
					return nil, err
				}
				check := JSONFindings(HasSuffix("app.py"), []string{k})
				want := []int{1}
				if rel == ".git" {
					// Without a readable .git the directory is no work
					// tree; refusing it is fine too.
					check, want = FoundOrRefused(k), []int{1, 2}
				}
				return &Invocation{Args: []string{"scan", "-f", "json", dir}, WantExit: want, Check: check}, nil
			},
		}
	}
	// history: `cambscan git` (or staged) of a repository whose git file
	// rel is hostile; prep readies the repository first. Finding the key
	// or refusing the repository with exit 2 both pass.
	history := func(id, cmd, rel, kind string, prep func(e *Env, dir string) error) Case {
		return Case{
			ID: id, Point: "3", What: cmd + ": " + rel + " " + kindWord(kind), Timeout: 15 * time.Second,
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				dir, err := e.Repo("r", map[string]string{"app.py": KeyFile(k), "README": "hello\n"})
				if err != nil {
					return nil, err
				}
				target := dir
				if prep != nil {
					if err := prep(e, dir); err != nil {
						return nil, err
					}
				}
				if rel == ".git/worktrees/wt/commondir" {
					target = e.Path("wt")
				}
				inv := &Invocation{Args: []string{cmd, "-f", "json", target}, WantExit: []int{1, 2}, Check: FoundOrRefused(k)}
				if cmd == "staged" {
					// The key is staged, not committed: staged must see it
					// or block.
					k2 := e.Key("staged")
					e.Write("r/new.py", KeyFile(k2))
					if _, err := e.Git("r", "add", "new.py"); err != nil {
						return nil, err
					}
					inv.Args, inv.Dir, inv.Check = []string{"staged", "-f", "json"}, dir, FoundOrRefused(k2)
				}
				return inv, hostileFile(filepath.Join(dir, rel), kind)
			},
		}
	}
	packRefs := func(e *Env, dir string) error {
		_, err := e.Git("r", "pack-refs", "--all")
		return err
	}
	stash := func(e *Env, dir string) error {
		e.Write("r/README", "changed\n")
		_, err := e.Git("r", "stash", "-q")
		return err
	}
	worktreeAdd := func(e *Env, dir string) error {
		_, err := e.Git("r", "worktree", "add", "-q", "../wt")
		return err
	}
	// flagFile: a flag that names a file, given /dev/zero or a FIFO.
	flagFile := func(id, cmd, flag, kind string) Case {
		return Case{
			ID: id, Point: "3", What: cmd + " " + flag + " " + kindWord(kind), Timeout: 15 * time.Second,
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				e.Write("d/app.py", KeyFile(k))
				name := e.Path("flagfile")
				if err := hostileFile(name, kind); err != nil {
					return nil, err
				}
				args := []string{cmd, flag, name, "-f", "json"}
				if cmd == "scan" {
					args = append(args, e.Path("d"))
				}
				return &Invocation{Args: args, WantExit: []int{1, 2}, Check: FoundOrRefused(k)}, nil
			},
		}
	}
	return []Case{
		worktree("3a-gitignore-devzero", ".gitignore", "zero"),
		worktree("3b-gitignore-fifo", "src/.gitignore", "fifo"),
		worktree("3c-info-exclude-devzero", ".git/info/exclude", "zero"),
		worktree("3d-dotgit-devzero", ".git", "zero"),
		history("3e-head-devzero", "git", ".git/HEAD", "zero", nil),
		history("3f-head-fifo", "git", ".git/HEAD", "fifo", nil),
		history("3g-packed-refs-devzero", "git", ".git/packed-refs", "zero", packRefs),
		history("3h-packed-refs-fifo", "git", ".git/packed-refs", "fifo", packRefs),
		history("3i-loose-ref-devzero", "git", ".git/refs/heads/evil", "zero", nil),
		history("3j-alternates-devzero", "git", ".git/objects/info/alternates", "zero", nil),
		history("3k-shallow-devzero", "git", ".git/shallow", "zero", nil),
		history("3l-commondir-devzero", "git", ".git/worktrees/wt/commondir", "zero", worktreeAdd),
		history("3m-stash-log-devzero", "git", ".git/logs/refs/stash", "zero", stash),
		history("3n-staged-head-devzero", "staged", ".git/HEAD", "zero", nil),
		history("3o-staged-index-devzero", "staged", ".git/index", "zero", nil),
		flagFile("3p-baseline-devzero", "scan", "--baseline", "zero"),
		flagFile("3q-baseline-fifo", "scan", "--baseline", "fifo"),
		flagFile("3r-repos-file-devzero", "git", "--repos-file", "zero"),
	}
}
