package rules

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// TestPropagateDeterministic checks that a text with more used names than
// propagate looks up gives the same findings on every call: the names are
// looked up in a fixed order, not in map order.
func TestPropagateDeterministic(t *testing.T) {
	keys := fakekey.N("flow-order", 24)
	var b strings.Builder
	for i, k := range keys {
		fmt.Fprintf(&b, "w%02d_secret = %q\nval%02d = w%02d_secret\n", i, k, i, i)
	}
	for i := range keys {
		fmt.Fprintf(&b, "requests.get(u, headers={\"x-api-key\": val%02d})\n", i)
	}
	text := []byte(b.String())
	set := New()
	first := set.Match(text)
	if len(first) == 0 || len(first) == len(keys) {
		t.Fatalf("%d findings: the text should find some keys and hit the lookup budget", len(first))
	}
	for range 30 {
		if got := set.Match(text); !reflect.DeepEqual(got, first) {
			t.Fatalf("findings vary between calls: %d, then %d", len(first), len(got))
		}
	}
}
