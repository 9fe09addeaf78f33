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
	"github.com/cambscan/cambscan/internal/redact"
)

const hookUsage = `Usage: cambscan hook install|uninstall|status [--force] [--pre-push]

Manage a plain git pre-commit hook that runs 'cambscan staged' before every
commit (for repositories that do not use the pre-commit framework). The hook
goes where git runs hooks from: core.hooksPath when set, else .git/hooks
(shared by linked worktrees). With --pre-push, the same for a pre-push hook
that runs 'cambscan pre-push' before every push.

  install    write the hook; a hook already there is kept as
             pre-commit.cambscan-orig (pre-push.cambscan-orig) and runs
             first. Installing again changes nothing.
  uninstall  remove the hook and put back the one it replaced, unchanged
  status     say where hooks run from and which pre-commit and pre-push
             hooks are there

Flags:
      --force     install: overwrite an earlier pre-commit.cambscan-orig;
                  uninstall: put it back over a hook cambscan did not write
      --pre-push  install or uninstall the pre-push hook instead
  -h, --help      show this help
`

// hookSubcommands returns the subcommands of 'cambscan hook'.
func hookSubcommands() []string { return []string{"install", "uninstall", "status"} }

// hookFlagSet returns the flags of 'cambscan hook' (hookUsage describes
// them to users; completions and the man page read them from here).
func hookFlagSet() (fs *pflag.FlagSet, force, prePush *bool) {
	fs = pflag.NewFlagSet("cambscan hook", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	force = fs.Bool("force", false, "install: overwrite an earlier pre-commit.cambscan-orig; uninstall: put it back over a hook cambscan did not write")
	prePush = fs.Bool("pre-push", false, "install or uninstall the pre-push hook instead")
	return fs, force, prePush
}

// runHook is 'cambscan hook'. Paths it prints are quoted as git quotes
// them (redact.Quote): unchanged when plain, so a control byte in a
// repository's or a hooks directory's path never reaches the terminal raw.
func runHook(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, force, prePush := hookFlagSet()
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(stdout, hookUsage)
			return errHelp
		}
		return usageErrorf("hook: %v%s", err, flagSuggestion(err, fs))
	}
	if fs.NArg() != 1 {
		return usageErrorf("hook: want one of install, uninstall or status, got %d arguments", fs.NArg())
	}
	opts := hook.Options{Force: *force, Binary: selfPath(), Quote: redact.Quote}
	if *prePush {
		opts.Hook = hook.PrePush
	}
	var msg string
	var err error
	switch sub := fs.Arg(0); sub {
	case "install":
		msg, err = hook.Install(".", opts)
	case "uninstall":
		msg, err = hook.Uninstall(".", opts)
	case "status":
		if *force || *prePush {
			return usageErrorf("hook status: --force and --pre-push apply to install and uninstall only")
		}
		return hookStatus(stdout, opts)
	default:
		return usageErrorf("hook: unknown subcommand %q (want install, uninstall or status)%s", sub, didYouMean(sub, hookSubcommands(), "%q"))
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
	dir := redact.Quote(st.HooksDir)
	if st.HooksPath != "" {
		dir += fmt.Sprintf(" (core.hooksPath = %s)", redact.Quote(st.HooksPath))
	}
	fmt.Fprintln(stdout, "hooks directory:", dir)
	printHookState(stdout, st, "pre-commit:      ", "")
	opts.Hook = hook.PrePush
	if pp, err := hook.Status(".", opts); err == nil {
		printHookState(stdout, pp, "pre-push:        ", " --pre-push")
	}
	if p, err := exec.LookPath("cambscan"); err == nil {
		fmt.Fprintln(stdout, "cambscan binary:", redact.Quote(p))
	} else {
		fmt.Fprintln(stdout, "cambscan binary: not on PATH; the hook falls back to", fallbackName(opts.Binary))
	}
	return nil
}

// printHookState prints the lines of 'hook status' about one hook.
func printHookState(stdout io.Writer, st hook.State, label, flag string) {
	switch {
	case st.Current:
		fmt.Fprintln(stdout, label+"cambscan's hook, up to date")
	case st.Installed:
		fmt.Fprintf(stdout, "%scambscan's hook, written by another version (run 'cambscan hook install%s' to update it)\n", label, flag)
	case st.Exists:
		fmt.Fprintln(stdout, label+"another hook; cambscan's is not installed")
	default:
		fmt.Fprintln(stdout, label+"none; cambscan's is not installed")
	}
	if st.Chained {
		fmt.Fprintf(stdout, "kept hook:       %s (cambscan's hook runs it first)\n", filepath.Base(st.Backup))
	}
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
	return redact.Quote(binary)
}
