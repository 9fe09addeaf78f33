package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cambscan/cambscan/internal/redact"
	"github.com/cambscan/cambscan/report"
	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/sarif"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/scanner/files"
	"github.com/cambscan/cambscan/scanner/history"
	"github.com/cambscan/cambscan/verify"
)

// execute runs a validated scan request, writes its reports and returns
// the error that carries its exit code. Each step is a function below:
// probe client, sources, scan, verification, report files, stdout,
// diagnostics, exit status.
func execute(ctx context.Context, c *config, stdout, stderr io.Writer) error {
	checker, err := newChecker(c, stderr)
	if err != nil {
		return err
	}
	opts := scanOptions(c, stderr)
	if c.cmd == "git" && c.flags.cacheDir != "" {
		gc, err := newGitCache(c.flags.cacheDir, c.flags.cloneJobs, seenVersion(c.rulesVersion, c.flags.noArchives, c.maxSize, c.flags.excludes))
		if err != nil {
			return &exitError{code: 2, msg: "--cache-dir: " + redact.Escape(err.Error())}
		}
		defer gc.close()
		c.gitCache = gc
	}
	res, err := scanner.Run(ctx, buildSources(c), opts)
	interrupted := ctx.Err() != nil
	if err != nil && !interrupted {
		if msg := failedTargets(res, c.flags.showSecrets); msg != "" {
			return &exitError{code: 2, msg: msg}
		}
		return &exitError{code: 2, msg: redact.Escape(err.Error())}
	}
	if c.gitCache != nil && res != nil {
		res.Warnings = append(res.Warnings, c.gitCache.damagedWarnings()...)
	}
	c.baseline.suppress(res)
	c.repo.afterScan(res)
	if checker != nil && !interrupted && len(res.Findings) > 0 {
		scanner.Verify(ctx, res.Findings, verifyChecker(c, checker, stderr), c.flags.verifyConc, opts.Progress)
		interrupted = ctx.Err() != nil
	}
	if err := writeReports(c, res, interrupted, stdout); err != nil {
		return err
	}
	printDiagnostics(c, res, stderr)
	if c.cmd == "staged" && len(res.Findings) > 0 && !c.flags.quiet {
		stagedAdvice(stderr, res)
	}
	if c.cmd == "pre-push" && len(res.Findings) > 0 && !c.flags.quiet {
		prePushAdvice(stderr, res)
	}
	return exitStatus(res, c.flags.failOn, c.flags.showSecrets, interrupted)
}

// newChecker returns the liveness client of --verify, or nil without it.
func newChecker(c *config, stderr io.Writer) (*verify.Client, error) {
	f := &c.flags
	if !f.verify {
		return nil, nil
	}
	checker, err := verify.New(verify.Options{
		BaseURL:   f.verifyURL,
		Timeout:   f.verifyTimeout,
		UserAgent: "cambscan/" + toolVersion(),
	})
	if err != nil {
		return nil, usageErrorf("--verify-url: %v", err)
	}
	if f.verifyURL != "" && !f.quiet {
		fmt.Fprintf(stderr, "cambscan: --verify-url: keys will be sent to %s instead of %s\n", checker.BaseURL(), verify.DefaultBaseURL)
	}
	return checker, nil
}

// buildSources returns one source per target of the command.
func buildSources(c *config) []scanner.Source {
	f := &c.flags
	var sources []scanner.Source
	switch c.cmd {
	case "scan":
		for _, t := range c.targets {
			sources = append(sources, files.NewSource(t, files.Options{Excludes: f.excludes, ExcludeSet: c.excludes, NoIgnore: f.noIgnore, Stdin: c.stdin}))
		}
	case "git":
		for _, t := range c.targets {
			opts := history.Options{
				Refs: f.refs, Range: f.rangeSpec, Backend: f.backend, Excludes: f.excludes,
				MaxFileSize: c.maxSize, Jobs: f.jobs, CloneAuth: c.listed.cloneAuth(t),
			}
			if c.gitCache != nil {
				sources = append(sources, c.gitCache.source(t, opts))
				continue
			}
			sources = append(sources, history.NewSource(t, opts))
		}
	case "pre-push":
		if len(c.push.include) > 0 {
			sources = append(sources, history.NewSource(".", history.Options{
				Include: c.push.include, Exclude: c.push.exclude, Excludes: f.excludes,
				MaxFileSize: c.maxSize, Jobs: f.jobs,
			}))
		}
	case "staged":
		sources = append(sources, newStagedSource(c.targets, f.excludes, c.maxSize, c.getenv))
	}
	return sources
}

// scanOptions returns the engine's options; Progress is stderr when a
// progress line is wanted.
func scanOptions(c *config, stderr io.Writer) scanner.Options {
	f := &c.flags
	opts := scanner.Options{
		Rules:         rules.New(),
		Jobs:          f.jobs,
		MaxFileSize:   c.maxSize,
		MinConfidence: c.minConf,
		NoArchives:    f.noArchives,
		Excludes:      c.excludes,
		// git, staged and pre-push apply the globs to paths themselves;
		// the engine applies them to archive members (scan: Excludes).
		MemberExcludes: f.excludes,
	}
	if f.progress == "always" || (f.progress == "auto" && c.isTTY && !f.quiet && !dumbTerminal(c.getenv)) {
		opts.Progress = stderr
	}
	return opts
}

// writeReports writes the --report files, the --write-baseline file
// (unless interrupted) and then the report on stdout. Files come first: a
// stdout that fails (a closed pipe, `| head`) must not cost them.
func writeReports(c *config, res *scanner.Result, interrupted bool, stdout io.Writer) error {
	f := &c.flags
	fileErr := writeReportFiles(c, res, interrupted)
	if f.writeBaseline != "" && !interrupted {
		if err := writeBaseline(f.writeBaseline, res.Findings); err != nil && fileErr == nil {
			fileErr = fmt.Errorf("--write-baseline: %v", err)
		}
	}
	if err := writeReport(c, res, stdout, f.format, useColor(f.color, isTerminal(stdout), c.getenv), interrupted); err != nil {
		return &exitError{code: 2, msg: fmt.Sprintf("writing the report to stdout: %v", err)}
	}
	if fileErr != nil {
		return &exitError{code: 2, msg: fileErr.Error()}
	}
	return nil
}

// exitStatus returns the error for the exit code of a finished scan: 130
// when interrupted, 2 when a target could not be scanned (it failed to
// open or nothing in it could be read: fail closed, even when other
// targets were scanned), 1 when findings fail it under --fail-on, else nil.
func exitStatus(res *scanner.Result, failOn string, showSecrets, interrupted bool) error {
	if interrupted {
		return errInterrupted
	}
	if msg := failedTargets(res, showSecrets); msg != "" {
		return &exitError{code: 2, msg: msg}
	}
	if failing(res.Findings, failOn) {
		return errFindings
	}
	return nil
}

// failedTargets names the targets that could not be scanned, with the
// reason of each (at most five; keys and URL userinfo hidden, control
// characters escaped), or returns "" when every one was.
func failedTargets(res *scanner.Result, showSecrets bool) string {
	if res == nil {
		return ""
	}
	red := report.Redactor(res, showSecrets)
	var reasons []string
	for i := range res.Skipped {
		if s := &res.Skipped[i]; s.IsFailed() {
			reasons = append(reasons, red.Line(s.Reason()))
		}
	}
	n := len(reasons)
	switch {
	case n == 0:
		return ""
	case n == 1 && len(res.Targets) == 1:
		return reasons[0]
	case n > 5:
		reasons = append(reasons[:5], fmt.Sprintf("and %d more", n-5))
	}
	return fmt.Sprintf("%d of %d targets could not be scanned:\n  %s", n, len(res.Targets), strings.Join(reasons, "\n  "))
}

// failing reports whether findings make the exit code 1 under --fail-on.
func failing(fs []scanner.Finding, failOn string) bool {
	for i := range fs {
		switch failOn {
		case "any":
			return true
		case "live":
			if v := fs[i].Verification; v != nil && v.Status == verify.Live {
				return true
			}
		}
	}
	return false
}

// printDiagnostics writes warnings and skipped inputs to stderr.
func printDiagnostics(c *config, res *scanner.Result, stderr io.Writer) {
	if c.flags.quiet {
		return
	}
	red := report.Redactor(res, c.flags.showSecrets)
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "cambscan: warning:", red.Line(w))
	}
	if len(res.Skipped) == 0 {
		return
	}
	if !c.flags.verbose {
		reasons := map[string]int{}
		for _, s := range res.Skipped {
			reasons[s.Label()]++
		}
		noun := "inputs"
		if len(res.Skipped) == 1 {
			noun = "input"
		}
		fmt.Fprintf(stderr, "cambscan: skipped %d %s (%s); -v lists them\n", len(res.Skipped), noun, red.Line(report.Counts(reasons)))
		return
	}
	for _, s := range res.Skipped {
		where := s.Path
		if where == "" {
			where = s.Target
		}
		fmt.Fprintf(stderr, "cambscan: skipped %s: %s\n", red.Name(where), red.Line(s.Reason()))
	}
}

// reportFormat maps a report file name to its format.
func reportFormat(name string) (string, bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".sarif":
		return "sarif", true
	case ".json":
		return "json", true
	case ".jsonl":
		return "jsonl", true
	case ".txt":
		return "text", true
	}
	return "", false
}

// writeReportFiles writes every --report file, and returns the first error.
func writeReportFiles(c *config, res *scanner.Result, interrupted bool) error {
	var first error
	for _, name := range c.flags.reports {
		format, _ := reportFormat(name)
		fh, err := os.Create(name)
		if err != nil {
			if first == nil {
				first = fmt.Errorf("--report: %w", err)
			}
			continue
		}
		bw := bufio.NewWriter(fh)
		err = writeReport(c, res, bw, format, false, interrupted)
		if ferr := bw.Flush(); err == nil {
			err = ferr
		}
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
		if err != nil && first == nil {
			first = fmt.Errorf("--report %s: %w", name, err)
		}
	}
	return first
}

func writeReport(c *config, res *scanner.Result, w io.Writer, format string, color, interrupted bool) error {
	if format == "sarif" {
		return sarif.Write(w, res, sarif.Options{
			ToolVersion:  toolVersion(),
			SrcRoot:      srcRoot(c.getenv),
			AutomationID: "cambscan/" + c.cmd + "/",
		})
	}
	return report.Write(w, format, res, report.Options{
		ShowSecrets:  c.flags.showSecrets,
		Color:        color,
		Quiet:        c.flags.quiet,
		Version:      toolVersion(),
		Command:      c.cmd,
		Interrupted:  interrupted,
		Repositories: c.listed != nil,
	})
}

// srcRoot is the directory SARIF URIs are relative to: GITHUB_WORKSPACE in
// Actions, else the working directory.
func srcRoot(getenv env) string {
	if ws := getenv("GITHUB_WORKSPACE"); ws != "" {
		return ws
	}
	wd, _ := os.Getwd()
	return wd
}
