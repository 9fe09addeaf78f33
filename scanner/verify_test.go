package scanner_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/verify"
)

// countingChecker is a fake Checker that counts probes per key and the
// most probes in flight at once.
type countingChecker struct {
	delay    time.Duration
	mu       sync.Mutex
	calls    map[string]int
	inFlight int
	maxSeen  int
	block    bool // wait for ctx instead of delay
}

func (c *countingChecker) Check(ctx context.Context, key string) verify.Result {
	c.mu.Lock()
	if c.calls == nil {
		c.calls = map[string]int{}
	}
	c.calls[key]++
	c.inFlight++
	c.maxSeen = max(c.maxSeen, c.inFlight)
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.inFlight--
		c.mu.Unlock()
	}()
	if c.block {
		<-ctx.Done()
		return verify.Result{Status: verify.Unknown, Reason: "cancelled before an answer", CheckedAt: time.Now()}
	}
	time.Sleep(c.delay)
	st := verify.Revoked
	if strings.HasSuffix(key, "0") || strings.HasSuffix(key, "1") {
		st = verify.Live
	}
	return verify.Result{Status: st, HTTPStatus: 200, CheckedAt: time.Now()}
}

// findingsFor returns one finding per key, repeated n times each.
func findingsFor(keys []string, n int) []scanner.Finding {
	var fs []scanner.Finding
	for i := range n {
		for _, k := range keys {
			fs = append(fs, scanner.Finding{RuleID: "camb-api-key-header", Secret: k, Line: i + 1})
		}
	}
	return fs
}

// TestVerifyDedup checks that a key in 1 000 findings costs one probe and
// that every finding of a key shares its result.
func TestVerifyDedup(t *testing.T) {
	hot := fakekey.New("verify-hot")
	others := fakekey.N("verify-other", 3)
	fs := findingsFor([]string{hot}, 1000)
	fs = append(fs, findingsFor(others, 2)...)
	c := &countingChecker{}
	scanner.Verify(context.Background(), fs, c, 4, nil)
	if len(c.calls) != 4 {
		t.Fatalf("%d keys probed, want 4", len(c.calls))
	}
	for k, n := range c.calls {
		if n != 1 {
			t.Errorf("key %s probed %d times", k[:4], n)
		}
	}
	byKey := map[string]*verify.Result{}
	for i := range fs {
		v := fs[i].Verification
		if v == nil {
			t.Fatalf("finding %d has no verification", i)
		}
		if p, ok := byKey[fs[i].Secret]; ok && p != v {
			t.Fatalf("finding %d: the findings of one key do not share one result", i)
		}
		byKey[fs[i].Secret] = v
		if want := c.Check(context.Background(), fs[i].Secret).Status; v.Status != want {
			t.Fatalf("finding %d: status %s, want %s", i, v.Status, want)
		}
	}
}

// TestVerifyConcurrencyBound checks that no more than concurrency probes
// run at once, and that the bound is actually used.
func TestVerifyConcurrencyBound(t *testing.T) {
	for _, conc := range []int{1, 3, 8} {
		c := &countingChecker{delay: 15 * time.Millisecond}
		scanner.Verify(context.Background(), findingsFor(fakekey.N("bound", 40), 2), c, conc, nil)
		if c.maxSeen != conc {
			t.Errorf("concurrency %d: at most %d probes in flight, want exactly %d", conc, c.maxSeen, conc)
		}
		if len(c.calls) != 40 {
			t.Errorf("concurrency %d: %d keys probed, want 40", conc, len(c.calls))
		}
	}
	c := &countingChecker{}
	scanner.Verify(context.Background(), findingsFor(fakekey.N("zero", 5), 1), c, 0, nil)
	if c.maxSeen != 1 || len(c.calls) != 5 {
		t.Errorf("concurrency 0: max %d in flight, %d probed; want 1 and 5", c.maxSeen, len(c.calls))
	}
}

// TestVerifyCancelled checks that Verify returns promptly when ctx ends and
// leaves no finding without a result.
func TestVerifyCancelled(t *testing.T) {
	c := &countingChecker{block: true}
	fs := findingsFor(fakekey.N("cancel", 50), 3)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	scanner.Verify(ctx, fs, c, 4, nil)
	if d := time.Since(start); d > 30*time.Second { // a hang guard, not a speed check
		t.Fatalf("Verify took %v after a 100ms deadline", d)
	}
	if len(c.calls) != 4 {
		t.Errorf("%d keys probed, want the 4 in flight when ctx ended", len(c.calls))
	}
	notChecked := 0
	for i := range fs {
		v := fs[i].Verification
		if v == nil || v.Status != verify.Unknown {
			t.Fatalf("finding %d: %+v, want unknown", i, v)
		}
		if strings.Contains(v.Reason, "interrupted") {
			notChecked++
		}
	}
	if notChecked != 46*3 {
		t.Errorf("%d findings say not checked, want %d", notChecked, 46*3)
	}
}

// TestVerifyProgress checks the progress lines: counts, never a key, and
// nothing for a handful of keys.
func TestVerifyProgress(t *testing.T) {
	keys := fakekey.N("progress", 30)
	var buf bytes.Buffer
	scanner.Verify(context.Background(), findingsFor(keys, 2), &countingChecker{}, 4, &buf)
	out := buf.String()
	if !strings.Contains(out, "verified 30/30 keys") || !strings.HasSuffix(out, "\r\033[K") {
		t.Errorf("progress = %q", out)
	}
	for _, k := range keys {
		if strings.Contains(out, k) {
			t.Fatal("a key is in the progress output")
		}
	}
	buf.Reset()
	scanner.Verify(context.Background(), findingsFor(keys[:5], 2), &countingChecker{}, 4, &buf)
	if buf.Len() != 0 {
		t.Errorf("progress for 5 keys = %q, want none", buf.String())
	}
}

// TestVerifyNothing checks the no-op cases.
func TestVerifyNothing(t *testing.T) {
	scanner.Verify(context.Background(), nil, &countingChecker{}, 4, nil)
	fs := findingsFor(fakekey.N("nil", 2), 1)
	scanner.Verify(context.Background(), fs, nil, 4, nil)
	if fs[0].Verification != nil {
		t.Error("a nil checker set a verification")
	}
}

// fakeCAMB is a loopback CAMB API: live for the keys in live, 401 for the
// others, after latency. It records request starts and the most requests
// in flight at once.
type fakeCAMB struct {
	live     map[string]bool
	latency  time.Duration
	mu       sync.Mutex
	starts   []time.Time
	perKey   map[string]int
	inFlight int
	maxSeen  int
	total    atomic.Int64
}

func (f *fakeCAMB) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("x-api-key")
	f.mu.Lock()
	if f.perKey == nil {
		f.perKey = map[string]int{}
	}
	f.starts = append(f.starts, time.Now())
	f.perKey[key]++
	f.inFlight++
	f.maxSeen = max(f.maxSeen, f.inFlight)
	f.mu.Unlock()
	f.total.Add(1)
	time.Sleep(f.latency)
	f.mu.Lock()
	f.inFlight--
	f.mu.Unlock()
	if r.URL.Path != "/apis/list-voices" {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	if f.live[key] {
		w.Write([]byte(`[{"id":1}]`))
		return
	}
	w.WriteHeader(http.StatusUnauthorized)
}

// TestVerifyWithClient runs Verify over the real client against a loopback
// fake: one request per key, the concurrency bound and the spacing held.
func TestVerifyWithClient(t *testing.T) {
	keys := fakekey.N("client", 12)
	f := &fakeCAMB{live: map[string]bool{keys[0]: true, keys[5]: true}, latency: 20 * time.Millisecond}
	srv := httptest.NewServer(f)
	defer srv.Close()
	const spacing = 30 * time.Millisecond
	c, err := verify.New(verify.Options{BaseURL: srv.URL + "/apis", MinSpacing: spacing})
	if err != nil {
		t.Fatal(err)
	}
	fs := findingsFor(keys, 50)
	t0 := time.Now()
	scanner.Verify(context.Background(), fs, c, 3, nil)
	if len(f.perKey) != len(keys) {
		t.Fatalf("%d keys reached the server, want %d", len(f.perKey), len(keys))
	}
	for _, k := range keys {
		if f.perKey[k] != 1 {
			t.Errorf("key %s: %d requests, want 1", k[:4], f.perKey[k])
		}
	}
	if f.maxSeen > 3 {
		t.Errorf("%d requests in flight at once, limit 3", f.maxSeen)
	}
	sort.Slice(f.starts, func(i, j int) bool { return f.starts[i].Before(f.starts[j]) })
	// Start i is reserved at least i spacings after Verify began, and
	// arrivals only lag starts: no jitter can make this check flaky.
	for i := range f.starts {
		if d, want := f.starts[i].Sub(t0), time.Duration(i)*spacing; d < want {
			t.Errorf("request %d arrived %v after Verify began, want at least %v", i, d, want)
		}
	}
	for i := range fs {
		want := verify.Revoked
		if f.live[fs[i].Secret] {
			want = verify.Live
		}
		if v := fs[i].Verification; v == nil || v.Status != want {
			t.Fatalf("finding %d: %+v, want %s", i, v, want)
		}
	}
}
