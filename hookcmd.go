package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/cambscan/cambscan/hook"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/scanner/staged"
)

const hookUsage = `Usage: cambscan hook install|uninstall|status [--force]

Manage a plain git pre-commit hook that runs 'cambscan staged' before every
commit (for repositories that do not use the pre-commit framework). The hook
goes where git runs hooks from: core.hooksPath when set, else .git/hooks
(shared by linked worktrees).

  install    write the hook; a hook already there is kept as
             pre-commit.cambscan-orig and runs first. Installing again
             changes nothing.
  uninstall  remove the hook and put back the one it replaced, unchanged
  status     say where hooks run from and which pre-commit hook is there

Flags:
      --force   install: overwrite an earlier pre-commit.cambscan-orig;
                uninstall: put it back over a hook cambscan did not write
  -h, --help    show this help
`

// runHook is 'cambscan hook'.
func runHook(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("cambscan hook", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	force := fs.Bool("force", false, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(stdout, hookUsage)
			return errHelp
		}
		return usageErrorf("hook: %v", err)
	}
	if fs.NArg() != 1 {
		return usageErrorf("hook: want one of install, uninstall or status, got %d arguments", fs.NArg())
	}
	opts := hook.Options{Force: *force, Binary: selfPath()}
	var msg string
	var err error
	switch sub := fs.Arg(0); sub {
	case "install":
		msg, err = hook.Install(".", opts)
	case "uninstall":
		msg, err = hook.Uninstall(".", opts)
	case "status":
		if *force {
			return usageErrorf("hook status: --force applies to install and uninstall only")
		}
		return hookStatus(stdout, opts)
	default:
		return usageErrorf("hook: unknown subcommand %q (want install, uninstall or status)", sub)
	}
	if err != nil {
		return &exitError{code: 2, msg: "hook: " + err.Error()}
	}
	fmt.Fprintln(stdout, msg)
	if _, lerr := exec.LookPath("cambscan"); lerr != nil && strings.HasPrefix(msg, "installed") {
		fmt.Fprintln(stderr, "cambscan: warning: 'cambscan' is not on PATH; the hook falls back to", fallbackName(opts.Binary))
	}
	return nil
}

func hookStatus(stdout io.Writer, opts hook.Options) error {
	st, err := hook.Status(".", opts)
	if err != nil {
		return &exitError{code: 2, msg: "hook: " + err.Error()}
	}
	dir := st.HooksDir
	if st.HooksPath != "" {
		dir += fmt.Sprintf(" (core.hooksPath = %s)", st.HooksPath)
	}
	fmt.Fprintln(stdout, "hooks directory:", dir)
	switch {
	case st.Current:
		fmt.Fprintln(stdout, "pre-commit:      cambscan's hook, up to date")
	case st.Installed:
		fmt.Fprintln(stdout, "pre-commit:      cambscan's hook, written by another version (run 'cambscan hook install' to update it)")
	case st.Exists:
		fmt.Fprintln(stdout, "pre-commit:      another hook; cambscan's is not installed")
	default:
		fmt.Fprintln(stdout, "pre-commit:      none; cambscan's is not installed")
	}
	if st.Chained {
		fmt.Fprintf(stdout, "kept hook:       %s (cambscan's hook runs it first)\n", hook.BackupName)
	}
	if p, err := exec.LookPath("cambscan"); err == nil {
		fmt.Fprintln(stdout, "cambscan binary:", p)
	} else {
		fmt.Fprintln(stdout, "cambscan binary: not on PATH; the hook falls back to", fallbackName(opts.Binary))
	}
	return nil
}

// selfPath returns the absolute path of this executable when it is an
// installed cambscan (not `go run`'s or a test's temporary binary), for
// the hook's fallback.
func selfPath() string {
	p, err := os.Executable()
	if err != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	if strings.TrimSuffix(filepath.Base(p), ".exe") != "cambscan" {
		return ""
	}
	return p
}

func fallbackName(binary string) string {
	if binary == "" {
		return "nothing: commits stop with a message until it is installed"
	}
	return binary
}

// newStagedSource returns the source of 'cambscan staged [FILE...]'.
//
// Without files it scans what the commit adds: the index that git names in
// GIT_INDEX_FILE (git sets it for hooks, and it differs from .git/index for
// `git commit -a` and `git commit PATH`), else the repository's index.
//
// With files (pre-commit's hooks pass them, pass_filenames: true) the mode
// depends on whether a commit is running, which GIT_INDEX_FILE tells:
//   - inside `git commit`, pre-commit passes the staged files: only the
//     lines the commit adds to them count, as without files;
//   - outside (`pre-commit run --all-files`, `--files X`, a manual
//     `pre-commit run`, pre-push), nothing is being committed and the
//     files' whole content on disk is scanned, so a key that is already
//     committed is found instead of silently passing (gitleaks#1409).
func newStagedSource(files, excludes []string, maxSize int64, getenv env) scanner.Source {
	opts := staged.Options{
		Excludes:    excludes,
		MaxFileSize: maxSize,
		IndexFile:   getenv("GIT_INDEX_FILE"),
		Paths:       files,
	}
	opts.WholeFiles = len(files) > 0 && opts.IndexFile == ""
	return staged.NewSource(".", opts)
}

// stagedAdvice tells the developer what to do about the findings of
// 'cambscan staged': where each key is (never the key itself), how to take
// it out of the change, how to mark a false positive, and why not to
// bypass the hook. execute calls it on stderr after the report.
func stagedAdvice(w io.Writer, res *scanner.Result) {
	var staged, files, stagedPaths []string
	seen := map[string]bool{}
	for i := range res.Findings {
		f := &res.Findings[i]
		where := fmt.Sprintf("%s:%d:%d", f.Path, f.Line, f.Column)
		if seen[where] {
			continue
		}
		seen[where] = true
		if f.Kind != scanner.KindStaged {
			files = append(files, where)
			continue
		}
		staged = append(staged, where)
		if !seen["path:"+f.Path] {
			seen["path:"+f.Path] = true
			stagedPaths = append(stagedPaths, shellWord(f.Path))
		}
	}
	if len(staged) > 0 {
		paths := strings.Join(stagedPaths, " ")
		fmt.Fprintf(w, "\ncambscan: the staged changes add %s (not shown here):\n", keys(len(staged)))
		for _, s := range staged {
			fmt.Fprintln(w, "  "+s)
		}
		fmt.Fprintf(w, `
What to do:
  1. Take the key out of the file and read it from the environment instead:
       Python: os.environ["CAMB_API_KEY"]    Node: process.env.CAMB_API_KEY
       Go:     os.Getenv("CAMB_API_KEY")     shell: "$CAMB_API_KEY"
     then stage the file again:  git add %s
     (or leave it out of this commit:  git restore --staged %s)
  2. If the key ever left this machine (pushed, pasted, shared), rotate it in
     CAMB.AI Studio: taking it out of the code does not make it secret again.
  3. Not a real key (a test fixture, a documented example)? Put a comment
     containing cambscan:allow on its line, e.g.  # cambscan:allow
  Skipping this check with 'git commit --no-verify' commits the key: it stays in
  the history (clones, forks, CI caches) even after a later commit deletes it,
  and then only rotating the key and rewriting history help.
`, paths, paths)
	}
	if len(files) > 0 {
		fmt.Fprintf(w, "\ncambscan: these files hold %s (not shown here):\n", keys(len(files)))
		for _, s := range files {
			fmt.Fprintln(w, "  "+s)
		}
		fmt.Fprint(w, `
They were scanned whole (pre-commit run --all-files or --files), so the keys
may be committed already, where deleting them now does not remove them:
  1. Rotate each key in CAMB.AI Studio, then read it from the environment
     (CAMB_API_KEY) instead of the file.
  2. 'cambscan git' lists the commits that hold a key.
  3. Not a real key? Put a comment containing cambscan:allow on its line.
`)
	}
}

func keys(n int) string {
	if n == 1 {
		return "a CAMB.AI API key"
	}
	return fmt.Sprintf("%d CAMB.AI API keys", n)
}

// shellWord quotes a path for a command line the developer can paste.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-+@=:,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
