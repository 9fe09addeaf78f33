package main

import (
	"math"
	"runtime/debug"
	"strings"

	"github.com/cambscan/cambscan/scanner"
)

// memoryBase is the soft memory limit of the process beyond what the
// content budgets allow (see memoryLimit).
const memoryBase = 192 << 20

// memoryLimit returns the soft memory limit for a run with args, or -1 to
// leave the runtime's (GOMEMLIMIT, when set, is the user's choice). The
// limit trims garbage-collector slack, not the live heap: the Go default
// lets the heap grow to twice what is live, which on a history scan of an
// 82 000-commit repository was the difference between a 70 MB live heap and
// 150 MiB resident. It is 192 MiB plus 8x --max-file-size, the content
// the engine may hold live by design (2x for chunks in flight, up to 6x
// for archive members), so a run whose live heap is legitimately large is
// not made to collect without end: a limit under the live heap only burns
// CPU. --max-file-size is read from args best effort (a value the flag
// parser will refuse leaves the default).
func memoryLimit(args []string, getenv func(string) string) int64 {
	if getenv("GOMEMLIMIT") != "" {
		return -1
	}
	size := int64(scanner.DefaultMaxFileSize)
	for i, a := range args {
		if a == "--" {
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "max-file-size" {
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				break
			}
			val = args[i+1]
		}
		if n, err := parseSize(val); err == nil {
			size = n
		}
	}
	if size > (math.MaxInt64-memoryBase)/8 {
		return math.MaxInt64
	}
	return memoryBase + 8*size
}

// setMemoryLimit applies memoryLimit to the process.
func setMemoryLimit(args []string, getenv func(string) string) {
	if n := memoryLimit(args, getenv); n > 0 {
		debug.SetMemoryLimit(n)
	}
}
