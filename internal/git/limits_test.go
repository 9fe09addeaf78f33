package git

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// walkAll walks every object of kinds in the store's first pack and
// returns what Emit and Skip got, by id.
func walkAll(t *testing.T, s *Store, kinds uint8, opts WalkOptions) (emitted map[ID]int, skipped map[ID]skipRec) {
	t.Helper()
	p := s.Packs()[0]
	f := BuildForest(p)
	f.Mark(kinds, nil)
	opts.Kinds = kinds
	emitted, skipped = map[ID]int{}, map[ID]skipRec{}
	var mu sync.Mutex
	s.Walk(context.Background(), f, opts, func(int) Visitor {
		return Visitor{
			Emit: func(r int32, _ uint8, data []byte) {
				mu.Lock()
				emitted[p.IDAt(int(r))] = len(data)
				mu.Unlock()
			},
			Skip: func(r int32, size int64, err error) {
				mu.Lock()
				skipped[p.IDAt(int(r))] = skipRec{size, err}
				mu.Unlock()
			},
		}
	})
	return emitted, skipped
}

type skipRec struct {
	size int64
	err  error
}

// TestTreeAndCommitCaps: a 12 MiB tree, commit and tag in a pack of a few
// dozen KiB are refused by their own caps, whatever the blob cap
// (--max-file-size) or the walk's MaxSize says, and nothing near their
// size is allocated.
func TestTreeAndCommitCaps(t *testing.T) {
	const bomb = 12 << 20
	p := newTestPack()
	p.zeros(testID(1), ObjTree, bomb)
	p.zeros(testID(2), ObjCommit, bomb)
	p.zeros(testID(3), ObjTag, bomb)
	p.whole(testID(4), ObjTree, []byte("100644 a\x00"+string(make([]byte, 20))))
	s := openTestStore(t, p.write(t))
	s.SetLimits(Limits{Blob: 1 << 30})
	n := allocated(func() {
		for i, want := range map[byte]int64{1: DefaultTreeLimit, 2: DefaultCommitLimit, 3: DefaultTagLimit} {
			_, _, err := s.Read(testID(i))
			var tl *TooLargeError
			if !errors.As(err, &tl) || tl.Size != bomb || tl.Limit != want {
				t.Errorf("read %d: err = %v, want too large (%d > %d)", i, err, bomb, want)
			}
			if _, _, err := s.ReadMax(testID(i), 1<<30); !errors.Is(err, ErrTooLarge) {
				t.Errorf("read max %d: err = %v, want too large", i, err)
			}
		}
		emitted, skipped := walkAll(t, s, 1<<ObjTree|1<<ObjCommit|1<<ObjTag, WalkOptions{MaxSize: 1 << 30, Workers: 2})
		if len(emitted) != 1 || emitted[testID(4)] == 0 {
			t.Errorf("emitted %v, want the small tree only", emitted)
		}
		for i := byte(1); i <= 3; i++ {
			if r := skipped[testID(i)]; r.size != bomb || !errors.Is(r.err, ErrTooLarge) {
				t.Errorf("walk skip %d = %+v, want too large with its size", i, r)
			}
		}
	})
	if n > 4<<20 {
		t.Errorf("reading three 12 MiB bombs allocated %d bytes", n)
	}
	// Loose too.
	dir := t.TempDir()
	name := writeLoose(t, dir, testID(9), "tree", bomb)
	if _, _, err := ReadLoose(name, -1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("loose tree bomb: err = %v", err)
	}
	if _, _, err := ReadLoose(name, 1<<30); !errors.Is(err, ErrTooLarge) {
		t.Errorf("loose tree bomb under a 1 GiB limit: err = %v", err)
	}
}

// writeLoose writes a loose object of size zero bytes under id in the
// objects directory dir.
func writeLoose(t *testing.T, dir string, id ID, typ string, size int64) string {
	t.Helper()
	h := id.String()
	name := filepath.Join(dir, h[:2], h[2:])
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	z, _ := zlib.NewWriterLevel(&b, zlib.BestSpeed)
	fmt.Fprintf(z, "%s %d\x00", typ, size)
	chunk := make([]byte, 1<<20)
	for n := size; n > 0; n -= int64(len(chunk)) {
		z.Write(chunk[:min(n, int64(len(chunk)))])
	}
	z.Close()
	if err := os.WriteFile(name, b.Bytes(), 0o444); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestDeltaBaseOverCap: a 16 MiB blob that small blobs are deltas of is
// not inflated under a 1 MiB cap: it is skipped as too large and its
// deltas as skipped for their base, each with its declared size, and the
// store refuses them the same way.
func TestDeltaBaseOverCap(t *testing.T) {
	const big = 16 << 20
	p := newTestPack()
	base := p.zeros(testID(0x10), ObjBlob, big)
	mid := p.ofsDelta(testID(0x11), base, delta(big, 100, copyOp(0, 100)))
	p.ofsDelta(testID(0x12), mid, delta(100, 50, copyOp(0, 50)))
	p.ofsDelta(testID(0x13), base, delta(big, 2<<20, copyOp(0, 0x10000), copyOp(0, 0x10000))) // a bad delta, never read
	s := openTestStore(t, p.write(t))
	n := allocated(func() {
		emitted, skipped := walkAll(t, s, 1<<ObjBlob, WalkOptions{MaxSize: 1 << 20, Hard: 1 << 30, Workers: 2})
		if len(emitted) != 0 {
			t.Errorf("emitted %v", emitted)
		}
		var tl *TooLargeError
		if r := skipped[testID(0x10)]; !errors.As(r.err, &tl) || r.size != big || tl.Limit != 1<<20 {
			t.Errorf("base: %+v", r)
		}
		for id, size := range map[ID]int64{testID(0x11): 100, testID(0x12): 50} {
			r := skipped[id]
			var under *BaseSkippedError
			if !errors.As(r.err, &under) || !errors.As(under.Err, &tl) || !tl.DeltaBase || tl.Size != big || r.size != size {
				t.Errorf("delta %s: %+v, want skipped for its base with size %d", id, r, size)
			}
		}
		if r := skipped[testID(0x13)]; !errors.As(r.err, &tl) || r.size != 2<<20 || tl.DeltaBase {
			t.Errorf("a delta over the cap under the base: %+v, want too large itself", r)
		}
		for _, id := range []ID{testID(0x11), testID(0x12)} {
			var under *BaseSkippedError
			if _, _, err := s.ReadMax(id, 1<<20); !errors.As(err, &under) || !errors.Is(err, ErrTooLarge) {
				t.Errorf("read max %s: err = %v", id, err)
			}
		}
	})
	if n > 4<<20 {
		t.Errorf("skipping a delta tree under a 16 MiB base allocated %d bytes", n)
	}
}

// TestDeltaResultOverCap: deltas that declare a result (or carry data)
// over the cap are not applied or inflated; a small one beside them is.
func TestDeltaResultOverCap(t *testing.T) {
	const big = 64 << 20
	baseBody := make([]byte, 0x10000)
	p := newTestPack()
	base := p.whole(testID(0x20), ObjBlob, baseBody)
	var ops [][]byte
	for range big / 0x10000 {
		ops = append(ops, copyOp(0, 0x10000))
	}
	p.ofsDelta(testID(0x21), base, delta(0x10000, big, ops...)) // 64 MiB from 4 KiB of delta
	var inserts [][]byte
	for range (2 << 20) / 100 {
		inserts = append(inserts, insertOp(string(make([]byte, 100))))
	}
	p.ofsDelta(testID(0x22), base, delta(0x10000, int64(len(inserts))*100, inserts...)) // 2 MiB of delta data
	p.ofsDelta(testID(0x23), base, delta(0x10000, 10, copyOp(0, 10)))
	s := openTestStore(t, p.write(t))
	n := allocated(func() {
		emitted, skipped := walkAll(t, s, 1<<ObjBlob, WalkOptions{MaxSize: 1 << 20, Workers: 1})
		if len(emitted) != 2 || emitted[testID(0x23)] != 10 {
			t.Errorf("emitted %v, want the base and the small delta", emitted)
		}
		if r := skipped[testID(0x21)]; r.size != big || !errors.Is(r.err, ErrTooLarge) {
			t.Errorf("64 MiB result: %+v", r)
		}
		if r := skipped[testID(0x22)]; r.size <= 1<<20 || !errors.Is(r.err, ErrTooLarge) {
			t.Errorf("2 MiB of delta data: %+v", r)
		}
		s.SetLimits(Limits{Blob: 1 << 20})
		for _, id := range []ID{testID(0x21), testID(0x22)} {
			if _, _, err := s.Read(id); !errors.Is(err, ErrTooLarge) {
				t.Errorf("read %s: err = %v", id, err)
			}
		}
	})
	if n > 16<<20 {
		t.Errorf("allocated %d bytes", n)
	}
}

// TestDeltaCycles: ref-deltas that name each other, one that is its own
// base, the same across two packs, and a chain deeper than the limit are
// corrupt, for reads and walks, and never hang.
func TestDeltaCycles(t *testing.T) {
	hang := time.AfterFunc(60*time.Second, func() { panic("delta cycle test still running after 60s") })
	defer hang.Stop()
	d := delta(10, 10, copyOp(0, 10))
	p := newTestPack()
	p.refDelta(testID(0x31), testID(0x32), d)
	p.refDelta(testID(0x32), testID(0x31), d)
	p.refDelta(testID(0x33), testID(0x33), d)
	p.refDelta(testID(0x34), testID(0x41), d) // in the other pack
	dir := p.write(t)
	q := newTestPack()
	q.refDelta(testID(0x41), testID(0x34), d)
	writePack(t, dir, "pack-other", q)
	s := openTestStore(t, dir)
	for _, id := range []ID{testID(0x31), testID(0x32), testID(0x33), testID(0x34), testID(0x41)} {
		if _, _, err := s.Read(id); !errors.Is(err, ErrCorrupt) {
			t.Errorf("read %s: err = %v, want corrupt", id, err)
		}
		if _, _, err := s.Size(id); !errors.Is(err, ErrCorrupt) {
			t.Errorf("size %s: err = %v, want corrupt", id, err)
		}
	}
	// The walk of the first pack (pack-other): its ref-delta's base is
	// outside, read through the store. Ref-deltas on each other inside one
	// pack are never reached by a walk (Walk returns them unvisited).
	emitted, skipped := walkAll(t, s, 1<<ObjBlob, WalkOptions{MaxSize: 1 << 20})
	if len(emitted) != 0 || len(skipped) != 1 || !errors.Is(skipped[testID(0x41)].err, ErrCorrupt) {
		t.Errorf("walk: emitted %v, skipped %v", emitted, skipped)
	}

	// A chain of 40 offset deltas under a limit of 25.
	p = newTestPack()
	off := p.whole(testID(0x50), ObjBlob, []byte("0123456789"))
	for i := range 40 {
		off = p.ofsDelta(testID(byte(0x51+i)), off, d)
	}
	s = openTestStore(t, p.write(t))
	s.SetLimits(Limits{DeltaDepth: 25})
	if _, _, err := s.Read(testID(0x51 + 39)); !errors.Is(err, ErrCorrupt) {
		t.Errorf("read past the depth limit: err = %v", err)
	}
	if _, data, err := s.Read(testID(0x51 + 10)); err != nil || string(data) != "0123456789" {
		t.Errorf("read within the depth limit: %q %v", data, err)
	}
	emitted, skipped = walkAll(t, s, 1<<ObjBlob, WalkOptions{MaxSize: 1 << 20})
	if len(emitted) != 25 || len(skipped) != 16 || !errors.Is(skipped[testID(0x51+39)].err, ErrCorrupt) {
		t.Errorf("walk: %d emitted, %d skipped, want 25 and 16", len(emitted), len(skipped))
	}
}

// TestOpenStoreProblems: a pack cut short, an index of another pack and a
// missing alternate are reported by OpenStore, typed, rather than as one
// corrupt object after another.
func TestOpenStoreProblems(t *testing.T) {
	p := newTestPack()
	for i := range 20 {
		p.whole(testID(byte(i+1)), ObjBlob, bytes.Repeat([]byte{byte(i)}, 1000))
	}
	pack, idx := p.bytes()
	other := newTestPack()
	other.whole(testID(1), ObjBlob, []byte("x"))
	_, otherIdx := other.bytes()
	for name, c := range map[string]struct{ pack, idx []byte }{
		"truncated to 100 bytes": {pack[:100], idx},
		"truncated by one byte":  {pack[:len(pack)-1], idx},
		"another pack's index":   {pack, otherIdx},
		"index cut short":        {pack, idx[:len(idx)-30]},
		"empty index":            {pack, nil},
	} {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, "pack"), 0o755)
		os.WriteFile(filepath.Join(dir, "pack", "pack-x.pack"), c.pack, 0o644)
		os.WriteFile(filepath.Join(dir, "pack", "pack-x.idx"), c.idx, 0o644)
		s, bad := OpenStore([]string{dir})
		if len(bad) != 1 || !errors.Is(bad[0], ErrCorrupt) || len(s.Problems()) != 1 || len(s.Packs()) != 0 {
			t.Errorf("%s: bad packs %v, problems %v", name, bad, s.Problems())
		}
		s.Close()
	}
	gone := filepath.Join(t.TempDir(), "gone")
	s, bad := OpenStore([]string{p.write(t), gone})
	defer s.Close()
	var de *DirError
	if len(bad) != 0 || len(s.Problems()) != 1 || !errors.As(s.Problems()[0], &de) || de.Dir != gone || !errors.Is(de, ErrMissing) {
		t.Errorf("missing alternate: bad %v, problems %v", bad, s.Problems())
	}
}
