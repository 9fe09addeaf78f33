package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/report"
	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/verify"
)

var formats = []string{"text", "json", "jsonl"}

func write(t *testing.T, format string, res *scanner.Result, opts report.Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, format, res, opts); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestKeyInNameRedacted: a file named after the key it holds (and a
// reason and warning that quote that name) print the key redacted, in
// upper case too, unless ShowSecrets.
func TestKeyInNameRedacted(t *testing.T) {
	k := fakekey.New("key-in-name")
	up := strings.ToUpper(k)
	res := &scanner.Result{
		Targets: []string{"."},
		Findings: []scanner.Finding{{
			RuleID: rules.IDVariable, Context: "variable", Confidence: rules.High, Secret: k,
			Origin: scanner.Origin{Kind: scanner.KindFile, Target: ".", Path: "conf/" + k + ".env"},
			Line:   1, Column: 14, EndLine: 1, EndColumn: 50,
		}},
		Skipped:  []scanner.Skip{{Target: ".", Path: "old/" + up + ".env", Class: scanner.SkipUnreadable, Detail: "open old/" + up + ".env: permission denied"}},
		Warnings: []string{"could not read " + k + ".bak"},
	}
	for _, format := range formats {
		out := write(t, format, res, report.Options{})
		if strings.Contains(strings.ToLower(out), k) {
			t.Errorf("%s: the key is printed:\n%s", format, out)
		}
		if !strings.Contains(out, "conf/"+report.Redact(k)+".env") {
			t.Errorf("%s: no redacted path:\n%s", format, out)
		}
		if format == "json" && !strings.Contains(out, "old/"+report.Redact(up)+".env") {
			t.Errorf("json: skipped path not redacted as written:\n%s", out)
		}
		shown := write(t, format, res, report.Options{ShowSecrets: true})
		if !strings.Contains(shown, "conf/"+k+".env") {
			t.Errorf("%s with ShowSecrets: the path is not whole:\n%s", format, shown)
		}
	}
}

// TestCredentialsDropped: a clone URL with a token is printed without its
// userinfo in every field: the target list, each finding's target, skips,
// warnings and liveness reasons; scp-like addresses keep their user.
func TestCredentialsDropped(t *testing.T) {
	const url = "https://x-access-token:TOKEN123@github.com/org/repo.git"
	const clean = "https://github.com/org/repo.git"
	k := fakekey.New("credentials")
	res := &scanner.Result{
		Targets: []string{url, "git@github.com:org/other.git"},
		Findings: []scanner.Finding{{
			RuleID: rules.IDHeader, Context: "header", Confidence: rules.High, Secret: k,
			Origin: scanner.Origin{Kind: scanner.KindHistory, Target: url, Path: "app.py", Blob: strings.Repeat("b", 40),
				Commit: strings.Repeat("c", 40), Author: "A", Email: "a@example.com", Reachable: true},
			Line: 3, Column: 5, EndLine: 3, EndColumn: 41,
			Verification: &verify.Result{Status: verify.Unknown, Reason: "proxy http://u:TOKEN123@proxy:3128 refused"},
		}},
		Skipped:  []scanner.Skip{{Target: url, Class: scanner.SkipFailed, Detail: "clone " + url + ": authentication required"}},
		Warnings: []string{url + " is a shallow clone: history before the shallow boundary was not scanned"},
	}
	for _, format := range formats {
		out := write(t, format, res, report.Options{ShowSecrets: true})
		if strings.Contains(out, "TOKEN123") || strings.Contains(out, "x-access-token") {
			t.Errorf("%s: a credential is printed:\n%s", format, out)
		}
		if !strings.Contains(out, clean) {
			t.Errorf("%s: no clean URL:\n%s", format, out)
		}
	}
	text := write(t, "text", res, report.Options{})
	if !strings.HasPrefix(text, clean+": app.py:3:5: ") {
		t.Errorf("text location:\n%s", text)
	}
	var doc struct {
		Target   []string         `json:"target"`
		Findings []map[string]any `json:"findings"`
		Skipped  []map[string]any `json:"skipped"`
		Warnings []string         `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(write(t, "json", res, report.Options{})), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Target[0] != clean || doc.Target[1] != "git@github.com:org/other.git" || doc.Findings[0]["target"] != clean ||
		doc.Skipped[0]["target"] != clean || doc.Skipped[0]["reason"] != "clone "+clean+": authentication required" {
		t.Errorf("json: %+v", doc)
	}
}

// TestControlCharactersInNames: a name with ESC and newline bytes cannot
// clear the screen or forge a line of the text report (it is quoted as
// git quotes paths); JSON keeps its exact characters, escaped.
func TestControlCharactersInNames(t *testing.T) {
	k := fakekey.New("control")
	forged := "evil\n\x1b[2Jscanned 1 file (1 B) in 0s: no CAMB.AI keys found\n.env"
	res := &scanner.Result{
		Targets: []string{"repo\x1b]0;title\x07"},
		Findings: []scanner.Finding{
			{RuleID: rules.IDVariable, Context: "variable", Confidence: rules.High, Secret: k,
				Origin: scanner.Origin{Kind: scanner.KindHistory, Target: "repo\x1b]0;title\x07", Path: forged,
					Commit: strings.Repeat("c", 40), Author: "Mallory\x1b[8m", Email: "m@example.com\r", Reachable: true},
				Line: 1, Column: 14, EndLine: 1, EndColumn: 50,
				Verification: &verify.Result{Status: verify.Unknown, Reason: "odd\nreason"}},
			{RuleID: rules.IDVariable, Context: "variable", Confidence: rules.High, Secret: k,
				Origin: scanner.Origin{Kind: scanner.KindFile, Target: ".", Path: "plain/ünï code.env"},
				Line:   1, Column: 14, EndLine: 1, EndColumn: 50},
		},
	}
	text := write(t, "text", res, report.Options{})
	if strings.ContainsAny(text, "\x1b\x07\r") {
		t.Errorf("text holds raw control bytes:\n%q", text)
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	for _, l := range lines[:len(lines)-1] {
		if strings.HasPrefix(l, "scanned ") {
			t.Errorf("a name forged a summary line:\n%s", text)
		}
	}
	want := `"repo\033]0;title\a": "evil\n\033[2Jscanned 1 file (1 B) in 0s: no CAMB.AI keys found\n.env":1:14: `
	if !strings.HasPrefix(text, want) {
		t.Errorf("text starts\n%s\nwant\n%s", text, want)
	}
	for _, s := range []string{`Mallory\033[8m <m@example.com\r>`, `liveness: unknown (odd\nreason)`, "\nplain/ünï code.env:1:14: "} {
		if !strings.Contains(text, s) {
			t.Errorf("text lacks %q:\n%s", s, text)
		}
	}

	for _, format := range []string{"json", "jsonl"} {
		out := write(t, format, res, report.Options{})
		if strings.ContainsAny(out, "\x1b\x07\r") {
			t.Errorf("%s holds raw control bytes", format)
		}
		first, _, _ := strings.Cut(out, "\n{\"rule\"") // jsonl: the first finding
		if format == "json" {
			first = out
		}
		var f struct {
			Path     string `json:"path"`
			Findings []struct {
				Path string `json:"path"`
			} `json:"findings"`
		}
		if err := json.Unmarshal([]byte(first), &f); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		got := f.Path
		if format == "json" {
			got = f.Findings[0].Path
		}
		if got != forged {
			t.Errorf("%s: path %q, want the exact name %q", format, got, forged)
		}
	}
}

// TestInvalidUTF8InJSON pins what DESIGN-NOTES says: encoding/json writes
// bytes that are not UTF-8 as U+FFFD; the text report escapes them.
func TestInvalidUTF8InJSON(t *testing.T) {
	res := &scanner.Result{Findings: []scanner.Finding{{
		RuleID: rules.IDVariable, Context: "variable", Confidence: rules.High, Secret: fakekey.New("utf8"),
		Origin: scanner.Origin{Kind: scanner.KindFile, Target: ".", Path: "bad\xff.env"},
		Line:   1, Column: 1, EndLine: 1, EndColumn: 37,
	}}}
	var doc struct {
		Findings []struct {
			Path string `json:"path"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(write(t, "json", res, report.Options{})), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Findings[0].Path != "bad\uFFFD.env" {
		t.Errorf("json path %q", doc.Findings[0].Path)
	}
	if text := write(t, "text", res, report.Options{}); !strings.HasPrefix(text, `"bad\377.env":1:1: `) {
		t.Errorf("text %q", text)
	}
}
