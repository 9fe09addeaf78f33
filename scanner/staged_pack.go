package scanner

import (
	"bufio"
	"compress/zlib"
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
)

// Pack entry types that are deltas against a base object.
const (
	packOfsDelta = 6 // base given by a relative offset in the same pack
	packRefDelta = 7 // base given by its hash
)

var errCorruptPack = errors.New("corrupt pack entry")

// entryHeader reads the header of the pack entry at off: its type, its
// (inflated) size, where its zlib data starts, and for deltas the base's
// offset or hash.
func (p *idxPack) entryHeader(off int64) (typ int, size, data, baseOff int64, baseRef plumbing.Hash, err error) {
	var b [32]byte
	n, err := p.pack.ReadAt(b[:], off)
	if n == 0 {
		return 0, 0, 0, 0, baseRef, err
	}
	c := b[0]
	typ, size = int(c>>4)&7, int64(c&15)
	i, shift := 1, 4
	for c&0x80 != 0 {
		if i >= n || shift > 56 {
			return 0, 0, 0, 0, baseRef, errCorruptPack
		}
		c = b[i]
		size |= int64(c&0x7f) << shift
		i, shift = i+1, shift+7
	}
	switch typ {
	case packOfsDelta:
		if i >= n {
			return 0, 0, 0, 0, baseRef, errCorruptPack
		}
		c = b[i]
		rel := int64(c & 0x7f)
		for i++; c&0x80 != 0; i++ {
			if i >= n {
				return 0, 0, 0, 0, baseRef, errCorruptPack
			}
			c = b[i]
			rel = (rel+1)<<7 | int64(c&0x7f)
		}
		baseOff = off - rel
	case packRefDelta:
		if i+20 > n {
			return 0, 0, 0, 0, baseRef, errCorruptPack
		}
		copy(baseRef[:], b[i:i+20])
		i += 20
	}
	return typ, size, off + int64(i), baseOff, baseRef, nil
}

// An inflater decompresses zlib streams, reusing its buffers: reading a
// tree at the end of a 50-deep delta chain inflates 50 entries, and a new
// decompressor for each took most of a small repository's scan (8 ms of
// a 5 000-file one; 2 ms with reuse).
type inflater struct {
	br *bufio.Reader
	zr io.ReadCloser
}

// inflate decompresses size bytes of the zlib stream that starts at off
// in r.
func (z *inflater) inflate(r io.ReaderAt, off, size int64) ([]byte, error) {
	src := io.NewSectionReader(r, off, 1<<62)
	if z.br == nil {
		z.br = bufio.NewReaderSize(src, 16<<10)
	} else {
		z.br.Reset(src)
	}
	var err error
	if z.zr == nil {
		z.zr, err = zlib.NewReader(z.br)
	} else {
		err = z.zr.(zlib.Resetter).Reset(z.br, nil)
	}
	if err != nil {
		return nil, err
	}
	out := make([]byte, size)
	if _, err := io.ReadFull(z.zr, out); err != nil {
		return nil, err
	}
	return out, nil
}

// packedHeader returns the type and size of the object at off, following
// delta chains for the type and reading only a delta's header for the size.
func (r *objReader) packedHeader(p *idxPack, off int64) (plumbing.ObjectType, int64, error) {
	typ, size, data, baseOff, baseRef, err := p.entryHeader(off)
	if err != nil {
		return 0, 0, err
	}
	if typ != packOfsDelta && typ != packRefDelta {
		return plumbing.ObjectType(typ), size, nil
	}
	// The result size is the second varint of the delta.
	head, err := p.inflatePrefix(data, 32)
	if err != nil {
		return 0, 0, err
	}
	_, rest, ok := deltaSize(head)
	result, _, ok2 := deltaSize(rest)
	if !ok || !ok2 {
		return 0, 0, errCorruptPack
	}
	for range 64 {
		if typ == packRefDelta {
			bt, _, err := r.size(baseRef)
			return bt, result, err
		}
		off = baseOff
		if typ, _, _, baseOff, baseRef, err = p.entryHeader(off); err != nil {
			return 0, 0, err
		}
		if typ != packOfsDelta && typ != packRefDelta {
			return plumbing.ObjectType(typ), result, nil
		}
	}
	return 0, 0, fmt.Errorf("%w: delta chain too long", errCorruptPack)
}

// inflatePrefix decompresses up to n bytes of the zlib stream at off.
func (p *idxPack) inflatePrefix(off int64, n int) ([]byte, error) {
	zr, err := zlib.NewReader(bufio.NewReaderSize(io.NewSectionReader(p.pack, off, 1<<62), 256))
	if err != nil {
		return nil, err
	}
	out := make([]byte, n)
	m, err := io.ReadFull(zr, out)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, err
	}
	return out[:m], nil
}

// packed reads and resolves the object at off.
func (r *objReader) packed(p *idxPack, off int64, depth int) (packObj, error) {
	if o, ok := r.bases[packAt{p, off}]; ok {
		return o, nil
	}
	if depth > 64 {
		return packObj{}, fmt.Errorf("%w: delta chain too long", errCorruptPack)
	}
	typ, size, data, baseOff, baseRef, err := p.entryHeader(off)
	if err != nil {
		return packObj{}, err
	}
	raw, err := r.z.inflate(p.pack, data, size)
	if err != nil {
		return packObj{}, fmt.Errorf("%w: %v", errCorruptPack, err)
	}
	if typ != packOfsDelta && typ != packRefDelta {
		return packObj{plumbing.ObjectType(typ), raw}, nil
	}
	var base packObj
	if typ == packOfsDelta {
		base, err = r.packed(p, baseOff, depth+1)
	} else {
		var bt plumbing.ObjectType
		var bd []byte
		bt, bd, err = r.read(baseRef, 0)
		base = packObj{bt, bd}
	}
	if err != nil {
		return packObj{}, err
	}
	r.keepBase(packAt{p, baseOff}, base, typ == packOfsDelta)
	out, err := applyDelta(base.data, raw)
	if err != nil {
		return packObj{}, err
	}
	return packObj{base.typ, out}, nil
}

// keepBase caches a delta base; the cache is dropped whole when full.
func (r *objReader) keepBase(at packAt, o packObj, ok bool) {
	if !ok || len(o.data) > baseBytes/4 {
		return
	}
	if r.cached+len(o.data) > baseBytes {
		clear(r.bases)
		r.cached = 0
	}
	if _, dup := r.bases[at]; !dup {
		r.bases[at] = o
		r.cached += len(o.data)
	}
}

// deltaSize reads one size varint of a delta header.
func deltaSize(d []byte) (int64, []byte, bool) {
	var v int64
	for i, shift := 0, 0; i < len(d) && shift < 63; i, shift = i+1, shift+7 {
		v |= int64(d[i]&0x7f) << shift
		if d[i]&0x80 == 0 {
			return v, d[i+1:], true
		}
	}
	return 0, nil, false
}

// applyDelta builds an object from its base and a git delta: copy
// instructions (high bit set) take a range of the base, insert
// instructions carry literal bytes.
func applyDelta(base, delta []byte) ([]byte, error) {
	src, d, ok := deltaSize(delta)
	if !ok || src != int64(len(base)) {
		return nil, fmt.Errorf("%w: delta base size", errCorruptPack)
	}
	size, d, ok := deltaSize(d)
	if !ok {
		return nil, errCorruptPack
	}
	out := make([]byte, 0, size)
	for len(d) > 0 {
		c := d[0]
		d = d[1:]
		if c&0x80 == 0 {
			if c == 0 || int(c) > len(d) {
				return nil, fmt.Errorf("%w: delta insert", errCorruptPack)
			}
			out = append(out, d[:c]...)
			d = d[c:]
			continue
		}
		var off, n int64
		for i := range 7 {
			if c&(1<<i) == 0 {
				continue
			}
			if len(d) == 0 {
				return nil, errCorruptPack
			}
			if i < 4 {
				off |= int64(d[0]) << (8 * i)
			} else {
				n |= int64(d[0]) << (8 * (i - 4))
			}
			d = d[1:]
		}
		if n == 0 {
			n = 0x10000
		}
		if off+n > int64(len(base)) {
			return nil, fmt.Errorf("%w: delta copy out of range", errCorruptPack)
		}
		out = append(out, base[off:off+n]...)
	}
	if int64(len(out)) != size {
		return nil, fmt.Errorf("%w: delta result size", errCorruptPack)
	}
	return out, nil
}
