package cache

import (
	"bufio"
	"bytes"
	"container/heap"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// IDLen is the length of a blob id (SHA-1).
const IDLen = 20

// An ID is a blob id.
type ID = [IDLen]byte

// The seen store is a directory per rules version of segment files, each a
// sorted run of unique 20-byte blob ids, with no header: a file whose size
// is not a multiple of 20 is ignored. A run adds one segment per
// repository it finishes (written to a temporary name, then renamed), so
// a killed run keeps what it finished. When there are more than
// maxSegments, the next writer merges them all into one under the store's
// lock. Lookups go through a Bloom filter of bounded size, then a binary
// search of each segment: in memory while the segments held stay within
// the budget (memBudget), with ReadAt beyond. A segment a run adds is
// held like one it found: memory does not grow with the fleet. After a
// merge, or when another run merged the segments this one holds, the
// store opens its segments again, so it holds at most maxSegments+1
// files and its filter is sized for what the store holds.
const (
	maxSegments = 16
	memBudget   = 256 << 20
	// bloomMaxBits bounds the filter at 32 MiB; bloomMinBits is its
	// floor (1 MiB).
	bloomMaxBits = 256 << 20
	bloomMinBits = 8 << 20
	bloomBitsPer = 16 // bits per id: about 0.05 % false positives with 4 probes
	bloomProbes  = 4
)

// A Seen is the set of blobs scanned clean under one rules version: read
// and matched, with no finding. Blobs that held a finding are not in it,
// so they are read again on every run (their keys are then at hand for
// the report and the probe, and the cache holds none). Has is safe for
// concurrent use; Add is too (calls of Add run one at a time).
//
// Memory: the segments held in memory stay within budget bytes (the rest
// is read with ReadAt), the filter within 32 MiB (twice that while the
// store opens its segments again after a merge), and Add holds the ids of
// one repository while it writes them.
type Seen struct {
	dir    string
	budget int64 // bytes of segments held in memory at most (memBudget)

	wmu sync.Mutex // serialises Add: its write, merge and reopening

	mu      sync.RWMutex
	segs    []*segment
	bloom   []uint64
	mem     int64    // bytes of segments held in memory
	added   int      // ids added by this process
	damaged []string // damaged segments found, by name
}

// A segment is one sorted file of ids, in memory (data) or read with
// ReadAt (f).
type segment struct {
	name string
	n    int
	data []byte
	f    *os.File
}

// Seen opens the seen store of a rules version (a string safe as a file
// name: [rules.Version] and the scan options that change matching).
func (c *Cache) Seen(version string) (*Seen, error) {
	if version == "" || strings.ContainsAny(version, `/\:`) || strings.HasPrefix(version, ".") {
		return nil, fmt.Errorf("bad rules version %q", version)
	}
	dir := filepath.Join(c.dir, "blobs", version)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	s := &Seen{dir: dir, budget: memBudget}
	if err := s.reload(); err != nil {
		return nil, err
	}
	return s, nil
}

// list returns the names of the segment files.
func (s *Seen) list() ([]string, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "seg-") && strings.HasSuffix(e.Name(), ".ids") && e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// reload opens the store's segments (anew), with a new filter sized for
// them, and lets go of the segments no longer in the directory (merged
// away). A segment s holds already is kept as it is (its ids go into the
// new filter from memory, or from its open file); another is read, and
// held in memory while the bytes held, those of the segments let go
// included, stay within the budget. A damaged segment is skipped and
// named by Damaged. The caller holds wmu, or s is not shared yet.
func (s *Seen) reload() error {
	names, err := s.list()
	if err != nil {
		return err
	}
	s.mu.RLock()
	old := make(map[string]*segment, len(s.segs))
	for _, g := range s.segs {
		old[g.name] = g
	}
	held := s.mem
	s.mu.RUnlock()

	total := 0
	for _, n := range names {
		if g := old[n]; g != nil {
			total += g.n
		} else if fi, err := os.Stat(filepath.Join(s.dir, n)); err == nil {
			total += int(fi.Size() / IDLen)
		}
	}
	bits := min(max(total*bloomBitsPer*2, bloomMinBits), bloomMaxBits)
	bloom := make([]uint64, bits/64)
	var (
		segs []*segment
		mem  int64 // of segs
		read int64 // of segs read now, in memory
		bad  []string
		kept = map[*segment]bool{}
	)
	for _, n := range names {
		if g := old[n]; g != nil {
			if g.addTo(bloom) == nil {
				segs = append(segs, g)
				mem += int64(len(g.data))
				kept[g] = true
			}
			continue
		}
		g, err := openSegment(s.dir, n, bloom, s.budget-held-read)
		if errors.Is(err, errBadSegment) {
			bad = append(bad, n)
		}
		if err != nil {
			continue // merged away meanwhile: its ids are in the merged one
		}
		segs = append(segs, g)
		mem += int64(len(g.data))
		read += int64(len(g.data))
	}

	s.mu.Lock()
	prev := s.segs
	s.segs, s.bloom, s.mem = segs, bloom, mem
	s.noteDamaged(bad)
	s.mu.Unlock()
	for _, g := range prev {
		if !kept[g] && g.f != nil {
			g.f.Close()
		}
	}
	return nil
}

// noteDamaged adds names to the damaged segments found; s.mu is held.
func (s *Seen) noteDamaged(names []string) {
	for _, n := range names {
		if !slices.Contains(s.damaged, n) {
			s.damaged = append(s.damaged, n)
		}
	}
}

// Damaged returns the paths of the damaged segments found since the
// store was opened (not trusted: their blobs are read again), sorted.
func (s *Seen) Damaged() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, len(s.damaged))
	for i, n := range s.damaged {
		out[i] = filepath.Join(s.dir, n)
	}
	slices.Sort(out)
	return out
}

// openSegment opens the segment name of dir, adds its ids to bloom, and
// holds it in memory when it is at most room bytes.
func openSegment(dir, name string, bloom []uint64, room int64) (*segment, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil || fi.Size()%IDLen != 0 {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, errBadSegment)
	}
	seg := &segment{name: name, n: int(fi.Size() / IDLen)}
	br := bufio.NewReaderSize(f, 1<<20)
	keep := fi.Size() <= room
	if keep {
		seg.data = make([]byte, 0, fi.Size())
	}
	var id, prev ID
	for i := range seg.n {
		if _, err := io.ReadFull(br, id[:]); err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if i > 0 && bytes.Compare(prev[:], id[:]) >= 0 {
			// Not strictly increasing: not a segment this package wrote
			// (a zero-filled or scrambled file). None of it is trusted;
			// the ids already in the filter only cost a binary search.
			f.Close()
			return nil, fmt.Errorf("%s: %w", name, errBadSegment)
		}
		prev = id
		bloomAdd(bloom, &id)
		if keep {
			seg.data = append(seg.data, id[:]...)
		}
	}
	if keep {
		f.Close()
	} else {
		seg.f = f
	}
	return seg, nil
}

// addTo adds the ids of a segment already open to bloom.
func (g *segment) addTo(bloom []uint64) error {
	var id ID
	if g.data != nil {
		for i := range g.n {
			copy(id[:], g.data[i*IDLen:])
			bloomAdd(bloom, &id)
		}
		return nil
	}
	br := bufio.NewReaderSize(io.NewSectionReader(g.f, 0, int64(g.n)*IDLen), 1<<20)
	for range g.n {
		if _, err := io.ReadFull(br, id[:]); err != nil {
			return err
		}
		bloomAdd(bloom, &id)
	}
	return nil
}

// probes returns the positions of id in a filter of m bits: the id is a
// hash already, so its bytes are the probes.
func probes(m uint64, id *ID) [bloomProbes]uint64 {
	var p [bloomProbes]uint64
	for i := range p {
		p[i] = uint64(binary.LittleEndian.Uint32(id[4*i:])) ^ uint64(binary.LittleEndian.Uint32(id[16:]))<<uint(i*8)
		p[i] %= m
	}
	return p
}

func bloomAdd(bloom []uint64, id *ID) {
	for _, p := range probes(uint64(len(bloom)*64), id) {
		bloom[p/64] |= 1 << (p % 64)
	}
}

// Has reports whether id was scanned clean under this version.
func (s *Seen) Has(id ID) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, p := range probes(uint64(len(s.bloom)*64), &id) {
		if s.bloom[p/64]&(1<<(p%64)) == 0 {
			return false
		}
	}
	for _, seg := range s.segs {
		if seg.has(&id) {
			return true
		}
	}
	return false
}

// has binary-searches the segment.
func (g *segment) has(id *ID) bool {
	var buf [IDLen]byte
	at := func(i int) []byte {
		if g.data != nil {
			return g.data[i*IDLen : (i+1)*IDLen]
		}
		if _, err := g.f.ReadAt(buf[:], int64(i)*IDLen); err != nil {
			return nil
		}
		return buf[:]
	}
	lo, hi := 0, g.n
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		b := at(mid)
		if b == nil {
			return false // an unreadable segment: the blob is read again
		}
		switch bytes.Compare(b, id[:]) {
		case 0:
			return true
		case -1:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return false
}

// Added returns how many ids this process added.
func (s *Seen) Added() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.added
}

// Add records ids (one repository's) as scanned clean: it writes them as
// a new segment (atomically), held in memory while the budget allows and
// read from its file otherwise, merges the segments when there are too
// many, and opens them again when it holds too many. ids is sorted in
// place; the store keeps no reference to it.
func (s *Seen) Add(ctx context.Context, ids []ID) error {
	slices.SortFunc(ids, func(a, b ID) int { return bytes.Compare(a[:], b[:]) })
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		return nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	var rnd [6]byte
	rand.Read(rnd[:])
	name := fmt.Sprintf("seg-%s.ids", hex.EncodeToString(rnd[:]))
	path := filepath.Join(s.dir, name)
	err := writeAtomic(path, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<20)
		for i := range ids {
			bw.Write(ids[i][:])
		}
		return bw.Flush()
	})
	if err != nil {
		return fmt.Errorf("seen store: %w", err)
	}
	size := int64(len(ids)) * IDLen
	seg := &segment{name: name, n: len(ids)}
	s.mu.RLock()
	room := s.budget - s.mem // only Add changes mem, and wmu is held
	s.mu.RUnlock()
	if size <= room {
		seg.data = make([]byte, 0, size)
		for i := range ids {
			seg.data = append(seg.data, ids[i][:]...)
		}
	} else if seg.f, err = os.Open(path); err != nil {
		seg = nil // its ids are in the filter but found in no segment: read again
	}
	s.mu.Lock()
	for i := range ids {
		bloomAdd(s.bloom, &ids[i])
	}
	if seg != nil {
		s.segs = append(s.segs, seg)
		s.mem += int64(len(seg.data))
	}
	s.added += len(ids)
	held := len(s.segs)
	s.mu.Unlock()
	names, err := s.list()
	if err != nil {
		return err
	}
	if len(names) > maxSegments {
		if err := s.compact(ctx); err != nil {
			return err
		}
		return s.reload()
	}
	if held > maxSegments {
		return s.reload() // another run merged the segments s holds
	}
	return nil
}

// compact merges every segment into one, under the store's lock. The
// merged segments are removed once the merged one is in place; a reader
// that listed them before still finds their ids (unix keeps an open file
// readable; elsewhere a failed removal is left for the next merge).
func (s *Seen) compact(ctx context.Context) error {
	l, err := lockFile(ctx, filepath.Join(s.dir, "merge.lock"))
	if err != nil {
		return err
	}
	defer l.Unlock()
	// A damaged segment found while merging is removed and the merge
	// starts again without it: at most once per segment.
	for {
		names, err := s.list()
		if err != nil || len(names) <= maxSegments {
			return err
		}
		bad, err := s.merge(names)
		if err == nil || len(bad) == 0 {
			return err
		}
		s.mu.Lock()
		s.noteDamaged(bad)
		s.mu.Unlock()
		for _, n := range bad {
			if err := os.Remove(filepath.Join(s.dir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("seen store: remove a damaged segment: %w", err)
			}
		}
	}
}

// errBadSegment is a segment file that is not a strictly increasing run
// of whole ids.
var errBadSegment = errors.New("damaged segment")

// merge writes the union of the segments names as one new segment and
// removes them. A segment whose size is not a multiple of IDLen, or whose
// ids are not strictly increasing, is damaged: the merge is abandoned
// (nothing written, nothing removed) and the damaged names returned, so
// that none of their ids is trusted (fail-safe: their blobs are read
// again).
func (s *Seen) merge(names []string) (bad []string, err error) {
	var files []*os.File
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	h := &mergeHeap{}
	var its []*mergeIt
	for _, n := range names {
		f, err := os.Open(filepath.Join(s.dir, n))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, err
		}
		files = append(files, f)
		if fi, err := f.Stat(); err != nil || fi.Size()%IDLen != 0 {
			bad = append(bad, n)
			continue
		}
		it := &mergeIt{name: n, r: bufio.NewReaderSize(f, 64<<10)}
		its = append(its, it)
		if it.next() {
			h.its = append(h.its, it)
		}
	}
	if len(bad) > 0 {
		return bad, errBadSegment
	}
	heap.Init(h)
	var rnd [6]byte
	rand.Read(rnd[:])
	name := fmt.Sprintf("seg-%s.ids", hex.EncodeToString(rnd[:]))
	err = writeAtomic(filepath.Join(s.dir, name), func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<20)
		var last ID
		first := true
		for h.Len() > 0 {
			it := h.its[0]
			if first || it.cur != last {
				bw.Write(it.cur[:])
				last, first = it.cur, false
			}
			if it.next() {
				heap.Fix(h, 0)
			} else {
				heap.Pop(h)
			}
		}
		for _, it := range its {
			if it.bad {
				bad = append(bad, it.name)
			}
		}
		if len(bad) > 0 {
			return errBadSegment // writeAtomic drops the merged file
		}
		return bw.Flush()
	})
	if err != nil {
		return bad, err
	}
	for _, f := range files {
		f.Close()
	}
	files = nil
	for _, n := range names {
		os.Remove(filepath.Join(s.dir, n))
	}
	return nil, nil
}

// A mergeIt reads one segment's ids in order; bad is set when they are
// not strictly increasing.
type mergeIt struct {
	name string
	r    *bufio.Reader
	cur  ID
	n    int // ids read
	bad  bool
}

func (it *mergeIt) next() bool {
	prev := it.cur
	started := it.n > 0
	if _, err := io.ReadFull(it.r, it.cur[:]); err != nil {
		return false
	}
	if started && bytes.Compare(prev[:], it.cur[:]) >= 0 {
		it.bad = true
		return false
	}
	it.n++
	return true
}

type mergeHeap struct{ its []*mergeIt }

func (h *mergeHeap) Len() int { return len(h.its) }
func (h *mergeHeap) Less(i, j int) bool {
	return bytes.Compare(h.its[i].cur[:], h.its[j].cur[:]) < 0
}
func (h *mergeHeap) Swap(i, j int) { h.its[i], h.its[j] = h.its[j], h.its[i] }
func (h *mergeHeap) Push(x any)    { h.its = append(h.its, x.(*mergeIt)) }
func (h *mergeHeap) Pop() any {
	x := h.its[len(h.its)-1]
	h.its = h.its[:len(h.its)-1]
	return x
}

// Close releases the segments read from disk.
func (s *Seen) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range s.segs {
		if g.f != nil {
			g.f.Close()
		}
	}
	s.segs = nil
	return nil
}

// writeAtomic writes name through write into a temporary file in the same
// directory (0600), syncs it and renames it into place.
func writeAtomic(name string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = write(f)
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
