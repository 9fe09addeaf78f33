package report_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/report"
	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/verify"
)

var update = flag.Bool("update", false, "rewrite golden files")

var keys = fakekey.N("report", 3)

// historyResult is a history scan with a live, a revoked and an unchecked
// finding, one of them unreachable.
func historyResult() *scanner.Result {
	when := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	checked := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	return &scanner.Result{
		Targets: []string{"repo"},
		Findings: []scanner.Finding{
			{RuleID: rules.IDHeader, Context: "header", Confidence: rules.High, Secret: keys[0],
				Origin: scanner.Origin{Kind: scanner.KindHistory, Target: "repo", Path: "app/client.py", Blob: "b1" + strings.Repeat("0", 38),
					Commit: "c1" + strings.Repeat("a", 38), Author: "Jane Doe", Email: "jane@example.com", Date: when, Reachable: true},
				Line: 4, Column: 63, EndLine: 4, EndColumn: 99, Occurrences: 14,
				Verification: &verify.Result{Status: verify.Live, HTTPStatus: 200, Reason: "key accepted", CheckedAt: checked}},
			{RuleID: rules.IDVariable, Context: "variable", Confidence: rules.High, Secret: keys[1],
				Origin: scanner.Origin{Kind: scanner.KindHistory, Target: "repo", Path: "deploy/.env", Blob: "b2" + strings.Repeat("0", 38),
					Commit: "c2" + strings.Repeat("b", 38), Author: "Sam Roe", Email: "sam@example.com", Date: when.AddDate(0, 1, 0)},
				Line: 1, Column: 14, EndLine: 1, EndColumn: 50, Occurrences: 1,
				Verification: &verify.Result{Status: verify.Revoked, HTTPStatus: 401, Reason: "key rejected: invalid or revoked", CheckedAt: checked}},
			{RuleID: rules.IDSDK, Context: "sdk", Confidence: rules.Medium, Secret: keys[2],
				Origin: scanner.Origin{Kind: scanner.KindHistory, Target: "repo", Blob: "b3" + strings.Repeat("0", 38)},
				Line:   2, Column: 9, EndLine: 2, EndColumn: 45,
				Verification: &verify.Result{Status: verify.Unknown, Reason: "timeout: no answer within 10s", CheckedAt: checked}},
		},
		Skipped:  []scanner.Skip{{Target: "repo", Path: "assets/big.bin", Class: scanner.SkipTooLarge, Size: 20971520, Limit: 10485760}},
		Warnings: []string{"repo is a shallow clone: history before the shallow boundary was not scanned"},
		Stats:    scanner.Stats{Files: 1234, Bytes: 56 << 20, Skipped: 1, Duration: 1500 * time.Millisecond},
	}
}

func TestGoldenHistory(t *testing.T) {
	for _, format := range []string{"text", "json", "jsonl"} {
		var buf bytes.Buffer
		if err := report.Write(&buf, format, historyResult(), report.Options{Version: "test", Command: "git"}); err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if strings.Contains(buf.String(), k) {
				t.Errorf("%s report holds a whole key", format)
			}
		}
		golden(t, "history."+map[string]string{"text": "txt", "json": "json", "jsonl": "jsonl"}[format], buf.String())
	}
}

func TestJSONContract(t *testing.T) {
	var buf bytes.Buffer
	if err := report.Write(&buf, "json", historyResult(), report.Options{Version: "test", Command: "git"}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Schema   string           `json:"schema"`
		Findings []map[string]any `json:"findings"`
		Skipped  []map[string]any `json:"skipped"`
		Stats    map[string]any   `json:"stats"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != "cambscan/v1" || len(doc.Findings) != 3 || len(doc.Skipped) != 1 {
		t.Fatalf("doc %+v", doc)
	}
	for _, field := range []string{"rule", "confidence", "context", "secret", "secret_sha256", "fingerprint", "path", "line",
		"column", "end_line", "end_column", "commit", "author", "email", "date", "occurrences", "reachable", "verification"} {
		if _, ok := doc.Findings[0][field]; !ok {
			t.Errorf("finding lacks %q", field)
		}
	}
	if doc.Findings[2]["reachable"] != false {
		t.Errorf("unreachable finding: reachable = %v", doc.Findings[2]["reachable"])
	}
	v := doc.Findings[0]["verification"].(map[string]any)
	if v["status"] != "live" || v["http_status"] != 200.0 || v["checked_at"] != "2026-11-27T09:00:00Z" {
		t.Errorf("verification %v", v)
	}
	by := doc.Stats["by_status"].(map[string]any)
	if by["live"] != 1.0 || by["revoked"] != 1.0 || by["unknown"] != 1.0 {
		t.Errorf("by_status %v", by)
	}
}

func TestShowSecrets(t *testing.T) {
	for _, format := range []string{"text", "json", "jsonl"} {
		var buf bytes.Buffer
		if err := report.Write(&buf, format, historyResult(), report.Options{ShowSecrets: true}); err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if !strings.Contains(buf.String(), k) {
				t.Errorf("%s with ShowSecrets lacks a key", format)
			}
		}
	}
}

func TestRedact(t *testing.T) {
	k := fakekey.New("redact")
	if got := report.Redact(k); got != k[:4]+"..."+k[32:] {
		t.Errorf("Redact = %q", got)
	}
	if got := report.Redact("short"); got != "[redacted]" {
		t.Errorf("Redact(short) = %q", got)
	}
}

func TestTextCleanAndQuiet(t *testing.T) {
	res := &scanner.Result{Stats: scanner.Stats{Files: 3, Bytes: 2048, Duration: 5 * time.Millisecond}, Suppressed: 2}
	var buf bytes.Buffer
	if err := report.Write(&buf, "text", res, report.Options{}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "scanned 3 files (2.0 KiB) in 5ms: no CAMB.AI keys found, 2 suppressed by the baseline\n" {
		t.Errorf("clean text = %q", got)
	}
	buf.Reset()
	if err := report.Write(&buf, "text", res, report.Options{Quiet: true}); err != nil || buf.Len() != 0 {
		t.Errorf("quiet clean text = %q, %v", buf.String(), err)
	}
	if err := report.Write(&buf, "xml", res, report.Options{}); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestTextColor(t *testing.T) {
	var plain, color bytes.Buffer
	report.Write(&plain, "text", historyResult(), report.Options{})
	report.Write(&color, "text", historyResult(), report.Options{Color: true})
	if strings.Contains(plain.String(), "\033[") || !strings.Contains(color.String(), "\033[31mlive") {
		t.Errorf("colour: plain has escapes or colour lacks red live")
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("..", "testdata", "golden", name)
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (go test ./report -update creates it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (-update rewrites it):\n--- want\n%s\n--- got\n%s", name, want, got)
	}
}
