package cache

import (
	"crypto/sha1"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// ids returns n distinct ids derived from tag.
func ids(tag string, n int) []ID {
	out := make([]ID, n)
	for i := range out {
		out[i] = sha1.Sum([]byte(fmt.Sprintf("%s %d", tag, i)))
	}
	return out
}

func openSeen(t *testing.T, dir string) *Seen {
	t.Helper()
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Seen("rules-test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func segments(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "blobs", "rules-test", "seg-*.ids"))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestSeenAddHas(t *testing.T) {
	dir := t.TempDir()
	s := openSeen(t, dir)
	in, out := ids("in", 1000), ids("out", 1000)
	batch := append([]ID(nil), in...)
	batch = append(batch, in[:10]...) // duplicates are stored once
	if err := s.Add(t.Context(), batch); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	if s.Added() != 1000 {
		t.Errorf("Added = %d, want 1000", s.Added())
	}
	check := func(s *Seen, when string) {
		for _, id := range in {
			if !s.Has(id) {
				t.Fatalf("%s: an added id is missing", when)
			}
		}
		for _, id := range out {
			if s.Has(id) {
				t.Fatalf("%s: an id never added is there", when)
			}
		}
	}
	check(s, "same process")
	check(openSeen(t, dir), "reopened")
	if fi, err := os.Stat(segments(t, dir)[0]); err != nil || fi.Size() != 1000*IDLen {
		t.Errorf("segment: %v, %v; want %d bytes", fi, err, 1000*IDLen)
	}

	// Another rules version sees none of them.
	c, _ := Open(dir)
	other, err := c.Seen("rules-other")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if other.Has(in[0]) {
		t.Error("another rules version's store has the id")
	}
	for _, bad := range []string{"", "../x", `a\b`, "a:b", ".hidden"} {
		if _, err := c.Seen(bad); err == nil {
			t.Errorf("Seen(%q) accepted", bad)
		}
	}
}

// TestSeenMerge: past maxSegments segments the next Add merges them all
// into one, and every id stays known, to this process and a new one.
func TestSeenMerge(t *testing.T) {
	dir := t.TempDir()
	s := openSeen(t, dir)
	var all []ID
	for i := range maxSegments + 4 {
		batch := ids(fmt.Sprint("batch ", i), 50)
		batch = append(batch, ids("shared", 5)...) // in every batch
		all = append(all, batch...)
		if err := s.Add(t.Context(), batch); err != nil {
			t.Fatal(err)
		}
	}
	// The 17th Add merged 17 into 1; three more came after it.
	if n := len(segments(t, dir)); n != 4 {
		t.Errorf("%d segments after %d adds, want 4", n, maxSegments+4)
	}
	var total int64
	for _, n := range segments(t, dir) {
		fi, _ := os.Stat(n)
		total += fi.Size()
	}
	// The merged one holds each id once; the three after it hold the
	// shared ids again.
	if want := int64((maxSegments+1)*50+5+3*55) * IDLen; total != want {
		t.Errorf("segments hold %d bytes, want %d", total, want)
	}
	for _, s := range []*Seen{s, openSeen(t, dir)} {
		for _, id := range all {
			if !s.Has(id) {
				t.Fatal("an id was lost in the merge")
			}
		}
	}
}

// TestSeenConcurrentAdds: two stores on one directory (two runs) adding
// at once, through a merge, lose nothing.
func TestSeenConcurrentAdds(t *testing.T) {
	dir := t.TempDir()
	a, b := openSeen(t, dir), openSeen(t, dir)
	var wg sync.WaitGroup
	for k, s := range []*Seen{a, b} {
		wg.Go(func() {
			for i := range maxSegments {
				if err := s.Add(t.Context(), ids(fmt.Sprint(k, " ", i), 20)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	fresh := openSeen(t, dir)
	for k := range 2 {
		for i := range maxSegments {
			for _, id := range ids(fmt.Sprint(k, " ", i), 20) {
				if !fresh.Has(id) {
					t.Fatalf("id of run %d batch %d lost", k, i)
				}
			}
		}
	}
}

// TestSeenDamagedSegments: a segment cut short, zero-filled or out of
// order is not trusted (fail-safe: its blobs are read again), and the
// next merge removes it instead of folding its ids in.
func TestSeenDamagedSegments(t *testing.T) {
	dir := t.TempDir()
	good := ids("good", 30)
	s := openSeen(t, dir)
	if err := s.Add(t.Context(), append([]ID(nil), good...)); err != nil {
		t.Fatal(err)
	}
	s.Close()

	victims := ids("victim", 3)
	seg := filepath.Join(dir, "blobs", "rules-test")
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(seg, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	lo, hi := victims[0], victims[1]
	if string(lo[:]) > string(hi[:]) {
		lo, hi = hi, lo
	}
	write("seg-truncated.ids", append(append([]byte(nil), lo[:]...), hi[:7]...))          // 27 bytes
	write("seg-zeros.ids", make([]byte, 3*IDLen))                                         // a crash artefact
	write("seg-unsorted.ids", append(append([]byte(nil), hi[:]...), lo[:]...))            // descending
	write("seg-dup.ids", append(append([]byte(nil), victims[2][:]...), victims[2][:]...)) // repeated

	s = openSeen(t, dir)
	for _, id := range victims {
		if s.Has(id) {
			t.Error("an id of a damaged segment is trusted")
		}
	}
	if s.Has(ID{}) {
		t.Error("the zero id of a zero-filled segment is trusted")
	}
	for _, id := range good {
		if !s.Has(id) {
			t.Fatal("a good id was lost")
		}
	}

	// Enough adds to merge: the damaged segments are removed, not merged.
	for i := range maxSegments {
		if err := s.Add(t.Context(), ids(fmt.Sprint("more ", i), 3)); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"seg-truncated.ids", "seg-zeros.ids", "seg-unsorted.ids", "seg-dup.ids"} {
		if _, err := os.Stat(filepath.Join(seg, n)); !os.IsNotExist(err) {
			t.Errorf("%s survived the merge: %v", n, err)
		}
	}
	if n := len(segments(t, dir)); n != 1 {
		t.Errorf("%d segments after the merge, want 1", n)
	}
	fresh := openSeen(t, dir)
	for _, id := range victims {
		if fresh.Has(id) {
			t.Error("an id of a damaged segment was merged in")
		}
	}
	if fresh.Has(ID{}) {
		t.Error("the zero id was merged in")
	}
	for _, id := range good {
		if !fresh.Has(id) {
			t.Fatal("a good id was lost in the merge")
		}
	}
}
