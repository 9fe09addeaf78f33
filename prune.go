package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/spf13/pflag"

	"github.com/cambscan/cambscan/internal/redact"
	"github.com/cambscan/cambscan/scanner"
)

const pruneUsage = `Usage: cambscan baseline prune [flags] [PATH...]

Scan PATH (default ".") as 'cambscan scan' does, or its history as
'cambscan git' does with --git, then drop the fingerprints of the --baseline
file that match no finding of that scan, and rewrite the file (sorted, same
schema). Allow entries of the repository config (.cambscan.yaml) that match
no finding are listed; the config is not rewritten (that would lose its
comments): remove them by hand.

Nothing is dropped when the scan was interrupted or could not read an input
that may hold a key (unreadable, corrupt or missing): the command exits 2.
Scan with the settings the baseline was written with (--git for a baseline
of a history scan): a finding that --exclude, --max-file-size or
--min-confidence hides counts as gone.

Flags:
`

// runBaseline is 'cambscan baseline SUBCOMMAND'; prune is the only one.
func runBaseline(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv env) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		var history, dryRun bool
		fmt.Fprint(stdout, pruneUsage+flagHelp(pruneFlagSet(&scanFlags{}, &configFlags{}, &history, &dryRun), helpWidth))
		return errHelp
	}
	if len(args) == 0 || args[0] != "prune" {
		sub := ""
		if len(args) > 0 {
			sub = args[0]
		}
		return usageErrorf("baseline: unknown subcommand %q (want prune)%s", sub, didYouMean(sub, []string{"prune"}, "%q"))
	}
	return runPrune(ctx, args[1:], stdin, stdout, stderr, getenv)
}

// pruneFlagSet returns the flags of 'baseline prune': those of scan that
// decide what a scan finds, and --git and --dry-run.
func pruneFlagSet(f *scanFlags, cf *configFlags, history, dryRun *bool) *pflag.FlagSet {
	fs := pflag.NewFlagSet("cambscan baseline prune", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.SortFlags = false
	fs.StringVar(&f.baseline, "baseline", "", "the baseline `FILE` to prune")
	fs.BoolVar(dryRun, "dry-run", false, "say what would be dropped; change no file")
	fs.BoolVar(history, "git", false, "rescan the git history of each REPO, as 'cambscan git' (for a baseline of history findings)")
	addConfigFlags(fs, cf)
	fs.StringVar(&f.minConfidence, "min-confidence", "medium", "the findings that count: medium or high")
	fs.StringVar(&f.maxFileSize, "max-file-size", "10MiB", "skip files and blobs larger than this")
	fs.StringArrayVar(&f.excludes, "exclude", nil, "skip paths matching `GLOB` (repeatable)")
	fs.BoolVar(&f.noIgnore, "no-ignore", false, "also scan files that .gitignore ignores")
	fs.BoolVar(&f.noArchives, "no-archives", false, "do not look inside archives")
	fs.IntVarP(&f.jobs, "jobs", "j", runtime.NumCPU(), "matching goroutines (1 to 256)")
	fs.StringVar(&f.progress, "progress", "auto", "progress line on stderr: auto, always or never")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "no warnings on stderr")
	return fs
}

// runPrune is 'cambscan baseline prune'.
func runPrune(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv env) error {
	f := scanFlags{format: "text", failOn: "any", verifyTimeout: 10 * time.Second, backend: "auto", color: "never"}
	var cf configFlags
	var history, dryRun bool
	fs := pruneFlagSet(&f, &cf, &history, &dryRun)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(stdout, pruneUsage+flagHelp(fs, helpWidth))
			return errHelp
		}
		return &exitError{code: 2, msg: fmt.Sprintf("%v\nRun 'cambscan baseline prune --help' for usage.", err)}
	}
	cmd := "scan"
	if history {
		cmd = "git"
	}
	rc, err := f.withRepoConfig(cf, cmd, fs, getenv)
	if err != nil {
		return err
	}
	if f.baseline == "" && (rc == nil || len(rc.allow) == 0) {
		return usageErrorf("baseline prune: nothing to prune: give --baseline FILE, or a repository config with allow entries")
	}
	c, err := f.config(cmd, fs.Args(), getenv, stderr)
	if err != nil {
		return err
	}
	c.stdin = stdin
	limitMemory(ctx, c.maxSize, getenv)
	res, err := scanner.Run(ctx, buildSources(c), scanOptions(c, stderr))
	if ctx.Err() != nil {
		return &exitError{code: 130, msg: "interrupted; nothing was pruned"}
	}
	if err != nil {
		return &exitError{code: 2, msg: redact.Escape(err.Error()) + "\nnothing was pruned"}
	}
	if rc != nil {
		rc.quietGlobs(res)
	}
	printDiagnostics(c, res, stderr)
	if msg := failedTargets(res, false); msg != "" {
		return &exitError{code: 2, msg: msg + "\nnothing was pruned"}
	}
	if n := uncertainSkips(res); n > 0 {
		return &exitError{code: 2, msg: fmt.Sprintf("%d inputs could not be read and may hold a baselined key (-v lists them); nothing was pruned", n)}
	}
	found := map[string]bool{}
	for i := range res.Findings {
		found[res.Findings[i].Fingerprint()] = true
	}
	if f.baseline != "" {
		if err := pruneBaseline(stdout, f.baseline, c.baseline, found, dryRun); err != nil {
			return err
		}
	}
	if rc != nil && len(rc.allow) > 0 {
		staleAllows(stdout, rc, found)
	}
	return nil
}

// uncertainSkips counts the inputs a scan skipped for a reason that may
// hide a finding the baseline was written from: it could not read them
// (or stopped inside them), as opposed to inputs it decided not to scan
// (binary, too large, links), which it decides the same way every time.
func uncertainSkips(res *scanner.Result) int {
	n := 0
	for i := range res.Skipped {
		switch res.Skipped[i].Class {
		case scanner.SkipTooLarge, scanner.SkipBinary, scanner.SkipUndecodable, scanner.SkipNotRegular,
			scanner.SkipSymlink, scanner.SkipLinkOutside, scanner.SkipLinkBroken, scanner.SkipArchiveDepth:
		default:
			n++
		}
	}
	return n
}

// pruneBaseline drops the fingerprints of b that are not in found and
// rewrites the file name, unless dryRun; it says what it dropped on w.
func pruneBaseline(w io.Writer, name string, b baseline, found map[string]bool, dryRun bool) error {
	var kept, dropped []string
	for _, sum := range b {
		fp := hex.EncodeToString(sum[:])
		if found[fp] {
			kept = append(kept, fp)
		} else {
			dropped = append(dropped, fp)
		}
	}
	shown := redact.Quote(name)
	if len(dropped) == 0 {
		fmt.Fprintf(w, "%s: every fingerprint (%d) matches a finding; unchanged\n", shown, len(b))
		return nil
	}
	verb := "dropped"
	if dryRun {
		verb = "would drop"
	}
	fmt.Fprintf(w, "%s: %s %d of %d fingerprints that match no finding:\n", shown, verb, len(dropped), len(b))
	for _, fp := range dropped {
		fmt.Fprintln(w, "  "+fp)
	}
	if dryRun {
		return nil
	}
	if err := replaceBaseline(name, kept); err != nil {
		return &exitError{code: 2, msg: fmt.Sprintf("rewriting %s: %v", shown, err)}
	}
	return nil
}

// replaceBaseline writes the fingerprints fps (sorted) as the baseline
// name, in the format of --write-baseline: into a new file beside it that
// then replaces it, so a failed write leaves the old baseline whole. A
// symlink is written through; the file keeps its mode.
func replaceBaseline(name string, fps []string) error {
	if real, err := filepath.EvalSymlinks(name); err == nil {
		name = real
	}
	st, err := os.Stat(name)
	if err != nil {
		return err
	}
	if fps == nil {
		fps = []string{}
	}
	data, err := json.MarshalIndent(baselineFile{Schema: baselineSchema, Fingerprints: fps}, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".cambscan-baseline-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename: nothing there
	_, err = tmp.Write(append(data, '\n'))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), st.Mode().Perm())
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// staleAllows lists the allow entries of rc that match no finding in
// found. The config is not rewritten: a YAML rewrite loses its comments
// and layout.
func staleAllows(w io.Writer, rc *repoConfig, found map[string]bool) {
	var stale []*allowEntry
	for i := range rc.allow {
		if !found[rc.allow[i].fingerprint] {
			stale = append(stale, &rc.allow[i])
		}
	}
	shown := redact.Quote(rc.path)
	if len(stale) == 0 {
		fmt.Fprintf(w, "%s: every allow entry (%d) matches a finding\n", shown, len(rc.allow))
		return
	}
	fmt.Fprintf(w, "%s: %d of %d allow entries match no finding; remove them by hand (the config is not rewritten):\n", shown, len(stale), len(rc.allow))
	for _, e := range stale {
		fmt.Fprintf(w, "  %s:%d: %s (%s)\n", shown, e.line, e.fingerprint, redact.Escape(e.reason))
	}
}
