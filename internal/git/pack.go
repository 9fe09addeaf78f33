package git

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
)

// A Pack is one .pack and its .idx, both mapped read-only. Position
// (pos) numbers objects in id order, as the idx lists them; rank numbers
// them in storage order, by offset, once the store has sorted its packs
// (a history scan walks packs in that order; a staged scan reads a few
// dozen objects and never sorts). Methods are safe for concurrent use.
type Pack struct {
	name    string // path of the .pack
	data    *fileMap
	idx     *fileMap
	n       int
	hashes  []byte // n*20 bytes, sorted
	offs32  []byte // n*4 bytes; MSB set: index into offs64
	offs64  []byte // 8 bytes each
	fanout  [256]uint32
	packSum []byte   // the pack checksum the idx records
	order   []uint32 // rank -> pos; nil until sortByOffset
	rank    []uint32 // pos -> rank; nil until sortByOffset
}

// openPack maps name (a .pack) and its .idx, and checks that they belong
// together as git does: the pack's header counts the objects the index
// lists, the pack ends with the checksum the index records, and every
// offset of the index is inside the pack. A pack cut short, or an index
// of another pack, is refused with an error wrapping ErrCorrupt instead of
// failing object by object. Without allOffsets, the offsets are left to be
// checked as they are used (headerAt): see StoreOptions.LazyOffsets.
func openPack(name string, allOffsets bool) (*Pack, error) {
	p := &Pack{name: name}
	var err error
	if p.idx, err = mapFile(name[:len(name)-len(".pack")]+".idx", false); err != nil {
		return nil, err
	}
	if p.data, err = mapFile(name, false); err != nil {
		p.idx.close()
		return nil, err
	}
	if err := p.check(allOffsets); err != nil {
		p.close()
		return nil, err
	}
	return p, nil
}

// check parses the index of p and checks it against the pack (see
// openPack); every offset of the index too with allOffsets.
func (p *Pack) check(allOffsets bool) error {
	if err := p.parseIdx(); err != nil {
		return err
	}
	d, name := p.data.b, p.name
	var err error
	switch {
	case len(d) < 32 || string(d[:4]) != "PACK":
		err = fmt.Errorf("%w: %s: not a pack (%d bytes)", ErrCorrupt, name, len(d))
	case int64(binary.BigEndian.Uint32(d[8:])) != int64(p.n):
		err = fmt.Errorf("%w: %s: the pack holds %d objects, its index %d", ErrCorrupt, name, binary.BigEndian.Uint32(d[8:]), p.n)
	case !bytes.Equal(d[len(d)-20:], p.packSum):
		err = fmt.Errorf("%w: %s: the pack's checksum is not the one its index records (truncated or replaced pack?)", ErrCorrupt, name)
	case allOffsets:
		err = p.checkOffsets()
	}
	return err
}

func (p *Pack) close() {
	p.data.close()
	p.idx.close()
}

// Name returns the path of the .pack file.
func (p *Pack) Name() string { return p.name }

// Len returns the number of objects in the pack.
func (p *Pack) Len() int { return p.n }

// Size returns the size of the .pack file in bytes.
func (p *Pack) Size() int64 { return int64(len(p.data.b)) }

// Release drops the resident pages of the mapped pack. It is a hint, safe
// while the pack is read: dropped pages come back from the page cache on
// the next read. A pass that touched much of the pack (building a forest
// reads every entry's header) calls it, so that those pages do not count
// in the resident set during the next pass; reads also release the pages
// every 64 MiB on their own.
func (p *Pack) Release() {
	if p.data != nil && p.data.release != nil {
		p.data.read.Store(0)
		p.data.release()
	}
}

// Pos returns the position of the object of rank r. The store must have
// sorted its packs.
func (p *Pack) Pos(r int) int { return int(p.order[r]) }

// Rank returns the rank (storage order) of the object at pos. The store
// must have sorted its packs.
func (p *Pack) Rank(pos int) int { return int(p.rank[pos]) }

// IDAt returns the id of the object of rank r.
func (p *Pack) IDAt(r int) ID { return p.ID(int(p.order[r])) }

// sortByOffset numbers the objects in storage order (rank): O(n log n),
// tens of milliseconds for a pack of 200 000 objects.
func (p *Pack) sortByOffset() {
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
func (p *Pack) end(r int) int64 {
	if r+1 < p.n {
		return p.offset(int(p.order[r+1]))
	}
	return int64(len(p.data.b)) - 20
}

// rankAt returns the rank of the object at offset off, or -1.
func (p *Pack) rankAt(off int64) int {
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
	baseID  ID    // ref-delta: id of the base
}

// delta reports whether e is a delta against a base object.
func (e *packEntry) delta() bool { return e.typ == ObjOfsDelta || e.typ == ObjRefDelta }

// header parses the header of the object of rank r.
func (p *Pack) header(r int) (packEntry, error) {
	return p.headerAt(p.offset(int(p.order[r])), p.end(r))
}

// span returns where the object at pos starts and ends (see endAt).
func (p *Pack) span(pos int) (off, end int64) {
	off = p.offset(pos)
	if p.rank == nil {
		return off, int64(len(p.data.b)) - 20
	}
	return off, p.end(int(p.rank[pos]))
}

// base returns where the base of delta e sits in p. in is false for a
// ref-delta whose base is not in p (in another pack, or loose).
func (p *Pack) base(e packEntry) (off, end int64, in bool, err error) {
	if e.typ == ObjOfsDelta {
		end, ok := p.endAt(e.baseOff)
		if !ok {
			return 0, 0, false, fmt.Errorf("%w: bad delta base in %s", ErrCorrupt, p.name)
		}
		return e.baseOff, end, true, nil
	}
	if pos := p.Find(e.baseID); pos >= 0 {
		off, end = p.span(pos)
		return off, end, true, nil
	}
	return 0, 0, false, nil
}

// endAt returns the offset just past the object at off: exact in a sorted
// pack, else the end of the pack (a zlib stream knows where it stops).
// ok is false when a sorted pack has no object at off.
func (p *Pack) endAt(off int64) (end int64, ok bool) {
	if p.order == nil {
		return int64(len(p.data.b)) - 20, true
	}
	if r := p.rankAt(off); r >= 0 {
		return p.end(r), true
	}
	return 0, false
}

// headerAt parses the header of the object at off, which ends at end.
func (p *Pack) headerAt(off, end int64) (packEntry, error) {
	e := packEntry{end: end}
	b := p.data.b
	if off < 12 || off >= e.end || e.end > int64(len(b)) {
		return e, fmt.Errorf("%w: bad offset %d", ErrCorrupt, off)
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
			return e, fmt.Errorf("%w: bad header at %d", ErrCorrupt, off)
		}
		c = h[i]
		i++
		e.size |= int64(c&0x7f) << shift
	}
	switch e.typ {
	case ObjCommit, ObjTree, ObjBlob, ObjTag:
	case ObjOfsDelta:
		if i >= len(h) {
			return e, fmt.Errorf("%w: bad delta header at %d", ErrCorrupt, off)
		}
		c = h[i]
		i++
		rel := int64(c & 0x7f)
		for c&0x80 != 0 {
			if i >= len(h) || rel > 1<<50 {
				return e, fmt.Errorf("%w: bad delta header at %d", ErrCorrupt, off)
			}
			c = h[i]
			i++
			rel = (rel+1)<<7 | int64(c&0x7f)
		}
		e.baseOff = off - rel
		if e.baseOff < 12 || e.baseOff >= off {
			return e, fmt.Errorf("%w: bad delta base at %d", ErrCorrupt, off)
		}
	case ObjRefDelta:
		if i+20 > len(h) {
			return e, fmt.Errorf("%w: bad delta header at %d", ErrCorrupt, off)
		}
		copy(e.baseID[:], h[i:])
		i += 20
	default:
		return e, fmt.Errorf("%w: unknown type %d at %d", ErrCorrupt, e.typ, off)
	}
	e.data = off + int64(i)
	return e, nil
}
