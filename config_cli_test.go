package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// configRepo makes a work tree (a .git directory is all git.Find needs for
// one) holding files, name -> content; {KEY:seed} in a content becomes a
// fake key.
func configRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, files)
	return dir
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		for {
			i := strings.Index(content, "{KEY:")
			if i < 0 {
				break
			}
			j := strings.IndexByte(content[i:], '}') + i
			content = content[:i] + fakekey.New(content[i+5:j]) + content[j+1:]
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fingerprints returns the fingerprint of each finding of 'scan --format
// json' in dir, by path.
func fingerprints(t *testing.T, dir string, args ...string) map[string]string {
	t.Helper()
	stdout, stderr, _ := runMsg(t, dir, append([]string{"scan", "--format", "json", "--no-config"}, args...)...)
	var rep struct {
		Findings []struct{ Path, Fingerprint string }
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	fps := map[string]string{}
	for _, f := range rep.Findings {
		fps[f.Path] = f.Fingerprint
	}
	return fps
}

const keyLine = `headers = {"x-api-key": "{KEY:%s}"}` + "\n"

func keyFile(seed string) string { return strings.Replace(keyLine, "%s", seed, 1) }

// The config at the top of the work tree applies to a scan started in a
// subdirectory: its excludes and its allow list, which counts what it
// suppresses; an exclude of the config that matches nothing is no warning.
func TestConfigFoundFromSubdirectory(t *testing.T) {
	dir := configRepo(t, map[string]string{
		"src/app.py":        keyFile("app"),
		"src/gen/out.py":    keyFile("gen"),
		"src/fixture.py":    keyFile("fixture"),
		"docs/unrelated.md": "nothing\n",
	})
	// Fingerprints hold the path as the scan reports it: relative to src
	// for a scan of "." there.
	fps := fingerprints(t, filepath.Join(dir, "src"))
	if len(fps) != 3 {
		t.Fatalf("want 3 findings without a config, got %v", fps)
	}
	writeFiles(t, dir, map[string]string{configName: "# cambscan settings\nexclude:\n  - gen\n  - vendor\nallow:\n  - fingerprint: " + fps["fixture.py"] + "\n    reason: a test fixture\n"})
	stdout, stderr, code := runMsg(t, filepath.Join(dir, "src"), "scan", ".")
	if code != 1 || !strings.Contains(stdout, "app.py:1:") || strings.Contains(stdout, "out.py") || strings.Contains(stdout, "fixture.py") {
		t.Fatalf("exit %d, stdout:\n%s\nstderr:\n%s\nwant app.py only", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "1 suppressed") {
		t.Errorf("the allowed finding is not counted as suppressed:\n%s", stdout)
	}
	if strings.Contains(stderr, "vendor") {
		t.Errorf("a config exclude that matched nothing is warned about:\n%s", stderr)
	}
	// The same glob on the command line still warns.
	if _, stderr, _ = runMsg(t, filepath.Join(dir, "src"), "scan", ".", "--exclude", "vendor"); !strings.Contains(stderr, `"vendor" matched no path`) {
		t.Errorf("--exclude vendor that matched nothing is not warned about:\n%s", stderr)
	}
	// --no-config reads none; --config FILE reads that one from anywhere.
	if stdout, _, _ = runMsg(t, filepath.Join(dir, "src"), "scan", ".", "--no-config"); strings.Count(stdout, ".py:1:") != 3 {
		t.Errorf("--no-config still applied the config:\n%s", stdout)
	}
	other := t.TempDir()
	if stdout, _, _ = runMsg(t, other, "scan", filepath.Join(dir, "src"), "--no-config"); strings.Count(stdout, ".py:1:") != 3 {
		t.Errorf("--no-config from outside:\n%s", stdout)
	}
	writeFiles(t, other, map[string]string{"my.yaml": "exclude: [app.py]\n"})
	stdout, _, _ = runMsg(t, other, "scan", filepath.Join(dir, "src"), "--config", "my.yaml")
	if strings.Contains(stdout, "app.py") || strings.Count(stdout, ".py:1:") != 2 {
		t.Errorf("--config my.yaml was not the config read:\n%s", stdout)
	}
}

// Flags override the config; a config fail-on of live applies only with
// --verify, so a run without it still fails on any finding.
func TestConfigFlagsOverride(t *testing.T) {
	dir := configRepo(t, map[string]string{
		"a.py":     keyFile("override"),
		configName: "fail-on: none\nmax-file-size: 10\n",
	})
	stdout, stderr, code := runMsg(t, dir, "scan", ".", "-v")
	if code != 0 || strings.Contains(stdout, "a.py:1:") || !strings.Contains(stderr, "a.py") {
		t.Fatalf("config max-file-size 10: exit %d, stdout %q, stderr %q; want a.py skipped as too large", code, stdout, stderr)
	}
	if stdout, _, code = runMsg(t, dir, "scan", ".", "--max-file-size", "1MiB"); code != 0 || !strings.Contains(stdout, "a.py:1:") {
		t.Errorf("--max-file-size 1MiB with fail-on none: exit %d, stdout %q; want the finding and exit 0", code, stdout)
	}
	if _, _, code = runMsg(t, dir, "scan", ".", "--max-file-size", "1MiB", "--fail-on", "any"); code != 1 {
		t.Errorf("--fail-on any over the config's none: exit %d, want 1", code)
	}
	writeFiles(t, dir, map[string]string{configName: "fail-on: live\n"})
	if _, stderr, code = runMsg(t, dir, "scan", "."); code != 1 {
		t.Errorf("config fail-on live without --verify: exit %d, want 1 (fails on any)\n%s", code, stderr)
	}
}

// A problem in the config is exit 2 naming the file and the line.
func TestConfigErrorsCLI(t *testing.T) {
	dir := configRepo(t, map[string]string{
		"a.py":     "x = 1\n",
		configName: "exclude: [vendor]\nfail-on: any\nfial-on: none\n",
	})
	_, stderr, code := runMsg(t, dir, "scan", ".")
	if code != 2 || !strings.Contains(stderr, `.cambscan.yaml:3: unknown field "fial-on"`) {
		t.Errorf("unknown field: exit %d, stderr %q; want 2 and .cambscan.yaml:3", code, stderr)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--config", "missing.yaml"}, "--config missing.yaml: no such file"},
		{[]string{"--config", "x.yaml", "--no-config"}, "exclude each other"},
	} {
		if _, stderr, code := runMsg(t, dir, append([]string{"scan", "."}, tt.args...)...); code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
	// A TOML config is not silently ignored.
	os.Remove(filepath.Join(dir, configName))
	writeFiles(t, dir, map[string]string{".cambscan.toml": "fail-on = \"none\"\n"})
	if _, stderr, code := runMsg(t, dir, "scan", "."); code != 2 || !strings.Contains(stderr, ".cambscan.toml") {
		t.Errorf(".cambscan.toml: exit %d, stderr %q; want 2 naming it", code, stderr)
	}
}

// An expired allow entry stops suppressing its finding and says so on
// stderr (and in the JSON warnings); one that has not expired suppresses.
func TestConfigAllowExpiry(t *testing.T) {
	dir := configRepo(t, map[string]string{"a.py": keyFile("expiry")})
	fp := fingerprints(t, dir)["a.py"]
	writeFiles(t, dir, map[string]string{configName: "allow:\n  - fingerprint: " + fp + "\n    reason: rotated in March\n    by: ops\n    expires: 2000-01-01\n"})
	stdout, stderr, code := runMsg(t, dir, "scan", ".")
	if code != 1 || !strings.Contains(stdout, "a.py:1:") {
		t.Errorf("expired entry: exit %d, stdout %q; want the finding reported", code, stdout)
	}
	if want := ".cambscan.yaml:2: the allow entry for " + fp + " expired on 2000-01-01"; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q does not say %q", stderr, want)
	}
	stdout, _, _ = runMsg(t, dir, "scan", ".", "--format", "json")
	if !strings.Contains(stdout, "expired on 2000-01-01") {
		t.Errorf("the JSON report's warnings do not hold the expiry:\n%s", stdout)
	}
	writeFiles(t, dir, map[string]string{configName: "allow:\n  - fingerprint: " + fp + "\n    reason: rotated in March\n    expires: 2999-12-31\n"})
	if stdout, stderr, code = runMsg(t, dir, "scan", "."); code != 0 || strings.Contains(stdout, "a.py:1:") || strings.Contains(stderr, "expired") {
		t.Errorf("entry in force: exit %d, stdout %q, stderr %q; want it suppressed", code, stdout, stderr)
	}
}

// 'cambscan staged' (what the pre-commit hook runs) reads the config of
// the repository: its allow list lets the commit through.
func TestConfigStaged(t *testing.T) {
	dir := hookTestRepo(t)
	writeFiles(t, dir, map[string]string{"a.py": keyFile("staged")})
	hookGit(t, dir, "add", "a.py")
	fp := fingerprints(t, dir)["a.py"]
	if _, _, code := runMsg(t, dir, "staged"); code != 1 {
		t.Fatalf("staged without a config: exit %d, want 1", code)
	}
	writeFiles(t, dir, map[string]string{configName: "allow:\n  - fingerprint: " + fp + "\n    reason: fixture\n"})
	if stdout, stderr, code := runMsg(t, dir, "staged"); code != 0 {
		t.Errorf("staged with an allow entry: exit %d\n%s%s", code, stdout, stderr)
	}
}

// The README's sample config is a valid config.
func TestReadmeConfigSample(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "### Repository config")
	_, rest, ok2 := strings.Cut(rest, "```yaml\n")
	sample, _, ok3 := strings.Cut(rest, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README.md has no yaml sample under ### Repository config")
	}
	c, err := parseConfig("README.md", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.allow) != 1 || c.allow[0].expires == "" || len(c.exclude) != 2 {
		t.Errorf("sample parsed as %+v", c)
	}
}

// pre-receive reads the config that --config names on the server, never
// one the push brings: an allow entry pushed in .cambscan.yaml does not
// let its own key through; the server's does, until it expires.
func TestConfigPreReceive(t *testing.T) {
	r := newPushRig(t)
	r.installHook("")
	r.git("checkout", "-q", "-b", "feature")
	r.commit("client.py", r.leak(), "leak")
	out, ok := r.push("origin", "feature")
	r.wantRejected(out, ok)
	m := fingerprintRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no fingerprint in the rejection:\n%s", out)
	}
	r.commit(configName, "allow:\n  - fingerprint: "+m[1]+"\n    reason: pushed by the pusher\n", "allow it")
	out, ok = r.push("origin", "feature")
	r.wantRejected(out, ok)

	serverConfig := filepath.Join(t.TempDir(), "cambscan.yaml")
	hook := "#!/bin/sh\nexec cambscan pre-receive --config '" + serverConfig + "'\n"
	if err := os.WriteFile(filepath.Join(r.server, "hooks", "pre-receive"), []byte(hook), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, filepath.Dir(serverConfig), map[string]string{"cambscan.yaml": "allow:\n  - fingerprint: " + m[1] + "\n    reason: fixture\n    expires: 2000-01-01\n"})
	out, ok = r.push("origin", "feature")
	r.wantRejected(out, ok, "expired on 2000-01-01")
	writeFiles(t, filepath.Dir(serverConfig), map[string]string{"cambscan.yaml": "allow:\n  - fingerprint: " + m[1] + "\n    reason: fixture\n"})
	out, ok = r.push("origin", "feature")
	r.wantAccepted(out, ok)
	writeFiles(t, filepath.Dir(serverConfig), map[string]string{"cambscan.yaml": "fail-on: sometimes\n"})
	r.commit("other.py", "x = 1\n", "more")
	out, ok = r.push("origin", "feature")
	if ok || !strings.Contains(out, "cambscan.yaml:1: fail-on must be") {
		t.Errorf("a bad server config: accepted %v\n%s", ok, out)
	}
}
