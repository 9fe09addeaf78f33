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
