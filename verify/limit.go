package verify

import (
	"context"
	"sync"
	"time"
)

// A limiter spaces the starts of requests without a goroutine of its own:
// each caller reserves the next start time under a mutex and sleeps until
// it. It is safe for concurrent use; the zero value has no spacing.
type limiter struct {
	mu      sync.Mutex
	spacing time.Duration
	next    time.Time // the earliest start of the next request
}

// wait reserves a start time and sleeps until it or until ctx ends. A
// cancelled wait still uses up its slot, which only errs on the polite side.
func (l *limiter) wait(ctx context.Context) error {
	l.mu.Lock()
	now := time.Now()
	start := l.next
	if start.Before(now) {
		start = now
	}
	l.next = start.Add(l.spacing)
	l.mu.Unlock()
	return sleep(ctx, start.Sub(now))
}

// delay holds every start for at least d from now (a 429's Retry-After).
func (l *limiter) delay(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := time.Now().Add(d); until.After(l.next) {
		l.next = until
	}
}

// sleep waits for d or until ctx ends, and returns ctx's error then.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
