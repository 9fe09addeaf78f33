package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cambscan/cambscan/internal/fakekey"
)

func TestResolveBuild(t *testing.T) {
	vcs := func(rev, tm, mod string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "-trimpath", Value: "true"}, {Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: tm}, {Key: "vcs.modified", Value: mod}}
	}
	mod := func(v string, settings []debug.BuildSetting) *debug.BuildInfo {
		return &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/cambscan/cambscan", Version: v}, Settings: settings}
	}
	rev := "ef62ffd2ba44b824a21cefcc2fa97fa9e6ec396f"
	for _, tc := range []struct {
		name  string
		stamp stamp
		bi    *debug.BuildInfo
		want  buildInfo
	}{
		{"no build info", stamp{}, nil, buildInfo{Version: "0.0.0-dev", Go: runtime.Version()}},
		{"go build -buildvcs=false, go test", stamp{}, mod("(devel)", nil), buildInfo{Version: "0.0.0-dev", Go: "go1.26.0"}},
		{"go install module@v1.2.3", stamp{}, mod("v1.2.3", nil), buildInfo{Version: "v1.2.3", Go: "go1.26.0"}},
		{"go install module@main", stamp{}, mod("v1.2.4-0.20261207164526-ef62ffd2ba44", nil),
			buildInfo{Version: "v1.2.4-0.20261207164526-ef62ffd2ba44", Commit: "ef62ffd2ba44", Date: "2026-12-07T16:45:26Z", Go: "go1.26.0"}},
		{"clone build, Go 1.24+", stamp{}, mod("v0.0.0-20261207164526-ef62ffd2ba44+dirty", vcs(rev, "2026-12-07T16:45:26Z", "true")),
			buildInfo{Version: "v0.0.0-20261207164526-ef62ffd2ba44+dirty", Commit: rev, Date: "2026-12-07T16:45:26Z", Modified: true, Go: "go1.26.0"}},
		{"clone build at a tag", stamp{}, mod("v1.0.0", vcs(rev, "2026-12-07T16:45:26Z", "false")),
			buildInfo{Version: "v1.0.0", Commit: rev, Date: "2026-12-07T16:45:26Z", Go: "go1.26.0"}},
		{"release: the stamp wins", stamp{"v1.2.3", rev, "2026-12-08T00:00:00Z"}, mod("(devel)", vcs(rev, "2026-12-07T16:45:26Z", "false")),
			buildInfo{Version: "v1.2.3", Commit: rev, Date: "2026-12-08T00:00:00Z", Go: "go1.26.0"}},
		{"stamped commit other than the work tree's", stamp{"v1.2.3", "0123456789abcdef0123456789abcdef01234567", ""}, mod("(devel)", vcs(rev, "2026-12-07T16:45:26Z", "true")),
			buildInfo{Version: "v1.2.3", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-12-07T16:45:26Z", Go: "go1.26.0"}},
		{"action build: version only", stamp{version: "v9.8.7"}, mod("(devel)", nil), buildInfo{Version: "v9.8.7", Go: "go1.26.0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.want.OS, tc.want.Arch = runtime.GOOS, runtime.GOARCH
			if diff := cmp.Diff(tc.want, resolveBuild(tc.stamp, tc.bi), cmp.AllowUnexported(buildInfo{})); diff != "" {
				t.Errorf("resolveBuild (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPseudoVersionCommit(t *testing.T) {
	for _, tc := range []struct{ v, commit, date string }{
		{"v0.0.0-20261207164526-ef62ffd2ba44", "ef62ffd2ba44", "2026-12-07T16:45:26Z"},
		{"v1.2.4-0.20261207164526-ef62ffd2ba44", "ef62ffd2ba44", "2026-12-07T16:45:26Z"},
		{"v1.2.3-rc.1.0.20261207164526-ef62ffd2ba44+dirty", "ef62ffd2ba44", "2026-12-07T16:45:26Z"},
		{"v1.2.3", "", ""},
		{"v1.2.3-rc.1", "", ""},
		{"v1.2.3+dirty", "", ""},
		{"(devel)", "", ""},
		{"v0.0.0-20261399999999-ef62ffd2ba44", "", ""}, // no such time
		{"v0.0.0-20261207164526-EF62FFD2BA44", "", ""}, // not a Go commit abbreviation
	} {
		c, d := pseudoVersionCommit(tc.v)
		if c != tc.commit || d != tc.date {
			t.Errorf("pseudoVersionCommit(%q) = %q, %q; want %q, %q", tc.v, c, d, tc.commit, tc.date)
		}
	}
}

func TestVersionCommand(t *testing.T) {
	getenv := func(string) string { return "" }
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var stdout, stderr bytes.Buffer
		if err := run(t.Context(), args, nil, &stdout, &stderr, getenv); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		want := regexp.MustCompile(`^cambscan ` + regexp.QuoteMeta(toolVersion()) + ` ` + runtime.GOOS + `/` + runtime.GOARCH +
			`\ncommit: \S.*\ndate:   \S+\ngo:     ` + regexp.QuoteMeta(runtime.Version()) + `\n$`)
		if !want.MatchString(stdout.String()) {
			t.Errorf("%v printed:\n%s", args, stdout.String())
		}
	}

	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"version", "--json"}, nil, &stdout, &stderr, getenv); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("version --json: %v\n%s", err, stdout.String())
	}
	b := currentBuild()
	want := map[string]any{"version": b.Version, "commit": b.Commit, "date": b.Date, "modified": b.Modified,
		"go": runtime.Version(), "os": runtime.GOOS, "arch": runtime.GOARCH}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("version --json (-want +got):\n%s", diff)
	}

	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"version", "extra"}, 2, `version takes no arguments, got "extra"`},
		{[]string{"version", "--yaml"}, 2, "unknown flag: --yaml"},
		{[]string{"version", "--help"}, 0, "Usage: cambscan version [--json]"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), tc.args, nil, &stdout, &stderr, getenv)
		if code := exitCodeOf(err); code != tc.code {
			t.Errorf("%v: exit %d, want %d", tc.args, code, tc.code)
		}
		msg := stdout.String()
		if err != nil {
			msg += err.Error()
		}
		if !strings.Contains(msg, tc.out) {
			t.Errorf("%v: %q does not say %q", tc.args, msg, tc.out)
		}
	}
}

// TestVersionStamped builds cambscan with the ldflags of .goreleaser.yaml
// and checks that `version`, `version --json`, the JSON report's
// tool.version and the SARIF driver all carry the stamped values.
func TestVersionStamped(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cambscan; skipped with -short")
	}
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "cambscan")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	const ver, rev, when = "v1.2.3-rc.1", "0123456789abcdef0123456789abcdef01234567", "2026-12-08T09:10:11Z"
	build := exec.Command("go", "build", "-trimpath", "-o", bin,
		"-ldflags", "-s -w -X main.version="+ver+" -X main.commit="+rev+" -X main.date="+when, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version", "--json").Output()
	if err != nil {
		t.Fatalf("version --json: %v", err)
	}
	var b buildInfo
	if err := json.Unmarshal(out, &b); err != nil {
		t.Fatalf("version --json: %v\n%s", err, out)
	}
	if b.Version != ver || b.Commit != rev || b.Date != when || b.Modified {
		t.Errorf("version --json = %+v, want the stamp %s %s %s", b, ver, rev, when)
	}
	out, err = exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("version: %v", err)
	}
	if want := "cambscan " + ver + " " + runtime.GOOS + "/" + runtime.GOARCH + "\ncommit: " + rev + "\ndate:   " + when + "\n"; !strings.HasPrefix(string(out), want) {
		t.Errorf("version printed\n%s\nwant it to start with\n%s", out, want)
	}

	dir := t.TempDir()
	src := "CAMB_API_KEY=" + fakekey.New("version-stamped") + "\n"
	if err := os.WriteFile(filepath.Join(dir, "app.env"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	jsonOut, sarifOut := filepath.Join(dir, "out.json"), filepath.Join(dir, "out.sarif")
	scan := exec.Command(bin, "scan", "-q", "--report", jsonOut, "--report", sarifOut, "--exclude", "out.*", dir)
	if out, err := scan.CombinedOutput(); exitStatusOf(err) != 1 {
		t.Fatalf("scan: %v, want exit 1\n%s", err, out)
	}
	var rep struct {
		Tool struct{ Version string } `json:"tool"`
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version         string `json:"version"`
					SemanticVersion string `json:"semanticVersion"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	readJSON(t, jsonOut, &rep)
	readJSON(t, sarifOut, &log)
	if rep.Tool.Version != ver {
		t.Errorf("JSON tool.version %q, want %q", rep.Tool.Version, ver)
	}
	if len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Version != ver || log.Runs[0].Tool.Driver.SemanticVersion != "1.2.3-rc.1" {
		t.Errorf("SARIF driver %+v, want version %q and semanticVersion 1.2.3-rc.1", log.Runs, ver)
	}
}

func exitStatusOf(err error) int {
	if err == nil {
		return 0
	}
	if e, ok := err.(*exec.ExitError); ok {
		return e.ExitCode()
	}
	return -1
}

func readJSON(t *testing.T, file string, v any) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v\n%s", file, err, data)
	}
}
