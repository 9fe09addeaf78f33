package hostile

import (
	"fmt"
	"os"
	"path/filepath"
)

// Fail closed: point 5 of the issue. A scan that could not read what it
// was asked to must not say "no CAMB.AI keys found" and exit 0.

// stagedKeyRepo is a work tree repository with one commit and a staged
// new.py that holds key; it returns the blob's name.
func stagedKeyRepo(e *Env, key string) (string, error) {
	if _, err := e.Repo("r", map[string]string{"README": "hello\n"}); err != nil {
		return "", err
	}
	e.Write("r/new.py", KeyFile(key))
	if _, err := e.Git("r", "add", "new.py"); err != nil {
		return "", err
	}
	return e.Git("r", "rev-parse", ":new.py")
}

func closedCases() []Case {
	refused := func(r *Result) error { return NonEmptyStderr(r) }
	return []Case{
		{
			ID: "5a-staged-unreadable-blob", Point: "5", What: "staged: the staged blob is corrupt",
			Setup: func(e *Env) (*Invocation, error) {
				blob, err := stagedKeyRepo(e, e.Key("k"))
				if err != nil {
					return nil, err
				}
				name := e.Path("r", ".git", "objects", blob[:2], blob[2:])
				os.Chmod(name, 0o644)
				if err := os.WriteFile(name, []byte("this is not zlib"), 0o644); err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"staged"}, Dir: e.Path("r"), WantExit: []int{2}, Check: refused}, nil
			},
		},
		{
			ID: "5b-staged-dotgit-nowhere", Point: "5", What: "staged: the .git file points nowhere",
			Setup: func(e *Env) (*Invocation, error) {
				e.Write("w/app.py", KeyFile(e.Key("k")))
				e.Write("w/.git", "gitdir: "+e.Path("nowhere")+"\n")
				return &Invocation{Args: []string{"staged"}, Dir: e.Path("w"), WantExit: []int{2}, Check: refused}, nil
			},
		},
		{
			ID: "5c-missing-alternate", Point: "5", What: "git: objects only in a missing alternate",
			Setup: func(e *Env) (*Invocation, error) {
				if _, err := e.Repo("a", map[string]string{"app.py": KeyFile(e.Key("k"))}); err != nil {
					return nil, err
				}
				if _, err := e.Git("", "clone", "-q", "--shared", "--bare", "a", "b.git"); err != nil {
					return nil, err
				}
				if err := os.RemoveAll(e.Path("a")); err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"git", e.Path("b.git")}, WantExit: []int{2}, Check: refused}, nil
			},
		},
		{
			ID: "5d-truncated-pack", Point: "5", What: "git: the only pack truncated to 100 bytes",
			Setup: func(e *Env) (*Invocation, error) {
				if _, err := e.Repo("r", map[string]string{"app.py": KeyFile(e.Key("k"))}); err != nil {
					return nil, err
				}
				if _, err := e.Git("r", "gc", "-q", "--prune=now"); err != nil {
					return nil, err
				}
				packs, _ := filepath.Glob(e.Path("r", ".git", "objects", "pack", "*.pack"))
				if len(packs) != 1 {
					return nil, fmt.Errorf("want one pack after gc, have %d", len(packs))
				}
				os.Chmod(packs[0], 0o644)
				if err := os.Truncate(packs[0], 100); err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"git", e.Path("r")}, WantExit: []int{2}, Check: refused}, nil
			},
		},
		{
			ID: "5e-dangling-target", Point: "5", What: "scan: the only target is a dangling symlink",
			Setup: func(e *Env) (*Invocation, error) {
				if err := needUnix(); err != nil {
					return nil, err
				}
				if err := os.Symlink(e.Path("nowhere.py"), e.Path("link.py")); err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"scan", e.Path("link.py")}, WantExit: []int{2}, Check: refused}, nil
			},
		},
		{
			ID: "5f-dubious-ownership", Point: "5", What: "scan: a parent .git of another uid excludes '*'",
			Setup: func(e *Env) (*Invocation, error) {
				if err := needUnix(); err != nil {
					return nil, err
				}
				if os.Geteuid() != 0 {
					return nil, needs("root, to give a .git to another uid")
				}
				k := e.Key("k")
				if _, err := e.Repo("outer", nil); err != nil {
					return nil, err
				}
				e.Write("outer/.git/info/exclude", "*\n")
				e.Write("outer/sub/app.py", KeyFile(k))
				err := filepath.WalkDir(e.Path("outer", ".git"), func(p string, _ os.DirEntry, err error) error {
					if err != nil {
						return err
					}
					return os.Lchown(p, 12345, 12345)
				})
				if err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"scan", "-v", "-f", "json", e.Path("outer", "sub")},
					WantExit: []int{1, 2}, Check: FoundOrRefused(k)}, nil
			},
		},
		{
			ID: "5g-hook-install-dangling", Point: "5", What: "hook install: the .git file points nowhere",
			Setup: func(e *Env) (*Invocation, error) {
				e.Write("w/.git", "gitdir: "+e.Path("nowhere")+"\n")
				return &Invocation{Args: []string{"hook", "install"}, Dir: e.Path("w"), WantExit: []int{2},
					Check: All(refused, func(*Result) error {
						if _, err := os.Lstat(e.Path("nowhere")); err == nil {
							return fmt.Errorf("hook install created %s", e.Path("nowhere"))
						}
						return nil
					})}, nil
			},
		},
	}
}
