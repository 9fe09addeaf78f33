// Package sarif writes scan results as SARIF 2.1.0 for GitHub code scanning.
package sarif

import (
	"errors"
	"io"

	"github.com/cambscan/cambscan/scanner"
)

// STUB: the SARIF work replaces this file.

// Options configure the SARIF log.
type Options struct {
	ToolVersion  string
	SrcRoot      string // absolute paths are made relative to it
	AutomationID string // runAutomationDetails.id prefix, e.g. "cambscan/git/"
}

// Write writes res as one SARIF run.
func Write(w io.Writer, res *scanner.Result, opts Options) error {
	return errors.New("SARIF output is not implemented yet")
}
