package scanner

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"container/list"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// A gitStore reads objects of a repository by id: from its packs
// (each unique object from the first pack that has it) and loose files,
// resolving delta chains through a byte-bounded cache of bases. It never
// writes and never fetches: an object that is not on disk is missing.
// read is safe for concurrent use (one lock: random reads are the slow
// path, used for provenance and for the rare delta whose base sits in
// another pack).
type gitStore struct {
	dirs  []string // objects directories: the repository's, then alternates
	packs []*packFile

	mu    sync.Mutex
	z     packInflater
	cache *packBaseCache
}

var errGitMissing = errors.New("missing object")

// openGitStore opens the packs of the objects directories, sorted into
// storage order for a history scan (packFile.order and rank). Packs that
// cannot be opened are returned as skip reasons, not errors.
func openGitStore(dirs []string) (*gitStore, []Skip) {
	s, skips := openObjectStore(dirs)
	for _, p := range s.packs {
		p.sortByOffset()
	}
	return s, skips
}

// openObjectStore is openGitStore without the sort, for reads by id only:
// a lookup is then a binary search in the mapped .idx, so a staged scan
// costs the same in a pack of 5 000 objects or of 200 000.
func openObjectStore(dirs []string) (*gitStore, []Skip) {
	s := &gitStore{dirs: dirs, cache: newPackBaseCache(32 << 20)}
	var skips []Skip
	for _, d := range dirs {
		names, _ := filepath.Glob(filepath.Join(d, "pack", "*.pack"))
		for _, name := range names {
			p, err := openPack(name)
			if err != nil {
				skips = append(skips, Skip{Path: name, Reason: "unreadable pack: " + err.Error()})
				continue
			}
			s.packs = append(s.packs, p)
		}
	}
	return s, skips
}

func (s *gitStore) close() {
	for _, p := range s.packs {
		p.close()
	}
	s.packs = nil
}

// owner returns the index of the first pack holding id, or -1.
func (s *gitStore) owner(id gitID) (int, int) {
	for i, p := range s.packs {
		if pos := p.find(id); pos >= 0 {
			return i, pos
		}
	}
	return -1, -1
}

// loosePath returns the file of loose object id, or "".
func (s *gitStore) loosePath(id gitID) string {
	h := id.String()
	for _, d := range s.dirs {
		name := filepath.Join(d, h[:2], h[2:])
		if _, err := os.Stat(name); err == nil {
			return name
		}
	}
	return ""
}

// has reports whether id is on disk, without reading it.
func (s *gitStore) has(id gitID) bool {
	if i, _ := s.owner(id); i >= 0 {
		return true
	}
	return s.loosePath(id) != ""
}

// read returns the type and content of id.
func (s *gitStore) read(id gitID) (uint8, []byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readLocked(id, 0)
}

// readAt returns the type and content of the object of rank r in p.
func (s *gitStore) readAt(p *packFile, r int) (uint8, []byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readPacked(p, p.offset(int(p.order[r])), p.end(r), 0)
}

// readMax is read for an object of at most limit bytes: a larger one is
// not inflated, and its error wraps ErrTooLarge.
func (s *gitStore) readMax(id gitID, limit int64) (uint8, []byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, size, err := s.sizeLocked(id, 0); err != nil {
		return 0, nil, err
	} else if size > limit {
		return 0, nil, fmt.Errorf("%s: %d bytes: %w", id, size, ErrTooLarge)
	}
	return s.readLocked(id, 0)
}

// size returns the type and size of id without inflating its content: a
// delta's size is in the first bytes of its data, and its type is that of
// the end of its chain, found from entry headers alone.
func (s *gitStore) size(id gitID) (uint8, int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sizeLocked(id, 0)
}

func (s *gitStore) sizeLocked(id gitID, depth int) (uint8, int64, error) {
	if depth > 64 {
		return 0, 0, fmt.Errorf("%w: delta chain too deep at %s", errGitCorrupt, id)
	}
	i, pos := s.owner(id)
	if i < 0 {
		name := s.loosePath(id)
		if name == "" {
			return 0, 0, fmt.Errorf("%w %s", errGitMissing, id)
		}
		typ, size, rest, err := looseObjectHeader(name)
		if err == nil {
			rest.Close()
		}
		return typ, size, err
	}
	p := s.packs[i]
	e, err := p.headerAt(p.span(pos))
	if err != nil {
		return 0, 0, err
	}
	size := e.size
	if e.delta() {
		// Two varints of at most 10 bytes each.
		head, err := s.z.head(p.data.b[e.data:e.end], 20)
		if err == nil {
			_, size, _, err = packDeltaSizes(head)
		}
		if err != nil {
			return 0, 0, err
		}
	}
	for n := 0; e.delta(); n++ {
		off, end, in, err := p.base(e)
		if err != nil {
			return 0, 0, err
		}
		if !in {
			typ, _, err := s.sizeLocked(e.baseID, depth+1)
			return typ, size, err
		}
		if n > 10000 {
			return 0, 0, fmt.Errorf("%w: delta cycle in %s", errGitCorrupt, p.name)
		}
		if e, err = p.headerAt(off, end); err != nil {
			return 0, 0, err
		}
	}
	return e.typ, size, nil
}

func (s *gitStore) readLocked(id gitID, depth int) (uint8, []byte, error) {
	if depth > 64 {
		return 0, nil, fmt.Errorf("%w: delta chain too deep at %s", errGitCorrupt, id)
	}
	if i, pos := s.owner(id); i >= 0 {
		off, end := s.packs[i].span(pos)
		return s.readPacked(s.packs[i], off, end, depth)
	}
	if name := s.loosePath(id); name != "" {
		return readLooseObject(name, -1)
	}
	return 0, nil, fmt.Errorf("%w %s", errGitMissing, id)
}

// readPacked resolves the object at off in p, which ends at end: it walks
// down the delta chain to a whole object or a cached base, then applies
// the deltas back up, caching each intermediate result.
func (s *gitStore) readPacked(p *packFile, off, end int64, depth int) (uint8, []byte, error) {
	var chain []packEntry
	var offs []int64
	var typ uint8
	var data []byte
	for {
		if t, d, ok := s.cache.get(p, off); ok {
			typ, data = t, d
			break
		}
		e, err := p.headerAt(off, end)
		if err != nil {
			return 0, nil, err
		}
		if !e.delta() {
			if data, err = s.z.inflate(p.data.b[e.data:e.end], e.size); err != nil {
				return 0, nil, err
			}
			typ = e.typ
			break
		}
		if len(chain) > 10000 {
			return 0, nil, fmt.Errorf("%w: delta cycle in %s", errGitCorrupt, p.name)
		}
		chain = append(chain, e)
		offs = append(offs, off)
		var in bool
		if off, end, in, err = p.base(e); err != nil {
			return 0, nil, err
		}
		if !in {
			if typ, data, err = s.readLocked(e.baseID, depth+1); err != nil {
				return 0, nil, err
			}
			break
		}
	}
	for i := len(chain) - 1; i >= 0; i-- {
		delta, err := s.z.inflate(p.data.b[chain[i].data:chain[i].end], chain[i].size)
		if err != nil {
			return 0, nil, err
		}
		if data, err = packApplyDelta(data, delta); err != nil {
			return 0, nil, err
		}
		s.cache.add(p, offs[i], typ, data)
	}
	return typ, data, nil
}

// readLooseObject reads a loose object. With limit >= 0, a blob larger than
// limit is not inflated: its size comes back with a nil content.
func readLooseObject(name string, limit int64) (uint8, []byte, error) {
	typ, size, rest, err := looseObjectHeader(name)
	if err != nil {
		return 0, nil, err
	}
	if limit >= 0 && size > limit {
		rest.Close()
		return typ, nil, &looseTooLarge{size}
	}
	if fi, err := os.Stat(name); err == nil && size > maxInflate(int(fi.Size())) {
		rest.Close()
		return 0, nil, fmt.Errorf("%w: %d bytes cannot come from %d compressed bytes", errGitCorrupt, size, fi.Size())
	}
	defer rest.Close()
	data := make([]byte, size)
	if _, err := io.ReadFull(rest, data); err != nil {
		return 0, nil, fmt.Errorf("%w: zlib: %v", errGitCorrupt, err)
	}
	return typ, data, nil
}

type looseTooLarge struct{ size int64 }

func (t *looseTooLarge) Error() string { return fmt.Sprintf("%d bytes", t.size) }

// looseObjectHeader opens a loose object and parses its "type size\0" header,
// returning the rest of the inflated stream (closing it closes the file).
// It reads the file as it goes: a size costs one block of a large object.
func looseObjectHeader(name string) (uint8, int64, io.ReadCloser, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, 0, nil, err
	}
	typ, size, zr, err := looseHeaderOf(f)
	if err != nil {
		f.Close()
		return 0, 0, nil, err
	}
	return typ, size, looseStream{zr, f}, nil
}

type looseStream struct {
	io.ReadCloser
	f *os.File
}

func (l looseStream) Close() error {
	l.ReadCloser.Close()
	return l.f.Close()
}

func looseHeaderOf(f *os.File) (uint8, int64, io.ReadCloser, error) {
	zr, err := zlib.NewReader(bufio.NewReaderSize(f, 4096))
	if err != nil {
		return 0, 0, nil, fmt.Errorf("%w: zlib: %v", errGitCorrupt, err)
	}
	var hdr [32]byte
	n := 0
	for n < len(hdr) {
		if _, err := io.ReadFull(zr, hdr[n:n+1]); err != nil {
			return 0, 0, nil, fmt.Errorf("%w: zlib: %v", errGitCorrupt, err)
		}
		if hdr[n] == 0 {
			break
		}
		n++
	}
	kind, num, ok := bytes.Cut(hdr[:n], []byte{' '})
	size, err := strconv.ParseInt(string(num), 10, 64)
	if !ok || n == len(hdr) || err != nil || size < 0 {
		return 0, 0, nil, fmt.Errorf("%w: bad loose object header", errGitCorrupt)
	}
	for t, tn := range gitTypeNames {
		if tn != "" && tn == string(kind) {
			return uint8(t), size, zr, nil
		}
	}
	return 0, 0, nil, fmt.Errorf("%w: unknown type %q", errGitCorrupt, kind)
}

// A packBaseCache keeps recently resolved objects under a byte budget, least
// recently used out first. Not safe for concurrent use.
type packBaseCache struct {
	budget, used int
	ll           list.List
	m            map[packBaseKey]*list.Element
}

type packBaseKey struct {
	p   *packFile
	off int64
}

type packBaseVal struct {
	k    packBaseKey
	typ  uint8
	data []byte
}

func newPackBaseCache(budget int) *packBaseCache {
	return &packBaseCache{budget: budget, m: map[packBaseKey]*list.Element{}}
}

func (c *packBaseCache) get(p *packFile, off int64) (uint8, []byte, bool) {
	if e, ok := c.m[packBaseKey{p, off}]; ok {
		c.ll.MoveToFront(e)
		v := e.Value.(*packBaseVal)
		return v.typ, v.data, true
	}
	return 0, nil, false
}

func (c *packBaseCache) add(p *packFile, off int64, typ uint8, data []byte) {
	k := packBaseKey{p, off}
	if _, ok := c.m[k]; ok || len(data) > c.budget/4 {
		return
	}
	c.m[k] = c.ll.PushFront(&packBaseVal{k, typ, data})
	c.used += len(data)
	for c.used > c.budget {
		e := c.ll.Back()
		v := e.Value.(*packBaseVal)
		c.ll.Remove(e)
		delete(c.m, v.k)
		c.used -= len(v.data)
	}
}
