package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/report"
	"github.com/cambscan/cambscan/rules"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestMain lets testscript run "cambscan" as this test binary, and stops
// the race runtime's one-second sleep at exit in the children it starts.
func TestMain(m *testing.M) {
	os.Setenv("GORACE", childGORACE(os.Getenv("GORACE")))
	testscript.Main(m, map[string]func(){
		"cambscan": func() { os.Exit(mainCode()) },
	})
}

// childGORACE returns the GORACE for child processes: a binary built with
// -race sleeps atexit_sleep_ms (default 1000) at exit when it has more than
// one thread, and every cambscan a test starts (scripts, signal tests, git
// hooks) is this test binary: about 70 children paid a second each.
// Options the caller set are kept.
func childGORACE(gorace string) string {
	if strings.Contains(gorace, "atexit_sleep_ms") {
		return gorace
	}
	return strings.TrimSpace(gorace + " atexit_sleep_ms=0")
}

// scriptKeys are the fake keys scripts see as $KEY1.. and {KEY1}..
var scriptKeys = fakekey.N("script", 4)

// TestScripts runs the CLI scripts of testdata/script: every flag path and
// exit code of scan (and of the other commands where no git history is
// needed).
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			for i, k := range scriptKeys {
				env.Setenv(fmt.Sprintf("KEY%d", i+1), k)
				env.Setenv(fmt.Sprintf("KEY%d_REDACTED", i+1), report.Redact(k))
			}
			env.Setenv("GORACE", os.Getenv("GORACE")) // scripts start with a clean environment
			// Scripts that build repositories need an identity and no
			// user configuration.
			env.Setenv("GIT_CONFIG_GLOBAL", "/dev/null")
			env.Setenv("GIT_AUTHOR_NAME", "Test")
			env.Setenv("GIT_AUTHOR_EMAIL", "test@example.com")
			env.Setenv("GIT_COMMITTER_NAME", "Test")
			env.Setenv("GIT_COMMITTER_EMAIL", "test@example.com")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// fill FILE...: replace {KEY1}..{KEY4} with the fake keys.
			"fill": func(ts *testscript.TestScript, neg bool, args []string) {
				for _, name := range args {
					name = ts.MkAbs(name)
					data, err := os.ReadFile(name)
					ts.Check(err)
					for i, k := range scriptKeys {
						data = bytes.ReplaceAll(data, []byte(fmt.Sprintf("{KEY%d}", i+1)), []byte(k))
					}
					ts.Check(os.WriteFile(name, data, 0o644))
				}
			},
			// bigfile NAME BYTES: a text file of that size.
			"bigfile": func(ts *testscript.TestScript, neg bool, args []string) {
				var n int
				fmt.Sscan(args[1], &n)
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), bytes.Repeat([]byte("abcdefghi\n"), n/10), 0o644))
			},
		},
		RequireExplicitExec: true,
	})
}

// TestLayering enforces STYLE section 2.4 and issue 9's graph: who may
// import whom, and which packages may use the network, go-git and conc.
//
//   - internal/git, the git object library, imports nothing of ours but
//     internal/safefile;
//   - scanner (data model and engine) imports no source; the sources
//     (scanner/files, scanner/history, scanner/staged, scanner/push) import scanner and
//     never each other; the sinks (report, sarif) import no source;
//   - only main wires sources and sinks together.
func TestLayering(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/cambscan/cambscan"
	sources := []string{"scanner/files", "scanner/history", "scanner/staged", "scanner/push"}
	allowed := map[string][]string{
		"rules":             {},
		"verify":            {},
		"scanner":           {"rules", "verify", "internal/git"},
		"scanner/files":     {"scanner", "internal/git", "internal/safefile", "rules"},
		"scanner/history":   {"scanner", "internal/git"},
		"scanner/staged":    {"scanner", "internal/git", "rules"},
		"scanner/push":      {"scanner", "internal/git"},
		"report":            {"scanner", "rules", "verify", "internal/redact"},
		"sarif":             {"scanner", "rules", "verify", "internal/redact"},
		"hook":              {"internal/git", "internal/safefile"},
		"internal/git":      {"internal/safefile"},
		"internal/fakekey":  {},
		"internal/redact":   {},
		"internal/safefile": {},
		"internal/forge":    {},
	}
	// The table itself must keep the graph: a later edit that lets a
	// source, the engine or a sink import a source fails here.
	for pkg, deps := range allowed {
		for _, d := range deps {
			if slices.Contains(sources, d) {
				t.Errorf("layering table: %s may import the source %s", pkg, d)
			}
		}
	}
	restricted := map[string][]string{ // import prefix -> packages allowed to use it
		"net/http":                    {"verify", "internal/forge"},
		"github.com/go-git/":          {"scanner/history", "scanner/files", "hook", "internal/gengit"},
		"github.com/sourcegraph/conc": {"scanner"},
		"github.com/owenrumney/":      {"sarif"},
		"github.com/spf13/pflag":      {""},
		"go.yaml.in/yaml/":            {""},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(strings.TrimPrefix(fields[0], mod), "/")
		if strings.HasPrefix(pkg, "internal/tmp") {
			continue
		}
		table, known := allowed[pkg]
		if !known && pkg != "" && !strings.HasPrefix(pkg, "internal/") {
			t.Errorf("package %q is not in the layering table", pkg)
		}
		for _, imp := range fields[1:] {
			if rel, ok := strings.CutPrefix(imp, mod+"/"); ok {
				// main wires everything; internal tools (generators) not in
				// the table may use each other; libraries only what the
				// table says.
				ok := pkg == "" || !known && strings.HasPrefix(pkg, "internal/") && strings.HasPrefix(rel, "internal/")
				ok = ok || slices.Contains(table, rel)
				if !ok {
					t.Errorf("%s imports %s: not allowed by the layering of STYLE 2.4", fields[0], imp)
				}
			}
			for prefix, who := range restricted {
				if !strings.HasPrefix(imp, prefix) {
					continue
				}
				ok := false
				for _, w := range who {
					ok = ok || w == pkg || strings.HasPrefix(pkg, w+"/") && w != ""
				}
				if !ok {
					t.Errorf("%s imports %s: only %q may", fields[0], imp, who)
				}
			}
		}
	}
}

// TestNoRealKeys checks that every key the detector finds in the
// repository's own files is a generated fake key.
func TestNoRealKeys(t *testing.T) {
	set := rules.New()
	n := 0
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil || bytes.IndexByte(data, 0) >= 0 {
			return nil
		}
		text, _ := rules.Text(data)
		for _, m := range set.Match(text) {
			n++
			// Key decodes a base64-written key (Kubernetes Secret data)
			if key := strings.ToLower(m.Key(text)); !fakekey.IsFake(key) {
				line, col := rules.Position(text, m.Start)
				t.Errorf("%s:%d:%d: a key that is not from internal/fakekey", p, line, col)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Errorf("no fake key found at all: the check is not looking at the corpus")
	}
}

// TestGoldenScan runs a scan in-process on a fixed tree and compares the
// text and JSON reports with testdata/golden.
func TestGoldenScan(t *testing.T) {
	dir := t.TempDir()
	k := fakekey.N("golden", 3)
	files := map[string]string{
		"app/client.py": "import requests\n\nCAMB = \"https://client.camb.ai/apis\"\n" +
			"r = requests.get(CAMB + \"/list-voices\", headers={\"x-api-key\": \"" + k[0] + "\"})\n",
		"web/api.ts": "const res = await fetch(url, {\n  headers: { 'x-api-key': '" + k[1] + "' },\n});\n",
		".env":       "CAMB_API_KEY=" + k[2] + "\n",
		"README.md":  "Set CAMB_API_KEY=your_camb_api_key before running.\n",
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
	t.Chdir(dir)
	for _, format := range []string{"text", "json"} {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), []string{"scan", "-f", format, "."}, nil, &stdout, &stderr, func(string) string { return "" })
		if code := exitCodeOf(err); code != 1 {
			t.Fatalf("%s: exit %d, want 1; stderr: %s", format, code, stderr.String())
		}
		got := normalize(stdout.String())
		for _, key := range k {
			if strings.Contains(got, key) {
				t.Errorf("%s report holds a whole key", format)
			}
		}
		if format == "json" {
			var doc map[string]any
			if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
				t.Fatalf("json report does not parse: %v", err)
			}
		}
		golden(t, filepath.Join(goldenDir(t), "scan."+map[string]string{"text": "txt", "json": "json"}[format]), got)
	}
}

func exitCodeOf(err error) int {
	if err == nil {
		return 0
	}
	if e, ok := err.(*exitError); ok {
		return e.code
	}
	return 2
}

// normalize replaces what changes from run to run or build to build:
// durations and cambscan's version (version_test.go checks the version).
func normalize(s string) string {
	lines := strings.Split(s, "\n")
	toolVer := `    "version": ` + strconv.Quote(toolVersion())
	for i, l := range lines {
		if l == toolVer {
			lines[i] = `    "version": "VERSION"`
		}
		if strings.HasPrefix(l, "scanned ") {
			if a, b, ok := strings.Cut(l, " in "); ok {
				_, rest, _ := strings.Cut(b, ":")
				lines[i] = a + " in DURATION:" + rest
			}
		}
		if strings.Contains(l, `"duration_ms"`) {
			lines[i] = `    "duration_ms": 0,`
		}
	}
	return strings.Join(lines, "\n")
}

var goldenRoot, _ = os.Getwd()

func goldenDir(t *testing.T) string { return filepath.Join(goldenRoot, "testdata", "golden") }

// golden compares got with the file, or rewrites it with -update.
func golden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n--- want\n%s\n--- got\n%s", filepath.Base(file), want, got)
	}
}

// TestInterrupted: a cancelled context (Ctrl-C) stops the scan, still
// writes the report of what was found, and exits 130.
func TestInterrupted(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.py"), []byte(`h = {"x-api-key": "`+fakekey.New("interrupt")+`"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var stdout, stderr bytes.Buffer
	err := run(ctx, []string{"scan", "-f", "json", dir}, nil, &stdout, &stderr, func(string) string { return "" })
	if code := exitCodeOf(err); code != 130 {
		t.Fatalf("exit %d, want 130 (err %v)", code, err)
	}
	var doc map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Errorf("no report after interruption: %v (%q)", err, stdout.String())
	}
	// The text summary says the scan was cut short, not that it is clean.
	stdout.Reset()
	txt := filepath.Join(t.TempDir(), "r.txt")
	err = run(ctx, []string{"scan", "--report", txt, dir}, nil, &stdout, &stderr, func(string) string { return "" })
	if code := exitCodeOf(err); code != 130 {
		t.Fatalf("text: exit %d, want 130 (err %v)", code, err)
	}
	file, _ := os.ReadFile(txt)
	for _, out := range []string{stdout.String(), string(file)} {
		if !strings.Contains(out, "interrupted after ") || !strings.Contains(out, "partial") || strings.Contains(out, "keys found\n") {
			t.Errorf("text summary of an interrupted scan:\n%s", out)
		}
	}
}
