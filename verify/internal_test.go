package verify

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
)

func TestRetryAfterParse(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{" 7 ", 7 * time.Second, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{"99999999999999999", (1 << 20) * time.Second, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"Friday, 01-May-26 12:00:05 GMT", 5 * time.Second, true}, // RFC 850
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestScrub(t *testing.T) {
	key := fakekey.New("scrub")
	mixed := []byte(key)
	for i := 0; i < len(mixed); i += 2 {
		mixed[i] = strings.ToUpper(string(mixed[i]))[0]
	}
	tests := []struct{ in, want string }{
		{"", ""},
		{"nothing here", "nothing here"},
		{"a " + key + " b " + key, "a [key] b [key]"},
		{strings.ToUpper(key) + "!", "[key]!"},
		{string(mixed), "[key]"},
		{"é" + key + "é", "é[key]é"},
		{key[:20], key[:20]},
	}
	for _, tt := range tests {
		if got := scrub(tt.in, key); got != tt.want {
			t.Errorf("scrub(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzRetryAfter checks that no Retry-After value panics the parser or
// yields a negative or unbounded wait.
func FuzzRetryAfter(f *testing.F) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, s := range []string{"", "0", " 7 ", "-1", "1.5", "soon", "99999999999999999", "-99999999999999999",
		"Fri, 01 May 2026 12:01:30 GMT", "Friday, 01-May-26 12:00:05 GMT", "Fri May  1 12:00:05 2026",
		"Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT", "+5", "\x00", "1e9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		d, ok := retryAfter(v, now)
		if d < 0 || d > maxRetryAfterSeconds*time.Second {
			t.Fatalf("retryAfter(%q) = %v, outside [0, %v]", v, d, maxRetryAfterSeconds*time.Second)
		}
		if !ok && d != 0 {
			t.Fatalf("retryAfter(%q) = %v, false; want 0 when not ok", v, d)
		}
	})
}
