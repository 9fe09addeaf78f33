// Package hook installs, removes and reports cambscan's git pre-commit hook,
// for repositories that do not use the pre-commit framework, and its
// pre-push hook (Options.Hook = PrePush), which works the same way.
//
// The hook is a small POSIX sh script that runs `cambscan staged`. It goes
// where git looks for hooks: core.hooksPath when set (system, global,
// repository or worktree config), else the common git directory's hooks/,
// which linked worktrees share. An existing hook is never overwritten: it
// is renamed to pre-commit.cambscan-orig and the script runs it first,
// stopping with its exit code when it fails; Uninstall renames it back, so
// it returns byte for byte with its mode. Installing twice changes nothing.
//
// The package only writes files in the hooks directory. It reads git's
// config files itself (go-git's config parser), so the git executable is
// not needed to install.
package hook

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cambscan/cambscan/internal/safefile"
)

const (
	// HookName is the file name of the hook git runs before a commit.
	HookName = "pre-commit"
	// PrePush is the file name of the hook git runs before a push.
	PrePush = "pre-push"
	// BackupName is where the pre-commit hook that was there before is
	// kept (see [Backup] for any hook).
	BackupName = "pre-commit.cambscan-orig"
	// marker identifies a script written by this package, any version.
	marker = "# cambscan-hook:"
	// version changes whenever Script changes, so reinstalling updates it.
	version = "v1"
	// scriptCap is the most read of an existing hook: cambscan's script is
	// under 2 KiB, so a larger file is another tool's.
	scriptCap = safefile.SmallCap
)

// Options configure Install, Uninstall and Status.
type Options struct {
	// Force lets Install replace a stale BackupName and Uninstall put
	// BackupName back over a hook that cambscan did not write.
	Force bool
	// Binary is an absolute path of the cambscan executable, written into
	// the script as a fallback for when cambscan is not on the PATH (GUI
	// git clients often run hooks with a short PATH). Empty: no fallback.
	Binary string
	// Getenv reads HOME, XDG_CONFIG_HOME and GIT_CONFIG_{GLOBAL,SYSTEM,
	// NOSYSTEM} to find git's config files; nil means os.Getenv.
	Getenv func(string) string
	// Quote formats the paths that messages and errors name (the CLI
	// quotes them as git does, so a control byte in a path never reaches
	// the terminal); nil leaves them as they are.
	Quote func(string) string
	// Hook is the hook to manage: HookName (the default when empty) or
	// PrePush.
	Hook string
}

// name returns the hook's file name.
func (o *Options) name() string {
	if o.Hook == "" {
		return HookName
	}
	return o.Hook
}

// Backup returns where the hook that was there before cambscan's hook is
// kept: "pre-commit.cambscan-orig", "pre-push.cambscan-orig".
func Backup(hook string) string { return hook + ".cambscan-orig" }

// script returns the script Install writes for the hook of opts.
func (o *Options) script() []byte {
	if o.name() == PrePush {
		return PrePushScript(o.Binary)
	}
	return Script(o.Binary)
}

func (o *Options) quote(path string) string {
	if o.Quote != nil {
		return o.Quote(path)
	}
	return path
}

func (o *Options) getenv() func(string) string {
	if o.Getenv != nil {
		return o.Getenv
	}
	return os.Getenv
}

// A State describes one hook (pre-commit or pre-push) of a repository.
type State struct {
	// HooksDir is the directory git runs hooks from; HooksPath is the
	// core.hooksPath value that chose it, "" when unset.
	HooksDir, HooksPath string
	// Hook is the path of the hook, Backup that of the hook cambscan's
	// script runs first.
	Hook, Backup string
	// Exists says a hook is there; Installed that it is
	// cambscan's; Current that it is exactly the script Install writes.
	Exists, Installed, Current bool
	// Chained says Backup exists, so cambscan's script runs it first.
	Chained bool
}

// Status reports the hook that opts names (pre-commit by default) of the
// repository that contains dir.
func Status(dir string, opts Options) (State, error) {
	r, err := locate(dir, opts.getenv())
	if err != nil {
		return State{}, err
	}
	return status(r, opts), nil
}

func status(r *repo, opts Options) State {
	st := State{
		HooksDir: r.hooksDir, HooksPath: r.hooksPath,
		Hook: filepath.Join(r.hooksDir, opts.name()), Backup: filepath.Join(r.hooksDir, Backup(opts.name())),
	}
	if fi, err := os.Lstat(st.Hook); err == nil {
		st.Exists = true
		// Read as git runs it: through a symlink, but only a regular file
		// of a script's size (a FIFO or a link to /dev/zero is someone
		// else's hook, and reading it must not block or grow). A symlink
		// is never Current: Install replaces the link, not its target.
		if b, err := safefile.ReadFile(st.Hook, scriptCap, safefile.Options{}); err == nil {
			st.Installed = bytes.Contains(b, []byte(marker))
			st.Current = fi.Mode().IsRegular() && bytes.Equal(b, opts.script()) && fi.Mode().Perm()&0o111 != 0
		}
	}
	if _, err := os.Lstat(st.Backup); err == nil {
		st.Chained = true
	}
	return st
}

// Install writes cambscan's hook (pre-commit, or the one opts names) into
// the repository that contains dir and returns a sentence saying what it did. A hook that is
// already there is kept as BackupName and run first. Install refuses
// (unless opts.Force) when that would overwrite an earlier BackupName, the
// one hook cambscan could lose.
func Install(dir string, opts Options) (string, error) {
	r, err := locate(dir, opts.getenv())
	if err != nil {
		return "", err
	}
	st := status(r, opts)
	hk, bk, name := opts.quote(st.Hook), opts.quote(st.Backup), opts.name()
	if st.Current {
		return fmt.Sprintf("the cambscan %s hook is already installed in %s; nothing changed", name, hk), nil
	}
	if err := os.MkdirAll(r.hooksDir, 0o755); err != nil {
		return "", fmt.Errorf("create hooks directory: %w", err)
	}
	note := ""
	switch {
	case st.Installed:
		note = " (updated)"
	case st.Exists:
		if fi, err := os.Lstat(st.Hook); err == nil && fi.IsDir() {
			return "", fmt.Errorf("%s is a directory, not a hook; move it away first", hk)
		}
		if st.Chained && !opts.Force {
			return "", fmt.Errorf("%s was not written by cambscan, and %s (the hook kept by an earlier install) exists too; "+
				"installing would overwrite that copy. Move one of them away, or run 'cambscan hook install --force' to replace %s with the current hook",
				hk, bk, Backup(name))
		}
		if err := os.Rename(st.Hook, st.Backup); err != nil {
			return "", fmt.Errorf("keep the existing hook: %w", err)
		}
		st.Chained = true
	}
	if err := writeAtomic(st.Hook, opts.script(), 0o755); err != nil {
		return "", err
	}
	msg := "installed the cambscan " + name + " hook in " + hk + note
	if st.Chained {
		msg += fmt.Sprintf("; it first runs the hook that was there before, kept as %s", bk)
	}
	return msg, nil
}

// Uninstall removes cambscan's hook (pre-commit, or the one opts names) from the repository that
// contains dir and puts back the hook it replaced, byte for byte and with
// its mode. It leaves a hook that cambscan did not write alone, unless
// opts.Force and a BackupName exists, which is then put back over it.
func Uninstall(dir string, opts Options) (string, error) {
	r, err := locate(dir, opts.getenv())
	if err != nil {
		return "", err
	}
	st := status(r, opts)
	hk, bk, name := opts.quote(st.Hook), opts.quote(st.Backup), opts.name()
	switch {
	case st.Installed:
		if err := os.Remove(st.Hook); err != nil {
			return "", fmt.Errorf("remove the hook: %w", err)
		}
	case st.Exists && st.Chained && !opts.Force:
		return "", fmt.Errorf("%s is not cambscan's hook (another tool replaced it); leaving it. %s is the hook cambscan kept: "+
			"restore it by hand, or run 'cambscan hook uninstall --force' to put it back over the current one", hk, bk)
	case st.Exists && !st.Chained:
		return fmt.Sprintf("%s is not cambscan's hook; nothing to uninstall", hk), nil
	case !st.Exists && !st.Chained:
		return "the cambscan " + name + " hook is not installed; nothing to uninstall", nil
	}
	if !st.Chained {
		return "removed the cambscan " + name + " hook " + hk, nil
	}
	if err := os.Rename(st.Backup, st.Hook); err != nil {
		return "", fmt.Errorf("restore the previous hook: %w", err)
	}
	return fmt.Sprintf("removed the cambscan %s hook and restored the previous one from %s", name, Backup(name)), nil
}

// writeAtomic writes data to name through a temporary file in the same
// directory and a rename, so that a crash leaves the old file or the new.
func writeAtomic(name string, data []byte, perm fs.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".cambscan-hook-*")
	if err != nil {
		return fmt.Errorf("write hook: %w", err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), perm)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write hook: %w", err)
	}
	return nil
}

// Script returns the hook script. binary, when not empty, is the fallback
// path of cambscan.
func Script(binary string) []byte {
	var b strings.Builder
	b.WriteString(`#!/bin/sh
` + marker + ` ` + version + `
# Blocks commits that add a CAMB.AI API key: runs 'cambscan staged', which
# reads only what is staged and never sends anything over the network.
# Written by 'cambscan hook install'. 'cambscan hook uninstall' removes it and
# puts back the hook that was here before (kept as ` + BackupName + `).
# 'git commit --no-verify' skips it, and a key committed that way stays in
# the history even after a later commit deletes it.

hookdir=$(dirname "$0")
if [ -x "$hookdir/` + BackupName + `" ]; then
	"$hookdir/` + BackupName + `" "$@" || exit $?
fi

`)
	writeLocate(&b, binary, "pre-commit", "commit", "cambscan hook uninstall")
	b.WriteString(`exec "$cambscan" staged
`)
	return []byte(b.String())
}

// PrePushScript returns the pre-push hook script. binary, when not empty,
// is the fallback path of cambscan. git gives the hook the remote's name
// and URL as arguments and one line per ref on stdin; the script keeps
// those lines so that a chained hook and cambscan both read them.
func PrePushScript(binary string) []byte {
	var b strings.Builder
	bk := Backup(PrePush)
	b.WriteString(`#!/bin/sh
` + marker + ` ` + version + `
# Blocks pushes that would send a CAMB.AI API key: runs 'cambscan pre-push',
# which scans the commits the remote does not have yet (read from git's
# pre-push lines on stdin) and never sends anything over the network.
# Written by 'cambscan hook install --pre-push'. 'cambscan hook uninstall
# --pre-push' removes it and puts back the hook that was here before (kept
# as ` + bk + `). 'git push --no-verify' skips it.

hookdir=$(dirname "$0")
input=$(cat)
feed() {
	if [ -n "$input" ]; then
		printf '%s\n' "$input"
	fi
}
if [ -x "$hookdir/` + bk + `" ]; then
	feed | "$hookdir/` + bk + `" "$@" || exit $?
fi

`)
	writeLocate(&b, binary, "pre-push", "push", "cambscan hook uninstall --pre-push")
	b.WriteString(`feed | "$cambscan" pre-push "$@"
`)
	return []byte(b.String())
}

// shellQuote quotes s for sh, in single quotes (a quote inside becomes quote, backslash, quote, quote).
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// writeLocate writes the part of a hook script that finds cambscan: the
// CAMBSCAN variable, then PATH, then binary (when not empty); a hook that
// finds none stops the commit or push rather than letting it through.
func writeLocate(b *strings.Builder, binary, hook, what, uninstall string) {
	b.WriteString(`cambscan=${CAMBSCAN:-}
if [ -z "$cambscan" ]; then
	if command -v cambscan >/dev/null 2>&1; then
		cambscan=cambscan
`)
	if binary != "" {
		q := shellQuote(binary)
		b.WriteString("\telif [ -x " + q + " ]; then\n\t\tcambscan=" + q + "\n")
	}
	b.WriteString(`	else
		echo "cambscan ` + hook + ` hook: 'cambscan' is not on PATH, so this ` + what + ` could not be checked for CAMB.AI API keys and was stopped." >&2
		echo "Install it (go install github.com/cambscan/cambscan@latest) or set CAMBSCAN=/path/to/cambscan; '` + uninstall + `' removes this hook." >&2
		exit 1
	fi
fi
`)
}
