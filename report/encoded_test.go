package report_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/report"
	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
)

// TestJSONEncoding checks the encoding field: present for an encoded key,
// absent for a plain one, and the report holds neither the whole key nor
// its encoded form.
func TestJSONEncoding(t *testing.T) {
	key, plain := fakekey.New("report-encoded"), fakekey.New("report-plain")
	res := &scanner.Result{Targets: []string{"."}, Findings: []scanner.Finding{
		{RuleID: rules.IDData, Context: "data", Confidence: rules.High, Secret: key, Encoding: "base64",
			Origin: scanner.Origin{Kind: scanner.KindFile, Target: ".", Path: "secret.yaml"}, Line: 7, Column: 12, EndLine: 7, EndColumn: 64},
		{RuleID: rules.IDVariable, Context: "variable", Confidence: rules.High, Secret: plain,
			Origin: scanner.Origin{Kind: scanner.KindFile, Target: ".", Path: ".env"}, Line: 1, Column: 14, EndLine: 1, EndColumn: 50},
	}}
	var buf bytes.Buffer
	if err := report.Write(&buf, "json", res, report.Options{Version: "test", Command: "scan"}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, key) || strings.Contains(out, base64.StdEncoding.EncodeToString([]byte(key))) {
		t.Fatal("report holds the key")
	}
	var doc struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var enc, none int
	for _, f := range doc.Findings {
		switch f["encoding"] {
		case "base64":
			enc++
		case nil:
			none++
		}
	}
	if enc != 1 || none != 1 {
		t.Errorf("encoding fields %d base64, %d absent; want 1 and 1\n%s", enc, none, out)
	}
}
