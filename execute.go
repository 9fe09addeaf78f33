package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/cambscan/cambscan/report"
	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/sarif"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/scanner/files"
	"github.com/cambscan/cambscan/scanner/history"
	"github.com/cambscan/cambscan/verify"
)

// execute runs a validated scan request and writes its reports.
func execute(ctx context.Context, c *config, stdout, stderr io.Writer) error {
	f := &c.flags
	var checker *verify.Client
	if f.verify {
		var err error
		checker, err = verify.New(verify.Options{
			BaseURL:   f.verifyURL,
			Timeout:   f.verifyTimeout,
			UserAgent: "cambscan/" + version,
		})
		if err != nil {
			return usageErrorf("--verify-url: %v", err)
		}
		if f.verifyURL != "" && !f.quiet {
			fmt.Fprintf(stderr, "cambscan: --verify-url: keys will be sent to %s instead of %s\n", checker.BaseURL(), verify.DefaultBaseURL)
		}
	}

	var sources []scanner.Source
	switch c.cmd {
	case "scan":
		for _, t := range c.targets {
			sources = append(sources, files.NewSource(t, files.Options{Excludes: f.excludes, NoIgnore: f.noIgnore}))
		}
	case "git":
		for _, t := range c.targets {
			sources = append(sources, history.NewSource(t, history.Options{
				Refs: f.refs, Range: f.rangeSpec, Backend: f.backend, Excludes: f.excludes,
				MaxFileSize: c.maxSize, Jobs: f.jobs,
			}))
		}
	case "staged":
		sources = append(sources, newStagedSource(c.targets, f.excludes, c.maxSize, c.getenv))
	}

	opts := scanner.Options{
		Rules:         rules.New(),
		Jobs:          f.jobs,
		MaxFileSize:   c.maxSize,
		MinConfidence: c.minConf,
		Baseline:      c.baseline,
	}
	if f.progress == "always" || (f.progress == "auto" && c.isTTY && !f.quiet) {
		opts.Progress = stderr
	}
	res, err := scanner.Run(ctx, sources, opts)
	interrupted := ctx.Err() != nil
	if err != nil && !interrupted {
		return &exitError{code: 2, msg: err.Error()}
	}
	if checker != nil && !interrupted && len(res.Findings) > 0 {
		var prog io.Writer
		if opts.Progress != nil {
			prog = stderr
		}
		scanner.Verify(ctx, res.Findings, checker, f.verifyConc, prog)
		interrupted = ctx.Err() != nil
	}

	// Files first: a stdout that fails (a closed pipe, `| head`) must not
	// cost the --report and --write-baseline files.
	fileErr := writeReportFiles(c, res)
	if f.writeBaseline != "" && !interrupted {
		if err := writeBaseline(f.writeBaseline, res.Findings); err != nil && fileErr == nil {
			fileErr = fmt.Errorf("--write-baseline: %v", err)
		}
	}
	if err := writeReport(c, res, stdout, f.format, isTerminal(stdout)); err != nil {
		return &exitError{code: 2, msg: fmt.Sprintf("writing the report to stdout: %v", err)}
	}
	if fileErr != nil {
		return &exitError{code: 2, msg: fileErr.Error()}
	}
	printDiagnostics(c, res, stderr)
	if c.cmd == "staged" && len(res.Findings) > 0 && !f.quiet {
		stagedAdvice(stderr, res)
	}
	if interrupted {
		return errInterrupted
	}
	if failing(res.Findings, f.failOn) {
		return errFindings
	}
	return nil
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
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "cambscan: warning:", w)
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
		fmt.Fprintf(stderr, "cambscan: skipped %d %s (%s); -v lists them\n", len(res.Skipped), noun, report.Counts(reasons))
		return
	}
	for _, s := range res.Skipped {
		where := s.Path
		if where == "" {
			where = s.Target
		}
		fmt.Fprintf(stderr, "cambscan: skipped %s: %s\n", where, s.Reason())
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
func writeReportFiles(c *config, res *scanner.Result) error {
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
		err = writeReport(c, res, bw, format, false)
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

func writeReport(c *config, res *scanner.Result, w io.Writer, format string, color bool) error {
	if format == "sarif" {
		return sarif.Write(w, res, sarif.Options{
			ToolVersion:  version,
			SrcRoot:      srcRoot(c.getenv),
			AutomationID: "cambscan/" + c.cmd + "/",
		})
	}
	return report.Write(w, format, res, report.Options{
		ShowSecrets: c.flags.showSecrets,
		Color:       color,
		Quiet:       c.flags.quiet,
		Version:     version,
		Command:     c.cmd,
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

// A baselineFile is the on-disk baseline: fingerprints only, never keys.
type baselineFile struct {
	Schema       string   `json:"schema"`
	Fingerprints []string `json:"fingerprints"`
}

const baselineSchema = "cambscan-baseline/v1"

func readBaseline(name string) (map[string]bool, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var b baselineFile
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: not a cambscan baseline: %v", name, err)
	}
	if b.Schema != baselineSchema {
		return nil, fmt.Errorf("%s: schema %q, want %q", name, b.Schema, baselineSchema)
	}
	set := make(map[string]bool, len(b.Fingerprints))
	for _, fp := range b.Fingerprints {
		set[fp] = true
	}
	return set, nil
}

func writeBaseline(name string, fs []scanner.Finding) error {
	seen := map[string]bool{}
	b := baselineFile{Schema: baselineSchema, Fingerprints: []string{}}
	for i := range fs {
		fp := fs[i].Fingerprint()
		if !seen[fp] {
			seen[fp] = true
			b.Fingerprints = append(b.Fingerprints, fp)
		}
	}
	sort.Strings(b.Fingerprints)
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(data, '\n'), 0o644)
}

// gitTargets returns the repositories of a git scan: the arguments and the
// lines of --repos-file, then the --shard share of them.
func gitTargets(f *scanFlags, args []string) ([]string, error) {
	targets := append([]string(nil), args...)
	if f.reposFile != "" {
		fh, err := os.Open(f.reposFile)
		if err != nil {
			return nil, usageErrorf("--repos-file: %v", err)
		}
		defer fh.Close()
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line != "" && !strings.HasPrefix(line, "#") {
				targets = append(targets, line)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, usageErrorf("--repos-file: %v", err)
		}
		if len(targets) == 0 {
			return nil, usageErrorf("--repos-file %s lists no repository", f.reposFile)
		}
	}
	if f.shard == "" {
		return targets, nil
	}
	i, n, err := parseShard(f.shard)
	if err != nil {
		return nil, usageErrorf("--shard: %v", err)
	}
	if len(targets) == 0 {
		targets = []string{"."}
	}
	return shard(targets, i, n), nil
}

// parseShard parses "I/N" with 0 <= I < N.
func parseShard(s string) (int, int, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("%q is not I/N with 0 <= I < N", s)
	}
	return i, n, nil
}

// shard returns the targets whose FNV-1a hash is i modulo n: a
// deterministic share that does not move when other lines are added.
func shard(targets []string, i, n int) []string {
	var out []string
	for _, t := range targets {
		h := fnv.New32a()
		h.Write([]byte(t))
		if int(h.Sum32()%uint32(n)) == i {
			out = append(out, t)
		}
	}
	return out
}
