package sarif

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
)

// TestEncodedMessage checks that the result message says how an encoded
// key was written, and says nothing for a plain one.
func TestEncodedMessage(t *testing.T) {
	f := scanner.Finding{RuleID: rules.IDData, Context: "data", Confidence: rules.High, Secret: fakekey.New("sarif-encoded"),
		Encoding: "base64", Origin: scanner.Origin{Kind: scanner.KindFile, Target: ".", Path: "secret.yaml"},
		Line: 7, Column: 12, EndLine: 7, EndColumn: 64}
	p := f
	p.Encoding, p.Path = "", ".env"
	var buf bytes.Buffer
	if err := Write(&buf, &scanner.Result{Targets: []string{"."}, Findings: []scanner.Finding{f, p}}, Options{ToolVersion: "1.0.0"}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "in data that names CAMB.AI (base64-encoded) (high confidence)"); n != 1 {
		t.Errorf("%d messages say base64-encoded, want 1\n%s", n, buf.String())
	}
	if strings.Contains(buf.String(), f.Secret) {
		t.Error("the log holds the key")
	}
}
