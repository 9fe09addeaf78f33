// Package report writes scan results as text, JSON and JSON Lines.
//
// Reports receive findings already sorted and deduplicated by package
// scanner; they only render. Keys are redacted unless Options.ShowSecrets
// is set: [Redact] keeps at most the first and last four characters. The
// JSON field names are a contract other tools parse (DESIGN.md section 6);
// the schema id "cambscan/v1" changes only with an incompatible change.
//
// # What is printed
//
// Every text field a report prints (targets, paths, skip reasons,
// warnings, authors, liveness reasons) goes through package redact: any
// occurrence of a key the scan found is redacted like the key itself
// (a file named after its key), unless ShowSecrets, and URL userinfo is
// dropped always (a clone URL with a token). The text report also quotes
// names that hold control characters as git quotes paths, and escapes
// them in free text, so a file name cannot move the cursor or forge a
// line; JSON keeps the names' exact characters, escaped by encoding/json
// (which writes bytes that are not UTF-8 as U+FFFD).
package report

import (
	"fmt"
	"io"

	"github.com/cambscan/cambscan/internal/redact"
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
	// Interrupted says the scan was stopped (Ctrl-C) before it finished:
	// the text summary says how far it got instead of "no keys found".
	Interrupted bool
	// Repositories adds the status of every target (scanned, failed and
	// why) to the JSON report and a line about them to the text summary:
	// for scans of listed repositories (--github-org and the like).
	Repositories bool
}

// Write writes res in format: text, json or jsonl.
func Write(w io.Writer, format string, res *scanner.Result, opts Options) error {
	red := Redactor(res, opts.ShowSecrets)
	switch format {
	case "text":
		return writeText(w, res, opts, red)
	case "json":
		return writeJSON(w, res, opts, red)
	case "jsonl":
		return writeJSONL(w, res, red)
	}
	return fmt.Errorf("unknown report format %q", format)
}

// Redact returns key with all but its first and last four characters
// replaced by "...". Keys of 12 characters or fewer are fully hidden.
func Redact(key string) string { return redact.Key(key) }

// Redactor returns the redactor for everything printed about res: it
// knows every key res found, and leaves them whole with showSecrets.
func Redactor(res *scanner.Result, showSecrets bool) *redact.Redactor {
	keys := make([]string, len(res.Findings))
	for i := range res.Findings {
		keys[i] = res.Findings[i].Secret
	}
	return redact.New(keys, showSecrets)
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
