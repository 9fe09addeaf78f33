package verify_test

import (
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
	"github.com/cambscan/cambscan/verify"
)

// tooMany answers 429 (with retryAfter, when not empty) to the first n
// requests and 200 to the rest, and records when each request came.
type tooMany struct {
	n          int32
	retryAfter string
	mu         sync.Mutex
	at         []time.Time
}

func (s *tooMany) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.at = append(s.at, time.Now())
	n := len(s.at)
	s.mu.Unlock()
	if int32(n) <= s.n {
		if s.retryAfter != "" {
			w.Header().Set("Retry-After", s.retryAfter)
		}
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	w.Write([]byte("[]"))
}

func (s *tooMany) times() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.at...)
}

// TestRetryAfter429 honours Retry-After: 1 and then sees the 200.
func TestRetryAfter429(t *testing.T) {
	h := &tooMany{n: 1, retryAfter: "1"}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := newClient(t, srv, verify.Options{Backoff: time.Millisecond})
	r := check(t, c, context.Background(), fakekey.New("retry-after"))
	if r.Status != verify.Live || r.HTTPStatus != 200 {
		t.Fatalf("got %+v", r)
	}
	at := h.times()
	if len(at) != 2 {
		t.Fatalf("%d requests, want 2", len(at))
	}
	if gap := at[1].Sub(at[0]); gap < 950*time.Millisecond || gap > 15*time.Second {
		t.Errorf("retry came %v after the 429, want about Retry-After: 1s", gap)
	}
}

// TestRetryAfterDate honours a Retry-After HTTP date.
func TestRetryAfterDate(t *testing.T) {
	h := &tooMany{n: 1, retryAfter: time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)}
	srv := httptest.NewServer(h)
	defer srv.Close()
	r := check(t, newClient(t, srv, verify.Options{Backoff: time.Millisecond}), context.Background(), fakekey.New("retry-date"))
	at := h.times()
	// The date has one-second resolution: the wait is 1-2 s.
	if r.Status != verify.Live || len(at) != 2 || at[1].Sub(at[0]) < 900*time.Millisecond {
		t.Fatalf("got %+v after %d requests", r, len(at))
	}
}

// Test429Exhausted retries a 429 without Retry-After twice with doubling
// backoff and then gives up.
func Test429Exhausted(t *testing.T) {
	for _, retries := range []int{0, 2, 10} { // 0 means the default, 10 is lowered to 2
		h := &tooMany{n: 100}
		srv := httptest.NewServer(h)
		c := newClient(t, srv, verify.Options{Backoff: 40 * time.Millisecond, Retries: retries})
		r := check(t, c, context.Background(), fakekey.New("exhausted"))
		srv.Close()
		if r.Status != verify.Unknown || r.HTTPStatus != 429 || r.Reason != "rate limited after 2 retries" {
			t.Errorf("Retries %d: got %+v", retries, r)
		}
		at := h.times()
		if len(at) != 3 {
			t.Fatalf("Retries %d: %d requests, want 3", retries, len(at))
		}
		if g1, g2 := at[1].Sub(at[0]), at[2].Sub(at[1]); g1 < 40*time.Millisecond || g2 < 80*time.Millisecond {
			t.Errorf("Retries %d: waits %v and %v, want at least 40ms and 80ms", retries, g1, g2)
		}
	}
}

// TestNoRetries checks a negative Retries: one request only.
func TestNoRetries(t *testing.T) {
	h := &tooMany{n: 100, retryAfter: "0"}
	srv := httptest.NewServer(h)
	defer srv.Close()
	r := check(t, newClient(t, srv, verify.Options{Retries: -1}), context.Background(), fakekey.New("no-retry"))
	if r.Status != verify.Unknown || r.HTTPStatus != 429 || len(h.times()) != 1 {
		t.Fatalf("got %+v after %d requests", r, len(h.times()))
	}
}

// TestRetryAfterOverCap gives up at once when the server wants a long wait.
func TestRetryAfterOverCap(t *testing.T) {
	h := &tooMany{n: 100, retryAfter: "3600"}
	srv := httptest.NewServer(h)
	defer srv.Close()
	start := time.Now()
	r := check(t, newClient(t, srv, verify.Options{}), context.Background(), fakekey.New("cap"))
	if r.Status != verify.Unknown || r.Reason != "rate limited: Retry-After 1h0m0s exceeds the 30s cap" || len(h.times()) != 1 {
		t.Fatalf("got %+v after %d requests", r, len(h.times()))
	}
	if d := time.Since(start); d > 15*time.Second { // would wait 30s
		t.Errorf("took %v", d)
	}
}

// TestRetryWaitCancelled stops waiting for a retry when ctx ends.
func TestRetryWaitCancelled(t *testing.T) {
	h := &tooMany{n: 100, retryAfter: "20"}
	srv := httptest.NewServer(h)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	r := check(t, newClient(t, srv, verify.Options{}), ctx, fakekey.New("cancel-wait"))
	if d := time.Since(start); d > 15*time.Second { // Retry-After is 20s
		t.Errorf("took %v, want about 200ms", d)
	}
	if r.Status != verify.Unknown || !strings.Contains(r.Reason, "before an answer") {
		t.Errorf("got %+v", r)
	}
}

// TestSpacing checks the minimum time between request starts, for
// sequential and concurrent callers.
func TestSpacing(t *testing.T) {
	const spacing = 60 * time.Millisecond
	for _, concurrent := range []bool{false, true} {
		h := &tooMany{}
		srv := httptest.NewServer(h)
		c := newClient(t, srv, verify.Options{MinSpacing: spacing})
		keys := fakekey.N("spacing", 6)
		var wg sync.WaitGroup
		t0 := time.Now()
		for _, k := range keys {
			if concurrent {
				wg.Go(func() { check(t, c, context.Background(), k) })
			} else {
				check(t, c, context.Background(), k)
			}
		}
		wg.Wait()
		srv.Close()
		at := h.times()
		sort.Slice(at, func(i, j int) bool { return at[i].Before(at[j]) })
		if len(at) != len(keys) {
			t.Fatalf("%d requests, want %d", len(at), len(keys))
		}
		// Start i is reserved no earlier than i spacings after the first
		// call, and the server stamps arrivals, which only lag starts: so
		// arrival i is at least i spacings after t0, whatever the jitter.
		for i := range at {
			if d, want := at[i].Sub(t0), time.Duration(i)*spacing; d < want {
				t.Errorf("concurrent %v: request %d arrived %v after the first call, want at least %v", concurrent, i, d, want)
			}
		}
	}
}

// TestCache checks that a key is probed once per client.
func TestCache(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1); w.WriteHeader(401) }))
	defer srv.Close()
	c := newClient(t, srv, verify.Options{})
	key := fakekey.New("cache")
	first := check(t, c, context.Background(), key)
	for range 5 {
		if r := check(t, c, context.Background(), key); r != first {
			t.Fatalf("cached %+v, first %+v", r, first)
		}
	}
	if hits.Load() != 1 {
		t.Fatalf("%d requests, want 1", hits.Load())
	}
}

// TestSingleFlight checks that concurrent Checks of one key share one
// request.
func TestSingleFlight(t *testing.T) {
	var hits atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		<-release
		w.Write([]byte("[]"))
	}))
	defer srv.Close()
	c := newClient(t, srv, verify.Options{})
	key := fakekey.New("single-flight")
	var wg sync.WaitGroup
	results := make([]verify.Result, 16)
	for i := range results {
		wg.Go(func() { results[i] = check(t, c, context.Background(), key) })
	}
	time.Sleep(100 * time.Millisecond) // let every caller reach Check
	close(release)
	wg.Wait()
	if n := hits.Load(); n != 1 {
		t.Fatalf("%d requests for one key, want 1", n)
	}
	for i, r := range results {
		if r != results[0] || r.Status != verify.Live {
			t.Errorf("caller %d got %+v", i, r)
		}
	}
}

// TestSingleFlightLeaderCancelled checks that a waiter whose ctx is alive
// probes again when the caller that was probing is cancelled.
func TestSingleFlightLeaderCancelled(t *testing.T) {
	var hits atomic.Int32
	arrived := make(chan struct{}, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			arrived <- struct{}{}
			<-r.Context().Done() // the first caller gives up
			return
		}
		w.Write([]byte("[]"))
	}))
	defer srv.Close()
	c := newClient(t, srv, verify.Options{})
	key := fakekey.New("leader")
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var leader, waiter verify.Result
	wg.Go(func() { leader = check(t, c, ctx, key) })
	<-arrived
	wg.Go(func() { waiter = check(t, c, context.Background(), key) })
	time.Sleep(50 * time.Millisecond) // the waiter now waits on the leader
	cancel()
	wg.Wait()
	if leader.Status != verify.Unknown || !strings.Contains(leader.Reason, "cancelled") {
		t.Errorf("leader got %+v", leader)
	}
	if waiter.Status != verify.Live || hits.Load() != 2 {
		t.Errorf("waiter got %+v after %d requests", waiter, hits.Load())
	}
}
