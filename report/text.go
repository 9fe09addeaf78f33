package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/cambscan/cambscan/internal/redact"
	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/verify"
)

// ANSI colours, used only when Options.Color is set.
const (
	bold   = "\033[1m"
	red    = "\033[31m"
	yellow = "\033[33m"
	green  = "\033[32m"
	reset  = "\033[0m"
)

// writeText writes one block per finding and a summary line:
//
//	app/client.py:12:22: CAMB.AI API key hardcoded as an x-api-key header value [high]
//	    key 1a2b...9f0e  rule camb-api-key-header  fingerprint 3f2a9c01d4e5
//	    commit 4e1d2c3 2024-05-01 Jane Doe <jane@example.com>, 3 occurrences
//	    liveness: live (HTTP 200, key accepted)
//
// Targets and paths are quoted as git quotes paths when they hold control
// characters; authors and reasons are escaped (see package redact).
func writeText(w io.Writer, res *scanner.Result, opts Options, red *redact.Redactor) error {
	tw := &errWriter{w: w}
	paint := func(c, s string) string {
		if !opts.Color {
			return s
		}
		return c + s + reset
	}
	short := map[string]string{}
	for _, r := range rules.All() {
		short[r.ID] = r.Short
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		desc := short[f.RuleID]
		if desc == "" {
			desc = "CAMB.AI API key (" + f.Context + " context)"
		}
		loc := red.Name(f.Path)
		if f.Path == "" {
			loc = "(blob " + shortHash(f.Blob) + ", no path)"
		}
		if f.Kind == scanner.KindHistory && f.Target != "." {
			loc = red.Name(f.Target) + ": " + loc
		}
		tw.printf("%s:%d:%d: %s [%s]\n", paint(bold, loc), f.Line, f.Column, desc, f.Confidence)
		tw.printf("    key %s  rule %s  fingerprint %s\n", red.Secret(f.Secret), f.RuleID, f.Fingerprint()[:12])
		if f.Kind == scanner.KindHistory {
			tw.printf("    %s\n", historyLine(f, red))
		}
		if v := f.Verification; v != nil {
			tw.printf("    liveness: %s\n", paint(statusColor(v.Status), liveness(v, red)))
		}
	}
	if opts.Quiet {
		return tw.err
	}
	if opts.Repositories {
		tw.printf("%s\n", repositoriesLine(repositories(res, opts.Interrupted, red)))
	}
	if opts.Interrupted {
		tw.printf("%s\n", InterruptedSummary(res))
		return tw.err
	}
	tw.printf("%s\n", Summary(res))
	return tw.err
}

func historyLine(f *scanner.Finding, red *redact.Redactor) string {
	var b strings.Builder
	if f.Commit != "" {
		fmt.Fprintf(&b, "commit %s", shortHash(f.Commit))
		if !f.Date.IsZero() {
			fmt.Fprintf(&b, " %s", f.Date.UTC().Format(time.DateOnly))
		}
		if f.Author != "" {
			fmt.Fprintf(&b, " %s <%s>", red.Line(f.Author), red.Line(f.Email))
		}
	} else {
		fmt.Fprintf(&b, "blob %s", shortHash(f.Blob))
	}
	if f.Occurrences > 1 {
		fmt.Fprintf(&b, ", %d occurrences", f.Occurrences)
	}
	if !f.Reachable {
		b.WriteString(", unreachable (no ref points to it)")
	}
	return b.String()
}

func liveness(v *verify.Result, red *redact.Redactor) string {
	s := string(v.Status)
	var extra []string
	if v.HTTPStatus != 0 {
		extra = append(extra, fmt.Sprintf("HTTP %d", v.HTTPStatus))
	}
	if v.Reason != "" {
		extra = append(extra, red.Line(v.Reason))
	}
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s
}

func statusColor(s verify.Status) string {
	switch s {
	case verify.Live:
		return red
	case verify.Revoked:
		return green
	}
	return yellow
}

func shortHash(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}

// Summary returns the one-line summary of a scan: what was read and what
// was found, by liveness status when keys were checked.
func Summary(res *scanner.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "scanned %d %s (%s) in %s: ", res.Stats.Files, plural(res.Stats.Files, "file", "files"),
		humanBytes(res.Stats.Bytes), res.Stats.Duration.Round(time.Millisecond))
	n := len(res.Findings)
	if n == 0 {
		b.WriteString("no CAMB.AI keys found")
	} else {
		fmt.Fprintf(&b, "%d %s", n, plural(n, "finding", "findings"))
		if counts := statusCounts(res.Findings); counts["unchecked"] != n {
			fmt.Fprintf(&b, " (%s)", Counts(counts))
		}
	}
	if res.Suppressed > 0 {
		fmt.Fprintf(&b, ", %d suppressed by the baseline", res.Suppressed)
	}
	if len(res.Skipped) > 0 {
		fmt.Fprintf(&b, ", %d skipped", len(res.Skipped))
	}
	return b.String()
}

// InterruptedSummary returns the summary line of a scan that was
// interrupted: how far it got, and that what it found is partial. It never
// says "no CAMB.AI keys found" unqualified, since the rest was not read.
//
//	interrupted after 12 files (3.1 KiB) in 40ms: 1 finding so far; the findings above are partial
func InterruptedSummary(res *scanner.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "interrupted after %d %s (%s) in %s: ", res.Stats.Files, plural(res.Stats.Files, "file", "files"),
		humanBytes(res.Stats.Bytes), res.Stats.Duration.Round(time.Millisecond))
	n := len(res.Findings)
	if n == 0 {
		b.WriteString("no CAMB.AI keys found so far")
	} else {
		fmt.Fprintf(&b, "%d %s so far", n, plural(n, "finding", "findings"))
	}
	if res.Suppressed > 0 {
		fmt.Fprintf(&b, ", %d suppressed by the baseline", res.Suppressed)
	}
	if len(res.Skipped) > 0 {
		fmt.Fprintf(&b, ", %d skipped", len(res.Skipped))
	}
	if n == 0 {
		b.WriteString("; the scan is partial")
	} else {
		b.WriteString("; the findings above are partial")
	}
	return b.String()
}

// Counts renders counts as "2 binary, 1 too large", sorted by name.
func Counts(counts map[string]int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", counts[k], k)
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// errWriter keeps the first write error so the caller checks once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
