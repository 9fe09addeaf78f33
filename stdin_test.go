package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// stdinFindings runs args with stdin and returns the exit code and the
// JSON report's findings as path and secret.
func stdinFindings(t *testing.T, stdin string, args ...string) (int, [][2]string) {
	t.Helper()
	code, out, err := scanJSON(stdin, args...)
	if err != nil {
		t.Fatal(err)
	}
	return code, out
}

// scanJSON is stdinFindings without the test, for other goroutines.
func scanJSON(stdin string, args ...string) (int, [][2]string, error) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), append([]string{"scan", "-f", "json", "--show-secrets"}, args...), strings.NewReader(stdin), &stdout, &stderr, func(string) string { return "" })
	var doc struct {
		Findings []struct{ Path, Secret, Target string }
	}
	if jerr := json.Unmarshal(stdout.Bytes(), &doc); jerr != nil {
		return 0, nil, fmt.Errorf("report: %v\n%s%s", jerr, stdout.String(), stderr.String())
	}
	var out [][2]string
	for _, f := range doc.Findings {
		out = append(out, [2]string{f.Target + " " + f.Path, f.Secret})
	}
	return exitCodeOf(err), out, nil
}

// `cat f | cambscan scan -` reads standard input (issue 10: there was no
// way to scan a pipe), reported as <stdin>, with the same size cap.
func TestScanStdin(t *testing.T) {
	k := fakekey.New("scan-stdin")
	line := `headers = {"x-api-key": "` + k + `"}` + "\n"
	code, fs := stdinFindings(t, "# config\n"+line, "-")
	if code != 1 || len(fs) != 1 || fs[0] != [2]string{"- <stdin>", k} {
		t.Fatalf("exit %d, findings %q", code, fs)
	}
	code, fs = stdinFindings(t, strings.Repeat("#\n", 600)+line, "--max-file-size", "1KiB", "-")
	if code != 0 || len(fs) != 0 {
		t.Fatalf("over the cap: exit %d, findings %q", code, fs)
	}
}
