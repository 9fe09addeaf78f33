package staged

import (
	"context"
	"os"
	"testing"

	"github.com/cambscan/cambscan/scanner"
)

// BenchmarkStagedRepo runs a staged scan of the repository named by
// CAMBSCAN_BENCH_REPO (scripts/bench-staged.sh generates some), in-process,
// so that the process start and the rule compilation are left out.
func BenchmarkStagedRepo(b *testing.B) {
	dir := os.Getenv("CAMBSCAN_BENCH_REPO")
	if dir == "" {
		b.Skip("set CAMBSCAN_BENCH_REPO to a repository with a staged change")
	}
	opts := scanner.Options{}
	for b.Loop() {
		if _, err := scanner.Run(context.Background(), []scanner.Source{NewSource(dir, Options{})}, opts); err != nil {
			b.Fatal(err)
		}
	}
}
