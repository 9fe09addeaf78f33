package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/report"
)

// annotationFixture writes a JSON report with 13 findings to a new
// workspace and returns the workspace, the report file and the keys. Two
// keys are live; one finding carries its whole key (a --show-secrets
// report); one sits at a path and one under an author made to break out
// of a workflow command.
func annotationFixture(t *testing.T) (ws, file string, keys []string) {
	t.Helper()
	ws = t.TempDir()
	keys = fakekey.N("annotate", 13)
	type finding = map[string]any
	f := func(i int, kind, target, path, status string) finding {
		m := finding{
			"rule": "camb-api-key-variable", "confidence": "high", "kind": kind, "target": target,
			"secret": report.Redact(keys[i]), "path": path, "line": i + 1, "column": 5, "end_line": i + 1, "end_column": 41,
		}
		if status != "" {
			m["verification"] = map[string]any{"status": status}
		}
		return m
	}
	findings := []finding{
		f(0, "file", ".", "m/unchecked0.py", ""),
		f(1, "file", ".", "z/live.py", "live"),
		f(2, "file", ".", "we%ird,na:me\nx.py", ""),
		f(3, "file", ".", filepath.Join(ws, "src", "abs.py"), ""),
		f(4, "history", "sub", "h.py", "revoked"),
		f(5, "history", "https://github.com/o/r.git", "remote.py", ""),
		f(6, "history", ".", "", ""),
		f(7, "file", ".", "a/live.py", "live"),
		f(8, "file", ".", "/zzz-outside/out.py", ""),
		f(9, "file", ".", "./m/unchecked9.py", ""),
		f(10, "file", ".", "m/unchecked10.py", ""),
		f(11, "file", ".", "m/unchecked11.py", ""),
		f(12, "file", ".", "m/unchecked12.py", "unknown"),
	}
	findings[0]["secret"] = keys[0]
	findings[4]["commit"] = "4444444444444444444444444444444444444444"
	findings[4]["author"] = "Eve\r\n::error::injected, a:b"
	findings[4]["date"] = "2025-04-05T00:00:00Z"
	findings[6]["blob"] = "6666666666666666666666666666666666666666"
	data, err := json.Marshal(map[string]any{
		"schema": "cambscan/v1", "tool": map[string]any{"name": "cambscan", "version": "test"}, "command": "scan",
		"target": []string{"."}, "findings": findings, "skipped": []any{}, "warnings": []any{}, "stats": map[string]any{"files": 13},
	})
	if err != nil {
		t.Fatal(err)
	}
	file = filepath.Join(t.TempDir(), "report.json")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return ws, file, keys
}

var annotationRE = regexp.MustCompile(`(?m)^::(error|warning) (.*)$`)

// annotations returns the step's annotation commands except the script's
// own (title=cambscan).
func annotations(stdout string) (errors, warnings []string) {
	for _, m := range annotationRE.FindAllStringSubmatch(stdout, -1) {
		if strings.HasPrefix(m[2], "title=cambscan::") {
			continue
		}
		if m[1] == "error" {
			errors = append(errors, m[2])
		} else {
			warnings = append(warnings, m[2])
		}
	}
	return errors, warnings
}

func TestActionAnnotations(t *testing.T) {
	t.Parallel()
	ws, file, keys := annotationFixture(t)
	r := runAction(t, map[string]string{"FAKE_JSON": file, "FAKE_EXIT": "1", "INPUT_MODE": "scan", "DIR": ws, "GITHUB_WORKSPACE": ws})
	if r.rc != 1 {
		t.Fatalf("exit %d\n%s", r.rc, r.stdout)
	}
	errs, warns := annotations(r.stdout)
	// fail-on any: every finding is an error; 9 are shown, and the closing
	// line makes GitHub's 10.
	if len(errs) != 9 || len(warns) != 0 {
		t.Fatalf("%d errors and %d warnings, want 9 and 0:\n%s", len(errs), len(warns), r.stdout)
	}
	if n := strings.Count(r.stdout, "\n::error "); n != 10 {
		t.Errorf("%d ::error commands in the step, GitHub shows 10", n)
	}
	want := []string{
		"file=a/live.py,line=8,col=5,endLine=8,endColumn=41,title=CAMB.AI API key (live)::camb-api-key-variable [high]: key " + report.Redact(keys[7]) + ". The key works: revoke it in CAMB.AI Studio now, then keep the new one in a secret store.",
		"file=z/live.py,line=2,",
	}
	if errs[0] != want[0] || !strings.HasPrefix(errs[1], want[1]) {
		t.Errorf("live keys first:\n got %q\n     %q\nwant %q\n     %q...", errs[0], errs[1], want[0], want[1])
	}
	// Then liveness unknown, then unchecked by path ("" for the blob first), revoked last.
	for i, prefix := range []string{
		"file=m/unchecked12.py,line=13,col=5,endLine=13,endColumn=41,title=CAMB.AI API key (liveness unknown)::",
		"title=CAMB.AI API key::camb-api-key-variable [high]: key " + report.Redact(keys[6]) + " in blob 6666666666666666666666666666666666666666:7.",
		"file=m/unchecked9.py,line=10,", // "./m/unchecked9.py" sorts first, and loses its "./"
		"file=src/abs.py,line=4,",       // absolute, in the workspace
		"title=CAMB.AI API key::camb-api-key-variable [high]: key " + report.Redact(keys[8]) + " in /zzz-outside/out.py:9.",
		"file=m/unchecked0.py,line=1,",
		"file=m/unchecked10.py,line=11,",
	} {
		if !strings.HasPrefix(errs[2+i], prefix) {
			t.Errorf("annotation %d:\n got %q\nwant %q...", 2+i, errs[2+i], prefix)
		}
	}
	if !strings.Contains(r.summary, "Annotations: 9 of 13 findings are marked on their files; GitHub shows at most 10 error and 10 warning annotations per step, so 4 more are only in this summary and the SARIF file.") {
		t.Errorf("the summary does not count the findings left unannotated:\n%s", r.summary)
	}
	r.noKeys(t, keys...)

	// fail-on live: live keys are errors, the rest warnings, of which
	// GitHub shows 10; the escaping of paths, authors and remote targets.
	r = runAction(t, map[string]string{"FAKE_JSON": file, "INPUT_MODE": "scan", "INPUT_VERIFY": "true", "INPUT_FAIL_ON": "live",
		"DIR": ws, "GITHUB_WORKSPACE": ws})
	errs, warns = annotations(r.stdout)
	if len(errs) != 2 || len(warns) != 10 || !strings.HasPrefix(errs[0], "file=a/live.py,") || !strings.HasPrefix(errs[1], "file=z/live.py,") {
		t.Fatalf("fail-on live: errors %q, %d warnings\n%s", errs, len(warns), r.stdout)
	}
	if !strings.Contains(r.summary, "Annotations: 12 of 13 findings are marked") {
		t.Errorf("summary:\n%s", r.summary)
	}
	for _, w := range []string{
		// A comma, a colon and a percent sign in a path; a newline ends no command.
		"file=we%25ird%2Cna%3Ame%0Ax.py,line=3,col=5,endLine=3,endColumn=41,title=CAMB.AI API key::camb-api-key-variable [high]: key " + report.Redact(keys[2]) + ". Revoke it",
		// A remote repository's path is no file here.
		"title=CAMB.AI API key::camb-api-key-variable [high]: key " + report.Redact(keys[5]) + " in remote.py:6. Revoke it",
		"file=src/abs.py,line=4,col=5,",
	} {
		if !containsPrefix(warns, w) {
			t.Errorf("no warning %q in\n%s", w, strings.Join(warns, "\n"))
		}
	}
	// The revoked one sorts last and is past the cap; run it alone.
	if strings.Contains(r.stdout, "injected") {
		t.Errorf("the 13th finding was annotated:\n%s", r.stdout)
	}
	r.noKeys(t, keys...)
}

// TestActionAnnotationEscaping annotates the history finding whose author
// tries to start a command of its own.
func TestActionAnnotationEscaping(t *testing.T) {
	t.Parallel()
	ws, file, keys := annotationFixture(t)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var rep map[string]any
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	rep["findings"] = rep["findings"].([]any)[4:5]
	data, _ = json.Marshal(rep)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r := runAction(t, map[string]string{"FAKE_JSON": file, "FAKE_EXIT": "1", "INPUT_MODE": "git", "DIR": ws, "GITHUB_WORKSPACE": ws})
	errs, _ := annotations(r.stdout)
	want := fmt.Sprintf("file=sub/h.py,line=5,col=5,endLine=5,endColumn=41,title=CAMB.AI API key (revoked)::camb-api-key-variable [high]: key %s, introduced in 444444444444 by Eve%%0D%%0A::error::injected, a:b 2025-04-05. Revoke it in CAMB.AI Studio and keep the new one in a secret store.",
		report.Redact(keys[4]))
	if len(errs) != 1 || errs[0] != want {
		t.Errorf("annotations %q\nwant %q", errs, want)
	}
	if strings.Contains(r.stdout, "\n::error::injected") {
		t.Errorf("the author started a workflow command:\n%s", r.stdout)
	}
	if strings.Contains(r.summary, "Annotations:") {
		t.Errorf("the summary counts unannotated findings when all were annotated:\n%s", r.summary)
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
