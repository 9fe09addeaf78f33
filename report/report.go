// Package report writes scan results as text, JSON and JSON Lines.
package report

import (
	"io"

	"github.com/cambscan/cambscan/scanner"
)

// Options configure a report.
type Options struct {
	ShowSecrets bool   // print whole keys
	Color       bool   // ANSI colour (text only)
	Quiet       bool   // no summary line (text only)
	Version     string // cambscan version
	Command     string // scan, git or staged
}

// Write writes res in format (text, json or jsonl).
func Write(w io.Writer, format string, res *scanner.Result, opts Options) error {
	return nil
}
