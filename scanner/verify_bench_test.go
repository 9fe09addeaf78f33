package scanner_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/verify"
)

// BenchmarkVerify probes 1 000 unique keys (each in two findings) against a
// loopback fake CAMB API that answers after 50 ms, with the default
// concurrency of 4. The throughput bound is min(concurrency / latency,
// 1 / spacing): 80 probes/s without spacing, 20/s with the default 50 ms.
// Run it with -benchtime 1x (scripts/bench-verify.sh): one iteration is the
// whole run, and a fresh Client per iteration keeps the cache cold.
func BenchmarkVerify(b *testing.B) {
	const (
		nKeys       = 1000
		latency     = 50 * time.Millisecond
		concurrency = 4
	)
	keys := fakekey.N("bench-verify", nKeys)
	for _, spacing := range []time.Duration{verify.DefaultMinSpacing, 10 * time.Millisecond, -1} {
		name, bound := "spacing=none", float64(concurrency)/latency.Seconds()
		if spacing > 0 {
			name, bound = "spacing="+spacing.String(), min(bound, 1/spacing.Seconds())
		}
		b.Run(name, func(b *testing.B) {
			f := &fakeCAMB{live: map[string]bool{keys[0]: true}, latency: latency}
			srv := httptest.NewServer(f)
			defer srv.Close()
			var wall time.Duration
			for b.Loop() {
				c, err := verify.New(verify.Options{BaseURL: srv.URL + "/apis", MinSpacing: spacing})
				if err != nil {
					b.Fatal(err)
				}
				fs := findingsFor(keys, 2)
				start := time.Now()
				scanner.Verify(context.Background(), fs, c, concurrency, nil)
				wall += time.Since(start)
			}
			probes := float64(f.total.Load())
			if want := int64(nKeys * b.N); f.total.Load() != want {
				b.Fatalf("%d probes, want %d", f.total.Load(), want)
			}
			if f.maxSeen > concurrency {
				b.Fatalf("%d probes in flight, limit %d", f.maxSeen, concurrency)
			}
			b.ReportMetric(wall.Seconds()/float64(b.N), "wall-s/op")
			b.ReportMetric(probes/wall.Seconds(), "probes/s")
			b.ReportMetric(bound, "bound-probes/s")
			b.ReportMetric(float64(f.maxSeen), "max-in-flight")
		})
	}
}
