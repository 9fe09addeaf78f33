//go:build unix

package rules

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkMatchCPU is BenchmarkMatch's match half measured in CPU time
// as well as wall time: on a shared machine wall time varies several-fold
// between runs of the same binary, CPU time far less. Run it on one
// thread, so that the process's CPU time is the benchmark's:
//
//	go test ./rules -run '^$' -bench MatchCPU -cpu 1 -benchtime 20x
func BenchmarkMatchCPU(b *testing.B) {
	set := New()
	for _, s := range matchSets(b) {
		size := s.size()
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			c0 := cpuTime()
			for b.Loop() {
				for _, f := range s.files {
					set.Match(f)
				}
			}
			cpu := cpuTime() - c0
			if cpu > 0 {
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
				b.ReportMetric(float64(size)*float64(b.N)/cpu.Seconds()/1e6, "cpu-MB/s")
			}
		})
	}
}
