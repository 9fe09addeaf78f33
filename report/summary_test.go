package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/cambscan/cambscan/scanner"
)

// TestInterruptedSummary: an interrupted scan says how far it got and
// that its result is partial, and never claims "no CAMB.AI keys found"
// unqualified.
func TestInterruptedSummary(t *testing.T) {
	res := &scanner.Result{Stats: scanner.Stats{Files: 12, Bytes: 3174, Duration: 40 * time.Millisecond}}
	tests := []struct {
		res  *scanner.Result
		want string
	}{
		{res, "interrupted after 12 files (3.1 KiB) in 40ms: no CAMB.AI keys found so far; the scan is partial"},
		{&scanner.Result{Stats: scanner.Stats{Files: 1}, Findings: make([]scanner.Finding, 2), Suppressed: 1, Skipped: make([]scanner.Skip, 3)},
			"interrupted after 1 file (0 B) in 0s: 2 findings so far, 1 suppressed by the baseline, 3 skipped; the findings above are partial"},
	}
	for _, tt := range tests {
		if got := InterruptedSummary(tt.res); got != tt.want {
			t.Errorf("InterruptedSummary = %q\nwant %q", got, tt.want)
		}
	}
	var buf bytes.Buffer
	if err := Write(&buf, "text", res, Options{Interrupted: true}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != tests[0].want+"\n" {
		t.Errorf("text report of an interrupted scan: %q", got)
	}
	buf.Reset()
	if err := Write(&buf, "text", res, Options{Interrupted: true, Quiet: true}); err != nil || buf.Len() != 0 {
		t.Errorf("--quiet: %q, %v; want nothing", buf.String(), err)
	}
	buf.Reset()
	if err := Write(&buf, "text", res, Options{}); err != nil || !strings.HasSuffix(buf.String(), ": no CAMB.AI keys found\n") {
		t.Errorf("finished scan: %q, %v", buf.String(), err)
	}
}
