package scanner

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
)

// A packInflater decompresses zlib streams of a pack, reusing its state from
// one object to the next. It is not safe for concurrent use: each
// goroutine has its own.
type packInflater struct {
	br bytes.Reader
	zr io.ReadCloser
}

// inflate decompresses the first size bytes of the zlib stream in src.
// Objects whose stream ends early are corrupt.
func (z *packInflater) inflate(src []byte, size int64) ([]byte, error) {
	out := make([]byte, size)
	if err := z.read(src, out); err != nil {
		return nil, err
	}
	return out, nil
}

// read fills out from the zlib stream in src.
func (z *packInflater) read(src, out []byte) error {
	z.br.Reset(src)
	var err error
	if z.zr == nil {
		z.zr, err = zlib.NewReader(&z.br)
	} else {
		err = z.zr.(zlib.Resetter).Reset(&z.br, nil)
	}
	if err == nil {
		_, err = io.ReadFull(z.zr, out)
	}
	if err != nil {
		return fmt.Errorf("%w: zlib: %v", errGitCorrupt, err)
	}
	return nil
}

// packDeltaSizes reads the base and result sizes that start a delta.
func packDeltaSizes(d []byte) (base, result int64, rest []byte, err error) {
	base, d, err = packDeltaVarint(d)
	if err == nil {
		result, d, err = packDeltaVarint(d)
	}
	return base, result, d, err
}

func packDeltaVarint(d []byte) (int64, []byte, error) {
	var v int64
	for i, shift := 0, 0; i < len(d) && shift < 63; i, shift = i+1, shift+7 {
		v |= int64(d[i]&0x7f) << shift
		if d[i]&0x80 == 0 {
			return v, d[i+1:], nil
		}
	}
	return 0, nil, fmt.Errorf("%w: bad delta header", errGitCorrupt)
}

// packApplyDelta builds the object that delta describes from base: git's
// delta format, a list of copies from base and literal inserts.
func packApplyDelta(base, delta []byte) ([]byte, error) {
	bsize, rsize, d, err := packDeltaSizes(delta)
	if err != nil {
		return nil, err
	}
	if bsize != int64(len(base)) {
		return nil, fmt.Errorf("%w: delta base is %d bytes, want %d", errGitCorrupt, len(base), bsize)
	}
	out := make([]byte, rsize)
	n := 0
	for len(d) > 0 {
		cmd := d[0]
		d = d[1:]
		switch {
		case cmd&0x80 != 0:
			var off, size int
			i := 0
			for bit := 0; bit < 4; bit++ {
				if cmd&(1<<bit) != 0 {
					if i >= len(d) {
						return nil, fmt.Errorf("%w: truncated delta", errGitCorrupt)
					}
					off |= int(d[i]) << (8 * bit)
					i++
				}
			}
			for bit := 0; bit < 3; bit++ {
				if cmd&(0x10<<bit) != 0 {
					if i >= len(d) {
						return nil, fmt.Errorf("%w: truncated delta", errGitCorrupt)
					}
					size |= int(d[i]) << (8 * bit)
					i++
				}
			}
			d = d[i:]
			if size == 0 {
				size = 0x10000
			}
			if off+size > len(base) || off+size < off || n+size > len(out) {
				return nil, fmt.Errorf("%w: delta copy out of range", errGitCorrupt)
			}
			n += copy(out[n:], base[off:off+size])
		case cmd != 0:
			size := int(cmd)
			if size > len(d) || n+size > len(out) {
				return nil, fmt.Errorf("%w: delta insert out of range", errGitCorrupt)
			}
			n += copy(out[n:], d[:size])
			d = d[size:]
		default:
			return nil, fmt.Errorf("%w: reserved delta opcode", errGitCorrupt)
		}
	}
	if n != len(out) {
		return nil, fmt.Errorf("%w: delta gives %d bytes, want %d", errGitCorrupt, n, len(out))
	}
	return out, nil
}
