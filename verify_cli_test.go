package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// cambFake is a loopback CAMB API for the CLI tests: 200 for the keys in
// live, 401 for any other. It counts requests per key and the most in
// flight at once.
type cambFake struct {
	live     map[string]bool
	latency  time.Duration
	mu       sync.Mutex
	perKey   map[string]int
	total    int
	inFlight int
	maxSeen  int
	badPath  int
}

func newCambFake(t *testing.T, latency time.Duration, live ...string) (*cambFake, *httptest.Server) {
	f := &cambFake{live: map[string]bool{}, perKey: map[string]int{}, latency: latency}
	for _, k := range live {
		f.live[k] = true
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *cambFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("x-api-key")
	f.mu.Lock()
	f.perKey[key]++
	f.total++
	f.inFlight++
	f.maxSeen = max(f.maxSeen, f.inFlight)
	if r.URL.Path != "/apis/list-voices" || r.Method != http.MethodGet {
		f.badPath++
	}
	f.mu.Unlock()
	time.Sleep(f.latency)
	f.mu.Lock()
	f.inFlight--
	f.mu.Unlock()
	if f.live[key] {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[{"id":1,"voice_name":"x"}]`))
		return
	}
	w.WriteHeader(http.StatusUnauthorized)
	w.Write([]byte(`{"detail":"invalid api key"}`))
}

func (f *cambFake) snapshot() (perKey map[string]int, total, maxSeen, badPath int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	perKey = map[string]int{}
	for k, n := range f.perKey {
		perKey[k] = n
	}
	return perKey, f.total, f.maxSeen, f.badPath
}

// verifyTree writes a tree with hot 1 000 times in x-api-key headers and
// each of others once.
func verifyTree(t *testing.T, hot string, others ...string) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("import requests\n\nBASE = \"https://client.camb.ai/apis\"\n\n")
	if hot != "" {
		for i := range 1000 {
			fmt.Fprintf(&b, "r%d = requests.get(BASE + \"/list-voices\", headers={\"x-api-key\": \"%s\"})\n", i, hot)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "hot.py"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, k := range others {
		src := fmt.Sprintf("import requests\n\nrequests.get(\"https://client.camb.ai/apis/list-voices\", headers={\"x-api-key\": \"%s\"})\n", k)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("other%d.py", i)), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runVerifyCLI runs cambscan in-process and returns stdout, stderr (with
// the error message main would print) and the exit code.
func runVerifyCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	err := run(ctx, args, strings.NewReader(""), &stdout, &stderr, func(string) string { return "" })
	code := 0
	if err != nil {
		code = 2
		var e *exitError
		if errors.As(err, &e) {
			code = e.code
		}
		stderr.WriteString(err.Error())
	}
	return stdout.String(), stderr.String(), code
}

// assertNoKeys fails when a whole key appears in any of outs.
func assertNoKeys(t *testing.T, keys []string, outs ...string) {
	t.Helper()
	for _, k := range keys {
		for i, out := range outs {
			if strings.Contains(out, k) || strings.Contains(out, strings.ToUpper(k)) {
				t.Fatalf("output %d holds a whole key", i)
			}
		}
	}
}

type cliReport struct {
	Findings []struct {
		Secret       string `json:"secret"`
		SecretSHA256 string `json:"secret_sha256"`
		Verification *struct {
			Status     string    `json:"status"`
			HTTPStatus int       `json:"http_status"`
			Reason     string    `json:"reason"`
			CheckedAt  time.Time `json:"checked_at"`
		} `json:"verification"`
	} `json:"findings"`
}

// statusBySHA parses a JSON report and returns, per key SHA-256, the
// number of findings and the one status they all carry.
func statusBySHA(t *testing.T, out string) (map[string]int, map[string]string) {
	t.Helper()
	var r cliReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("the JSON report does not parse: %v\n%.500s", err, out)
	}
	counts, status := map[string]int{}, map[string]string{}
	for i, f := range r.Findings {
		if f.Verification == nil {
			t.Fatalf("finding %d has no verification", i)
		}
		if f.Verification.CheckedAt.IsZero() {
			t.Errorf("finding %d: checked_at is zero", i)
		}
		if s, ok := status[f.SecretSHA256]; ok && s != f.Verification.Status {
			t.Fatalf("findings of one key disagree: %s and %s", s, f.Verification.Status)
		}
		counts[f.SecretSHA256]++
		status[f.SecretSHA256] = f.Verification.Status
	}
	return counts, status
}

// verifySHA is the secret_sha256 of a key.
func verifySHA(k string) string {
	sum := sha256.Sum256([]byte(k))
	return hex.EncodeToString(sum[:])
}

// TestVerifyCLI is the end-to-end check of issue 6: one probe per key
// however often it occurs, the concurrency bound, statuses in the JSON
// report, no key on stderr or in redacted reports, and --fail-on live.
func TestVerifyCLI(t *testing.T) {
	t.Parallel()
	keys := fakekey.N("verify-cli", 4)
	hot, live2, dead1, dead2 := keys[0], keys[1], keys[2], keys[3]
	// 150 ms answers, 50 ms apart: without the bound, 3 would overlap.
	fake, srv := newCambFake(t, 150*time.Millisecond, hot, live2)
	dir := verifyTree(t, hot, live2, dead1, dead2)
	base := srv.URL + "/apis"

	stdout, stderr, code := runVerifyCLI(t, "scan", dir, "--verify", "--verify-url", base,
		"--verify-concurrency", "2", "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (findings, --fail-on any)\nstderr: %s", code, stderr)
	}
	assertNoKeys(t, keys, stdout, stderr)
	if !strings.Contains(stderr, "keys will be sent to "+base) {
		t.Errorf("stderr does not say where keys go: %q", stderr)
	}
	perKey, total, maxSeen, badPath := fake.snapshot()
	if total != 4 || len(perKey) != 4 {
		t.Fatalf("%d probes for %d keys, want 4 for 4: %v", total, len(perKey), perKey)
	}
	for _, k := range keys {
		if perKey[k] != 1 {
			t.Errorf("key %s...: %d probes, want 1", k[:4], perKey[k])
		}
	}
	if maxSeen != 2 {
		t.Errorf("at most %d probes in flight, want exactly --verify-concurrency 2", maxSeen)
	}
	if badPath != 0 {
		t.Errorf("%d requests to another path than GET /apis/list-voices", badPath)
	}
	counts, status := statusBySHA(t, stdout)
	if counts[verifySHA(hot)] != 1000 {
		t.Errorf("%d findings of the hot key, want 1000", counts[verifySHA(hot)])
	}
	for k, want := range map[string]string{hot: "live", live2: "live", dead1: "revoked", dead2: "revoked"} {
		if got := status[verifySHA(k)]; got != want {
			t.Errorf("key %s...: status %q, want %q", k[:4], got, want)
		}
	}

	// The text report, and --fail-on live with live keys present.
	stdout, stderr, code = runVerifyCLI(t, "scan", dir, "--verify", "--verify-url", base, "--fail-on", "live")
	if code != 1 {
		t.Errorf("--fail-on live with live keys: exit %d, want 1\nstderr: %s", code, stderr)
	}
	assertNoKeys(t, keys, stdout, stderr)
	t.Logf("text report (tail):\n%s\nstderr:\n%s", stdout[max(0, len(stdout)-900):], stderr)
	if !strings.Contains(stdout, "live") || !strings.Contains(stdout, "revoked") {
		t.Errorf("the text report shows no liveness:\n%.1000s", stdout)
	}
}

// TestVerifyCLIFailOnLive checks that revoked keys alone do not fail
// --fail-on live.
func TestVerifyCLIFailOnLive(t *testing.T) {
	t.Parallel()
	keys := fakekey.N("verify-cli-dead", 2)
	fake, srv := newCambFake(t, 0) // nothing is live
	dir := verifyTree(t, keys[0], keys[1])
	stdout, stderr, code := runVerifyCLI(t, "scan", dir, "--verify", "--verify-url", srv.URL+"/apis",
		"--fail-on", "live", "--format", "jsonl")
	if code != 0 {
		t.Errorf("only revoked keys, --fail-on live: exit %d, want 0\nstderr: %s", code, stderr)
	}
	assertNoKeys(t, keys, stdout, stderr)
	if _, total, _, _ := fake.snapshot(); total != 2 {
		t.Errorf("%d probes, want 2", total)
	}
}

// TestVerifyCLIRefusesURL checks that keys never go to plain http off the
// machine, and that the refusal happens before anything is sent.
func TestVerifyCLIRefusesURL(t *testing.T) {
	t.Parallel()
	key := fakekey.New("verify-cli-refuse")
	dir := verifyTree(t, "", key)
	for _, u := range []string{"http://example.com", "http://example.com/apis", "ftp://127.0.0.1/apis", "http://10.1.2.3/apis"} {
		stdout, stderr, code := runVerifyCLI(t, "scan", dir, "--verify", "--verify-url", u)
		if code != 2 {
			t.Errorf("--verify-url %s: exit %d, want 2", u, code)
		}
		if !strings.Contains(stderr, "--verify-url") {
			t.Errorf("--verify-url %s: stderr %q does not name the flag", u, stderr)
		}
		assertNoKeys(t, []string{key}, stdout, stderr)
	}
}

// TestVerifyCLINoNetwork checks that a dead endpoint gives unknown for
// every key, quickly, and that unknown does not fail --fail-on live.
func TestVerifyCLINoNetwork(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/apis"
	ln.Close()
	keys := fakekey.N("verify-cli-offline", 3)
	dir := verifyTree(t, keys[0], keys[1:]...)
	start := time.Now()
	stdout, stderr, code := runVerifyCLI(t, "scan", dir, "--verify", "--verify-url", base,
		"--verify-timeout", "2s", "--fail-on", "live", "--format", "json")
	if d := time.Since(start); d > 60*time.Second {
		t.Errorf("took %v", d)
	}
	if code != 0 {
		t.Errorf("exit %d, want 0: unknown is not live\nstderr: %s", code, stderr)
	}
	assertNoKeys(t, keys, stdout, stderr)
	_, status := statusBySHA(t, stdout)
	if len(status) != 3 {
		t.Fatalf("%d keys in the report, want 3", len(status))
	}
	for sha, s := range status {
		if s != "unknown" {
			t.Errorf("key %s: status %q, want unknown", sha[:8], s)
		}
	}
}

// TestVerifyCLIProgress checks the probe progress on stderr: counts, no key.
func TestVerifyCLIProgress(t *testing.T) {
	t.Parallel()
	keys := fakekey.N("verify-cli-progress", 24)
	_, srv := newCambFake(t, 0, keys[3])
	dir := verifyTree(t, keys[0], keys[1:]...)
	stdout, stderr, _ := runVerifyCLI(t, "scan", dir, "--verify", "--verify-url", srv.URL+"/apis",
		"--progress", "always", "--verify-concurrency", "8")
	assertNoKeys(t, keys, stdout, stderr)
	if !strings.Contains(stderr, "verified 24/24 keys") {
		t.Errorf("no probe progress on stderr: %q", stderr)
	}
}
