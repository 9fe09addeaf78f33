package hostile

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// Packs written by hand: object names are whatever the case says (nothing
// re-hashes them), sizes can be a gigabyte that costs a megabyte, and
// deltas can point anywhere, themselves included.

// A PackWriter writes a version 2 pack and its version 2 index, with
// object names chosen by the caller when they like.
type PackWriter struct {
	f     *os.File
	w     *bufio.Writer
	sum   hash.Hash // over the whole pack
	off   int64
	count uint32
	objs  []packed
	dir   string
}

type packed struct {
	id  [20]byte
	off int64
	crc uint32
}

// NewPackWriter starts a pack in gitDir/objects/pack for count objects.
func NewPackWriter(gitDir string, count int) (*PackWriter, error) {
	dir := filepath.Join(gitDir, "objects", "pack")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "tmp-pack-")
	if err != nil {
		return nil, err
	}
	pw := &PackWriter{f: f, w: bufio.NewWriterSize(f, 1<<20), sum: sha1.New(), count: uint32(count), dir: dir}
	var hdr [12]byte
	copy(hdr[:], "PACK")
	binary.BigEndian.PutUint32(hdr[4:], 2)
	binary.BigEndian.PutUint32(hdr[8:], uint32(count))
	pw.write(hdr[:], nil)
	return pw, nil
}

func (pw *PackWriter) write(b []byte, crc hash.Hash32) {
	pw.w.Write(b)
	pw.sum.Write(b)
	if crc != nil {
		crc.Write(b)
	}
	pw.off += int64(len(b))
}

// Add writes a whole object; id is its name (the real hash when empty).
func (pw *PackWriter) Add(id string, typ int, body []byte) (string, error) {
	if id == "" {
		id = ObjectID(typeNames[typ], body)
	}
	return id, pw.AddStream(id, typ, int64(len(body)), func(w io.Writer) error {
		_, err := w.Write(body)
		return err
	})
}

// AddStream writes an object of size bytes under id, its body written by
// gen: a bomb of a gigabyte costs the harness a megabyte.
func (pw *PackWriter) AddStream(id string, typ int, size int64, gen func(io.Writer) error) error {
	return pw.entry(id, typ, size, nil, gen)
}

// AddRefDelta writes a delta object under id whose base is the object
// named base.
func (pw *PackWriter) AddRefDelta(id, base string, delta []byte) error {
	b, err := hex.DecodeString(base)
	if err != nil || len(b) != 20 {
		return fmt.Errorf("bad base %q", base)
	}
	return pw.entry(id, objRefDelta, int64(len(delta)), b, func(w io.Writer) error {
		_, err := w.Write(delta)
		return err
	})
}

func (pw *PackWriter) entry(id string, typ int, size int64, base []byte, gen func(io.Writer) error) error {
	var p packed
	if _, err := hex.Decode(p.id[:], []byte(id)); err != nil || len(id) != 40 {
		return fmt.Errorf("bad object id %q", id)
	}
	p.off = pw.off
	crc := crc32.NewIEEE()
	// Type and size: 3 bits of type and 4 of size, then 7 bits a byte.
	var hdr []byte
	c := byte(typ<<4) | byte(size&15)
	size >>= 4
	for size > 0 {
		hdr = append(hdr, c|0x80)
		c = byte(size & 0x7f)
		size >>= 7
	}
	hdr = append(hdr, c)
	pw.write(hdr, crc)
	if base != nil {
		pw.write(base, crc)
	}
	z, _ := zlib.NewWriterLevel(writerFunc(func(b []byte) (int, error) {
		pw.write(b, crc)
		return len(b), nil
	}), zlib.BestCompression)
	if err := gen(z); err != nil {
		return err
	}
	if err := z.Close(); err != nil {
		return err
	}
	p.crc = crc.Sum32()
	pw.objs = append(pw.objs, p)
	return nil
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// Close ends the pack, writes its index and names both pack-<sum>.
func (pw *PackWriter) Close() error {
	if int(pw.count) != len(pw.objs) {
		pw.f.Close()
		os.Remove(pw.f.Name())
		return fmt.Errorf("pack announced %d objects, has %d", pw.count, len(pw.objs))
	}
	packSum := pw.sum.Sum(nil)
	pw.w.Write(packSum)
	if err := pw.w.Flush(); err != nil {
		return err
	}
	if err := pw.f.Close(); err != nil {
		return err
	}
	base := filepath.Join(pw.dir, "pack-"+hex.EncodeToString(packSum))
	if err := os.Rename(pw.f.Name(), base+".pack"); err != nil {
		return err
	}
	return os.WriteFile(base+".idx", pw.index(packSum), 0o444)
}

// index encodes the version 2 index of the pack.
func (pw *PackWriter) index(packSum []byte) []byte {
	objs := append([]packed(nil), pw.objs...)
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
	for _, o := range objs {
		binary.Write(&b, binary.BigEndian, o.crc)
	}
	for _, o := range objs {
		if o.off >= 1<<31 {
			panic("pack over 2 GiB")
		}
		binary.Write(&b, binary.BigEndian, uint32(o.off))
	}
	b.Write(packSum)
	s := sha1.Sum(b.Bytes())
	b.Write(s[:])
	return b.Bytes()
}

// Delta encodes a git delta from a base of srcSize bytes to a target of
// dstSize bytes, made of ops.
func Delta(srcSize, dstSize int64, ops ...DeltaOp) []byte {
	var b bytes.Buffer
	putVarint := func(n int64) {
		for n >= 0x80 {
			b.WriteByte(byte(n) | 0x80)
			n >>= 7
		}
		b.WriteByte(byte(n))
	}
	putVarint(srcSize)
	putVarint(dstSize)
	for _, op := range ops {
		if op.Insert != nil {
			for rest := op.Insert; len(rest) > 0; {
				n := min(len(rest), 127)
				b.WriteByte(byte(n))
				b.Write(rest[:n])
				rest = rest[n:]
			}
			continue
		}
		for off, size := op.Off, op.Size; size > 0; {
			n := min(size, 0xffffff)
			cmd := byte(0x80)
			var arg []byte
			for i := 0; i < 4; i++ {
				if x := byte(off >> (8 * i)); x != 0 {
					cmd |= 1 << i
					arg = append(arg, x)
				}
			}
			for i := 0; i < 3; i++ {
				if x := byte(n >> (8 * i)); x != 0 {
					cmd |= 0x10 << i
					arg = append(arg, x)
				}
			}
			b.WriteByte(cmd)
			b.Write(arg)
			off += n
			size -= n
		}
	}
	return b.Bytes()
}

// A DeltaOp copies Size bytes at Off of the base, or inserts Insert.
type DeltaOp struct {
	Off, Size int64
	Insert    []byte
}

// Repeat writes pattern to w until size bytes are written.
func Repeat(w io.Writer, pattern []byte, size int64) error {
	chunk := bytes.Repeat(pattern, max(1, (1<<20)/len(pattern)))
	for size > 0 {
		n := min(int64(len(chunk)), size)
		if _, err := w.Write(chunk[:n]); err != nil {
			return err
		}
		size -= n
	}
	return nil
}
