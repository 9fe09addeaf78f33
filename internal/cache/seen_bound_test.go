package cache

import (
	"fmt"
	"testing"
)

// held returns the bytes of segment ids s holds in memory and the number
// of segment files it holds open, counted from its segments themselves.
func (s *Seen) held() (bytes int64, files int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, g := range s.segs {
		bytes += int64(cap(g.data))
		if g.f != nil {
			files++
		}
	}
	return bytes, files
}

// TestSeenMemoryBounded: a first run over a fleet adds a segment per
// repository; what the store holds in memory stays within its budget
// (the rest is looked up on disk) and its open files stay few (segments
// merged away are let go), whatever the number of repositories, and every
// id added stays known.
func TestSeenMemoryBounded(t *testing.T) {
	const repos, perRepo = 60, 100
	dir := t.TempDir()
	s := openSeen(t, dir)
	s.budget = 5 * perRepo * IDLen // five repositories' worth
	// Lookups run meanwhile, as the scan of the next repository does.
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		probe := ids("repo 0", perRepo)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			s.Has(probe[i%perRepo])
		}
	}()
	sawFiles := false
	for i := range repos {
		if err := s.Add(t.Context(), ids(fmt.Sprint("repo ", i), perRepo)); err != nil {
			t.Fatal(err)
		}
		bytes, files := s.held()
		if bytes > s.budget {
			t.Fatalf("after %d repositories: %d bytes of ids in memory, over the budget of %d", i+1, bytes, s.budget)
		}
		sawFiles = sawFiles || files > 0
		if files > maxSegments+1 {
			t.Fatalf("after %d repositories: %d segment files open", i+1, files)
		}
		if len(s.bloom)*8 > bloomMaxBits/8 {
			t.Fatalf("the filter grew to %d bytes", len(s.bloom)*8)
		}
	}
	close(stop)
	<-done
	if !sawFiles {
		t.Error("no segment was read from its file: the budget was never reached")
	}
	if s.Added() != repos*perRepo {
		t.Errorf("Added = %d, want %d", s.Added(), repos*perRepo)
	}
	fresh := openSeen(t, dir)
	fresh.budget = s.budget
	for _, st := range []*Seen{s, fresh} {
		for i := range repos {
			for _, id := range ids(fmt.Sprint("repo ", i), perRepo) {
				if !st.Has(id) {
					t.Fatalf("an id of repository %d is missing", i)
				}
			}
		}
		for _, id := range ids("never", 1000) {
			if st.Has(id) {
				t.Fatal("an id never added is there")
			}
		}
	}
}
