package scanner

import (
	"context"
	"io"

	"github.com/cambscan/cambscan/verify"
)

// STUB: the liveness work replaces this file.

// A Checker probes one key.
type Checker interface {
	Check(ctx context.Context, key string) verify.Result
}

// Verify probes each unique key of findings once, at most concurrency at a
// time, and sets every finding's Verification.
func Verify(ctx context.Context, findings []Finding, c Checker, concurrency int, progress io.Writer) {
	cache := map[string]*verify.Result{}
	for i := range findings {
		k := findings[i].Secret
		r, ok := cache[k]
		if !ok {
			v := c.Check(ctx, k)
			r = &v
			cache[k] = r
		}
		findings[i].Verification = r
	}
}
