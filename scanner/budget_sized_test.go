package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cambscan/cambscan/rules"
)

// sizedSource yields n chunks of size bytes read through OpenSized, whose
// size the engine does not know before the read (as the files source's
// walk, which does not lstat), and records how many reads hold the
// budget at once. The first reads wait (up to a hang guard) until want of
// them run together, so a budget that lets fewer through shows.
type sizedSource struct {
	n, size, want int
	deadline      time.Time
	open, maxOpen atomic.Int64
	reached       atomic.Bool
	reserveErr    error
}

func (s *sizedSource) Target() string { return "sized" }

func (s *sizedSource) Chunks(ctx context.Context, yield func(Chunk) error) error {
	text := bytes.Repeat([]byte("abcdefg\n"), s.size/8)
	for i := range s.n {
		c := Chunk{Origin: Origin{Path: fmt.Sprint(i)}}
		c.OpenSized = func(buf []byte, limit int64, reserve func(int64) error) ([]byte, error) {
			if err := reserve(int64(len(text))); err != nil {
				s.reserveErr = err
				return nil, err
			}
			n := s.open.Add(1)
			defer s.open.Add(-1)
			for m := s.maxOpen.Load(); n > m && !s.maxOpen.CompareAndSwap(m, n); m = s.maxOpen.Load() {
			}
			if n >= int64(s.want) {
				s.reached.Store(true)
			}
			for !s.reached.Load() && time.Now().Before(s.deadline) {
				time.Sleep(time.Millisecond)
			}
			return append(buf[:0], text...), nil
		}
		if err := yield(c); err != nil {
			return err
		}
	}
	return nil
}

// TestReadBudgetBySize: a chunk read through OpenSized holds the read
// budget for the size its reader found, not for the cap, so small files
// under the default 10 MiB cap are read many at once (holding the cap
// before the fstat let 3 run in the default 32 MiB read lane).
func TestReadBudgetBySize(t *testing.T) {
	const capSize, size, jobs = 10 << 20, 4 << 10, 8
	src := &sizedSource{n: 16 * 4 * jobs, size: size, want: 6, deadline: time.Now().Add(20 * time.Second)}
	opts := Options{Jobs: jobs, MaxFileSize: capSize, Rules: rules.New()}
	lim := &limits{data: newByteSem(32 << 20), read: newByteSem(32 << 20), archives: make(chan struct{}, archiveSlots)}
	res := &Result{}
	if err := runSource(context.Background(), src, &opts, lim, res, nil); err != nil {
		t.Fatal(err)
	}
	if res.Stats.Files != src.n || src.reserveErr != nil {
		t.Errorf("%d of %d files scanned (reserve: %v)", res.Stats.Files, src.n, src.reserveErr)
	}
	if lim.read.peak > jobs*size {
		t.Errorf("the read lane peaked at %d bytes for %d-byte files on %d workers: reserved the cap, not the size", lim.read.peak, size, jobs)
	}
	if lim.read.peak < size {
		t.Errorf("the read lane was never used (peak %d)", lim.read.peak)
	}
	if m := src.maxOpen.Load(); m < int64(src.want) {
		t.Errorf("at most %d reads at once, want %d", m, src.want)
	}
	if lim.read.used != 0 {
		t.Errorf("%d bytes of the read lane still held", lim.read.used)
	}
}

// TestReadBudgetSizedCancel: a read waiting for its reservation when the
// scan is cancelled fails with the context's error, and is recorded as
// cancelled, not unreadable.
func TestReadBudgetSizedCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	lim := &limits{data: newByteSem(1 << 20), read: newByteSem(1 << 20), archives: make(chan struct{}, archiveSlots)}
	if !lim.read.tryAcquire(1 << 20) { // the lane is full
		t.Fatal("tryAcquire")
	}
	r := &sourceRun{ctx: ctx, opts: &Options{Rules: rules.New()}, lim: lim, maxSize: 1 << 20}
	var got error
	go func() {
		defer cancel()
		for start := time.Now(); time.Since(start) < 30*time.Second; time.Sleep(time.Millisecond) { // a hang guard
			lim.read.mu.Lock()
			n := len(lim.read.waiters)
			lim.read.mu.Unlock()
			if n == 1 {
				return
			}
		}
	}()
	out := r.matchChunk(Chunk{OpenSized: func(buf []byte, limit int64, reserve func(int64) error) ([]byte, error) {
		got = reserve(100)
		return nil, got
	}})
	if !errors.Is(got, context.Canceled) || out.skip == nil || out.skip.Class != SkipCancelled {
		t.Errorf("reserve: %v, skip %+v; want context.Canceled and a cancelled skip", got, out.skip)
	}
	if lim.read.used != 1<<20 {
		t.Errorf("the read lane holds %d bytes, want only the test's %d", lim.read.used, 1<<20)
	}
}
