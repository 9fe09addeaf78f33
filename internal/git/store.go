package git

import (
	"container/list"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// A Store reads objects of a repository by id: from its packs (each unique
// object from the first pack that has it) and loose files, resolving delta
// chains through a byte-bounded cache of bases. It never writes and never
// fetches: an object that is not on disk is missing. Reads are safe for
// concurrent use (one lock: random reads are the slow path, used for
// provenance and for the rare delta whose base sits in another pack).
type Store struct {
	dirs   []string // objects directories: the repository's, then alternates
	packs  []*Pack
	limits Limits // with defaults filled
	probs  []error

	mu    sync.Mutex
	z     inflater
	cache *baseCache
}

// OpenStore opens the packs of the objects directories dirs (see
// Repo.ObjectDirs) for reads by id: a lookup is a binary search in the
// mapped .idx, so a read costs the same in a pack of 5 000 objects or of
// 200 000. Packs that cannot be opened are returned as errors, and their
// objects are missing for the store.
func OpenStore(dirs []string) (*Store, []*PackError) {
	return OpenStoreWith(dirs, StoreOptions{})
}

// StoreOptions configure [OpenStoreWith].
type StoreOptions struct {
	// LazyOffsets leaves the offsets of each pack's index to be checked
	// as objects are read, as git does, instead of all of them when the
	// pack is opened: the one cost of opening a store that grows with the
	// repository (milliseconds for a million objects), which a reader of
	// a few objects by id (a push, a staged change) need not pay. A pack
	// whose index points outside it then opens, and each object at a bad
	// offset fails to read with an error wrapping ErrCorrupt. A store
	// opened so must not be sorted (SortPacks).
	LazyOffsets bool
}

// OpenStoreWith is [OpenStore] with options.
func OpenStoreWith(dirs []string, o StoreOptions) (*Store, []*PackError) {
	s := &Store{dirs: dirs, cache: newBaseCache(32 << 20), limits: DefaultLimits()}
	var bad []*PackError
	for _, d := range dirs {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			if err == nil {
				err = fmt.Errorf("%w: not a directory", ErrMissing)
			} else if errors.Is(err, fs.ErrNotExist) {
				err = fmt.Errorf("%w: %w", ErrMissing, err)
			}
			s.probs = append(s.probs, &DirError{Dir: d, Err: err})
			continue
		}
		names, _ := filepath.Glob(filepath.Join(d, "pack", "*.pack"))
		for _, name := range names {
			p, err := openPack(name, !o.LazyOffsets)
			if err != nil {
				pe := &PackError{Name: name, Err: err}
				bad = append(bad, pe)
				s.probs = append(s.probs, pe)
				continue
			}
			s.packs = append(s.packs, p)
		}
	}
	return s, bad
}

// SetLimits sets the caps of every later read and walk; zero fields take
// their defaults (see [Limits]). Call it before any read: it is not safe
// to call concurrently with reads.
func (s *Store) SetLimits(l Limits) { s.limits = l.withDefaults() }

// Limits returns the store's caps, defaults filled.
func (s *Store) Limits() Limits { return s.limits }

// Problems returns what OpenStore found wrong, in the order of Dirs: an
// objects directory that does not exist or is not a directory (a
// [*DirError] wrapping ErrMissing: an alternate that is gone), and the
// packs that could not be opened (a [*PackError], wrapping ErrCorrupt when
// the pack is truncated or disagrees with its index). The objects they
// would hold are missing for the store; a caller that finds nothing
// readable can say why.
func (s *Store) Problems() []error { return s.probs }

// SortPacks numbers every pack's objects in storage order (Pack.Rank,
// Pack.Pos), which a [Forest] and [Store.ReadAt] need: tens of milliseconds
// for 200 000 objects. Call it before any read.
func (s *Store) SortPacks() {
	for _, p := range s.packs {
		p.sortByOffset()
	}
}

// Close unmaps the packs. The store must not be used afterwards.
func (s *Store) Close() {
	for _, p := range s.packs {
		p.close()
	}
	s.packs = nil
}

// Dirs returns the objects directories of the store.
func (s *Store) Dirs() []string { return s.dirs }

// Packs returns the packs of the store, in the order lookups try them.
func (s *Store) Packs() []*Pack { return s.packs }

// Owner returns the index in Packs of the first pack holding id and id's
// position in it, or -1, -1.
func (s *Store) Owner(id ID) (pack, pos int) {
	for i, p := range s.packs {
		if pos := p.Find(id); pos >= 0 {
			return i, pos
		}
	}
	return -1, -1
}

// FirstOwner returns the filter that keeps, in pack i, the positions of
// the objects that no earlier pack holds (nil, keeping all, for pack 0).
func (s *Store) FirstOwner(i int) func(pos int) bool {
	if i == 0 {
		return nil
	}
	p := s.packs[i]
	return func(pos int) bool {
		id := p.ID(pos)
		for _, q := range s.packs[:i] {
			if q.Find(id) >= 0 {
				return false
			}
		}
		return true
	}
}

// loosePath returns the file of loose object id, or "".
func (s *Store) loosePath(id ID) string {
	h := id.String()
	for _, d := range s.dirs {
		name := filepath.Join(d, h[:2], h[2:])
		if _, err := os.Stat(name); err == nil {
			return name
		}
	}
	return ""
}

// Has reports whether id is on disk, without reading it.
func (s *Store) Has(id ID) bool {
	if i, _ := s.Owner(id); i >= 0 {
		return true
	}
	return s.loosePath(id) != ""
}

// Read returns the type and content of id. The content may be shared with
// the store's cache: callers must not modify it.
func (s *Store) Read(id ID) (uint8, []byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readLocked(id, s.limits, 0)
}

// ReadAt returns the type and content of the object of rank r in p, a
// pack of the store after SortPacks.
func (s *Store) ReadAt(p *Pack, r int) (uint8, []byte, error) {
	return s.readAt(p, r, s.limits)
}

func (s *Store) readAt(p *Pack, r int, lim Limits) (uint8, []byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readPacked(p, p.offset(int(p.order[r])), p.end(r), lim, 0)
}

// ReadMax is Read for an object of at most limit bytes: a larger one is
// not inflated, and the error is a [*TooLargeError]. limit is the blob
// cap of this read, for the object and the delta bases it is built from;
// the store's caps for trees, commits and tags still apply.
func (s *Store) ReadMax(id ID, limit int64) (uint8, []byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, size, err := s.sizeLocked(id, 0); err != nil {
		return 0, nil, err
	} else if size > limit {
		return 0, nil, fmt.Errorf("%s: %w", id, &TooLargeError{Size: size, Limit: limit})
	}
	return s.readLocked(id, s.limits.capped(limit), 0)
}

// Size returns the type and size of id without inflating its content: a
// delta's size is in the first bytes of its data, and its type is that of
// the end of its chain, found from entry headers alone.
func (s *Store) Size(id ID) (uint8, int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sizeLocked(id, 0)
}

// sizeLocked is Size for an object reached after depth links of a delta
// chain.
func (s *Store) sizeLocked(id ID, depth int) (uint8, int64, error) {
	if depth >= s.limits.DeltaDepth {
		return 0, 0, s.tooDeep(id)
	}
	i, pos := s.Owner(id)
	if i < 0 {
		name := s.loosePath(id)
		if name == "" {
			return 0, 0, fmt.Errorf("%w %s", ErrMissing, id)
		}
		typ, size, rest, err := looseHeader(name)
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
			_, size, _, err = deltaSizes(head)
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
			typ, _, err := s.sizeLocked(e.baseID, depth+n+1)
			return typ, size, err
		}
		if depth+n+1 >= s.limits.DeltaDepth {
			return 0, 0, s.tooDeep(id)
		}
		if e, err = p.headerAt(off, end); err != nil {
			return 0, 0, err
		}
	}
	return e.typ, size, nil
}

// tooDeep is the error of a delta chain longer than the limit: a cycle of
// ref-deltas, or a pack made to cost time.
func (s *Store) tooDeep(id ID) error {
	return fmt.Errorf("%w: delta chain of %s longer than %d (a cycle?)", ErrCorrupt, id, s.limits.DeltaDepth)
}

// readLocked reads id, reached after depth links of a delta chain, under
// the caps of lim.
func (s *Store) readLocked(id ID, lim Limits, depth int) (uint8, []byte, error) {
	if depth >= lim.DeltaDepth {
		return 0, nil, s.tooDeep(id)
	}
	if i, pos := s.Owner(id); i >= 0 {
		off, end := s.packs[i].span(pos)
		return s.readPacked(s.packs[i], off, end, lim, depth)
	}
	if name := s.loosePath(id); name != "" {
		return readLoose(name, lim.Max)
	}
	return 0, nil, fmt.Errorf("%w %s", ErrMissing, id)
}

// readPacked resolves the object at off in p, which ends at end, reached
// after depth links of a delta chain: it walks down the delta chain to a
// whole object or a cached base, reading headers only, then applies the
// deltas back up, caching each intermediate result. Nothing over lim's
// cap for the chain's type is inflated: not the base, not a delta's data,
// not a delta's declared result. An error on a base rather than on the
// object itself is a [*BaseSkippedError].
func (s *Store) readPacked(p *Pack, off, end int64, lim Limits, depth int) (uint8, []byte, error) {
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
			return 0, nil, baseErr(err, len(chain) > 0)
		}
		if !e.delta() {
			if c := lim.Max(e.typ); e.size > c {
				return 0, nil, baseErr(&TooLargeError{Size: e.size, Limit: c, DeltaBase: len(chain) > 0, Whole: true}, len(chain) > 0)
			}
			p.data.touched(e.end - e.data)
			if data, err = s.z.inflate(p.data.b[e.data:e.end], e.size); err != nil {
				return 0, nil, baseErr(err, len(chain) > 0)
			}
			typ = e.typ
			break
		}
		if depth+len(chain)+1 >= lim.DeltaDepth {
			return 0, nil, fmt.Errorf("%w: delta chain at offset %d of %s longer than %d (a cycle?)", ErrCorrupt, off, p.name, lim.DeltaDepth)
		}
		chain = append(chain, e)
		offs = append(offs, off)
		var in bool
		if off, end, in, err = p.base(e); err != nil {
			return 0, nil, err
		}
		if !in {
			if typ, data, err = s.readLocked(e.baseID, lim, depth+len(chain)); err != nil {
				return 0, nil, baseErr(err, true)
			}
			break
		}
	}
	c := lim.Max(typ)
	for i := len(chain) - 1; i >= 0; i-- {
		e := chain[i]
		if e.size > c {
			// The delta's own data is over the cap: say what it would
			// build, from its first bytes.
			size := e.size
			if head, err := s.z.head(p.data.b[e.data:e.end], 20); err == nil {
				if _, rs, _, err := deltaSizes(head); err == nil {
					size = max(size, rs)
				}
			}
			return 0, nil, baseErr(&TooLargeError{Size: size, Limit: c, DeltaBase: i > 0}, i > 0)
		}
		p.data.touched(e.end - e.data)
		delta, err := s.z.inflate(p.data.b[e.data:e.end], e.size)
		if err != nil {
			return 0, nil, baseErr(err, i > 0)
		}
		_, rsize, _, err := deltaSizes(delta)
		if err == nil && rsize > c {
			err = &TooLargeError{Size: rsize, Limit: c, DeltaBase: i > 0}
		}
		if err == nil {
			data, err = applyDelta(data, delta)
		}
		if err != nil {
			return 0, nil, baseErr(err, i > 0)
		}
		s.cache.add(p, offs[i], typ, data)
	}
	return typ, data, nil
}

// baseErr is err as the error of an object built on the base that failed
// with err: a [*BaseSkippedError] when onBase, err otherwise.
func baseErr(err error, onBase bool) error {
	var under *BaseSkippedError
	if !onBase || errors.As(err, &under) {
		return err
	}
	return &BaseSkippedError{Err: err}
}

// A baseCache keeps recently resolved objects under a byte budget, least
// recently used out first. Not safe for concurrent use.
type baseCache struct {
	budget, used int
	ll           list.List
	m            map[baseKey]*list.Element
}

type baseKey struct {
	p   *Pack
	off int64
}

type baseVal struct {
	k    baseKey
	typ  uint8
	data []byte
}

func newBaseCache(budget int) *baseCache {
	return &baseCache{budget: budget, m: map[baseKey]*list.Element{}}
}

func (c *baseCache) get(p *Pack, off int64) (uint8, []byte, bool) {
	if e, ok := c.m[baseKey{p, off}]; ok {
		c.ll.MoveToFront(e)
		v := e.Value.(*baseVal)
		return v.typ, v.data, true
	}
	return 0, nil, false
}

func (c *baseCache) add(p *Pack, off int64, typ uint8, data []byte) {
	k := baseKey{p, off}
	if _, ok := c.m[k]; ok || len(data) > c.budget/4 {
		return
	}
	c.m[k] = c.ll.PushFront(&baseVal{k, typ, data})
	c.used += len(data)
	for c.used > c.budget {
		e := c.ll.Back()
		v := e.Value.(*baseVal)
		c.ll.Remove(e)
		delete(c.m, v.k)
		c.used -= len(v.data)
	}
}
