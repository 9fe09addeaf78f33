package main

import (
	"io"
	"os"
	"testing"
	"time"
)

// TestWaitRun checks the decisions of waitRun without a process: the
// run's own code wins while it finishes, a second signal or the watchdog
// gives 130 without it.
func TestWaitRun(t *testing.T) {
	const long = time.Hour
	t.Run("finished", func(t *testing.T) {
		done := make(chan int, 1)
		done <- 1
		if code := waitRun(done, nil, func() {}, long, io.Discard); code != 1 {
			t.Fatalf("code %d, want 1", code)
		}
	})
	t.Run("one signal, run stops", func(t *testing.T) {
		done, sigs := make(chan int, 1), make(chan os.Signal, 2)
		sigs <- os.Interrupt
		cancelled := false
		cancel := func() { cancelled = true; done <- 130 }
		if code := waitRun(done, sigs, cancel, long, io.Discard); code != 130 || !cancelled {
			t.Fatalf("code %d, cancelled %v; want 130, true", code, cancelled)
		}
	})
	t.Run("two signals", func(t *testing.T) {
		done, sigs := make(chan int), make(chan os.Signal, 2)
		sigs <- os.Interrupt
		sigs <- os.Interrupt
		if code := waitRun(done, sigs, func() {}, long, io.Discard); code != 130 {
			t.Fatalf("code %d, want 130", code)
		}
	})
	t.Run("watchdog", func(t *testing.T) {
		done, sigs := make(chan int), make(chan os.Signal, 2)
		sigs <- os.Interrupt
		if code := waitRun(done, sigs, func() {}, time.Millisecond, io.Discard); code != 130 {
			t.Fatalf("code %d, want 130", code)
		}
	})
}
