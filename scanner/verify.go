package scanner

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/sourcegraph/conc/pool"

	"github.com/cambscan/cambscan/verify"
)

// A Checker probes one key. *verify.Client is the real one; it must be safe
// for concurrent use.
type Checker interface {
	Check(ctx context.Context, key string) verify.Result
}

// verifyProgressMin is the number of unique keys from which Verify prints
// progress: below it the probes take about a second at the default spacing.
const verifyProgressMin = 20

// verifyProgressEvery is the least time between two progress lines.
const verifyProgressEvery = 200 * time.Millisecond

// Verify probes each unique key of findings once, with at most concurrency
// probes in flight (conc pool; the Checker adds its own spacing), and sets
// every finding's Verification: the findings of one key share one
// *verify.Result. A key that carries 1 000 findings costs one probe.
//
// When ctx ends, the keys not yet probed get an Unknown result that says so,
// and Verify returns once the probes in flight have returned (the Checker
// honours ctx). When progress is not nil and there are at least 20 unique
// keys, a "verified N/M keys" line is rewritten on it with \r; it never
// holds a key.
func Verify(ctx context.Context, findings []Finding, c Checker, concurrency int, progress io.Writer) {
	if c == nil || len(findings) == 0 {
		return
	}
	if concurrency < 1 {
		concurrency = 1
	}
	// Unique keys in order of first appearance, and each finding's index
	// into them.
	index := make(map[string]int)
	var keys []string
	of := make([]int, len(findings))
	for i := range findings {
		k := findings[i].Secret
		j, ok := index[k]
		if !ok {
			j = len(keys)
			index[k] = j
			keys = append(keys, k)
		}
		of[i] = j
	}

	results := make([]verify.Result, len(keys))
	probed := make([]bool, len(keys))
	var prog *verifyProgress
	if progress != nil && len(keys) >= verifyProgressMin {
		prog = &verifyProgress{w: progress, total: len(keys)}
	}
	p := pool.New().WithMaxGoroutines(concurrency)
	for j, k := range keys {
		if ctx.Err() != nil {
			break
		}
		// Go blocks while concurrency probes are in flight; each task
		// writes only its own slots, and Wait orders those writes before
		// the reads below.
		p.Go(func() {
			if ctx.Err() != nil {
				return // cancelled while waiting for a slot
			}
			results[j] = c.Check(ctx, k)
			probed[j] = true
			if prog != nil {
				prog.done()
			}
		})
	}
	p.Wait()
	if prog != nil {
		prog.finish()
	}

	now := time.Now().UTC()
	for j := range results {
		if !probed[j] {
			results[j] = verify.Result{Status: verify.Unknown, Reason: "not checked: the run was interrupted", CheckedAt: now}
		}
	}
	for i := range findings {
		findings[i].Verification = &results[of[i]]
	}
}

// verifyProgress prints "verified N/M keys" from the pool's goroutines, at
// most every verifyProgressEvery.
type verifyProgress struct {
	w       io.Writer
	total   int
	mu      sync.Mutex
	n       int
	last    time.Time
	printed bool
}

func (p *verifyProgress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	if now := time.Now(); p.n == p.total || now.Sub(p.last) >= verifyProgressEvery {
		p.last = now
		p.printed = true
		fmt.Fprintf(p.w, "\r\033[Kverified %d/%d keys", p.n, p.total)
	}
}

// finish clears the progress line, as the scan's progress does.
func (p *verifyProgress) finish() {
	if p.printed {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
