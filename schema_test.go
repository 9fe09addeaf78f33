package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// jsonschemaCheck builds ../shared/tools/jsonschema-check (the project's
// independent JSON Schema validator, santhosh-tekuri/jsonschema) and
// returns the binary, or skips the test when the tool is not there.
func jsonschemaCheck(t *testing.T) string {
	t.Helper()
	src := filepath.Join(goldenRoot, "..", "shared", "tools", "jsonschema-check")
	if _, err := os.Stat(filepath.Join(src, "main.go")); err != nil {
		t.Skipf("the schema validator is missing (%v): clone the project's shared/ next to this repository to run this test", err)
	}
	bin := filepath.Join(t.TempDir(), "jsonschema-check")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = src
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", src, err, out)
	}
	return bin
}

// validate runs the validator on files (with format assertions, so dates
// must be RFC 3339) and reports whether they all pass.
func validate(t *testing.T, tool, schema string, files ...string) (bool, string) {
	t.Helper()
	out, err := exec.Command(tool, append([]string{"-formats", schema}, files...)...).CombinedOutput()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("running %s: %v", tool, err)
		}
		return false, string(out)
	}
	return true, string(out)
}

// TestPublishedSchemas checks docs/cambscan-report.schema.json and
// docs/cambscan-baseline.schema.json against real output: scan, git and
// staged reports with findings, skipped inputs, warnings and liveness
// results, the JSON Lines form, a clean scan and a written baseline.
func TestPublishedSchemas(t *testing.T) {
	tool := jsonschemaCheck(t)
	reportSchema := filepath.Join(goldenRoot, "docs", "cambscan-report.schema.json")
	baselineSchema := filepath.Join(goldenRoot, "docs", "cambscan-baseline.schema.json")

	keys := fakekey.N("schema", 3)
	live, dead, staged := keys[0], keys[1], keys[2]
	_, srv := newCambFake(t, 0, live)
	dir := hookTestRepo(t)
	files := map[string]string{
		"app/client.py": "import requests\n\nrequests.get(\"https://client.camb.ai/apis/list-voices\", headers={\"x-api-key\": \"" + live + "\"})\n",
		".env":          "CAMB_API_KEY=" + dead + "\n",
		"model.bin":     "\x00\x01CAMB_API_KEY=" + dead + "\n",
		"big.txt":       strings.Repeat("padding line\n", 200),
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hookGit(t, dir, "add", "-A")
	hookGit(t, dir, "commit", "-q", "-m", "keys")
	if err := os.WriteFile(filepath.Join(dir, "new.py"), []byte("CAMB_API_KEY = \""+staged+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	hookGit(t, dir, "add", "new.py")
	clean := t.TempDir()
	out := t.TempDir()
	verifyArgs := []string{"--verify", "--verify-url", srv.URL}
	runs := []struct {
		name string
		args []string
		code int
	}{
		{"scan.json", append([]string{"scan", "-f", "json", "--max-file-size", "1KiB", "--exclude", "nothing/**", "--write-baseline", filepath.Join(out, "baseline.json")}, verifyArgs...), 1},
		{"scan.jsonl", []string{"scan", "-f", "jsonl"}, 1},
		{"git.json", append([]string{"git", "-f", "json", "--max-file-size", "1KiB"}, verifyArgs...), 1},
		{"staged.json", []string{"staged", "-f", "json"}, 1},
		{"clean.json", []string{"scan", "-f", "json", clean}, 0},
		{"empty-baseline.json", []string{"scan", "--write-baseline", filepath.Join(out, "empty-baseline.json"), clean}, 0},
	}
	for _, r := range runs {
		stdout, stderr, code := runIn(t, dir, envOf(), r.args...)
		if code != r.code {
			t.Fatalf("%q: exit %d, want %d\n%s", r.args, code, r.code, stderr)
		}
		if strings.HasSuffix(r.name, "baseline.json") {
			continue
		}
		if err := os.WriteFile(filepath.Join(out, r.name), []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// The reports must exercise what the schema describes, or passing
	// says little.
	var scan, git, stagedDoc struct {
		Findings []map[string]any `json:"findings"`
		Skipped  []any            `json:"skipped"`
		Warnings []string         `json:"warnings"`
	}
	for name, doc := range map[string]any{"scan.json": &scan, "git.json": &git, "staged.json": &stagedDoc} {
		b, _ := os.ReadFile(filepath.Join(out, name))
		if err := json.Unmarshal(b, doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if len(scan.Findings) < 2 || len(scan.Skipped) == 0 || len(scan.Warnings) == 0 || scan.Findings[0]["verification"] == nil {
		t.Errorf("scan report lacks findings, skips, warnings or liveness: %+v", scan)
	}
	withCommit := 0
	for _, f := range git.Findings {
		if f["commit"] != nil && f["verification"] != nil {
			withCommit++
		}
	}
	if withCommit == 0 || len(git.Skipped) == 0 {
		t.Errorf("git report lacks history findings with liveness: %+v", git)
	}
	if len(stagedDoc.Findings) != 1 || stagedDoc.Findings[0]["kind"] != "staged" {
		t.Errorf("staged report: %+v", stagedDoc)
	}

	reports := []string{"scan.json", "git.json", "staged.json", "clean.json"}
	for i, r := range reports {
		reports[i] = filepath.Join(out, r)
	}
	if ok, msg := validate(t, tool, reportSchema, reports...); !ok {
		t.Errorf("reports do not match %s:\n%s", reportSchema, msg)
	}

	// JSON Lines: each line is a finding of the same schema.
	lineSchema := filepath.Join(out, "finding.schema.json")
	ref := `{"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "` + fileURL(reportSchema) + `#/$defs/finding"}`
	if err := os.WriteFile(lineSchema, []byte(ref), 0o644); err != nil {
		t.Fatal(err)
	}
	jsonl, _ := os.ReadFile(filepath.Join(out, "scan.jsonl"))
	var lines []string
	for i, l := range strings.Split(strings.TrimSpace(string(jsonl)), "\n") {
		name := filepath.Join(out, "line"+string(rune('a'+i))+".json")
		if err := os.WriteFile(name, []byte(l), 0o644); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, name)
	}
	if len(lines) < 2 {
		t.Fatalf("jsonl: %d lines", len(lines))
	}
	if ok, msg := validate(t, tool, lineSchema, lines...); !ok {
		t.Errorf("JSON Lines findings do not match $defs/finding:\n%s", msg)
	}

	baselines := []string{filepath.Join(out, "baseline.json"), filepath.Join(out, "empty-baseline.json")}
	if ok, msg := validate(t, tool, baselineSchema, baselines...); !ok {
		t.Errorf("baselines do not match %s:\n%s", baselineSchema, msg)
	}

	// The check can fail: a report without stats, a finding with an
	// unknown field and a baseline holding a key are rejected.
	b, _ := os.ReadFile(filepath.Join(out, "scan.json"))
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "stats")
	bad := filepath.Join(out, "bad.json")
	writeJSONFile(t, bad, doc)
	if ok, _ := validate(t, tool, reportSchema, bad); ok {
		t.Error("a report without stats passed the schema")
	}
	writeJSONFile(t, bad, map[string]any{"schema": "cambscan-baseline/v1", "fingerprints": []string{live}})
	if ok, _ := validate(t, tool, baselineSchema, bad); ok {
		t.Error("a baseline holding a key passed the schema")
	}
}

// fileURL renders an absolute file path as a file URL.
func fileURL(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x
	}
	return "file://" + p
}

func writeJSONFile(t *testing.T, name string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
