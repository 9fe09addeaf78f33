package forge_test

import (
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/forge"
)

// Hostile rate-limit headers: a Retry-After or reset so large that the
// wait overflows a time.Duration is a wait too long to make, not a wait
// of no time at all (which retried at once until the retries ran out).
func TestRateLimitHugeValues(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	for name, h := range map[string]http.Header{
		"retry-after max int64": {"Retry-After": {"9223372036854775807"}},
		"retry-after 1e10":      {"Retry-After": {"10000000000"}},
		"reset far future":      {"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {strconv.FormatInt(1<<62, 10)}},
	} {
		t.Run(name, func(t *testing.T) {
			f := githubFake(t)
			f.Limit = func(page, n int) (int, http.Header) { return http.StatusTooManyRequests, h }
			clk := &clock{now: start}
			_, err := list(t, newClient(t, f, token, clk, nil), "org", "acme")
			var rl *forge.RateLimitError
			if !errors.As(err, &rl) {
				t.Fatalf("err = %v, want a RateLimitError", err)
			}
			if rl.Wait <= time.Hour || len(clk.waits) != 0 {
				t.Errorf("wait %v, slept %v", rl.Wait, clk.waits)
			}
			if n := len(f.Requests()); n != 1 {
				t.Errorf("%d requests, want 1 (no retry of a wait too long to make)", n)
			}
		})
	}
}
