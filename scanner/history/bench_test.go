package history

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/gengit"
	"github.com/cambscan/cambscan/scanner"
)

var (
	genOnce sync.Once
	genRepo *gengit.Repo
	genErr  error
)

// generated returns a repository built once per test binary: 400 commits
// of Go source replayed with branches, merges, renames and 9 planted keys.
func generated(t testing.TB) *gengit.Repo {
	t.Helper()
	needGit(t)
	genOnce.Do(func() {
		dir, err := os.MkdirTemp("", "cambscan-gengit-")
		if err != nil {
			genErr = err
			return
		}
		genRepo, genErr = gengit.Generate(context.Background(), filepath.Join(dir, "repo.git"), gengit.Options{Commits: 400, Files: 120, Keys: 9, Seed: 7})
	})
	if genErr != nil {
		t.Fatal(genErr)
	}
	return genRepo
}

func TestMain(m *testing.M) {
	code := m.Run()
	if genRepo != nil {
		os.RemoveAll(filepath.Dir(genRepo.Dir))
	}
	os.Exit(code)
}

// TestHistoryGenerated checks every planted key of a generated history:
// its path and the commit that introduced it.
func TestHistoryGenerated(t *testing.T) {
	repo := generated(t)
	res := scanGit(t, repo.Dir, Options{}, scanner.Options{})
	var want []brief
	for _, k := range repo.Keys {
		want = append(want, brief{Key: k.Key, Path: k.Path, Commit: k.Commit})
	}
	var got []brief
	for _, f := range res.Findings {
		got = append(got, brief{Key: f.Secret, Path: f.Path, Commit: f.Commit})
		if !f.Reachable || f.Occurrences < 1 {
			t.Errorf("%s: reachable %v, occurrences %d", f.Path, f.Reachable, f.Occurrences)
		}
	}
	sortBriefs(want)
	sortBriefs(got)
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n got %v\nwant %v", len(got), len(want), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d = %v, want %v", i, got[i], want[i])
		}
	}
	if len(res.Skipped) != 0 {
		t.Errorf("skipped: %v", res.Skipped)
	}
	// Only main: the keys of abandoned branches are not there.
	res = scanGit(t, repo.Dir, Options{Refs: []string{"main"}}, scanner.Options{})
	n := 0
	for _, k := range repo.Keys {
		if k.Merged {
			n++
		}
	}
	if len(res.Findings) != n {
		t.Errorf("--ref main: %d findings, want the %d merged keys", len(res.Findings), n)
	}
}

func sortBriefs(b []brief) {
	sort.Slice(b, func(i, j int) bool {
		if b[i].Key != b[j].Key {
			return b[i].Key < b[j].Key
		}
		return b[i].Path < b[j].Path
	})
}

// BenchmarkHistory scans a generated history through the whole pipeline
// (read, match, resolve). CAMBSCAN_BENCH_REPO points it at another
// repository.
func BenchmarkHistory(b *testing.B) {
	dir := os.Getenv("CAMBSCAN_BENCH_REPO")
	if dir == "" {
		dir = generated(b).Dir
	}
	var bytes int64
	for i := 0; i < b.N; i++ {
		src := NewSource(dir, Options{})
		res, err := scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{})
		src.(interface{ Close() error }).Close()
		if err != nil {
			b.Fatal(err)
		}
		bytes = res.Stats.Bytes
		b.ReportMetric(float64(len(res.Findings)), "findings")
	}
	b.SetBytes(bytes)
}

// BenchmarkCancelDuringClone measures how long a URL clone takes to return
// after its context ends: the promptness that Ctrl-C depends on, kept out of
// the tests because a loaded machine would make a time limit there flaky.
func BenchmarkCancelDuringClone(b *testing.B) {
	repo := generated(b)
	b.Setenv("TMPDIR", b.TempDir())
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			scanner.Run(ctx, []scanner.Source{NewSource("file://"+repo.Dir, Options{})}, scanner.Options{})
			close(done)
		}()
		time.Sleep(20 * time.Millisecond)
		start := time.Now()
		cancel()
		<-done
		b.ReportMetric(float64(time.Since(start).Microseconds())/1000, "ms-to-return")
	}
}
