// Package report writes scan results as text, JSON and JSON Lines.
//
// Reports receive findings already sorted and deduplicated by package
// scanner; they only render. Keys are redacted unless Options.ShowSecrets
// is set: [Redact] keeps at most the first and last four characters. The
// JSON field names are a contract other tools parse (DESIGN.md section 6);
// the schema id "cambscan/v1" changes only with an incompatible change.
package report

import (
	"fmt"
	"io"

	"github.com/cambscan/cambscan/scanner"
)

// Schema is the id of the JSON report format.
const Schema = "cambscan/v1"

// Options configure a report.
type Options struct {
	ShowSecrets bool   // print whole keys
	Color       bool   // ANSI colour (text only)
	Quiet       bool   // no summary line (text only)
	Version     string // cambscan version
	Command     string // scan, git or staged
}

// Write writes res in format: text, json or jsonl.
func Write(w io.Writer, format string, res *scanner.Result, opts Options) error {
	switch format {
	case "text":
		return writeText(w, res, opts)
	case "json":
		return writeJSON(w, res, opts)
	case "jsonl":
		return writeJSONL(w, res, opts)
	}
	return fmt.Errorf("unknown report format %q", format)
}

// Redact returns key with all but its first and last four characters
// replaced by "...". Keys of 12 characters or fewer are fully hidden.
func Redact(key string) string {
	if len(key) <= 12 {
		return "[redacted]"
	}
	return key[:4] + "..." + key[len(key)-4:]
}

func secret(f *scanner.Finding, opts Options) string {
	if opts.ShowSecrets {
		return f.Secret
	}
	return Redact(f.Secret)
}

// statusCounts counts findings by liveness status ("unchecked" when not
// verified).
func statusCounts(fs []scanner.Finding) map[string]int {
	m := map[string]int{}
	for i := range fs {
		st := "unchecked"
		if v := fs[i].Verification; v != nil {
			st = string(v.Status)
		}
		m[st]++
	}
	return m
}
