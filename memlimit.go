package main

import (
	"context"
	"math"
	"runtime/debug"
)

// memoryBase is the soft memory limit of the process beyond what the
// content budgets allow (see memoryLimit).
const memoryBase = 192 << 20

// memoryLimit returns the soft memory limit for a scan whose effective
// --max-file-size is maxSize (the flag, else the repository config, else
// the default), or -1 to leave the runtime's (GOMEMLIMIT, when set, is the
// user's choice). The limit trims garbage-collector slack, not the live
// heap: the Go default lets the heap grow to twice what is live, which on
// a history scan of an 82 000-commit repository was the difference between
// a 70 MB live heap and 150 MiB resident. It is 192 MiB plus 8x maxSize,
// the content the engine may hold live by design (2x for chunks in flight,
// up to 6x for archive members), so a run whose live heap is legitimately
// large is not made to collect without end: a limit under the live heap
// only burns CPU.
func memoryLimit(maxSize int64, getenv env) int64 {
	if getenv("GOMEMLIMIT") != "" {
		return -1
	}
	if maxSize < 0 {
		maxSize = 0
	}
	if maxSize > (math.MaxInt64-memoryBase)/8 {
		return math.MaxInt64
	}
	return memoryBase + 8*maxSize
}

// memoryLimiterKey is the context key of the function that sets the
// process's soft memory limit.
type memoryLimiterKey struct{}

// withMemoryLimiter returns ctx carrying set, which the scan commands call
// once their flags and repository config are resolved (limitMemory). The
// process passes debug.SetMemoryLimit; in-process tests pass none, so a
// test never changes the limit of the test binary, or a recorder.
func withMemoryLimiter(ctx context.Context, set func(int64)) context.Context {
	return context.WithValue(ctx, memoryLimiterKey{}, set)
}

// limitMemory sets the soft memory limit for a scan whose effective
// --max-file-size is maxSize, when ctx carries a limiter.
func limitMemory(ctx context.Context, maxSize int64, getenv env) {
	set, _ := ctx.Value(memoryLimiterKey{}).(func(int64))
	if set == nil {
		return
	}
	if n := memoryLimit(maxSize, getenv); n > 0 {
		set(n)
	}
}

// setProcessMemoryLimit is the process's limiter.
func setProcessMemoryLimit(n int64) { debug.SetMemoryLimit(n) }
