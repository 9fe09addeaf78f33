package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/cambscan/cambscan/internal/audit"
	"github.com/cambscan/cambscan/internal/cache"
	"github.com/cambscan/cambscan/internal/redact"
)

const auditReportUsage = `Usage: cambscan audit report --cache-dir DIR [-f text|json|html] [-o FILE]

Write the standing report of the cache of 'cambscan git --cache-dir': every
key its runs found, grouped by key and never shown (its first and last four
characters and its SHA-256), with its last liveness probe ('git --verify
--cache-dir' keeps them) and every repository, path and introducing commit
that holds it, first and last seen. Live keys first, then unknown, never
checked and revoked. HTML is one self-contained page with a summary and a
sortable table. Reads the cache only; memory stays bounded whatever its size.

Flags:
`

// auditFlagSet returns the flags of 'audit report'.
func auditFlagSet(dir, format, out *string) *pflag.FlagSet {
	fs := pflag.NewFlagSet("cambscan audit report", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.StringVar(dir, "cache-dir", "", "the cache `DIR` of 'cambscan git --cache-dir'")
	fs.StringVarP(format, "format", "f", "text", "text, json or html")
	fs.StringVarP(out, "output", "o", "", "write the report to `FILE` (replaced whole, never half-written) instead of stdout")
	return fs
}

// runAudit is 'cambscan audit SUBCOMMAND'; report is the only one.
func runAudit(ctx context.Context, args []string, stdout io.Writer) error {
	var dir, format, out string
	fs := auditFlagSet(&dir, &format, &out)
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprint(stdout, auditReportUsage+flagHelp(fs, helpWidth))
		return errHelp
	}
	if len(args) == 0 || args[0] != "report" {
		sub := ""
		if len(args) > 0 {
			sub = args[0]
		}
		return usageErrorf("audit: unknown subcommand %q (want report)%s", sub, didYouMean(sub, []string{"report"}, "%q"))
	}
	if err := fs.Parse(args[1:]); err != nil {
		if err == pflag.ErrHelp {
			fmt.Fprint(stdout, auditReportUsage+flagHelp(fs, helpWidth))
			return errHelp
		}
		return usageErrorf("%v", err)
	}
	switch {
	case dir == "":
		return usageErrorf("audit report: --cache-dir is required")
	case format != "text" && format != "json" && format != "html":
		return usageErrorf("audit report: --format must be text, json or html, not %q", format)
	case fs.NArg() > 0:
		return usageErrorf("audit report takes no arguments, got %q", fs.Arg(0))
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usageErrorf("audit report: --cache-dir %s is not a directory", redact.Quote(dir))
	}
	c, err := cache.Open(dir)
	if err != nil {
		return &exitError{code: 2, msg: "--cache-dir: " + redact.Escape(err.Error())}
	}
	opts := audit.Options{Format: format, Tool: "cambscan", Version: toolVersion()}
	var sum *audit.Summary
	if out == "" {
		sum, err = audit.Write(ctx, c, stdout, opts)
	} else {
		err = writeFileAtomic(out, func(w io.Writer) error {
			sum, err = audit.Write(ctx, c, w, opts)
			return err
		})
	}
	if err != nil {
		return &exitError{code: 2, msg: "audit report: " + redact.Escape(err.Error())}
	}
	if len(sum.Damaged) > 0 {
		// Fail closed: the report was written, but it leaves out what
		// these records held.
		msg := fmt.Sprintf("audit report: %d cache record(s) could not be read and are left out of the report (a `cambscan git --cache-dir` run over their repositories writes them again):", len(sum.Damaged))
		for _, d := range sum.Damaged {
			msg += "\n  " + redact.Escape(d)
		}
		return &exitError{code: 2, msg: msg}
	}
	return nil
}

// writeFileAtomic writes name through a temporary file beside it, renamed
// into place once whole (0644: the report holds no key).
func writeFileAtomic(name string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("-o %s: the directory does not exist", name)
		}
		return err
	}
	tmp := f.Name()
	err = write(f)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
