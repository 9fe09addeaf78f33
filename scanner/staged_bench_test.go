package scanner

import (
	"context"
	"os"
	"testing"
)

// BenchmarkStagedRepo runs a staged scan of the repository named by
// CAMBSCAN_BENCH_REPO (scripts/bench-staged.sh generates some), in-process,
// so that the process start and the rule compilation are left out.
func BenchmarkStagedRepo(b *testing.B) {
	dir := os.Getenv("CAMBSCAN_BENCH_REPO")
	if dir == "" {
		b.Skip("set CAMBSCAN_BENCH_REPO to a repository with a staged change")
	}
	opts := Options{}
	for b.Loop() {
		if _, err := Run(context.Background(), []Source{NewStagedSource(dir, StagedOptions{})}, opts); err != nil {
			b.Fatal(err)
		}
	}
}
