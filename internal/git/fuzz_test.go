package git

import (
	"bytes"
	"context"
	"runtime"
	"testing"
)

// Fuzz targets for every parser of repository bytes (a cloned repository is
// hostile input). Each asserts no panic and bounded allocation: a declared
// size the input cannot hold is refused before anything is allocated for
// it. Seed corpora in testdata/fuzz/<Target> are real objects of this
// repository's history (see TestWriteFuzzCorpus); TestParsersAgreeWithGit
// checks the parsers against git on objects git makes.

// fuzzCap is the cap on every object kind in fuzz targets.
const fuzzCap = 1 << 20

// boundAlloc fails when fn allocates more than limit bytes.
func boundAlloc(t *testing.T, limit uint64, fn func()) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > limit {
		t.Fatalf("allocated %d bytes, over %d", n, limit)
	}
}

// memPack is a Pack over pack and idx bytes in memory, checked as
// openPack checks a file, or nil.
func memPack(pack, idx []byte) *Pack {
	p := &Pack{name: "fuzz.pack", data: &fileMap{b: pack}, idx: &fileMap{b: idx}}
	if p.check(true) != nil {
		return nil
	}
	return p
}

func FuzzIdx(f *testing.F) {
	f.Fuzz(func(t *testing.T, idx []byte) {
		p := &Pack{name: "fuzz.pack", idx: &fileMap{b: idx}}
		boundAlloc(t, 1<<20+uint64(len(idx))*2, func() {
			if p.parseIdx() != nil {
				return
			}
			if int64(p.n)*24 > int64(len(idx)) {
				t.Fatalf("%d objects accepted from %d bytes", p.n, len(idx))
			}
			// Lookups are a binary search, as in git: they find every
			// entry only of an index whose names are sorted and agree with
			// its fan-out table, which git's index-pack writes and a
			// crafted one need not (then an object is not found, never a
			// crash). Offsets must be in bounds for any index.
			sorted := true
			for pos := 0; pos < p.n; pos++ {
				p.offset(pos)
				id := p.ID(pos)
				lo := 0
				if id[0] > 0 {
					lo = int(p.fanout[id[0]-1])
				}
				if pos < lo || pos >= int(p.fanout[id[0]]) || pos > 0 && bytes.Compare(p.hashes[(pos-1)*20:pos*20], id[:]) >= 0 {
					sorted = false
				}
			}
			for pos := 0; sorted && pos < p.n; pos++ {
				if got := p.Find(p.ID(pos)); got < 0 || p.ID(got) != p.ID(pos) {
					t.Fatalf("Find(ID(%d)) = %d in a sorted index", pos, got)
				}
			}
		})
	})
}

func FuzzPackEntryHeader(f *testing.F) {
	f.Add([]byte("PACK\x00\x00\x00\x02\x00\x00\x00\x01\x95\x0ax\x9c"), uint32(12))
	f.Fuzz(func(t *testing.T, pack []byte, off uint32) {
		p := &Pack{name: "fuzz.pack", data: &fileMap{b: pack}}
		e, err := p.headerAt(int64(off), int64(len(pack)))
		if err != nil {
			return
		}
		if e.data <= int64(off) || e.data > int64(len(pack)) || e.size < 0 {
			t.Fatalf("entry %+v at %d of %d bytes", e, off, len(pack))
		}
		if e.typ == ObjOfsDelta && (e.baseOff < 12 || e.baseOff >= int64(off)) {
			t.Fatalf("base offset %d for an object at %d", e.baseOff, off)
		}
	})
}

// FuzzPackWalk opens a pack and its index from memory, walks every delta
// tree in storage order for every kind, and reads every object by id,
// under caps of 1 MiB: nothing larger may be emitted or read.
func FuzzPackWalk(f *testing.F) {
	f.Fuzz(func(t *testing.T, pack, idx []byte) {
		p := memPack(pack, idx)
		if p == nil {
			return
		}
		s := &Store{packs: []*Pack{p}, cache: newBaseCache(4 << 20)}
		s.SetLimits(Limits{Blob: fuzzCap, Tree: fuzzCap, Commit: fuzzCap, Tag: fuzzCap, DeltaDepth: 100})
		s.SortPacks()
		fo := BuildForest(p)
		all := uint8(1<<ObjCommit | 1<<ObjTree | 1<<ObjBlob | 1<<ObjTag)
		fo.Mark(all, nil)
		emitted := 0
		s.Walk(context.Background(), fo, WalkOptions{Kinds: all, MaxSize: fuzzCap, Budget: 2 << 20, Workers: 1}, func(int) Visitor {
			return Visitor{
				Emit: func(r int32, typ uint8, data []byte) {
					if len(data) > fuzzCap {
						t.Fatalf("emitted %d bytes over the %d cap", len(data), fuzzCap)
					}
					emitted++
				},
				Skip: func(int32, int64, error) {},
			}
		})
		for pos := 0; pos < p.n; pos++ {
			id := p.ID(pos)
			if _, data, err := s.Read(id); err == nil && len(data) > fuzzCap {
				t.Fatalf("read %d bytes over the %d cap", len(data), fuzzCap)
			}
			s.Size(id)
		}
	})
}

func FuzzLooseObject(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		capOf := func(uint8) int64 { return fuzzCap }
		boundAlloc(t, 2<<20+uint64(len(data))*1100, func() {
			typ, out, err := readLooseFrom(bytes.NewReader(data), int64(len(data)), capOf)
			if err == nil && (typ < ObjCommit || typ > ObjTag || len(out) > fuzzCap) {
				t.Fatalf("type %d, %d bytes", typ, len(out))
			}
		})
	})
}

func FuzzIndex(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		boundAlloc(t, 4<<20+uint64(maxV4Paths(len(data)))+uint64(len(data))*2, func() {
			idx, err := ParseIndex(data)
			if err != nil {
				return
			}
			if idx.Len() > len(data)/40 {
				t.Fatalf("%d entries from %d bytes", idx.Len(), len(data))
			}
			for i := 0; i < idx.Len(); i++ {
				idx.Name(i)
				idx.Entry(i)
				idx.ID(i)
			}
			var walk func(c *CacheTree, depth int)
			walk = func(c *CacheTree, depth int) {
				if depth > maxCacheTreeDepth+1 {
					t.Fatalf("cache tree deeper than %d", maxCacheTreeDepth)
				}
				for _, k := range c.Children {
					walk(k, depth+1)
				}
			}
			if idx.Tree() != nil {
				walk(idx.Tree(), 0)
			}
		})
	})
}

func FuzzCommit(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		boundAlloc(t, 1<<20+uint64(len(data))*4, func() {
			c, err := ParseCommit(ID{}, data)
			if err == nil && len(c.Parents)*41 > len(data) {
				t.Fatalf("%d parents from %d bytes", len(c.Parents), len(data))
			}
		})
	})
}

func FuzzTag(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		id, ok := ParseTag(data)
		if ok && !(bytes.HasPrefix(data, []byte("object ")) && len(data) >= 47 && bytes.EqualFold(data[7:47], []byte(id.String()))) {
			t.Fatalf("tag target %s not at the start of %q", id, data)
		}
	})
}

func FuzzPackedRefs(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		m := map[string]ID{}
		boundAlloc(t, 1<<20+uint64(len(data))*8, func() { parsePackedRefs(data, m) })
		if len(m)*42 > len(data)+1 {
			t.Fatalf("%d refs from %d bytes", len(m), len(data))
		}
	})
}
