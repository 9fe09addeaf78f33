package scanner

import (
	"context"
	"sync"
)

// minMemoryBudget is the least memory budget for in-flight chunks, and
// the budget is at least twice the size cap (see Options.MemoryBudget).
const minMemoryBudget = 64 << 20

// A byteSem is a weighted semaphore counted in bytes. Waiters are served
// first come, first served, so a large request is not starved by a stream
// of small ones. A request larger than the whole size is clamped to it: it
// waits until everything else is released.
type byteSem struct {
	mu      sync.Mutex
	size    int64
	used    int64
	peak    int64 // the highest used, for tests
	waiters []*semWaiter
}

type semWaiter struct {
	n     int64
	ready chan struct{}
}

func newByteSem(size int64) *byteSem { return &byteSem{size: size} }

func (s *byteSem) clamp(n int64) int64 { return max(0, min(n, s.size)) }

// tryAcquire takes n bytes if they are free and nobody waits.
func (s *byteSem) tryAcquire(n int64) bool {
	n = s.clamp(n)
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.waiters) > 0 || s.used+n > s.size {
		return false
	}
	s.take(n)
	return true
}

// acquire takes n bytes, waiting for them; it fails only when ctx is done.
func (s *byteSem) acquire(ctx context.Context, n int64) error {
	if s.tryAcquire(n) {
		return nil
	}
	n = s.clamp(n)
	s.mu.Lock()
	if len(s.waiters) == 0 && s.used+n <= s.size {
		s.take(n)
		s.mu.Unlock()
		return nil
	}
	w := &semWaiter{n: n, ready: make(chan struct{})}
	s.waiters = append(s.waiters, w)
	s.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-w.ready:
		// Granted while cancelled: give it back.
		s.used -= n
	default:
		for i, x := range s.waiters {
			if x == w {
				s.waiters = append(s.waiters[:i], s.waiters[i+1:]...)
				break
			}
		}
	}
	s.wake()
	return ctx.Err()
}

// release gives back n bytes taken by acquire or tryAcquire.
func (s *byteSem) release(n int64) {
	n = s.clamp(n)
	if n == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.used -= n
	s.wake()
}

func (s *byteSem) take(n int64) {
	s.used += n
	s.peak = max(s.peak, s.used)
}

// wake grants the waiters at the head of the queue that now fit.
func (s *byteSem) wake() {
	for len(s.waiters) > 0 {
		w := s.waiters[0]
		if s.used+w.n > s.size {
			return
		}
		s.take(w.n)
		close(w.ready)
		s.waiters = s.waiters[1:]
	}
}
