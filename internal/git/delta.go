package git

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
)

// An inflater decompresses zlib streams of a pack, reusing its state from
// one object to the next. It is not safe for concurrent use: each
// goroutine has its own.
type inflater struct {
	br bytes.Reader
	zr io.ReadCloser
}

// maxInflate bounds what n compressed bytes can hold: deflate expands at
// most 1032 to 1, so a larger size in a header is corrupt, and is refused
// before anything is allocated for it.
func maxInflate(n int) int64 { return int64(n)*1032 + 64 }

// inflate decompresses the first size bytes of the zlib stream in src.
// Objects whose stream ends early are corrupt.
func (z *inflater) inflate(src []byte, size int64) ([]byte, error) {
	return z.inflateInto(nil, src, size)
}

// inflateInto is inflate writing into dst when it is large enough.
func (z *inflater) inflateInto(dst, src []byte, size int64) ([]byte, error) {
	if size < 0 || size > maxInflate(len(src)) {
		return nil, fmt.Errorf("%w: %d bytes cannot come from %d compressed bytes", ErrCorrupt, size, len(src))
	}
	out := dst[:0]
	if int64(cap(dst)) < size {
		out = make([]byte, size)
	}
	out = out[:size]
	if err := z.read(src, out); err != nil {
		return nil, err
	}
	return out, nil
}

// read fills out from the zlib stream in src.
func (z *inflater) read(src, out []byte) error {
	_, err := z.readSome(src, out)
	return err
}

// head decompresses at most n bytes of the zlib stream in src: the start
// of a delta, without inflating the rest.
func (z *inflater) head(src []byte, n int) ([]byte, error) {
	out := make([]byte, n)
	m, err := z.readSome(src, out)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = nil // a stream shorter than n
	}
	return out[:m], err
}

func (z *inflater) readSome(src, out []byte) (int, error) {
	z.br.Reset(src)
	var err error
	if z.zr == nil {
		z.zr, err = zlib.NewReader(&z.br)
	} else {
		err = z.zr.(zlib.Resetter).Reset(&z.br, nil)
	}
	n := 0
	if err == nil {
		n, err = io.ReadFull(z.zr, out)
	}
	if err != nil {
		return n, fmt.Errorf("%w: zlib: %w", ErrCorrupt, err)
	}
	return n, nil
}

// deltaSizes reads the base and result sizes that start a delta.
func deltaSizes(d []byte) (base, result int64, rest []byte, err error) {
	base, d, err = deltaVarint(d)
	if err == nil {
		result, d, err = deltaVarint(d)
	}
	return base, result, d, err
}

func deltaVarint(d []byte) (int64, []byte, error) {
	var v int64
	for i, shift := 0, 0; i < len(d) && shift < 63; i, shift = i+1, shift+7 {
		v |= int64(d[i]&0x7f) << shift
		if d[i]&0x80 == 0 {
			return v, d[i+1:], nil
		}
	}
	return 0, nil, fmt.Errorf("%w: bad delta header", ErrCorrupt)
}

// applyDelta builds the object that delta describes from base: git's
// delta format, a list of copies from base and literal inserts. A first
// pass checks every instruction and adds up the result, so a corrupt
// delta is refused before its result is allocated.
func applyDelta(base, delta []byte) ([]byte, error) {
	return applyDeltaInto(nil, base, delta)
}

// applyDeltaInto is applyDelta writing into dst when it is large
// enough.
func applyDeltaInto(dst, base, delta []byte) ([]byte, error) {
	bsize, rsize, d, err := deltaSizes(delta)
	if err != nil {
		return nil, err
	}
	if bsize != int64(len(base)) {
		return nil, fmt.Errorf("%w: delta base is %d bytes, want %d", ErrCorrupt, len(base), bsize)
	}
	var total int64
	if err := eachDeltaOp(d, func(off, size int, insert []byte) error {
		if insert == nil && off+size > len(base) {
			return fmt.Errorf("%w: delta copy out of range", ErrCorrupt)
		}
		total += int64(size)
		return nil
	}); err != nil {
		return nil, err
	}
	if total != rsize {
		return nil, fmt.Errorf("%w: delta gives %d bytes, want %d", ErrCorrupt, total, rsize)
	}
	out := dst[:0]
	if int64(cap(dst)) < rsize {
		out = make([]byte, 0, rsize)
	}
	eachDeltaOp(d, func(off, size int, insert []byte) error {
		if insert != nil {
			out = append(out, insert...)
		} else {
			out = append(out, base[off:off+size]...)
		}
		return nil
	})
	return out, nil
}

// eachDeltaOp calls fn for each instruction of delta data: a copy of size
// bytes at off in the base (insert nil), or a literal insert.
func eachDeltaOp(d []byte, fn func(off, size int, insert []byte) error) error {
	for len(d) > 0 {
		cmd := d[0]
		d = d[1:]
		switch {
		case cmd&0x80 != 0:
			var off, size int
			i := 0
			for bit := 0; bit < 7; bit++ {
				if cmd&(1<<bit) == 0 {
					continue
				}
				if i >= len(d) {
					return fmt.Errorf("%w: truncated delta", ErrCorrupt)
				}
				if bit < 4 {
					off |= int(d[i]) << (8 * bit)
				} else {
					size |= int(d[i]) << (8 * (bit - 4))
				}
				i++
			}
			d = d[i:]
			if size == 0 {
				size = 0x10000
			}
			if err := fn(off, size, nil); err != nil {
				return err
			}
		case cmd != 0:
			size := int(cmd)
			if size > len(d) {
				return fmt.Errorf("%w: delta insert out of range", ErrCorrupt)
			}
			if err := fn(0, size, d[:size]); err != nil {
				return err
			}
			d = d[size:]
		default:
			return fmt.Errorf("%w: reserved delta opcode", ErrCorrupt)
		}
	}
	return nil
}
