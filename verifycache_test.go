package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/cache"
	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/verify"
)

// verifiedRun is the part of a JSON report the verify cache tests read.
type verifiedRun struct {
	Findings []struct {
		Target       string `json:"target"`
		Secret       string `json:"secret_sha256"`
		Verification *struct {
			Status    string    `json:"status"`
			CheckedAt time.Time `json:"checked_at"`
		} `json:"verification"`
	} `json:"findings"`
}

// statuses returns the verification status of each key SHA-256 of r, and
// fails when two findings of one key disagree.
func (r *verifiedRun) statuses(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range r.Findings {
		if f.Verification == nil {
			t.Fatalf("finding in %s has no verification", f.Target)
		}
		if s, ok := out[f.Secret]; ok && s != f.Verification.Status {
			t.Fatalf("one key, two statuses: %s and %s", s, f.Verification.Status)
		}
		out[f.Secret] = f.Verification.Status
	}
	return out
}

// checkedAt returns when each key SHA-256 of r was checked.
func (r *verifiedRun) checkedAt() map[string]time.Time {
	out := map[string]time.Time{}
	for _, f := range r.Findings {
		if f.Verification != nil {
			out[f.Secret] = f.Verification.CheckedAt
		}
	}
	return out
}

func sha(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// TestVerifyCacheAcrossRuns: a key in two repositories (and in a fork) is
// probed once per run; --verify-max-age reuses the kept result, a run
// without it probes again; a probe that fails keeps the definite result;
// the cache keeps the key's SHA-256 only, in 0600 files.
func TestVerifyCacheAcrossRuns(t *testing.T) {
	fl := newFleet(t)
	live := fakekey.New("verify cache live " + t.Name())
	dead := fakekey.New("verify cache dead " + t.Name())
	a := fl.repo("a", "readme.txt")
	fl.commit("a", "config.env", "CAMB_API_KEY="+live+"\n")
	fl.commit("a", "old.env", "CAMB_API_KEY="+dead+"\n")
	b := fl.repo("b", "one.txt")
	fl.commit("b", "settings.env", "CAMB_API_KEY="+live+"\n")
	// A path that holds a key: the cache's record must not.
	fl.commit("b", "backup-"+dead+".env", "CAMB_API_KEY="+dead+"\n")
	fake, srv := newCambFake(t, 0, live)
	cacheDir := t.TempDir()
	run := func(extra ...string) (*verifiedRun, map[string]int) {
		t.Helper()
		before, _, _, _ := fake.snapshot()
		args := []string{"git", "--cache-dir", cacheDir, "--format", "json", "--progress", "never", "--verify", "--verify-url", srv.URL + "/apis"}
		stdout, stderr, code := runVerifyCLI(t, append(append(args, extra...), a, b)...)
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s", code, stderr)
		}
		var v verifiedRun
		if err := json.Unmarshal([]byte(stdout), &v); err != nil {
			t.Fatalf("report: %v\n%s", err, stdout)
		}
		after, _, _, _ := fake.snapshot()
		probes := map[string]int{} // by key name, never the key (failure messages)
		for k, n := range after {
			if d := n - before[k]; d > 0 {
				name := "other"
				switch k {
				case live:
					name = "live"
				case dead:
					name = "dead"
				}
				probes[name] += d
			}
		}
		return &v, probes
	}

	// First run: four findings (each key in a and b), two keys, two probes.
	first, probes := run()
	if len(first.Findings) != 4 {
		t.Fatalf("first run: %d findings, want 4", len(first.Findings))
	}
	if probes["live"] != 1 || probes["dead"] != 1 || len(probes) != 2 {
		t.Fatalf("first run probes %v, want each key once", probes)
	}
	want := map[string]string{sha(live): "live", sha(dead): "revoked"}
	if got := first.statuses(t); !mapsEqual(got, want) {
		t.Fatalf("first run statuses %v, want %v", got, want)
	}
	for _, k := range []string{live, dead} {
		p := filepath.Join(cacheDir, "verify", sha(k)+".json")
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatalf("no liveness kept for a key: %v", err)
		}
		if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
			t.Errorf("liveness file mode %v, want 0600", fi.Mode().Perm())
		}
	}
	assertNoKeyInCache(t, cacheDir, live, dead)

	// Within --verify-max-age: no probe, the kept results and their time.
	second, probes := run("--verify-max-age", "24h")
	if len(probes) != 0 {
		t.Fatalf("run within --verify-max-age probed %v", probes)
	}
	if got := second.statuses(t); !mapsEqual(got, want) {
		t.Fatalf("second run statuses %v, want %v", got, want)
	}
	firstAt := first.checkedAt()
	for k, at := range second.checkedAt() {
		if !at.Equal(firstAt[k]) {
			t.Errorf("reused result of %s... checked at %v, want the first run's %v", k[:8], at, firstAt[k])
		}
	}

	// Without it: every key probed again, once.
	_, probes = run()
	if probes["live"] != 1 || probes["dead"] != 1 || len(probes) != 2 {
		t.Fatalf("run without --verify-max-age probed %v, want each key once", probes)
	}

	// The API down: the run reports unknown, the cache keeps live.
	srv.Close()
	down, _ := run()
	for s, st := range down.statuses(t) {
		if st != "unknown" {
			t.Errorf("key %s...: %s with the API down, want unknown", s[:8], st)
		}
	}
	c, err := cache.Open(cacheDir)
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := c.Liveness(sha(live)); !ok || l.Status != "live" {
		t.Errorf("after a failed probe the cache holds %+v, %v; want the live result kept", l, ok)
	}
	// And a run within the max age still answers from the cache.
	cached, _ := run("--verify-max-age", "24h")
	if got := cached.statuses(t); !mapsEqual(got, want) {
		t.Errorf("with the API down and --verify-max-age: %v, want %v", got, want)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// assertNoKeyInCache fails when a file of the cache other than a mirror
// holds one of keys.
func assertNoKeyInCache(t *testing.T, dir string, keys ...string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "mirrors" {
				return filepath.SkipDir
			}
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if strings.Contains(string(data), k) {
				t.Errorf("%s holds a key in clear", p)
			}
		}
		return nil
	})
}

// countingChecker counts probes per key and answers live.
type countingChecker struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *countingChecker) Check(_ context.Context, key string) verify.Result {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[key]++
	return verify.Result{Status: verify.Live, HTTPStatus: 200, Reason: "key accepted", CheckedAt: time.Now().UTC()}
}

// TestCachedCheckerMaxAge: a result is reused only while younger than the
// max age, never when unknown, never from the future.
func TestCachedCheckerMaxAge(t *testing.T) {
	c, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	key := fakekey.New("max age " + t.Name())
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	probe := &countingChecker{n: map[string]int{}}
	k := &cachedChecker{probe: probe, c: c, maxAge: 24 * time.Hour, now: func() time.Time { return now }}
	for _, tc := range []struct {
		name   string
		kept   cache.Liveness
		probed bool
	}{
		{"live an hour ago", cache.Liveness{Status: "live", CheckedAt: now.Add(-time.Hour)}, false},
		{"revoked 23h ago", cache.Liveness{Status: "revoked", CheckedAt: now.Add(-23 * time.Hour)}, false},
		{"live 25h ago", cache.Liveness{Status: "live", CheckedAt: now.Add(-25 * time.Hour)}, true},
		{"unknown an hour ago", cache.Liveness{Status: "unknown", CheckedAt: now.Add(-time.Hour)}, true},
		{"live in the future", cache.Liveness{Status: "live", CheckedAt: now.Add(time.Hour)}, true},
	} {
		if err := c.PutLiveness(sha(key), tc.kept); err != nil {
			t.Fatal(err)
		}
		before := probe.n[key]
		res := k.Check(context.Background(), key)
		if probed := probe.n[key] > before; probed != tc.probed {
			t.Errorf("%s: probed %v, want %v", tc.name, probed, tc.probed)
		}
		if !tc.probed && (string(res.Status) != tc.kept.Status || !res.CheckedAt.Equal(tc.kept.CheckedAt)) {
			t.Errorf("%s: got %+v, want the kept result", tc.name, res)
		}
	}
}

func TestVerifyMaxAgeFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"git", "--verify", "--verify-max-age", "24h"}, "needs --cache-dir"},
		{[]string{"git", "--cache-dir", t.TempDir(), "--verify-max-age", "24h"}, "needs --verify"},
		{[]string{"git", "--cache-dir", t.TempDir(), "--verify", "--verify-max-age", "-1h"}, "must not be negative"},
		{[]string{"scan", "--verify-max-age", "24h"}, "unknown flag"},
	} {
		_, stderr, code := runVerifyCLI(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}
