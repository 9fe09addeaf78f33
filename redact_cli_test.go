package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
)

// forgedName is a file name that, printed raw, would clear the screen and
// print a line of its own claiming a clean scan.
const forgedName = "evil\n\x1b[2Jscanned 1 file (1 B) in 0s: no CAMB.AI keys found\n.env"

// TestHostileNamesCLI: names with ESC and newline bytes reach neither
// stdout nor stderr raw; a file named after its key prints it redacted;
// JSON keeps the exact name.
func TestHostileNamesCLI(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file names cannot hold control characters on Windows")
	}
	k := fakekey.New("hostile-names")
	dir := t.TempDir()
	for name, body := range map[string]string{
		forgedName:                 "CAMB_API_KEY=" + k + "\n",
		k + ".env":                 "CAMB_API_KEY=" + k + "\n",
		"bin\x1b]0;pwned\a.dat":    "x\x00\x00\x01\x02y\n",
		k + "\x1b[31m.dat":         "x\x00\x00\x01\x02y\n",
		"plain dir/ünï code.py.md": "nothing here\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	noenv := func(string) string { return "" }

	stdout, stderr, code := runIn(t, dir, noenv, "scan", "-v", ".")
	if code != 1 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	for what, out := range map[string]string{"stdout": stdout, "stderr": stderr} {
		if strings.ContainsAny(out, "\x1b\a") {
			t.Errorf("%s holds raw control bytes:\n%q", what, out)
		}
		if strings.Contains(out, k) {
			t.Errorf("%s holds the key:\n%s", what, out)
		}
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	for _, l := range lines[:len(lines)-1] {
		if strings.HasPrefix(l, "scanned ") {
			t.Errorf("a file name forged a line:\n%s", stdout)
		}
	}
	for _, want := range []string{
		`"evil\n\033[2Jscanned 1 file (1 B) in 0s: no CAMB.AI keys found\n.env":1:14: `,
		"\n" + k[:4] + "..." + k[32:] + ".env:1:14: ",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	for _, want := range []string{
		`cambscan: skipped "bin\033]0;pwned\a.dat": binary`,
		`cambscan: skipped "` + k[:4] + "..." + k[32:] + `\033[31m.dat": binary`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}

	stdout, _, _ = runIn(t, dir, noenv, "scan", "-f", "json", ".")
	var doc struct {
		Findings []struct {
			Path string `json:"path"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range doc.Findings {
		found = found || f.Path == forgedName
	}
	if !found {
		t.Errorf("no JSON finding with the exact name %q: %+v", forgedName, doc.Findings)
	}
}

// TestCredentialURLCLI: a clone URL with a token, to a closed loopback
// port (the clone fails at once, and its error quotes the URL), prints
// without its userinfo: in the error main prints, on stderr, and in the
// JSON report's target list and skipped inputs.
func TestCredentialURLCLI(t *testing.T) {
	const url = "https://x-access-token:TOKEN1@127.0.0.1:1/org/repo.git"
	const clean = "https://127.0.0.1:1/org/repo.git"
	noenv := func(string) string { return "" }
	leaks := func(s string) bool { return strings.Contains(s, "TOKEN") || strings.Contains(s, "x-access-token") }

	// Alone: the scan cannot run, and main prints the run's error.
	var stdout, stderr strings.Builder
	err := run(t.Context(), []string{"git", "-f", "json", url}, nil, &stdout, &stderr, noenv)
	if err == nil {
		t.Fatal("a clone of a closed port succeeded")
	}
	msg := printable(err.Error())
	if leaks(msg) || leaks(stderr.String()) || leaks(stdout.String()) {
		t.Errorf("a credential is printed:\nerror: %s\nstderr: %s\nstdout: %s", msg, stderr.String(), stdout.String())
	}
	if !strings.Contains(msg+stderr.String(), clean) {
		t.Errorf("the URL is missing: %s %s", msg, stderr.String())
	}

	// Beside a repository that scans: the JSON report and the -v list.
	repo := hookTestRepo(t)
	out, errOut, _ := runIn(t, repo, noenv, "git", "-v", "-f", "json", url, "https://TOKEN2@127.0.0.1:1/other.git", ".")
	if leaks(out) || leaks(errOut) {
		t.Errorf("a credential is printed:\nstdout: %s\nstderr: %s", out, errOut)
	}
	var doc struct {
		Target  []string `json:"target"`
		Skipped []struct {
			Target string `json:"target"`
		} `json:"skipped"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, errOut)
	}
	if len(doc.Target) != 3 || doc.Target[0] != clean || doc.Target[1] != "https://127.0.0.1:1/other.git" {
		t.Errorf("targets %q", doc.Target)
	}
	skipped := map[string]bool{}
	for _, s := range doc.Skipped {
		skipped[s.Target] = true
	}
	if !skipped[clean] || !skipped["https://127.0.0.1:1/other.git"] {
		t.Errorf("skipped %+v", doc.Skipped)
	}
}

// TestStagedAdviceRedacts: the pre-commit advice names the files that hold
// keys: redacted and escaped like the report.
func TestStagedAdviceRedacts(t *testing.T) {
	k := fakekey.New("advice")
	res := &scanner.Result{Findings: []scanner.Finding{
		{RuleID: rules.IDVariable, Secret: k, Line: 1, Column: 14,
			Origin: scanner.Origin{Kind: scanner.KindStaged, Target: ".", Path: "conf/" + k + "\x1b[2J.env"}},
		{RuleID: rules.IDVariable, Secret: k, Line: 2, Column: 14,
			Origin: scanner.Origin{Kind: scanner.KindFile, Target: ".", Path: "old\n" + k + ".env"}},
	}}
	var b strings.Builder
	stagedAdvice(&b, res)
	out := b.String()
	if strings.Contains(out, k) || strings.ContainsRune(out, '\x1b') || strings.Contains(out, "old\n") {
		t.Errorf("advice prints a key or raw control bytes:\n%s", out)
	}
	red := k[:4] + "..." + k[32:]
	for _, want := range []string{`"conf/` + red + `\033[2J.env":1:14`, `git rm --cached 'conf/` + red + `\033[2J.env'`, `"old\n` + red + `.env":2:14`} {
		if !strings.Contains(out, want) {
			t.Errorf("advice lacks %q:\n%s", want, out)
		}
	}
}
