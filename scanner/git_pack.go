package scanner

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sort"
	"sync/atomic"
)

// A gitID is a SHA-1 object id.
type gitID [20]byte

func (id gitID) String() string { return hex.EncodeToString(id[:]) }

func parseGitID(s string) (gitID, bool) {
	var id gitID
	if len(s) != 40 {
		return id, false
	}
	_, err := hex.Decode(id[:], []byte(s))
	return id, err == nil
}

// Object types, as numbered in packs.
const (
	gitObjCommit   = 1
	gitObjTree     = 2
	gitObjBlob     = 3
	gitObjTag      = 4
	gitObjOfsDelta = 6
	gitObjRefDelta = 7
)

var gitTypeNames = [...]string{gitObjCommit: "commit", gitObjTree: "tree", gitObjBlob: "blob", gitObjTag: "tag"}

func gitTypeName(t uint8) string {
	if int(t) < len(gitTypeNames) && gitTypeNames[t] != "" {
		return gitTypeNames[t]
	}
	return fmt.Sprintf("type %d", t)
}

var errGitCorrupt = errors.New("corrupt object")

// A packFile is one .pack and its .idx, both mapped read-only. Position
// (pos) numbers objects in hash order, as the idx lists them; rank numbers
// them in storage order, by offset, once sortByOffset has run (a history
// scan walks packs in that order; a staged scan reads a few dozen objects
// and never sorts). Methods are safe for concurrent use.
type packFile struct {
	name   string // path of the .pack
	data   *fileMap
	idx    *fileMap
	n      int
	hashes []byte // n*20 bytes, sorted
	offs32 []byte // n*4 bytes; MSB set: index into offs64
	offs64 []byte // 8 bytes each
	fanout [256]uint32
	order  []uint32 // rank -> pos; nil until sortByOffset
	rank   []uint32 // pos -> rank; nil until sortByOffset
}

// openPack maps name (a .pack) and its .idx (version 2; version 1 is
// read too). Nothing of the index is read beyond its fan-out table (a
// version 1 index is copied), so opening costs the same for any size.
func openPack(name string) (*packFile, error) {
	p := &packFile{name: name}
	var err error
	if p.idx, err = mapReadOnly(name[:len(name)-len(".pack")] + ".idx"); err != nil {
		return nil, err
	}
	if p.data, err = mapReadOnly(name); err != nil {
		p.idx.close()
		return nil, err
	}
	if err := p.parseIdx(); err != nil {
		p.close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	d := p.data.b
	if len(d) < 32 || string(d[:4]) != "PACK" || int(binary.BigEndian.Uint32(d[8:])) != p.n {
		p.close()
		return nil, fmt.Errorf("%s: not a pack matching its index", name)
	}
	return p, nil
}

func (p *packFile) close() {
	p.data.close()
	p.idx.close()
}

func (p *packFile) parseIdx() error {
	b := p.idx.b
	v1 := true
	if len(b) >= 8 && string(b[:4]) == "\xfftOc" {
		if binary.BigEndian.Uint32(b[4:]) != 2 {
			return errors.New("unsupported index version")
		}
		v1, b = false, b[8:]
	}
	if len(b) < 256*4 {
		return errors.New("truncated index")
	}
	for i := range p.fanout {
		p.fanout[i] = binary.BigEndian.Uint32(b[i*4:])
		if i > 0 && p.fanout[i] < p.fanout[i-1] {
			return errors.New("corrupt index fan-out table")
		}
	}
	n := int(p.fanout[255])
	p.n = n
	b = b[256*4:]
	if v1 {
		// Version 1: n entries of a 4-byte offset and a hash.
		if len(b) < n*24 {
			return errors.New("truncated index")
		}
		p.hashes = make([]byte, n*20)
		p.offs32 = make([]byte, n*4)
		for i := 0; i < n; i++ {
			copy(p.offs32[i*4:], b[i*24:i*24+4])
			copy(p.hashes[i*20:], b[i*24+4:i*24+24])
		}
		return nil
	}
	if len(b) < n*28 {
		return errors.New("truncated index")
	}
	p.hashes = b[:n*20]
	p.offs32 = b[n*24 : n*28] // after the CRCs
	p.offs64 = b[n*28:]
	return nil
}

// offset returns the pack offset of the object at pos.
func (p *packFile) offset(pos int) int64 {
	o := binary.BigEndian.Uint32(p.offs32[pos*4:])
	if o&0x80000000 == 0 {
		return int64(o)
	}
	i := int(o&0x7fffffff) * 8
	if i+8 > len(p.offs64) {
		return -1
	}
	return int64(binary.BigEndian.Uint64(p.offs64[i:]))
}

func (p *packFile) hash(pos int) (id gitID) {
	copy(id[:], p.hashes[pos*20:])
	return id
}

// find returns the position of id, or -1. It compares the first eight
// bytes as one integer: three times faster than bytes.Compare per probe.
func (p *packFile) find(id gitID) int {
	lo := 0
	if id[0] > 0 {
		lo = int(p.fanout[id[0]-1])
	}
	hi := int(p.fanout[id[0]])
	key := binary.BigEndian.Uint64(id[:8])
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		h := p.hashes[m*20 : m*20+20]
		k := binary.BigEndian.Uint64(h)
		c := 0
		switch {
		case k < key:
			c = -1
		case k > key:
			c = 1
		default:
			c = bytes.Compare(h[8:], id[8:])
		}
		switch {
		case c == 0:
			return m
		case c < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return -1
}

// sortByOffset numbers the objects in storage order (rank): O(n log n),
// tens of milliseconds for a pack of 200 000 objects.
func (p *packFile) sortByOffset() {
	offs := make([]int64, p.n)
	p.order = make([]uint32, p.n)
	for i := range p.order {
		p.order[i] = uint32(i)
		offs[i] = p.offset(i)
	}
	sort.Slice(p.order, func(a, b int) bool { return offs[p.order[a]] < offs[p.order[b]] })
	p.rank = make([]uint32, p.n)
	for r, pos := range p.order {
		p.rank[pos] = uint32(r)
	}
}

// end returns the offset just past the object of rank r: the next
// object's offset, or the start of the pack's trailing checksum.
func (p *packFile) end(r int) int64 {
	if r+1 < p.n {
		return p.offset(int(p.order[r+1]))
	}
	return int64(len(p.data.b)) - 20
}

// rankAt returns the rank of the object at offset off, or -1.
func (p *packFile) rankAt(off int64) int {
	r := sort.Search(p.n, func(i int) bool { return p.offset(int(p.order[i])) >= off })
	if r < p.n && p.offset(int(p.order[r])) == off {
		return r
	}
	return -1
}

// A packEntry is the header of a packed object.
type packEntry struct {
	typ     uint8 // 1-4, or a delta type
	size    int64 // inflated size (of the delta data, for deltas)
	data    int64 // offset of the zlib stream
	end     int64 // offset just past the object
	baseOff int64 // ofs-delta: offset of the base
	baseID  gitID // ref-delta: id of the base
}

// delta reports whether e is a delta against a base object.
func (e *packEntry) delta() bool { return e.typ == gitObjOfsDelta || e.typ == gitObjRefDelta }

// header parses the header of the object of rank r.
func (p *packFile) header(r int) (packEntry, error) {
	return p.headerAt(p.offset(int(p.order[r])), p.end(r))
}

// span returns where the object at pos starts and ends (see endAt).
func (p *packFile) span(pos int) (off, end int64) {
	off = p.offset(pos)
	if p.rank == nil {
		return off, int64(len(p.data.b)) - 20
	}
	return off, p.end(int(p.rank[pos]))
}

// base returns where the base of delta e sits in p. in is false for a
// ref-delta whose base is not in p (in another pack, or loose).
func (p *packFile) base(e packEntry) (off, end int64, in bool, err error) {
	if e.typ == gitObjOfsDelta {
		end, ok := p.endAt(e.baseOff)
		if !ok {
			return 0, 0, false, fmt.Errorf("%w: bad delta base in %s", errGitCorrupt, p.name)
		}
		return e.baseOff, end, true, nil
	}
	if pos := p.find(e.baseID); pos >= 0 {
		off, end = p.span(pos)
		return off, end, true, nil
	}
	return 0, 0, false, nil
}

// endAt returns the offset just past the object at off: exact in a sorted
// pack, else the end of the pack (a zlib stream knows where it stops).
// ok is false when a sorted pack has no object at off.
func (p *packFile) endAt(off int64) (end int64, ok bool) {
	if p.order == nil {
		return int64(len(p.data.b)) - 20, true
	}
	if r := p.rankAt(off); r >= 0 {
		return p.end(r), true
	}
	return 0, false
}

// headerAt parses the header of the object at off, which ends at end.
func (p *packFile) headerAt(off, end int64) (packEntry, error) {
	e := packEntry{end: end}
	b := p.data.b
	if off < 12 || off >= e.end || e.end > int64(len(b)) {
		return e, fmt.Errorf("%w: bad offset %d", errGitCorrupt, off)
	}
	h := b[off:e.end]
	if len(h) > 32 {
		h = h[:32]
	}
	i := 0
	c := h[i]
	i++
	e.typ = (c >> 4) & 7
	e.size = int64(c & 15)
	for shift := 4; c&0x80 != 0; shift += 7 {
		if i >= len(h) || shift > 56 {
			return e, fmt.Errorf("%w: bad header at %d", errGitCorrupt, off)
		}
		c = h[i]
		i++
		e.size |= int64(c&0x7f) << shift
	}
	switch e.typ {
	case gitObjCommit, gitObjTree, gitObjBlob, gitObjTag:
	case gitObjOfsDelta:
		if i >= len(h) {
			return e, fmt.Errorf("%w: bad delta header at %d", errGitCorrupt, off)
		}
		c = h[i]
		i++
		rel := int64(c & 0x7f)
		for c&0x80 != 0 {
			if i >= len(h) || rel > 1<<50 {
				return e, fmt.Errorf("%w: bad delta header at %d", errGitCorrupt, off)
			}
			c = h[i]
			i++
			rel = (rel+1)<<7 | int64(c&0x7f)
		}
		e.baseOff = off - rel
		if e.baseOff < 12 || e.baseOff >= off {
			return e, fmt.Errorf("%w: bad delta base at %d", errGitCorrupt, off)
		}
	case gitObjRefDelta:
		if i+20 > len(h) {
			return e, fmt.Errorf("%w: bad delta header at %d", errGitCorrupt, off)
		}
		copy(e.baseID[:], h[i:])
		i += 20
	default:
		return e, fmt.Errorf("%w: unknown type %d at %d", errGitCorrupt, e.typ, off)
	}
	e.data = off + int64(i)
	return e, nil
}

// A fileMap is a read-only view of a whole file.
type fileMap struct {
	b       []byte
	unmap   func() error
	release func() // drops the resident pages, when mapped
	// read counts bytes read since the last release: a mapped pack's
	// pages count in the resident set, and a scan touches all of them.
	read atomic.Int64
}

// releaseEvery bounds the resident pages of a mapped pack.
const releaseEvery = 64 << 20

// touched notes that n more bytes of the mapping were read, and drops
// its resident pages every releaseEvery bytes, so that scanning a 2 GB
// pack does not show as 2 GB of resident memory.
func (m *fileMap) touched(n int64) {
	if m.release != nil && m.read.Add(n) > releaseEvery {
		m.read.Store(0)
		m.release()
	}
}

func (m *fileMap) close() {
	if m.unmap != nil {
		m.unmap()
		m.unmap = nil
	}
	m.b = nil
}

// mapReadOnly maps name read-only, or reads it where mapping is not available.
func mapReadOnly(name string) (*fileMap, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() == 0 {
		return &fileMap{b: []byte{}}, nil
	}
	return mmapReadOnly(f, fi.Size())
}
