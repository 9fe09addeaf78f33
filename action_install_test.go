package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// The tests below run scripts/action-install.sh, the first step of
// action.yml, against a loopback HTTP server that serves a release laid out
// as GoReleaser publishes one: cambscan_<version>_<os>_<arch>.tar.gz holding
// a cambscan binary built from this tree, and cambscan_<version>_checksums.txt.
// Builds from source run a fake go that records how it was called.

// fakeGo answers "go version", and for "go build -o FILE" writes a script
// that prints "cambscan source-build"; it appends GOTOOLCHAIN and its
// arguments to $FAKE_GO_LOG.
const fakeGo = `#!/usr/bin/env bash
echo "GOTOOLCHAIN=${GOTOOLCHAIN:-} $*" >>"$FAKE_GO_LOG"
if [ "$1" = version ]; then echo "go version go1.99 fake"; exit 0; fi
while [ $# -gt 0 ]; do
  if [ "$1" = -o ]; then printf '#!/bin/sh\necho cambscan source-build\n' >"$2"; chmod +x "$2"; fi
  shift
done
`

// A release is a loopback server for one version's files.
type release struct {
	srv     *httptest.Server
	version string
	mu      sync.Mutex
	files   map[string][]byte // by file name
	hits    map[string]int    // requests by URL path
}

func newRelease(t *testing.T, version string) *release {
	t.Helper()
	r := &release{version: version, files: map[string][]byte{}, hits: map[string]int{}}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.hits[req.URL.Path]++
		if req.URL.Path == "/latest" {
			http.Redirect(w, req, r.srv.URL+"/tag/v"+r.version, http.StatusFound)
			return
		}
		name, ok := strings.CutPrefix(req.URL.Path, "/download/v"+r.version+"/")
		data, found := r.files[name]
		if !ok || !found {
			http.NotFound(w, req)
			return
		}
		_, _ = w.Write(data)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *release) hitCount(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hits["/download/v"+r.version+"/"+name]
}

// targz packs files (name to content) into a .tar.gz; cambscan is
// executable.
func targz(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, name := range []string{"LICENSE", "README.md", "cambscan"} {
		data, ok := files[name]
		if !ok {
			continue
		}
		mode := int64(0o644)
		if name == "cambscan" {
			mode = 0o755
		}
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: mode, Size: int64(len(data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sha256hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// runnerPlatform is this machine as RUNNER_OS and RUNNER_ARCH name it, and
// as GoReleaser names it in archive names.
func runnerPlatform(t *testing.T) (runnerOS, runnerArch, goos, goarch string) {
	t.Helper()
	switch runtime.GOOS {
	case "linux":
		runnerOS = "Linux"
	case "darwin":
		runnerOS = "macOS"
	default:
		t.Skipf("the install script's tests run on linux and darwin, not %s", runtime.GOOS)
	}
	switch runtime.GOARCH {
	case "amd64":
		runnerArch = "X64"
	case "arm64":
		runnerArch = "ARM64"
	default:
		t.Skipf("no release archive for %s", runtime.GOARCH)
	}
	return runnerOS, runnerArch, runtime.GOOS, runtime.GOARCH
}

// installRun is one run of action-install.sh.
type installRun struct {
	rc      int
	stdout  string
	outputs map[string]string
	goLog   string
}

// runInstall runs the script with env on top of a clean environment and a
// fake go first on PATH.
func runInstall(t *testing.T, env map[string]string) installRun {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	for _, d := range []string{bin, filepath.Join(dir, "runner-temp")} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(fakeGo), 0o755); err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{
		"PATH":          bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME":          dir,
		"RUNNER_TEMP":   filepath.Join(dir, "runner-temp"),
		"GITHUB_OUTPUT": filepath.Join(dir, "output"),
		"FAKE_GO_LOG":   filepath.Join(dir, "go.log"),
		"ACTION_PATH":   root,
	}
	for k, v := range env {
		vars[k] = v
	}
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "action-install.sh"))
	cmd.Dir = dir
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	r := installRun{stdout: string(out), outputs: map[string]string{}}
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
	goLog, _ := os.ReadFile(vars["FAKE_GO_LOG"])
	r.goLog = string(goLog)
	return r
}

// TestActionInstall serves a snapshot-like release of a cambscan built from
// this tree and checks the download, the tool cache, the checksum check and
// when the script builds from source instead.
func TestActionInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cambscan; skipped with -short")
	}
	runnerOS, runnerArch, goos, goarch := runnerPlatform(t)
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatalf("the install script needs curl: %v", err)
	}
	built := filepath.Join(t.TempDir(), "cambscan")
	if out, err := exec.Command("go", "build", "-o", built, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	binary, err := os.ReadFile(built)
	if err != nil {
		t.Fatal(err)
	}
	const version = "1.2.3"
	archive := fmt.Sprintf("cambscan_%s_%s_%s.tar.gz", version, goos, goarch)
	sums := "cambscan_" + version + "_checksums.txt"
	archiveData := targz(t, map[string][]byte{"LICENSE": []byte("Apache-2.0\n"), "README.md": []byte("# cambscan\n"), "cambscan": binary})
	checksums := sha256hex(archiveData) + "  " + archive + "\n" +
		sha256hex([]byte("windows")) + "  cambscan_" + version + "_windows_amd64.zip\n"
	rel := newRelease(t, version)
	rel.files[archive] = archiveData
	rel.files[sums] = []byte(checksums)

	env := func(cache string, kv ...string) map[string]string {
		m := map[string]string{
			"RUNNER_OS": runnerOS, "RUNNER_ARCH": runnerArch, "RUNNER_TOOL_CACHE": cache,
			"CAMBSCAN_RELEASES_URL": rel.srv.URL, "ACTION_REF": "v" + version,
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	cacheArch := map[string]string{"X64": "x64", "ARM64": "arm64"}[runnerArch]

	t.Run("download then cache", func(t *testing.T) {
		cache := t.TempDir()
		want := filepath.Join(cache, "cambscan", version, cacheArch, "cambscan")
		r := runInstall(t, env(cache))
		if r.rc != 0 || r.outputs["path"] != want || r.outputs["method"] != "download" || r.outputs["version"] != version {
			t.Fatalf("exit %d, outputs %v, want path=%s method=download\n%s", r.rc, r.outputs, want, r.stdout)
		}
		if !strings.Contains(r.stdout, archive+": SHA-256 "+sha256hex(archiveData)+" matches "+sums) {
			t.Errorf("the checksum check is not logged:\n%s", r.stdout)
		}
		if got, err := os.ReadFile(want); err != nil || !bytes.Equal(got, binary) {
			t.Errorf("the cached binary is not the one in the archive (%v)", err)
		}
		if _, err := os.Stat(filepath.Join(cache, "cambscan", version, cacheArch+".complete")); err != nil {
			t.Errorf("no tool cache marker: %v", err)
		}
		if r.goLog != "" {
			t.Errorf("a download ran go: %s", r.goLog)
		}

		// The second run on this runner takes it from the cache.
		r = runInstall(t, env(cache))
		if r.rc != 0 || r.outputs["path"] != want || r.outputs["method"] != "cache" {
			t.Errorf("second run: exit %d, outputs %v\n%s", r.rc, r.outputs, r.stdout)
		}
		if n := rel.hitCount(archive); n != 1 {
			t.Errorf("the archive was downloaded %d times, want once", n)
		}
	})

	t.Run("plain checksums.txt", func(t *testing.T) {
		plain := newRelease(t, version)
		plain.files[archive] = archiveData
		plain.files["checksums.txt"] = []byte(checksums)
		r := runInstall(t, env(t.TempDir(), "CAMBSCAN_RELEASES_URL", plain.srv.URL))
		if r.rc != 0 || r.outputs["method"] != "download" || !strings.Contains(r.stdout, "matches checksums.txt") {
			t.Errorf("exit %d, outputs %v\n%s", r.rc, r.outputs, r.stdout)
		}
	})

	t.Run("moving tag takes the latest release", func(t *testing.T) {
		r := runInstall(t, env(t.TempDir(), "ACTION_REF", "v1"))
		if r.rc != 0 || r.outputs["method"] != "download" || r.outputs["version"] != version {
			t.Errorf("@v1: exit %d, outputs %v\n%s", r.rc, r.outputs, r.stdout)
		}
		// The latest release is v1.2.3: an action at @v2 is not that release.
		r = runInstall(t, env(t.TempDir(), "ACTION_REF", "v2"))
		if r.rc != 0 || r.outputs["method"] != "source" || !strings.Contains(r.stdout, "not a v2.* release") {
			t.Errorf("@v2: exit %d, outputs %v\n%s", r.rc, r.outputs, r.stdout)
		}
	})

	t.Run("checksum mismatch fails", func(t *testing.T) {
		cache := t.TempDir()
		tampered := append(bytes.Clone(archiveData[:len(archiveData)-1]), archiveData[len(archiveData)-1]^1)
		bad := newRelease(t, version)
		bad.files[archive] = tampered
		bad.files[sums] = []byte(checksums)
		r := runInstall(t, env(cache, "CAMBSCAN_RELEASES_URL", bad.srv.URL))
		if r.rc != 2 || !strings.Contains(r.stdout, "::error title=cambscan::checksum mismatch for "+archive) {
			t.Errorf("exit %d, want 2 with a checksum error\n%s", r.rc, r.stdout)
		}
		if len(r.outputs) != 0 || r.goLog != "" {
			t.Errorf("outputs %v, go log %q after a mismatch", r.outputs, r.goLog)
		}
		if entries, _ := os.ReadDir(cache); len(entries) != 0 {
			t.Errorf("the tool cache holds %d entries after a mismatch", len(entries))
		}
	})

	t.Run("builds from source", func(t *testing.T) {
		for name, kv := range map[string][]string{
			"version: source":   {"INPUT_VERSION", "source"},
			"branch ref":        {"ACTION_REF", "main"},
			"local action":      {"ACTION_REF", ""},
			"no archive for OS": {"RUNNER_OS", map[string]string{"linux": "macOS", "darwin": "Linux"}[goos]},
			"no archive arch":   {"RUNNER_ARCH", "ARM"},
			"setup-go false":    {"INPUT_VERSION", "source", "INPUT_SETUP_GO", "false"},
		} {
			r := runInstall(t, env(t.TempDir(), kv...))
			if r.rc != 0 || r.outputs["method"] != "source" || !strings.Contains(r.stdout, "cambscan source-build") {
				t.Errorf("%s: exit %d, outputs %v\n%s", name, r.rc, r.outputs, r.stdout)
			}
			toolchain := "GOTOOLCHAIN=auto build "
			if name == "setup-go false" {
				toolchain = "GOTOOLCHAIN=local build "
			}
			if !strings.Contains(r.goLog, toolchain) {
				t.Errorf("%s: go log %q, want %q", name, r.goLog, toolchain)
			}
		}
	})

	t.Run("refusals", func(t *testing.T) {
		for name, kv := range map[string][]string{
			"missing release":    {"INPUT_VERSION", "v9.9.9"},
			"bad version":        {"INPUT_VERSION", "1.2"},
			"plain http":         {"INPUT_VERSION", version, "CAMBSCAN_RELEASES_URL", "http://example.com/releases"},
			"file URL":           {"INPUT_VERSION", version, "CAMBSCAN_RELEASES_URL", "file:///etc"},
			"loopback lookalike": {"INPUT_VERSION", version, "CAMBSCAN_RELEASES_URL", "http://127.0.0.1.example.com/"},
		} {
			r := runInstall(t, env(t.TempDir(), kv...))
			if r.rc != 2 || !strings.Contains(r.stdout, "::error title=cambscan::") || r.outputs["path"] != "" || r.goLog != "" {
				t.Errorf("%s: exit %d, outputs %v, go log %q\n%s", name, r.rc, r.outputs, r.goLog, r.stdout)
			}
		}
	})
}
