package git

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/bits"
	"path/filepath"
	"sort"
)

// A split index (core.splitIndex, git update-index --split-index) keeps
// most entries in a shared index file, $GIT_DIR/sharedindex.<id>, and
// writes only the changes to the index itself: its "link" extension names
// the shared file and holds two EWAH bitmaps over the shared entries, the
// ones deleted and the ones replaced. The replacing entries come first in
// the split file, with empty names (they take the shared entry's); the
// other entries of the split file are added, replacing a shared entry of
// the same path and stage. This is git's merge_base_index (split-index.c).
//
// The merged index is written out as one version 3 index in memory and
// parsed as any other, so the rest of the package never sees the split;
// the cache tree is the split file's, which describes the merged index.

// ReadIndexIn maps and parses the index file name; when it is a split
// index, the shared index it names is read from gitDir (git's own
// directory of the work tree, where git writes it, also when
// GIT_INDEX_FILE names a temporary index elsewhere) and merged in. Close
// releases it.
func ReadIndexIn(name, gitDir string) (*Index, error) {
	m, err := mapFile(name, true)
	if err != nil {
		return nil, err
	}
	idx, err := ParseIndex(m.b)
	if err != nil {
		m.close()
		return nil, fmt.Errorf("read index %s: %w", name, err)
	}
	idx.m = m
	if idx.link == nil {
		return idx, nil
	}
	defer idx.Close()
	merged, err := mergeSplit(idx, gitDir)
	if err != nil {
		return nil, fmt.Errorf("read index %s: %w", name, err)
	}
	return merged, nil
}

// mergeSplit returns the index that the split index split and its shared
// index in dir make together.
func mergeSplit(split *Index, dir string) (*Index, error) {
	link := split.link
	if len(link) < 20 {
		return nil, fmt.Errorf("%w: link extension too short", ErrBadIndex)
	}
	var base ID
	copy(base[:], link[:20])
	if base.IsZero() {
		// No shared index: the split file holds every entry.
		split.link = nil
		return rebuildIndex(splitEntries(split, 0), split.tree)
	}
	sharedName := filepath.Join(dir, "sharedindex."+hex.EncodeToString(base[:]))
	m, err := mapFile(sharedName, true)
	if err != nil {
		return nil, fmt.Errorf("%w: split index: shared index: %w", ErrBadIndex, err)
	}
	defer m.close()
	shared, err := ParseIndex(m.b)
	if err != nil {
		return nil, fmt.Errorf("shared index %s: %w", sharedName, err)
	}
	if shared.link != nil {
		return nil, fmt.Errorf("%w: shared index %s is itself split", ErrBadIndex, sharedName)
	}
	if !bytes.Equal(m.b[len(m.b)-20:], base[:]) {
		return nil, fmt.Errorf("%w: shared index %s does not have the checksum its link names", ErrBadIndex, sharedName)
	}
	n := shared.Len()
	deleted := make([]bool, n)
	replaced := make([]bool, n)
	if rest := link[20:]; len(rest) > 0 {
		used, err := ewahEach(rest, n, func(p int) { deleted[p] = true })
		if err != nil {
			return nil, fmt.Errorf("%w: link extension: delete bitmap: %w", ErrBadIndex, err)
		}
		used2, err := ewahEach(rest[used:], n, func(p int) { replaced[p] = true })
		if err != nil {
			return nil, fmt.Errorf("%w: link extension: replace bitmap: %w", ErrBadIndex, err)
		}
		if used+used2 != len(rest) {
			return nil, fmt.Errorf("%w: link extension: garbage after the bitmaps", ErrBadIndex)
		}
	}
	// The shared entries that stay, with their replacements.
	var out []rawEntry
	next := 0 // the next replacing entry of split
	for i := range n {
		switch {
		case replaced[i] && deleted[i]:
			return nil, fmt.Errorf("%w: link extension: entry %d both replaced and deleted", ErrBadIndex, i)
		case deleted[i]:
		case replaced[i]:
			if next >= split.Len() || len(split.Name(next)) != 0 {
				return nil, fmt.Errorf("%w: link extension: no replacement for shared entry %d", ErrBadIndex, i)
			}
			out = append(out, rawEntry{x: split, i: next, name: shared.Name(i)})
			next++
		default:
			out = append(out, rawEntry{x: shared, i: i, name: shared.Name(i)})
		}
	}
	added := splitEntries(split, next)
	// A stage-0 entry added for a path takes the place of every stage of
	// that path in the shared index (git's add_index_entry).
	merged := make(map[string]bool)
	for _, e := range added {
		if len(e.name) == 0 {
			return nil, fmt.Errorf("%w: split index: an entry without a path", ErrBadIndex)
		}
		if e.stage() == 0 {
			merged[string(e.name)] = true
		}
	}
	if len(merged) > 0 {
		kept := out[:0]
		for _, e := range out {
			if !merged[string(e.name)] {
				kept = append(kept, e)
			}
		}
		out = kept
	}
	all := append(out, added...)
	// Stable: of two entries for one path and stage, the added one (later)
	// wins below.
	sort.SliceStable(all, func(a, b int) bool { return all[a].less(all[b]) })
	final := all[:0]
	for _, e := range all {
		if k := len(final); k > 0 && !final[k-1].less(e) {
			final[k-1] = e
			continue
		}
		final = append(final, e)
	}
	return rebuildIndex(final, split.tree)
}

// A rawEntry is entry i of index x, under name (which may differ from
// x's: a replacing entry takes the shared entry's).
type rawEntry struct {
	x    *Index
	i    int
	name []byte
}

func (e rawEntry) flags() uint16 {
	_, f := e.x.nameStart(e.i)
	return f
}

func (e rawEntry) stage() int { return int(e.flags()>>12) & 3 }

func (e rawEntry) less(o rawEntry) bool {
	if c := bytes.Compare(e.name, o.name); c != 0 {
		return c < 0
	}
	return e.stage() < o.stage()
}

// splitEntries returns the entries of x from i on, under their own names.
func splitEntries(x *Index, from int) []rawEntry {
	out := make([]rawEntry, 0, x.Len()-from)
	for i := from; i < x.Len(); i++ {
		out = append(out, rawEntry{x: x, i: i, name: x.Name(i)})
	}
	return out
}

// rebuildIndex writes es as a version 3 index in memory and parses it; the
// result has the cache tree tree.
func rebuildIndex(es []rawEntry, tree *CacheTree) (*Index, error) {
	size := 12 + 20
	for _, e := range es {
		size += (64 + len(e.name) + 8) &^ 7
	}
	buf := make([]byte, 12, size)
	copy(buf, "DIRC")
	binary.BigEndian.PutUint32(buf[4:], 3)
	binary.BigEndian.PutUint32(buf[8:], uint32(len(es)))
	for _, e := range es {
		off := int(e.x.offs[e.i])
		p, flags := e.x.nameStart(e.i)
		start := len(buf)
		buf = append(buf, e.x.data[off:off+60]...)
		nameLen := min(len(e.name), 0xfff)
		ext := p == off+64 // extended flags follow (version 3 and 4 only)
		f := flags&0xb000 | uint16(nameLen)
		if ext {
			f |= 0x4000
		}
		buf = binary.BigEndian.AppendUint16(buf, f)
		if ext {
			buf = append(buf, e.x.data[off+62:off+64]...)
		}
		buf = append(buf, e.name...)
		pad := (len(buf)-start+8)&^7 - (len(buf) - start)
		buf = append(buf, make([]byte, pad)...)
	}
	buf = append(buf, make([]byte, 20)...) // the checksum is not checked
	idx, err := ParseIndex(buf)
	if err != nil {
		return nil, fmt.Errorf("merging the split index: %w", err)
	}
	idx.tree = tree
	return idx, nil
}

// ewahEach calls set for every bit of the EWAH bitmap at the start of b
// (git's ewah/ewah_io.c format: bit count, word count, 64-bit words, the
// position of the last run-length word; all big-endian), and returns the
// bytes the bitmap takes. A bit at limit or beyond is an error, so a
// crafted run length costs at most limit calls.
func ewahEach(b []byte, limit int, set func(int)) (int, error) {
	if len(b) < 8 {
		return 0, fmt.Errorf("truncated")
	}
	words := int(binary.BigEndian.Uint32(b[4:]))
	if words > (len(b)-12)/8 {
		return 0, fmt.Errorf("%d words do not fit in %d bytes", words, len(b))
	}
	word := func(i int) uint64 { return binary.BigEndian.Uint64(b[8+8*i:]) }
	lim := int64(limit)
	var pos int64
	for i := 0; i < words; {
		rlw := word(i)
		i++
		run := int64((rlw >> 1) & 0xffffffff) // in words of 64 bits
		lits := int(rlw >> 33)
		if rlw&1 != 0 {
			for range run * 64 {
				if pos >= lim {
					return 0, fmt.Errorf("bit %d beyond the %d entries", pos, limit)
				}
				set(int(pos))
				pos++
			}
		} else {
			pos = min(pos+run*64, lim+64) // set bits past limit fail below
		}
		if lits > words-i {
			return 0, fmt.Errorf("%d literal words after word %d of %d", lits, i, words)
		}
		for range lits {
			for w := word(i); w != 0; w &= w - 1 {
				p := pos + int64(bits.TrailingZeros64(w))
				if p >= lim {
					return 0, fmt.Errorf("bit %d beyond the %d entries", p, limit)
				}
				set(int(p))
			}
			pos = min(pos+64, lim+64)
			i++
		}
	}
	return 12 + 8*words, nil
}
