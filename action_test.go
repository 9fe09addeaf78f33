package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/report"
)

// The tests below run scripts/action-run.sh, the shell logic of action.yml,
// as the composite action does: inputs as INPUT_* variables, a fake
// GITHUB_EVENT_PATH, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. Most use a fake
// cambscan that records its arguments and copies canned reports;
// TestActionRealBinary builds the real one.

// fakeCambscan records its arguments in $FAKE_ARGS (one a line), copies
// $FAKE_SARIF and $FAKE_JSON to the --report files unless $FAKE_NOREPORT is
// set, and exits with $FAKE_EXIT.
const fakeCambscan = `#!/usr/bin/env bash
printf '%s\n' "$@" >"$FAKE_ARGS"
while [ $# -gt 0 ]; do
  if [ "$1" = --report ] && [ -z "${FAKE_NOREPORT:-}" ]; then
    case $2 in
    *.sarif) cp "$FAKE_SARIF" "$2" ;;
    *.json) cp "$FAKE_JSON" "$2" ;;
    esac
    shift
  fi
  shift
done
echo "fake cambscan ran"
exit "${FAKE_EXIT:-0}"
`

var actionKeys = fakekey.N("action", 3)

// fakeReport is a JSON report with a revoked, a live and an unchecked
// finding. The unchecked one carries its whole key, as a report written
// with --show-secrets would: the summary must still redact it.
func fakeReport() string {
	return `{"schema":"cambscan/v1","tool":{"name":"cambscan","version":"test"},"command":"git","target":["."],
"findings":[
 {"rule":"camb-api-key-header","confidence":"high","context":"header","secret":"` + report.Redact(actionKeys[0]) + `","path":"b/old.py","line":3,"column":9,"commit":"1111111111111111111111111111111111111111","author":"Ada | <Lovelace>","date":"2025-01-02T03:04:05Z","verification":{"status":"revoked","http_status":401}},
 {"rule":"camb-api-key-sdk","confidence":"high","context":"sdk","secret":"` + report.Redact(actionKeys[1]) + `","path":"a/app.py","line":7,"column":21,"commit":"2222222222222222222222222222222222222222","author":"Bob","date":"2025-02-03T00:00:00Z","verification":{"status":"live","http_status":200}},
 {"rule":"camb-api-key-variable","confidence":"medium","context":"variable","secret":"` + actionKeys[2] + `","path":"c/x.env","line":1,"column":14}
],
"skipped":[],"warnings":["shallow clone: history is incomplete"],"stats":{"files":12,"skipped":1}}`
}

const fakeSARIF = `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"cambscan","rules":[]}},"results":[],"automationDetails":{"id":"cambscan/git/"}}]}`

// actionRun is one run of action-run.sh.
type actionRun struct {
	rc      int
	stdout  string
	outputs map[string]string
	summary string
	args    []string
	dir     string
}

// runAction runs the script with env on top of a clean environment (no
// variables of a surrounding Actions job leak in).
func runAction(t *testing.T, env map[string]string) actionRun {
	t.Helper()
	for _, tool := range []string{"bash", "jq", "git"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the action's script needs %s: %v", tool, err)
		}
	}
	dir := t.TempDir()
	write := func(name, data string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	runnerTemp := filepath.Join(dir, "runner-temp")
	if err := os.Mkdir(runnerTemp, 0o755); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{
		"PATH":                os.Getenv("PATH"),
		"HOME":                dir,
		"GIT_CONFIG_GLOBAL":   "/dev/null",
		"GIT_CONFIG_NOSYSTEM": "1",
		"RUNNER_TEMP":         runnerTemp,
		"GITHUB_OUTPUT":       write("output", "", 0o644),
		"GITHUB_STEP_SUMMARY": write("summary.md", "", 0o644),
		"GITHUB_EVENT_NAME":   "push",
		"GITHUB_EVENT_PATH":   write("event.json", `{"ref":"refs/heads/main","after":"3333333333333333333333333333333333333333"}`, 0o644),
		"CAMBSCAN":            write("cambscan", fakeCambscan, 0o755),
		"FAKE_ARGS":           filepath.Join(dir, "args"),
		"FAKE_SARIF":          write("fake.sarif", fakeSARIF, 0o644),
		"FAKE_JSON":           write("fake.json", fakeReport(), 0o644),
	}
	for k, v := range env {
		if k == "EVENT" {
			vars["GITHUB_EVENT_PATH"] = write("event.json", v, 0o644)
			continue
		}
		vars[k] = v
	}
	script, err := filepath.Abs(filepath.Join("scripts", "action-run.sh"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", script)
	cmd.Dir = dir
	if d, ok := env["DIR"]; ok {
		cmd.Dir = d
	}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	r := actionRun{stdout: string(out), outputs: map[string]string{}, dir: dir}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.rc = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	outData, _ := os.ReadFile(vars["GITHUB_OUTPUT"])
	for _, line := range strings.Split(strings.TrimSpace(string(outData)), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			r.outputs[k] = v
		}
	}
	sum, _ := os.ReadFile(vars["GITHUB_STEP_SUMMARY"])
	r.summary = string(sum)
	if a, err := os.ReadFile(vars["FAKE_ARGS"]); err == nil {
		r.args = strings.Split(strings.TrimSuffix(string(a), "\n"), "\n")
	}
	return r
}

// noKeys fails when any whole key shows up in what the step prints or
// writes.
func (r actionRun) noKeys(t *testing.T, keys ...string) {
	t.Helper()
	all := r.stdout + r.summary + strings.Join(r.args, " ")
	for _, v := range r.outputs {
		all += v
	}
	for _, k := range keys {
		if strings.Contains(all, k) {
			t.Errorf("whole key %s... in the step's output or summary", k[:4])
		}
	}
}

// gitRepo makes a repository with two commits and returns it and their
// SHAs.
func gitRepo(t *testing.T) (dir, first, second string) {
	t.Helper()
	dir = t.TempDir()
	git := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q", "-b", "main")
	for i, name := range []string{"a.txt", "b.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
		git("add", name)
		git("commit", "-q", "-m", name)
		sha := git("rev-parse", "HEAD")
		if i == 0 {
			first = sha
		} else {
			second = sha
		}
	}
	return dir, first, second
}

func argsAfter(args []string, flag string) string {
	for i, a := range args {
		if a == flag && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

func TestActionPush(t *testing.T) {
	t.Parallel()
	repo, _, _ := gitRepo(t)
	r := runAction(t, map[string]string{"INPUT_PATH": repo, "FAKE_EXIT": "1"})
	if r.rc != 1 {
		t.Fatalf("exit %d, want cambscan's 1\n%s", r.rc, r.stdout)
	}
	if r.args[0] != "git" || argsAfter(r.args, "--range") != "" {
		t.Errorf("push event: args %q, want a full-history git scan", r.args)
	}
	if slices.Contains(r.args, "--fail-on") {
		t.Errorf("args %q: --fail-on without the input overrides the repository config", r.args)
	}
	if n := len(r.args); r.args[n-2] != "--" || r.args[n-1] != repo {
		t.Errorf("args end %q, want -- %s", r.args[n-2:], repo)
	}
	wantSARIF := filepath.Join(r.dir, "runner-temp", "cambscan.sarif")
	if argsAfter(r.args, "--report") != wantSARIF || r.outputs["sarif-file"] != wantSARIF {
		t.Errorf("sarif: --report %q, output %q, want %s", argsAfter(r.args, "--report"), r.outputs["sarif-file"], wantSARIF)
	}
	if r.outputs["findings"] != "3" || r.outputs["live"] != "1" {
		t.Errorf("outputs %v, want findings=3 live=1", r.outputs)
	}
	if !strings.Contains(r.stdout, "::error title=cambscan::3 CAMB.AI API key finding(s) fail this step (fail-on: the repository config's, else any)") {
		t.Errorf("no error annotation:\n%s", r.stdout)
	}
	for _, want := range []string{
		"### cambscan: 3 CAMB.AI API keys found (1 live)",
		"| live | `a/app.py:7:21` | camb-api-key-sdk | high | `222222222222` Bob 2025-02-03 | `" + report.Redact(actionKeys[1]) + "` |",
		"| unchecked | `c/x.env:1:14` | camb-api-key-variable | medium |  | `" + report.Redact(actionKeys[2]) + "` |",
		"| revoked | `b/old.py:3:9` | camb-api-key-header | high | `111111111111` Ada \\| &lt;Lovelace&gt; 2025-01-02 |",
		"> **Warning:** shallow clone: history is incomplete",
	} {
		if !strings.Contains(r.summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.summary)
		}
	}
	// Live first, revoked last.
	if strings.Index(r.summary, "| live |") > strings.Index(r.summary, "| unchecked |") ||
		strings.Index(r.summary, "| unchecked |") > strings.Index(r.summary, "| revoked |") {
		t.Errorf("summary rows out of order:\n%s", r.summary)
	}
	r.noKeys(t, actionKeys...)
}

func TestActionPullRequest(t *testing.T) {
	t.Parallel()
	repo, base, head := gitRepo(t)
	event := `{"pull_request":{"number":7,"base":{"sha":"` + base + `"},"head":{"sha":"` + head + `"}}}`
	r := runAction(t, map[string]string{"GITHUB_EVENT_NAME": "pull_request", "EVENT": event, "INPUT_PATH": repo})
	if r.rc != 0 {
		t.Fatalf("exit %d\n%s", r.rc, r.stdout)
	}
	if r.args[0] != "git" || argsAfter(r.args, "--range") != base+".."+head {
		t.Errorf("args %q, want git --range %s..%s", r.args, base, head)
	}
	if !strings.Contains(r.stdout, "cambscan git --range "+base+".."+head) {
		t.Errorf("the command line is not logged:\n%s", r.stdout)
	}

	// A base commit missing from the checkout (a shallow fetch) stops the
	// step before cambscan runs.
	event = strings.Replace(event, base, strings.Repeat("e", 40), 1)
	r = runAction(t, map[string]string{"GITHUB_EVENT_NAME": "pull_request", "EVENT": event, "INPUT_PATH": repo})
	if r.rc != 2 || r.args != nil || !strings.Contains(r.stdout, "fetch-depth: 0") {
		t.Errorf("missing base: exit %d, args %q\n%s", r.rc, r.args, r.stdout)
	}

	// merge_group events carry the range too.
	event = `{"merge_group":{"base_sha":"` + base + `","head_sha":"` + head + `"}}`
	r = runAction(t, map[string]string{"GITHUB_EVENT_NAME": "merge_group", "EVENT": event, "INPUT_PATH": repo})
	if argsAfter(r.args, "--range") != base+".."+head {
		t.Errorf("merge_group: args %q", r.args)
	}
}

func TestActionScanModeInputs(t *testing.T) {
	t.Parallel()
	sarif := filepath.Join(t.TempDir(), "out", "nested", "x.sarif")
	r := runAction(t, map[string]string{
		"INPUT_MODE":       "scan",
		"INPUT_PATH":       "src",
		"INPUT_VERIFY":     "true",
		"INPUT_FAIL_ON":    "live",
		"INPUT_SARIF_FILE": sarif,
		"INPUT_CATEGORY":   "cambscan/monorepo-a",
		"INPUT_ARGS":       "--exclude vendor/**  --min-confidence high",
	})
	if r.rc != 0 {
		t.Fatalf("exit %d\n%s", r.rc, r.stdout)
	}
	jsonReport := argsAfter(r.args[8:], "--report")
	want := []string{"scan", "--verify", "--fail-on", "live", "--progress", "never", "--report", sarif, "--report", jsonReport,
		"--exclude", "vendor/**", "--min-confidence", "high", "--", "src"}
	if strings.Join(r.args, " ") != strings.Join(want, " ") {
		t.Errorf("args\n got %q\nwant %q", r.args, want)
	}
	if r.outputs["sarif-file"] != sarif {
		t.Errorf("sarif-file output %q", r.outputs["sarif-file"])
	}
	data, err := os.ReadFile(sarif)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			AutomationDetails struct{ ID string } `json:"automationDetails"`
		}
	}
	if err := json.Unmarshal(data, &log); err != nil || log.Runs[0].AutomationDetails.ID != "cambscan/monorepo-a/" {
		t.Errorf("category not applied: %v %+v", err, log)
	}
	if _, err := os.Stat(jsonReport); !os.IsNotExist(err) {
		t.Errorf("the temporary JSON report %s was not removed", jsonReport)
	}
}

func TestActionRefusals(t *testing.T) {
	t.Parallel()
	for name, env := range map[string]map[string]string{
		"show-secrets":        {"INPUT_ARGS": "--exclude x --show-secrets"},
		"live without verify": {"INPUT_FAIL_ON": "live"},
		"bad mode":            {"INPUT_MODE": "staged"},
		"bad verify":          {"INPUT_VERIFY": "yes"},
		"bad sha":             {"GITHUB_EVENT_NAME": "pull_request", "EVENT": `{"pull_request":{"base":{"sha":"main"},"head":{"sha":"$(id)"}}}`},
	} {
		r := runAction(t, env)
		if r.rc != 2 || r.args != nil || !strings.Contains(r.stdout, "::error title=cambscan::") {
			t.Errorf("%s: exit %d, cambscan args %q\n%s", name, r.rc, r.args, r.stdout)
		}
	}
}

func TestActionScanCouldNotRun(t *testing.T) {
	t.Parallel()
	r := runAction(t, map[string]string{"FAKE_EXIT": "2", "FAKE_NOREPORT": "1", "INPUT_MODE": "scan"})
	if r.rc != 2 || !strings.Contains(r.stdout, "cambscan could not run (exit code 2)") {
		t.Errorf("exit %d\n%s", r.rc, r.stdout)
	}
	if len(r.outputs) != 0 || r.summary != "" {
		t.Errorf("outputs %v and summary %q after a failed scan", r.outputs, r.summary)
	}
}

func TestActionShallowWarning(t *testing.T) {
	t.Parallel()
	repo, _, _ := gitRepo(t)
	shallow := filepath.Join(t.TempDir(), "shallow")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+repo, shallow).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	r := runAction(t, map[string]string{"INPUT_PATH": shallow})
	if !strings.Contains(r.stdout, "::warning title=cambscan::the checkout of '"+shallow+"' is shallow") {
		t.Errorf("no shallow warning:\n%s", r.stdout)
	}
	r = runAction(t, map[string]string{"INPUT_PATH": shallow, "INPUT_MODE": "scan"})
	if strings.Contains(r.stdout, "is shallow") {
		t.Errorf("scan mode needs no history, yet warned:\n%s", r.stdout)
	}
}

// TestActionRealBinary builds cambscan with scripts/action-build.sh, as the
// action does, and runs the script on a tree with one key: the step fails,
// the SARIF has the result, and no output or summary holds the key.
func TestActionRealBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cambscan with -trimpath, which recompiles everything on a cold build cache; skipped with -short")
	}
	t.Parallel()
	tmp := t.TempDir()
	outFile := filepath.Join(tmp, "build-output")
	build := exec.Command("bash", filepath.Join("scripts", "action-build.sh"))
	build.Env = append(os.Environ(), "RUNNER_TEMP="+tmp, "GITHUB_OUTPUT="+outFile, "ACTION_REF=v9.8.7")
	out, err := build.CombinedOutput()
	if err != nil {
		t.Fatalf("action-build.sh: %v\n%s", err, out)
	}
	bin := filepath.Join(tmp, "cambscan-action", "cambscan")
	if !strings.Contains("\n"+string(out), "\ncambscan v9.8.7 ") {
		t.Errorf("the build does not stamp the action's ref as the version: %s", out)
	}
	if got, _ := os.ReadFile(outFile); string(got) != "path="+bin+"\n" {
		t.Errorf("build output %q, want path=%s", got, bin)
	}
	key := fakekey.New("action-real")
	tree := t.TempDir()
	src := "import requests\nrequests.get(\"https://client.camb.ai/apis/list-voices\", headers={\"x-api-key\": \"" + key + "\"})\n"
	if err := os.WriteFile(filepath.Join(tree, "call.py"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runAction(t, map[string]string{"CAMBSCAN": bin, "INPUT_MODE": "scan", "DIR": tree, "GITHUB_WORKSPACE": tree})
	if r.rc != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.rc, r.stdout)
	}
	if r.outputs["findings"] != "1" || r.outputs["live"] != "0" {
		t.Errorf("outputs %v", r.outputs)
	}
	data, err := os.ReadFile(r.outputs["sarif-file"])
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), key) || !strings.Contains(string(data), `"uri":"call.py","uriBaseId":"%SRCROOT%"`) {
		t.Errorf("SARIF holds the key or lacks the call.py result:\n%s", data)
	}
	if !strings.Contains(r.summary, "`call.py:2:") || !strings.Contains(r.summary, report.Redact(key)) {
		t.Errorf("summary:\n%s", r.summary)
	}
	r.noKeys(t, key)

	// The repository config's fail-on applies when the input is empty,
	// and the input overrides it.
	if err := os.WriteFile(filepath.Join(tree, ".cambscan.yaml"), []byte("fail-on: none\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runAction(t, map[string]string{"CAMBSCAN": bin, "INPUT_MODE": "scan", "DIR": tree, "GITHUB_WORKSPACE": tree})
	if r.rc != 0 || r.outputs["findings"] != "1" || !strings.Contains(r.stdout, "::warning file=call.py,line=2,") {
		t.Errorf("config fail-on: none: exit %d, outputs %v\n%s", r.rc, r.outputs, r.stdout)
	}
	r = runAction(t, map[string]string{"CAMBSCAN": bin, "INPUT_MODE": "scan", "DIR": tree, "GITHUB_WORKSPACE": tree, "INPUT_FAIL_ON": "any"})
	if r.rc != 1 || !strings.Contains(r.stdout, "::error file=call.py,line=2,") {
		t.Errorf("fail-on: any over the config's none: exit %d\n%s", r.rc, r.stdout)
	}
}

// TestActionFailOnUnset: without the fail-on input the action passes no
// --fail-on (the repository config's applies) and marks findings by what
// failed: none on exit 0, all on exit 1, only the live ones when a verify
// run's config says fail-on: live.
func TestActionFailOnUnset(t *testing.T) {
	t.Parallel()
	levels := func(r actionRun) string {
		var b strings.Builder
		for _, l := range strings.Split(r.stdout, "\n") {
			switch {
			case strings.HasPrefix(l, "::error file="):
				b.WriteString("E")
			case strings.HasPrefix(l, "::warning file="):
				b.WriteString("W")
			}
		}
		return b.String()
	}
	target := t.TempDir()
	r := runAction(t, map[string]string{"INPUT_MODE": "scan", "INPUT_PATH": target})
	if r.rc != 0 || slices.Contains(r.args, "--fail-on") || levels(r) != "WWW" {
		t.Errorf("exit 0: exit %d, args %q, levels %q\n%s", r.rc, r.args, levels(r), r.stdout)
	}
	if !strings.Contains(r.summary, "fail-on: the repository config's, else any") {
		t.Errorf("summary does not say where fail-on comes from:\n%s", r.summary)
	}
	for name, c := range map[string]struct {
		env    map[string]string
		config string
		want   string
	}{
		"no config":             {want: "EEE"},
		"config live":           {config: "fail-on: live # keys we probe\n", want: "EWW"},
		"config any":            {config: "fail-on: any\n", want: "EEE"},
		"config live, ignored":  {config: "fail-on: live\n", env: map[string]string{"INPUT_ARGS": "--no-config"}, want: "EEE"},
		"input overrides":       {config: "fail-on: live\n", env: map[string]string{"INPUT_FAIL_ON": "any"}, want: "EEE"},
		"without verify is any": {config: "fail-on: live\n", env: map[string]string{"INPUT_VERIFY": "false"}, want: "EEE"},
	} {
		dir := t.TempDir()
		if c.config != "" {
			if err := os.WriteFile(filepath.Join(dir, ".cambscan.yaml"), []byte(c.config), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		env := map[string]string{"INPUT_MODE": "scan", "INPUT_PATH": dir, "INPUT_VERIFY": "true", "FAKE_EXIT": "1"}
		for k, v := range c.env {
			env[k] = v
		}
		r := runAction(t, env)
		if r.rc != 1 || levels(r) != c.want {
			t.Errorf("%s: exit %d, levels %q, want %q\n%s", name, r.rc, levels(r), c.want, r.stdout)
		}
		if got := argsAfter(r.args, "--fail-on"); got != env["INPUT_FAIL_ON"] {
			t.Errorf("%s: --fail-on %q, want %q", name, got, env["INPUT_FAIL_ON"])
		}
	}
}
