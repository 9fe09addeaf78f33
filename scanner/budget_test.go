package scanner

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cambscan/cambscan/rules"
)

func TestByteSem(t *testing.T) {
	s := newByteSem(10)
	if !s.tryAcquire(6) || s.tryAcquire(5) {
		t.Fatal("tryAcquire past the size")
	}
	// A request larger than the size is clamped: it waits for everything.
	got := make(chan int64, 3)
	go func() {
		s.acquire(context.Background(), 100)
		got <- 100
	}()
	waitFor(t, func() bool { s.mu.Lock(); defer s.mu.Unlock(); return len(s.waiters) == 1 })
	// First come, first served: a small request queues behind it.
	go func() {
		s.acquire(context.Background(), 1)
		got <- 1
	}()
	waitFor(t, func() bool { s.mu.Lock(); defer s.mu.Unlock(); return len(s.waiters) == 2 })
	if s.tryAcquire(1) {
		t.Fatal("tryAcquire jumped the queue")
	}
	s.release(6)
	if v := <-got; v != 100 {
		t.Fatalf("granted %d first", v)
	}
	s.release(100)
	if v := <-got; v != 1 {
		t.Fatalf("granted %d", v)
	}
	// A cancelled waiter leaves the queue and takes nothing.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.acquire(ctx, 10) }()
	waitFor(t, func() bool { s.mu.Lock(); defer s.mu.Unlock(); return len(s.waiters) == 1 })
	cancel()
	if err := <-done; err == nil {
		t.Fatal("cancelled acquire succeeded")
	}
	s.release(1)
	if s.used != 0 || len(s.waiters) != 0 || s.peak != 10 {
		t.Errorf("used %d waiters %d peak %d", s.used, len(s.waiters), s.peak)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for start := time.Now(); !cond(); time.Sleep(time.Millisecond) {
		if time.Since(start) > 30*time.Second { // a hang guard
			t.Fatal("condition never held")
		}
	}
}

// budgetSource yields n cap-sized chunks, read by the engine (Open) or
// handed over in memory (Data), and records how many Open calls run at
// once.
type budgetSource struct {
	n, size       int
	data          bool
	open, maxOpen atomic.Int64
	mu            sync.Mutex
}

func (b *budgetSource) Target() string { return "budget" }

func (b *budgetSource) Chunks(ctx context.Context, yield func(Chunk) error) error {
	text := bytes.Repeat([]byte("abcdefg\n"), b.size/8)
	for i := range b.n {
		c := Chunk{Origin: Origin{Path: fmt.Sprint(i)}}
		if b.data {
			c.Data = bytes.Clone(text)
			c.Size = int64(len(text))
		} else {
			c.Open = func(buf []byte, limit int64) ([]byte, error) {
				n := b.open.Add(1)
				defer b.open.Add(-1)
				b.mu.Lock()
				b.maxOpen.Store(max(b.maxOpen.Load(), n))
				b.mu.Unlock()
				time.Sleep(time.Millisecond) // let the others pile up
				return append(buf[:0], text...), nil
			}
		}
		if err := yield(c); err != nil {
			return err
		}
	}
	return nil
}

// TestMemoryBudget: with -j 256 and cap-sized chunks, the bytes in flight
// stay within the budget's lanes, however many workers there are.
func TestMemoryBudget(t *testing.T) {
	const capSize = 4 << 20
	for _, data := range []bool{false, true} {
		src := &budgetSource{n: 48, size: capSize, data: data}
		opts := Options{Jobs: 256, MaxFileSize: capSize, Rules: rules.New()}
		lim := &limits{data: newByteSem(8 << 20), read: newByteSem(8 << 20), archives: make(chan struct{}, archiveSlots)}
		res := &Result{}
		if err := runSource(context.Background(), src, &opts, lim, res, nil); err != nil {
			t.Fatal(err)
		}
		if res.Stats.Files != 48 {
			t.Errorf("data %v: %d files scanned", data, res.Stats.Files)
		}
		if p := max(lim.data.peak, lim.read.peak); p > 8<<20 {
			t.Errorf("data %v: %d bytes in flight", data, p)
		}
		if data && lim.data.peak < capSize || !data && lim.read.peak < capSize {
			t.Errorf("data %v: the budget was never used (peaks %d, %d)", data, lim.data.peak, lim.read.peak)
		}
		if m := src.maxOpen.Load(); m > 2 {
			t.Errorf("%d cap-sized reads at once in 8 MiB", m)
		}
	}
}
