package verify_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/verify"
)

// TestBaseURL checks where New lets keys go.
func TestBaseURL(t *testing.T) {
	tests := []struct {
		in, want string // want "" means New must fail
	}{
		{"", verify.DefaultBaseURL},
		{"https://client.camb.ai/apis", "https://client.camb.ai/apis"},
		{"https://example.com/apis/", "https://example.com/apis"},
		{"https://example.com", "https://example.com"},
		{"http://127.0.0.1:8080/apis", "http://127.0.0.1:8080/apis"},
		{"http://127.1.2.3/apis", "http://127.1.2.3/apis"},
		{"http://[::1]:9/apis", "http://[::1]:9/apis"},
		{"http://localhost:1234/apis/", "http://localhost:1234/apis"},
		{"http://LocalHost/apis", "http://LocalHost/apis"},
		{"http://example.com", ""},
		{"http://example.com/apis", ""},
		{"http://client.camb.ai/apis", ""},
		{"http://10.0.0.1/apis", ""},
		{"http://0.0.0.0:8080/apis", ""},
		{"http://127.0.0.1.nip.io/apis", ""},
		{"http://localhost.example.com/apis", ""},
		{"ftp://127.0.0.1/apis", ""},
		{"file:///etc/passwd", ""},
		{"client.camb.ai/apis", ""},
		{"https://", ""},
		{"https:client.camb.ai", ""},
		{"https://user:hunter2@example.com/apis", ""},
		{"https://example.com/apis?token=1", ""},
		{"https://example.com/apis#x", ""},
		{"://bad", ""},
	}
	for _, tt := range tests {
		c, err := verify.New(verify.Options{BaseURL: tt.in})
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("New(%q) accepted it, want an error", tt.in)
		case tt.want == "" && strings.Contains(err.Error(), "hunter2"):
			t.Errorf("New(%q) error leaks the password: %v", tt.in, err)
		case tt.want != "" && err != nil:
			t.Errorf("New(%q): %v", tt.in, err)
		case tt.want != "" && c.BaseURL() != tt.want:
			t.Errorf("New(%q).BaseURL() = %q, want %q", tt.in, c.BaseURL(), tt.want)
		}
	}
}

// TestHTTPSAccepted probes a TLS server that the client trusts.
func TestHTTPSAccepted(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("[]")) }))
	defer srv.Close()
	c := newClient(t, srv, verify.Options{})
	if r := check(t, c, context.Background(), fakekey.New("https")); r.Status != verify.Live {
		t.Fatalf("got %+v", r)
	}
}

// TestTLSFailure probes a TLS server whose certificate nobody trusts.
func TestTLSFailure(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the failed handshake
	srv.StartTLS()
	defer srv.Close()
	c, err := verify.New(verify.Options{BaseURL: srv.URL + "/apis", MinSpacing: -1})
	if err != nil {
		t.Fatal(err)
	}
	r := check(t, c, context.Background(), fakekey.New("tls"))
	if r.Status != verify.Unknown || !strings.HasPrefix(r.Reason, "tls failed: ") {
		t.Fatalf("got %+v, want unknown, tls failed", r)
	}
	if hits.Load() != 0 {
		t.Fatal("the request reached the handler through an untrusted certificate")
	}
}

// TestRedirectNotFollowed checks that a redirect is reported, not followed:
// the second server must receive nothing, the key least of all.
func TestRedirectNotFollowed(t *testing.T) {
	for _, code := range []int{301, 302, 303, 307, 308} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			var away atomic.Int32
			other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { away.Add(1) }))
			defer other.Close()
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				http.Redirect(w, r, other.URL+"/apis/list-voices", code)
			}))
			defer srv.Close()
			c := newClient(t, srv, verify.Options{})
			r := check(t, c, context.Background(), fakekey.New("redirect"))
			host := strings.TrimPrefix(other.URL, "http://")
			if r.Status != verify.Unknown || r.HTTPStatus != code || r.Reason != fmt.Sprintf("redirect to another host (%s), not followed", host) {
				t.Errorf("got %+v", r)
			}
			if hits.Load() != 1 || away.Load() != 0 {
				t.Fatalf("first server %d requests, second %d; want 1 and 0", hits.Load(), away.Load())
			}
		})
	}
	t.Run("same host", func(t *testing.T) {
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			http.Redirect(w, r, "/login", http.StatusFound)
		}))
		defer srv.Close()
		r := check(t, newClient(t, srv, verify.Options{}), context.Background(), fakekey.New("redirect-path"))
		if r.Status != verify.Unknown || !strings.Contains(r.Reason, "another path on") || hits.Load() != 1 {
			t.Errorf("got %+v after %d requests", r, hits.Load())
		}
	})
}

// TestTimeout checks that a server that never answers costs Timeout.
func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := newClient(t, srv, verify.Options{Timeout: 150 * time.Millisecond})
	start := time.Now()
	r := check(t, c, context.Background(), fakekey.New("slow"))
	if d := time.Since(start); d < 150*time.Millisecond || d > 30*time.Second {
		t.Errorf("took %v, want about the 150ms timeout", d)
	}
	if r.Status != verify.Unknown || r.Reason != "timeout: no answer within 150ms" || r.HTTPStatus != 0 {
		t.Errorf("got %+v", r)
	}
}

// TestSlowBody checks that the timeout also covers a body that trickles.
func TestSlowBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(403)
		w.Write([]byte(`{"detail":`))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	c := newClient(t, srv, verify.Options{Timeout: 150 * time.Millisecond})
	start := time.Now()
	r := check(t, c, context.Background(), fakekey.New("slow-body"))
	if d := time.Since(start); d > 30*time.Second { // a hang guard
		t.Errorf("took %v", d)
	}
	// The status line came, the JSON never finished: not provably JSON.
	if r.Status != verify.Unknown || r.HTTPStatus != 403 {
		t.Errorf("got %+v", r)
	}
}

// hijack returns a server that takes over each connection and hands it to
// f, for answers net/http would not write.
func hijack(t *testing.T, f func(conn net.Conn, rw *bufio.ReadWriter)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, rw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		f(conn, rw)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestConnectionDropped covers a server that closes or resets the
// connection instead of answering.
func TestConnectionDropped(t *testing.T) {
	for name, f := range map[string]func(net.Conn, *bufio.ReadWriter){
		"close": func(conn net.Conn, _ *bufio.ReadWriter) { conn.Close() },
		"reset": func(conn net.Conn, _ *bufio.ReadWriter) {
			conn.(*net.TCPConn).SetLinger(0) // close with RST
			conn.Close()
		},
		"half answer": func(conn net.Conn, rw *bufio.ReadWriter) {
			rw.WriteString("HTTP/1.1 2")
			rw.Flush()
			conn.Close()
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := hijack(t, f)
			r := check(t, newClient(t, srv, verify.Options{}), context.Background(), fakekey.New("drop-"+name))
			if r.Status != verify.Unknown || r.HTTPStatus != 0 ||
				!(strings.HasPrefix(r.Reason, "connection closed before an answer: ") || strings.HasPrefix(r.Reason, "request failed: ")) {
				t.Errorf("got %+v", r)
			}
		})
	}
}

// TestNoNetwork checks that a closed port and an unresolvable host give
// unknown quickly, not a crash or a hang.
func TestNoNetwork(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/apis"
	ln.Close()
	for _, tt := range []struct{ base, prefix string }{
		{closed, "connection refused: "},
		// .invalid never resolves (RFC 6761). Without DNS the lookup may
		// fail fast or time out; both are unknown, neither may hang.
		{"https://nonexistent.invalid/apis", ""},
	} {
		c, err := verify.New(verify.Options{BaseURL: tt.base, Timeout: 3 * time.Second, MinSpacing: -1})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		r := check(t, c, context.Background(), fakekey.New("offline"))
		if d := time.Since(start); d > 30*time.Second { // a hang guard
			t.Errorf("%s: took %v", tt.base, d)
		}
		if r.Status != verify.Unknown || r.HTTPStatus != 0 || !strings.HasPrefix(r.Reason, tt.prefix) {
			t.Errorf("%s: got %+v", tt.base, r)
		}
		if tt.prefix == "" && !strings.HasPrefix(r.Reason, "dns lookup failed: ") && !strings.HasPrefix(r.Reason, "timeout: ") {
			t.Errorf("%s: reason %q, want a dns failure or a timeout", tt.base, r.Reason)
		}
	}
}

// TestHostileServerCannotEchoTheKey makes the server put the key wherever
// a reason might quote it: the status text, the redirect host, the body.
func TestHostileServerCannotEchoTheKey(t *testing.T) {
	key := fakekey.New("hostile")
	for name, raw := range map[string]string{
		"status text":   "HTTP/1.1 503 " + key + "\r\nContent-Length: 0\r\n\r\n",
		"upper status":  "HTTP/1.1 499 " + strings.ToUpper(key) + "\r\nContent-Length: 0\r\n\r\n",
		"escapes":       "HTTP/1.1 500 \x1b[2J\x1b]0;pwned\x07\r\nContent-Length: 0\r\n\r\n",
		"redirect host": "HTTP/1.1 302 Found\r\nLocation: http://" + key + ".example.com/x\r\nContent-Length: 0\r\n\r\n",
		"html body":     fmt.Sprintf("HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n<html>%s</html>", len(key)+13, key),
	} {
		t.Run(name, func(t *testing.T) {
			srv := hijack(t, func(conn net.Conn, rw *bufio.ReadWriter) {
				rw.WriteString(raw)
				rw.Flush()
				conn.Close()
			})
			r := check(t, newClient(t, srv, verify.Options{}), context.Background(), key)
			if r.Status != verify.Unknown || r.HTTPStatus == 0 {
				t.Errorf("got %+v", r)
			}
			if strings.ContainsAny(r.Reason, "\x1b\x07") || strings.Contains(r.Reason, "pwned") {
				t.Errorf("the server's words reached the reason: %q", r.Reason)
			}
		})
	}
}
