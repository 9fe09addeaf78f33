package git

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"strconv"
)

// The index file is parsed here rather than with go-git's index decoder
// for three reasons:
//   - go-git drops the invalidated nodes of the cache-tree extension, and
//     with them the shape of the tree, so the extension cannot be walked;
//     the cache tree is what lets a one-file staged change cost a few tree
//     reads instead of a walk of HEAD's whole tree;
//   - go-git reads only .git/index, while git points hooks at another file
//     with GIT_INDEX_FILE (git commit -a, git commit PATH);
//   - go-git decodes each entry field by field through reflection; this
//     parser reads 200 000 entries in a few milliseconds.

// An IndexEntry is the part of an index entry that a diff uses.
type IndexEntry struct {
	ID          ID
	Mode        uint32
	Stage       int  // 0 for a normal entry, 1-3 for an unresolved conflict
	IntentToAdd bool // git add -N: the path is known, no content is staged
}

// A CacheTree is a node of the index's cache-tree extension: the tree that
// the index entries of one directory would be written as. Count is -1 when
// git invalidated the node (an entry below it changed since the tree was
// computed); ID is only meaningful when Count >= 0.
type CacheTree struct {
	Name     string
	Count    int
	ID       ID
	Children []*CacheTree
}

// Child returns the subtree called name, or nil (also when t is nil).
func (t *CacheTree) Child(name []byte) *CacheTree {
	if t == nil {
		return nil
	}
	for _, c := range t.Children {
		if c.Name == string(name) {
			return c
		}
	}
	return nil
}

// An Index is a parsed index file. Entries are decoded lazily: parsing
// only records where each one starts (4 bytes an entry), and callers
// decode the few they look at. Version 4 indexes compress each path
// against the previous one, so their paths are decoded up front.
type Index struct {
	m       *fileMap // nil when parsed from memory
	data    []byte   // the whole file
	version uint32
	offs    []uint32 // where each entry starts in data
	names   [][]byte // version 4 only: every path
	tree    *CacheTree
	link    []byte // the split index's link extension (splitindex.go)
}

// ReadIndex maps and parses the index file name, merging the shared index
// of a split index from name's directory (see [ReadIndexIn]); Close
// releases it.
func ReadIndex(name string) (*Index, error) {
	return ReadIndexIn(name, filepath.Dir(name))
}

// Close releases the mapped file. Names returned earlier become invalid.
func (x *Index) Close() {
	if x.m != nil {
		x.m.close()
		x.m = nil
	}
	x.data, x.names = nil, nil
}

// Len returns the number of entries.
func (x *Index) Len() int { return len(x.offs) }

// Tree returns the root of the cache-tree extension, nil when the index
// has none (or an unusable one).
func (x *Index) Tree() *CacheTree { return x.tree }

// nameStart returns where entry i's path starts and its flags.
func (x *Index) nameStart(i int) (int, uint16) {
	off := int(x.offs[i])
	flags := binary.BigEndian.Uint16(x.data[off+60:])
	p := off + 62
	if flags&0x4000 != 0 && x.version >= 3 {
		p += 2
	}
	return p, flags
}

// Name returns entry i's path, a view of the index that is valid until
// Close: copy it to keep it.
func (x *Index) Name(i int) []byte {
	if x.names != nil {
		return x.names[i]
	}
	p, flags := x.nameStart(i)
	if n := int(flags & 0xfff); n < 0xfff {
		return x.data[p : p+n]
	}
	return x.data[p : p+bytes.IndexByte(x.data[p:], 0)]
}

// ID returns entry i's object id.
func (x *Index) ID(i int) (id ID) {
	off := int(x.offs[i])
	copy(id[:], x.data[off+40:off+60])
	return id
}

// Entry decodes entry i.
func (x *Index) Entry(i int) IndexEntry {
	off := int(x.offs[i])
	e := x.data[off:]
	p, flags := x.nameStart(i)
	ent := IndexEntry{Mode: binary.BigEndian.Uint32(e[24:28]), Stage: int(flags>>12) & 3}
	copy(ent.ID[:], e[40:60])
	if p == off+64 {
		ent.IntentToAdd = binary.BigEndian.Uint16(e[62:64])&(1<<13) != 0
	}
	return ent
}

// ParseIndex parses index format versions 2, 3 and 4 with their cache-tree
// extension; the Index keeps data. Like git, which checks the trailing
// SHA-1 only in fsck, it does not hash the file (4 ms for 50 000 entries);
// every length and offset is bounds-checked instead, and a malformed file
// is an error wrapping ErrBadIndex. Of a split index it parses only the
// split file's own entries: ReadIndexIn merges in the shared index.
func ParseIndex(data []byte) (*Index, error) {
	const hashLen = 20
	if len(data) < 12+hashLen || string(data[:4]) != "DIRC" {
		return nil, fmt.Errorf("%w: no DIRC header", ErrBadIndex)
	}
	body := data[:len(data)-hashLen]
	version := binary.BigEndian.Uint32(data[4:8])
	if version < 2 || version > 4 {
		return nil, fmt.Errorf("%w: unsupported version %d", ErrBadIndex, version)
	}
	count := int(binary.BigEndian.Uint32(data[8:12]))
	if count > len(body)/40 {
		return nil, fmt.Errorf("%w: %d entries cannot fit in %d bytes", ErrBadIndex, count, len(body))
	}
	idx := &Index{data: data, version: version, offs: make([]uint32, count)}
	if version == 4 {
		idx.names = make([][]byte, count)
	}
	off := 12
	var prev []byte
	// Version 4 paths are stored as a suffix of the previous one: a few
	// bytes can repeat a long path, so the decoded paths are held to a
	// multiple of the file (real ones total less than the file itself).
	budget := maxV4Paths(len(data))
	for i := range count {
		if off+64 > len(body) {
			return nil, fmt.Errorf("%w: entry %d truncated", ErrBadIndex, i)
		}
		idx.offs[i] = uint32(off)
		p, flags := idx.nameStart(i)
		if version == 4 {
			strip, n := readOffsetVarint(body[p:])
			end := bytes.IndexByte(body[p+n:], 0)
			if n == 0 || strip > len(prev) || end < 0 {
				return nil, fmt.Errorf("%w: entry %d: bad path", ErrBadIndex, i)
			}
			if budget -= int64(len(prev) - strip + end); budget < 0 {
				return nil, fmt.Errorf("%w: version 4 paths expand past %d bytes", ErrBadIndex, maxV4Paths(len(data)))
			}
			name := make([]byte, 0, len(prev)-strip+end)
			name = append(append(name, prev[:len(prev)-strip]...), body[p+n:p+n+end]...)
			idx.names[i], prev = name, name
			off = p + n + end + 1
			continue
		}
		n := int(flags & 0xfff)
		if n == 0xfff {
			n = bytes.IndexByte(body[p:], 0)
		}
		if n < 0 || p+n >= len(body) || body[p+n] != 0 {
			return nil, fmt.Errorf("%w: entry %d: bad path", ErrBadIndex, i)
		}
		// Entries are padded with 1-8 NULs to a multiple of 8 bytes.
		off += (p - off + n + 8) &^ 7
	}
	for off+8 <= len(body) {
		sig := string(body[off : off+4])
		size := int(binary.BigEndian.Uint32(body[off+4 : off+8]))
		off += 8
		if size > len(body)-off {
			return nil, fmt.Errorf("%w: extension %q truncated", ErrBadIndex, sig)
		}
		ext := body[off : off+size]
		off += size
		switch {
		case sig == "TREE":
			t, rest, err := parseCacheTree(ext, 0)
			if err != nil || len(rest) != 0 {
				// The cache tree is only an accelerator: without it a
				// diff reads HEAD's trees along every path instead.
				continue
			}
			idx.tree = t
		case sig == "link":
			// A split index: ReadIndexIn merges the shared index in.
			idx.link = ext
		case sig[0] >= 'A' && sig[0] <= 'Z', sig == "sdir":
			// Optional extensions, and the sparse-index marker: the
			// directory entries it announces are compared like files.
		default:
			return nil, fmt.Errorf("%w: unknown required extension %q", ErrBadIndex, sig)
		}
	}
	return idx, nil
}

// readOffsetVarint decodes git's offset varint (varint.c); n is 0 on error.
func readOffsetVarint(b []byte) (val, n int) {
	if len(b) == 0 {
		return 0, 0
	}
	c := b[0]
	val = int(c & 127)
	n = 1
	for c&128 != 0 {
		if n >= len(b) || n > 8 {
			return 0, 0
		}
		c = b[n]
		n++
		val = ((val + 1) << 7) | int(c&127)
	}
	return val, n
}

// maxV4Paths bounds the decoded paths of a version 4 index of n bytes.
func maxV4Paths(n int) int64 { return 8*int64(n) + 1<<20 }

// maxCacheTreeDepth bounds the nesting of the cache-tree extension: a path
// of git's PATH_MAX (4096 bytes) has at most 2048 directories, and a node
// costs 5 bytes, so a crafted extension could otherwise nest a million
// levels deep and overflow the stack.
const maxCacheTreeDepth = 4096

// parseCacheTree parses one cache-tree node, depth levels down, and its
// subtrees, in the pre-order git writes them: "path NUL count SP subtrees
// LF [id]".
func parseCacheTree(b []byte, depth int) (*CacheTree, []byte, error) {
	if depth > maxCacheTreeDepth {
		return nil, nil, fmt.Errorf("%w: cache tree nested deeper than %d", ErrBadIndex, maxCacheTreeDepth)
	}
	nul := bytes.IndexByte(b, 0)
	if nul < 0 {
		return nil, nil, ErrBadIndex
	}
	t := &CacheTree{Name: string(b[:nul])}
	b = b[nul+1:]
	sp := bytes.IndexByte(b, ' ')
	lf := bytes.IndexByte(b, '\n')
	if sp < 0 || lf < sp {
		return nil, nil, ErrBadIndex
	}
	count, err1 := strconv.Atoi(string(b[:sp]))
	subtrees, err2 := strconv.Atoi(string(b[sp+1 : lf]))
	// A subtree takes at least 5 bytes ("NUL-1 0 LF" with an empty name).
	if err1 != nil || err2 != nil || subtrees < 0 || subtrees > len(b)/5 {
		return nil, nil, ErrBadIndex
	}
	t.Count = count
	b = b[lf+1:]
	if count >= 0 {
		if len(b) < 20 {
			return nil, nil, ErrBadIndex
		}
		copy(t.ID[:], b[:20])
		b = b[20:]
	}
	t.Children = make([]*CacheTree, 0, subtrees)
	for range subtrees {
		c, rest, err := parseCacheTree(b, depth+1)
		if err != nil {
			return nil, nil, err
		}
		t.Children = append(t.Children, c)
		b = rest
	}
	return t, b, nil
}
