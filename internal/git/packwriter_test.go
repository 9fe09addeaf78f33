package git

import (
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"
)

// A testPack builds a pack and its index by hand: object ids are whatever
// the test says (nothing re-hashes them), sizes can be declared far over
// what the compressed bytes cost, and deltas can point anywhere.
type testPack struct {
	buf    bytes.Buffer
	objs   []testPacked
	zeros0 map[int64][]byte // zlib streams of zeros, by size
}

type testPacked struct {
	id  ID
	off int64
}

func newTestPack() *testPack {
	p := &testPack{}
	p.buf.WriteString("PACK\x00\x00\x00\x02\x00\x00\x00\x00") // count set by write
	return p
}

func testID(b byte) (id ID) {
	for i := range id {
		id[i] = b
	}
	return id
}

// entry writes an object header, the ref-delta base or ofs-delta offset,
// and the zlib stream of size bytes made by gen; it returns the offset.
func (p *testPack) entry(id ID, typ uint8, size int64, extra []byte, gen func(w io.Writer)) int64 {
	off := int64(p.buf.Len())
	p.header(typ, size)
	p.buf.Write(extra)
	z, _ := zlib.NewWriterLevel(&p.buf, zlib.BestSpeed)
	gen(z)
	z.Close()
	p.objs = append(p.objs, testPacked{id, off})
	return off
}

// header writes an entry header: 3 bits of type and 4 of size, then 7
// bits of size a byte.
func (p *testPack) header(typ uint8, size int64) {
	c := typ<<4 | byte(size&15)
	size >>= 4
	for size > 0 {
		p.buf.WriteByte(c | 0x80)
		c = byte(size & 0x7f)
		size >>= 7
	}
	p.buf.WriteByte(c)
}

// whole adds a whole object with body.
func (p *testPack) whole(id ID, typ uint8, body []byte) int64 {
	return p.entry(id, typ, int64(len(body)), nil, func(w io.Writer) { w.Write(body) })
}

// zeros adds a whole object of size zero bytes: a bomb that costs the
// pack size/1000 bytes. The zlib stream is made once per size.
func (p *testPack) zeros(id ID, typ uint8, size int64) int64 {
	z, ok := p.zeros0[size]
	if !ok {
		var b bytes.Buffer
		w, _ := zlib.NewWriterLevel(&b, zlib.BestSpeed)
		chunk := make([]byte, 1<<20)
		for n := size; n > 0; n -= int64(len(chunk)) {
			w.Write(chunk[:min(n, int64(len(chunk)))])
		}
		w.Close()
		z = b.Bytes()
		if p.zeros0 == nil {
			p.zeros0 = map[int64][]byte{}
		}
		p.zeros0[size] = z
	}
	off := int64(p.buf.Len())
	p.header(typ, size)
	p.buf.Write(z)
	p.objs = append(p.objs, testPacked{id, off})
	return off
}

// refDelta adds a delta on the object named base.
func (p *testPack) refDelta(id, base ID, delta []byte) int64 {
	return p.entry(id, ObjRefDelta, int64(len(delta)), base[:], func(w io.Writer) { w.Write(delta) })
}

// ofsDelta adds a delta on the object at offset base.
func (p *testPack) ofsDelta(id ID, base int64, delta []byte) int64 {
	rel := int64(p.buf.Len()) - base
	var enc []byte
	enc = append(enc, byte(rel&0x7f))
	for rel >>= 7; rel > 0; rel >>= 7 {
		rel--
		enc = append([]byte{byte(0x80 | rel&0x7f)}, enc...)
	}
	return p.entry(id, ObjOfsDelta, int64(len(delta)), enc, func(w io.Writer) { w.Write(delta) })
}

// bytes returns the pack and its version 2 index.
func (p *testPack) bytes() (pack, idx []byte) {
	pack = bytes.Clone(p.buf.Bytes())
	binary.BigEndian.PutUint32(pack[8:], uint32(len(p.objs)))
	sum := sha1.Sum(pack)
	pack = append(pack, sum[:]...)
	objs := append([]testPacked(nil), p.objs...)
	sort.Slice(objs, func(i, j int) bool { return bytes.Compare(objs[i].id[:], objs[j].id[:]) < 0 })
	var b bytes.Buffer
	b.Write([]byte{0xff, 't', 'O', 'c', 0, 0, 0, 2})
	var fan [256]uint32
	for _, o := range objs {
		fan[o.id[0]]++
	}
	var n uint32
	for i := range fan {
		n += fan[i]
		binary.Write(&b, binary.BigEndian, n)
	}
	for _, o := range objs {
		b.Write(o.id[:])
	}
	for range objs {
		binary.Write(&b, binary.BigEndian, uint32(0)) // CRCs: not checked
	}
	for _, o := range objs {
		binary.Write(&b, binary.BigEndian, uint32(o.off))
	}
	b.Write(sum[:])
	isum := sha1.Sum(b.Bytes())
	b.Write(isum[:])
	return pack, b.Bytes()
}

// write writes the pack into objects/pack of a new objects directory and
// returns the directory.
func (p *testPack) write(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writePack(t, dir, "pack-test", p)
	return dir
}

func writePack(t *testing.T, objects, name string, p *testPack) {
	t.Helper()
	pack, idx := p.bytes()
	d := filepath.Join(objects, "pack")
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d, name+".pack"), pack, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d, name+".idx"), idx, 0o644); err != nil {
		t.Fatal(err)
	}
}

// delta encodes a git delta from a base of baseSize bytes to a result of
// resultSize bytes, made of ops (each from copyOp or insertOp).
func delta(baseSize, resultSize int64, ops ...[]byte) []byte {
	var b []byte
	for _, n := range []int64{baseSize, resultSize} {
		for n >= 0x80 {
			b = append(b, byte(n)|0x80)
			n >>= 7
		}
		b = append(b, byte(n))
	}
	for _, op := range ops {
		b = append(b, op...)
	}
	return b
}

// copyOp copies size bytes (1 to 0x10000) from off in the base.
func copyOp(off, size int) []byte {
	if size == 0x10000 {
		size = 0
	}
	cmd := byte(0x80)
	var args []byte
	for i := 0; i < 4; i++ {
		if v := byte(off >> (8 * i)); v != 0 {
			cmd |= 1 << i
			args = append(args, v)
		}
	}
	for i := 0; i < 3; i++ {
		if v := byte(size >> (8 * i)); v != 0 {
			cmd |= 1 << (4 + i)
			args = append(args, v)
		}
	}
	return append([]byte{cmd}, args...)
}

// insertOp inserts data (at most 127 bytes).
func insertOp(data string) []byte { return append([]byte{byte(len(data))}, data...) }

// openTestStore opens the objects directory dir, sorted for walks.
func openTestStore(t *testing.T, dirs ...string) *Store {
	t.Helper()
	s, bad := OpenStore(dirs)
	if len(bad) > 0 {
		t.Fatal(bad[0])
	}
	s.SortPacks()
	t.Cleanup(s.Close)
	return s
}

// allocated returns the bytes fn allocates on the heap.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
