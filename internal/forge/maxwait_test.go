package forge_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/forge"
)

// TestRateLimitMessageNamesMaxWait: the error of a wait too long names the
// client's own maximum wait, not the default one.
func TestRateLimitMessageNamesMaxWait(t *testing.T) {
	for _, tc := range []struct {
		max  time.Duration
		want string
	}{
		{0, "longer than the 1m0s cambscan waits"},
		{10 * time.Second, "longer than the 10s cambscan waits"},
		{5 * time.Minute, "longer than the 5m0s cambscan waits"},
	} {
		f := githubFake(t)
		f.Limit = func(page, n int) (int, http.Header) {
			return http.StatusTooManyRequests, http.Header{"Retry-After": {"3600"}}
		}
		clk := &clock{now: time.Unix(1_700_000_000, 0)}
		c, err := forge.New(f.Kind, forge.Options{APIURL: f.APIURL(), MaxWait: tc.max, Now: clk.Now, Sleep: clk.Sleep})
		if err != nil {
			t.Fatal(err)
		}
		_, err = list(t, c, "org", "acme")
		var rl *forge.RateLimitError
		if !errors.As(err, &rl) {
			t.Fatalf("max %v: err = %v, want a RateLimitError", tc.max, err)
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("max %v: message %q, want it to say %q", tc.max, err, tc.want)
		}
	}
}
