package verify_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/verify"
)

// newClient returns a client for srv's /apis base, with no spacing and a
// short timeout unless opts says otherwise.
func newClient(t *testing.T, srv *httptest.Server, opts verify.Options) *verify.Client {
	t.Helper()
	if opts.BaseURL == "" {
		opts.BaseURL = srv.URL + "/apis"
	}
	if opts.MinSpacing == 0 {
		opts.MinSpacing = -1
	}
	if opts.Timeout == 0 {
		opts.Timeout = 2 * time.Second
	}
	if opts.HTTP == nil && srv.TLS != nil {
		opts.HTTP = srv.Client()
	}
	c, err := verify.New(opts)
	if err != nil {
		t.Fatalf("New(%q): %v", opts.BaseURL, err)
	}
	return c
}

// check runs Check and fails the test when the key leaks into the result.
func check(t *testing.T, c *verify.Client, ctx context.Context, key string) verify.Result {
	t.Helper()
	r := c.Check(ctx, key)
	assertNoKey(t, r, key)
	t.Logf("%s: %d %q", r.Status, r.HTTPStatus, r.Reason) // the key is not in it: checked above
	return r
}

func assertNoKey(t *testing.T, r verify.Result, key string) {
	t.Helper()
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{key, strings.ToUpper(key)} {
		if k != "" && (strings.Contains(r.Reason, k) || strings.Contains(string(data), k)) {
			t.Fatalf("the key leaked into the result: %s", data)
		}
	}
	if r.CheckedAt.IsZero() {
		t.Errorf("CheckedAt is zero: %s", data)
	}
}

// TestStatusMapping checks every HTTP answer of DESIGN section 5.
func TestStatusMapping(t *testing.T) {
	bigJSON := `{"detail":"` + strings.Repeat("x", verify.MaxBody) + `"}`
	tests := []struct {
		name        string
		code        int
		ctype, body string
		want        verify.Status
		reason      string // a substring of the reason
	}{
		{"200", 200, "application/json", `[{"id":1,"voice_name":"a"}]`, verify.Live, "key accepted"},
		{"200 empty body", 200, "", "", verify.Unknown, "200 without a JSON body"},
		{"200 json without content type", 200, "", " [] ", verify.Live, "key accepted"},
		{"200 html", 200, "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Sign in to the Wi-Fi</body></html>", verify.Unknown, "HTML page"},
		{"200 html labelled json", 200, "application/json", "<html>portal</html>", verify.Unknown, "HTML page"},
		{"200 json labelled html", 200, "text/html", `[{"id":1}]`, verify.Unknown, "HTML page"},
		{"200 plain text", 200, "text/plain", "OK", verify.Unknown, "without a JSON body"},
		{"401", 401, "application/json", `{"detail":"Invalid API key"}`, verify.Revoked, "key rejected: invalid or revoked"},
		{"401 html", 401, "text/html", `<html>no</html>`, verify.Revoked, "invalid or revoked"},
		{"403 json", 403, "application/json", `{"detail":"not allowed"}`, verify.Live, "403 with a JSON body"},
		{"403 json without content type", 403, "", " \n{\"detail\":\"no\"}", verify.Live, "403 with a JSON body"},
		{"403 json cut at the body limit", 403, "application/json", bigJSON, verify.Live, "JSON"},
		{"403 html", 403, "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Access denied</body></html>", verify.Unknown, "HTML page"},
		{"403 html labelled json", 403, "application/json", "<html>blocked</html>", verify.Unknown, "HTML page"},
		{"403 plain text", 403, "text/plain", "Forbidden", verify.Unknown, "without a JSON body"},
		{"403 empty", 403, "", "", verify.Unknown, "without a JSON body"},
		{"403 broken json", 403, "application/json", `{"detail": "no"`, verify.Unknown, "without a JSON body"},
		{"404", 404, "text/plain", "not found", verify.Unknown, "unexpected answer: Not Found"},
		{"204", 204, "", "", verify.Unknown, "unexpected answer: No Content"},
		{"500", 500, "text/plain", "oops", verify.Unknown, "server error: Internal Server Error"},
		{"502", 502, "text/html", "<html>bad gateway</html>", verify.Unknown, "server error: Bad Gateway"},
		{"503", 503, "", "", verify.Unknown, "server error: Service Unavailable"},
		{"304", 304, "", "", verify.Unknown, "redirect to no location"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := fakekey.New("mapping-" + tt.name)
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				if tt.ctype != "" {
					w.Header().Set("Content-Type", tt.ctype)
				}
				w.WriteHeader(tt.code)
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			c := newClient(t, srv, verify.Options{})
			r := check(t, c, context.Background(), key)
			if r.Status != tt.want || r.HTTPStatus != tt.code || !strings.Contains(r.Reason, tt.reason) {
				t.Errorf("case %d: got %+v, want status %s, http %d, reason containing %q", i, r, tt.want, tt.code, tt.reason)
			}
			if n := hits.Load(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

// TestRequestShape checks exactly what goes over the wire.
func TestRequestShape(t *testing.T) {
	key := fakekey.New("shape")
	type seen struct {
		method, path, rawQuery, key, ua, accept string
		keyHeaders                              int
		body                                    int64
	}
	var (
		mu  sync.Mutex
		got []seen
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("X-Api-Key"),
			r.Header.Get("User-Agent"), r.Header.Get("Accept"), len(r.Header.Values("x-api-key")), r.ContentLength})
		mu.Unlock()
		w.Write([]byte("[]"))
	}))
	defer srv.Close()
	c := newClient(t, srv, verify.Options{BaseURL: srv.URL + "/apis/", UserAgent: "cambscan/1.2.3"})
	if got, want := c.BaseURL(), srv.URL+"/apis"; got != want {
		t.Errorf("BaseURL() = %q, want %q (trailing slash trimmed)", got, want)
	}
	if r := check(t, c, context.Background(), key); r.Status != verify.Live {
		t.Fatalf("got %+v", r)
	}
	want := seen{"GET", "/apis/list-voices", "", key, "cambscan/1.2.3", "application/json", 1, 0}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("requests = %+v, want [%+v]", got, want)
	}
}

// TestDefaultUserAgent checks the User-Agent when Options leave it empty.
func TestDefaultUserAgent(t *testing.T) {
	var ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
	}))
	defer srv.Close()
	check(t, newClient(t, srv, verify.Options{}), context.Background(), fakekey.New("ua"))
	if got := ua.Load(); got != "cambscan" {
		t.Errorf("User-Agent = %q, want cambscan", got)
	}
}

// TestNotAKeyNeverSent checks that malformed candidates never reach the
// server.
func TestNotAKeyNeverSent(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1); w.Write([]byte("[]")) }))
	defer srv.Close()
	c := newClient(t, srv, verify.Options{})
	key := fakekey.New("malformed")
	v1 := key[:14] + "1" + key[15:]         // version 1, not 4
	badVariant := key[:19] + "c" + key[20:] // variant c
	for _, cand := range []string{"", "abc", key + "0", " " + key, key[:35], strings.ReplaceAll(key, "-", ""),
		strings.Replace(key, "-", "_", 1), v1, badVariant, key[:35] + "g", key[:35] + "\n"} {
		r := check(t, c, context.Background(), cand)
		if r.Status != verify.Unknown || r.Reason != "not a key (never sent)" || r.HTTPStatus != 0 {
			t.Errorf("Check(%q) = %+v, want unknown, not a key", cand, r)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("%d malformed candidates were sent", n)
	}
	// The upper-case spelling of a key is still a key.
	if r := check(t, c, context.Background(), strings.ToUpper(key)); r.Status != verify.Live {
		t.Errorf("upper-case key: %+v", r)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("upper-case key: %d requests, want 1", n)
	}
}

// TestCheckedAt checks the injected clock.
func TestCheckedAt(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("x", 3600))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(401) }))
	defer srv.Close()
	c := newClient(t, srv, verify.Options{Now: func() time.Time { return at }})
	r := check(t, c, context.Background(), fakekey.New("clock"))
	if !r.CheckedAt.Equal(at) || r.CheckedAt.Location() != time.UTC {
		t.Errorf("CheckedAt = %v, want %v in UTC", r.CheckedAt, at)
	}
	if r := check(t, c, context.Background(), "x"); !r.CheckedAt.Equal(at) {
		t.Errorf("not-a-key CheckedAt = %v", r.CheckedAt)
	}
}

// TestResultJSON pins the field names of the report contract.
func TestResultJSON(t *testing.T) {
	r := verify.Result{Status: verify.Live, HTTPStatus: 200, Reason: "key accepted",
		CheckedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"status":"live","http_status":200,"reason":"key accepted","checked_at":"2026-01-02T03:04:05Z"}`
	if string(data) != want {
		t.Errorf("got %s\nwant %s", data, want)
	}
}
