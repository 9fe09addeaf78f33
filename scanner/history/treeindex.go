package history

import (
	"cmp"
	"context"
	"encoding/binary"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cambscan/cambscan/internal/git"
)

// A treeIndex is every packed tree reduced to the edges provenance needs
// (its subtrees, and its entries that are target blobs, with their names)
// plus every packed commit, parsed. It is built by reading the packs'
// trees and commits in storage order on all cores, each object inflated
// once (the same delta-tree walk as the blob scan), instead of tree by
// tree from each commit down through the delta-base cache, which took
// 0.5-0.9 s of CPU for the 48 000 trees of a 5 800-commit repository.
//
// Holding every edge as it is read cost 8 bytes per subtree entry of
// every unique tree: 40 million edges, 322 MB live (685 MiB of heap at
// the peak), for the 786 000 trees of an 82 000-commit repository. So
// each worker writes its trees as a stream of edit scripts instead: a
// tree's edges are coded against the previous tree the same worker read,
// which is almost always another version of the same directory (a worker
// resolves one delta tree depth first), so a tree that changes one
// subdirectory costs a few bytes. Such a stream can only be read in
// order, which is all that is needed: the trees that lead to a target
// are found by sweeping the streams bottom up (one sweep per level of
// directories), and then only those trees' edges to targets and to other
// such trees are kept, in plain form, for the filtered trees of
// provenance. The streams are dropped before the commit walk.
type treeIndex struct {
	st   *git.Store
	base []int32 // per pack: the global index of its rank 0
	// slow marks trees with a subtree outside the packs (loose or
	// missing): they are read through the store instead.
	slow []bool
	// rel marks trees that lead to a target (or to a slow tree).
	rel     []bool
	parts   []*indexPart
	targets []git.ID
	// kept lists the relevant indexed trees by global index, each with
	// its edges in keptEdges that lead to a target, once the streams are
	// swept; memo and state (0 new, 1 being filtered, 2 done) are their
	// filtered trees.
	kept      []keptTree
	keptEdges []keptEdge
	memo      []*ftree
	state     []uint8
	commits   map[git.ID]*git.Commit
	cost      indexCost
}

// indexCost measures the streams: the bytes of their records and tree
// numbers, for how many edges of how many trees.
type indexCost struct {
	bytes, edges, trees int64
}

// A keptTree is a tree that leads to a target: its global index and its
// edges, keptEdges[start:start+n].
type keptTree struct {
	g        int32
	start, n uint32
}

// A keptEdge is an edge of a relevant tree: to a subtree that leads to a
// target (child >= 0), or to targets[-1-child].
type keptEdge struct {
	child int32
	name  string
}

// releaseTrees is how many bytes of trees and commits are read between
// two releases of the pack's resident pages. Trees inflate about 16 to 1,
// so the pack's own release every 64 MiB read let 100 MiB of it stay
// resident (RssFile) next to the index on the benchmark repository; this
// keeps it near 4 MiB, for about 25 madvise calls per GiB of trees.
const releaseTrees = 64 << 20

// streamBlock is the largest block of a worker's stream.
const streamBlock = 1 << 20

// An indexPart is what one worker found.
type indexPart struct {
	// blocks hold the records of the trees in the order they were read
	// (trees[i] is the global index of record i). A record is the edit
	// script that turns the previous tree's edges into this tree's: ops
	// of (copy c, delete d, insert i, then i edges), ended by an op of
	// zeros, the rest of the previous edges copied. An edge is its name
	// (uvarint) and its child (varint, see indexEdge).
	blocks  [][]byte
	trees   []int32
	edges   int64 // edges coded, for the cost measure
	names   map[string]uint32
	list    []string
	commits []*git.Commit
	// zones shares one location per time zone among the commits:
	// ParseCommit makes one per commit (14 MB for 82 000 commits).
	zones map[zone]*time.Location
	// prev is the previous tree's edges, cur the one being read, and
	// prevIDs and curIDs their object ids.
	prev, cur       []indexEdge
	prevIDs, curIDs []git.ID
	rec             []byte
	// cache maps recent subtree ids to global indexes: consecutive
	// versions of a tree share most subtrees, and a hit saves a binary
	// search of the pack index.
	cache [4096]struct {
		id git.ID
		g  int32
	}
}

type zone struct {
	name   string
	offset int
}

// shareZone makes c's date use the part's location for its zone.
func (pt *indexPart) shareZone(c *git.Commit) {
	name, offset := c.Date.Zone()
	loc := c.Date.Location()
	if loc == time.UTC || loc == time.Local {
		return
	}
	k := zone{name, offset}
	if l, ok := pt.zones[k]; ok {
		c.Date = c.Date.In(l)
		return
	}
	if pt.zones == nil {
		pt.zones = map[zone]*time.Location{}
	}
	pt.zones[k] = loc
}

type indexEdge struct {
	child int32 // a subtree's global index, or -1-i for targets[i]
	name  uint32
}

// name returns the number of name, interning it, and where the previous
// tree has an entry of that name (-1 if not found there). hint is where
// the previous tree's entry of the same position should be: it is tried
// first, which saves hashing the name.
func (pt *indexPart) name(name []byte, hint *int) (uint32, int) {
	for h := *hint; h < len(pt.prev) && h < *hint+2; h++ {
		if n := pt.prev[h].name; pt.list[n] == string(name) {
			*hint = h + 1
			return n, h
		}
	}
	n, ok := pt.names[string(name)]
	if !ok {
		n = uint32(len(pt.list))
		pt.names[string(name)] = n
		pt.list = append(pt.list, string(name))
	}
	return n, -1
}

// add appends an edge to the tree being read.
func (pt *indexPart) add(child int32, name uint32, id git.ID) {
	pt.cur = append(pt.cur, indexEdge{child, name})
	pt.curIDs = append(pt.curIDs, id)
}

// appendEdges appends edges to a record.
func appendEdges(rec []byte, edges []indexEdge) []byte {
	for _, e := range edges {
		rec = binary.AppendUvarint(rec, uint64(e.name))
		rec = binary.AppendVarint(rec, int64(e.child))
	}
	return rec
}

// appendOp appends one op to a record.
func appendOp(rec []byte, cp, del int, ins []indexEdge) []byte {
	rec = binary.AppendUvarint(rec, uint64(cp))
	rec = binary.AppendUvarint(rec, uint64(del))
	rec = binary.AppendUvarint(rec, uint64(len(ins)))
	return appendEdges(rec, ins)
}

// encode codes cur against prev as a record of tree g and makes cur the
// previous tree. Edges in both lists are in tree order, so they are
// merged by name (any script decodes to cur; the merge keeps it short).
func (pt *indexPart) encode(g int32) {
	prev, cur := pt.prev, pt.cur
	rec := pt.rec[:0]
	i, j, cp := 0, 0, 0
	for i < len(cur) || j < len(prev) {
		if i < len(cur) && j < len(prev) && cur[i] == prev[j] {
			i, j, cp = i+1, j+1, cp+1
			continue
		}
		// A run of changes, until both lists agree again.
		i0, j0 := i, j
		for i < len(cur) || j < len(prev) {
			if i < len(cur) && j < len(prev) && cur[i] == prev[j] {
				break
			}
			switch {
			case j == len(prev):
				i++
			case i == len(cur):
				j++
			case cur[i].name == prev[j].name:
				i, j = i+1, j+1
			case pt.before(cur[i], prev[j]):
				i++
			default:
				j++
			}
		}
		rec = appendOp(rec, cp, j-j0, cur[i0:i])
		cp = 0
	}
	rec = appendOp(rec, 0, 0, nil)
	pt.rec = rec
	last := len(pt.blocks) - 1
	if last < 0 || len(pt.blocks[last])+len(rec) > cap(pt.blocks[last]) {
		size := 4 << 10 // blocks double up to streamBlock: small repositories stay small
		if last >= 0 {
			size = min(2*cap(pt.blocks[last]), streamBlock)
		}
		pt.blocks = append(pt.blocks, make([]byte, 0, max(size, len(rec))))
		last++
	}
	pt.blocks[last] = append(pt.blocks[last], rec...)
	pt.trees = append(pt.trees, g)
	pt.edges += int64(len(cur))
	pt.prev, pt.cur = cur, prev[:0]
	pt.prevIDs, pt.curIDs = pt.curIDs, pt.prevIDs[:0]
}

// before reports whether edge a sorts before edge b in a tree (git
// compares a subtree's name as if it ended in '/').
func (pt *indexPart) before(a, b indexEdge) bool {
	x, y := pt.list[a.name], pt.list[b.name]
	n := min(len(x), len(y))
	if x[:n] != y[:n] {
		return x < y
	}
	end := func(s string, e indexEdge) byte {
		if len(s) > n {
			return s[n]
		}
		if e.child >= 0 {
			return '/'
		}
		return 0
	}
	return end(x, a) < end(y, b)
}

// decode reads the records of pt in order, calling fn with each tree's
// global index and edges (valid until fn returns).
func (pt *indexPart) decode(fn func(g int32, edges []indexEdge)) {
	var prev, cur []indexEdge
	k := 0
	for _, b := range pt.blocks {
		for len(b) > 0 {
			cur = cur[:0]
			j := 0
			for {
				var cp, del, ins uint64
				cp, b = uvarint(b)
				del, b = uvarint(b)
				ins, b = uvarint(b)
				if cp == 0 && del == 0 && ins == 0 {
					break
				}
				cur = append(cur, prev[j:j+int(cp)]...)
				j += int(cp + del)
				for ; ins > 0; ins-- {
					var name uint64
					var child int64
					name, b = uvarint(b)
					child, b = varint(b)
					cur = append(cur, indexEdge{child: int32(child), name: uint32(name)})
				}
			}
			cur = append(cur, prev[j:]...)
			fn(pt.trees[k], cur)
			k++
			prev, cur = cur, prev
		}
	}
}

// uvarint and varint read what this package wrote: a malformed number
// is a bug, and panics.
func uvarint(b []byte) (uint64, []byte) {
	v, n := binary.Uvarint(b)
	if n <= 0 {
		panic("history: bad tree index record")
	}
	return v, b[n:]
}

func varint(b []byte) (int64, []byte) {
	v, n := binary.Varint(b)
	if n <= 0 {
		panic("history: bad tree index record")
	}
	return v, b[n:]
}

// buildTreeIndex reads every packed tree and commit, and keeps the trees
// that lead to targets.
func buildTreeIndex(ctx context.Context, st *git.Store, forests []*git.Forest, targets map[git.ID]bool, workers int) *treeIndex {
	ix := readTrees(ctx, st, forests, targets, workers)
	if ctx.Err() == nil {
		ix.keep(ctx)
	}
	ix.parts = nil
	return ix
}

// readTrees reads every packed tree into the workers' streams, and every
// packed commit. targets are the blobs to keep.
func readTrees(ctx context.Context, st *git.Store, forests []*git.Forest, targets map[git.ID]bool, workers int) *treeIndex {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ix := &treeIndex{st: st, commits: map[git.ID]*git.Commit{}}
	tindex := map[git.ID]int32{}
	var prefix [1 << 16 / 8]byte // first two bytes of target ids, a cheap filter
	for id := range targets {
		tindex[id] = int32(len(ix.targets))
		ix.targets = append(ix.targets, id)
		k := int(id[0])<<8 | int(id[1])
		prefix[k/8] |= 1 << (k % 8)
	}
	total := int32(0)
	for _, f := range forests {
		ix.base = append(ix.base, total)
		total += int32(f.Pack().Len())
	}
	ix.slow, ix.rel = make([]bool, total), make([]bool, total)
	for w := 0; w < workers; w++ {
		ix.parts = append(ix.parts, &indexPart{names: map[string]uint32{}})
	}
	for fi, f := range forests {
		kinds := uint8(1<<git.ObjTree | 1<<git.ObjCommit)
		f.Mark(kinds, st.FirstOwner(fi))
		p := f.Pack()
		opts := git.WalkOptions{Kinds: kinds, MaxSize: 1 << 30, Hard: 1 << 30, Budget: 32 << 20, Recycle: true, Workers: workers}
		var read atomic.Int64
		st.Walk(ctx, f, opts, func(w int) git.Visitor {
			pt := ix.parts[w]
			return git.Visitor{
				Skip: func(int32, int64, error) {}, // unreadable: provenance sees nothing there
				Emit: func(r int32, typ uint8, data []byte) {
					if read.Add(int64(len(data)))%releaseTrees < int64(len(data)) {
						p.Release()
					}
					if typ == git.ObjCommit {
						if c, err := git.ParseCommit(p.IDAt(int(r)), data); err == nil {
							pt.shareZone(c)
							pt.commits = append(pt.commits, c)
						}
						return
					}
					ix.indexTree(pt, ix.base[fi]+r, data, tindex, &prefix)
				},
			}
		})
		p.Release()
	}
	for _, pt := range ix.parts {
		for _, c := range pt.commits {
			ix.commits[c.ID] = c
		}
		pt.commits = nil
		for _, b := range pt.blocks {
			ix.cost.bytes += int64(len(b))
		}
		ix.cost.bytes += int64(cap(pt.trees)) * 4
		ix.cost.edges += pt.edges
		ix.cost.trees += int64(len(pt.trees))
	}
	return ix
}

// indexTree records the edges of tree g. A tree that holds a target, or
// has a subtree outside the packs, is relevant from the start.
func (ix *treeIndex) indexTree(pt *indexPart, g int32, data []byte, tindex map[git.ID]int32, prefix *[1 << 16 / 8]byte) {
	hint := 0
	git.EachTreeEntry(data, func(e *git.TreeEntry) {
		switch {
		case e.IsTree():
			// Most subtrees are those of the previous tree, a version
			// of the same directory: same name, same id.
			n, h := pt.name(e.Name, &hint)
			if h >= 0 && pt.prev[h].child >= 0 && pt.prevIDs[h] == e.ID {
				pt.add(pt.prev[h].child, n, e.ID)
				return
			}
			slot := &pt.cache[binary.LittleEndian.Uint32(e.ID[4:])%uint32(len(pt.cache))]
			if slot.id == e.ID && slot.g != 0 {
				pt.add(slot.g-1, n, e.ID)
				return
			}
			pi, pos := ix.st.Owner(e.ID)
			if pi < 0 {
				ix.slow[g], ix.rel[g] = true, true
				return
			}
			child := ix.base[pi] + int32(ix.st.Packs()[pi].Rank(pos))
			slot.id, slot.g = e.ID, child+1
			pt.add(child, n, e.ID)
		case e.IsBlob():
			k := int(e.ID[0])<<8 | int(e.ID[1])
			if prefix[k/8]&(1<<(k%8)) == 0 {
				return
			}
			if i, ok := tindex[e.ID]; ok {
				n, _ := pt.name(e.Name, &hint)
				pt.add(-1-i, n, e.ID)
				ix.rel[g] = true
			}
		}
	})
	pt.encode(g)
}

// sweep decodes every worker's stream, each on its own goroutine.
func (ix *treeIndex) sweep(fn func(w int, g int32, edges []indexEdge)) {
	var wg sync.WaitGroup
	for w, pt := range ix.parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pt.decode(func(g int32, edges []indexEdge) { fn(w, g, edges) })
		}()
	}
	wg.Wait()
}

// keep finds the trees that lead to a target, bottom up: a sweep marks
// the trees with a subtree marked by the sweep before, until a sweep
// marks nothing (as many sweeps as the deepest path to a target, plus
// one; marks only grow, so a tree cycle ends too). It then keeps those
// trees' edges that lead to a target.
func (ix *treeIndex) keep(ctx context.Context) {
	for ctx.Err() == nil {
		next := append([]bool(nil), ix.rel...)
		var changed atomic.Bool
		ix.sweep(func(_ int, g int32, edges []indexEdge) {
			if ix.rel[g] {
				return
			}
			for _, e := range edges {
				if e.child >= 0 && ix.rel[e.child] {
					next[g] = true // each tree is in one stream only
					changed.Store(true)
					return
				}
			}
		})
		ix.rel = next
		if !changed.Load() {
			break
		}
	}
	type found struct {
		trees []keptTree
		edges []keptEdge
	}
	parts := make([]found, len(ix.parts))
	ix.sweep(func(w int, g int32, edges []indexEdge) {
		if !ix.rel[g] || ix.slow[g] {
			return
		}
		f := &parts[w]
		t := keptTree{g: g, start: uint32(len(f.edges))}
		for _, e := range edges {
			if e.child < 0 || ix.rel[e.child] {
				f.edges = append(f.edges, keptEdge{e.child, ix.parts[w].list[e.name]})
			}
		}
		t.n = uint32(len(f.edges)) - t.start
		f.trees = append(f.trees, t)
	})
	n, m := 0, 0
	for _, f := range parts {
		n, m = n+len(f.trees), m+len(f.edges)
	}
	ix.kept, ix.keptEdges = make([]keptTree, 0, n), make([]keptEdge, 0, m)
	for _, f := range parts {
		for _, t := range f.trees {
			t.start += uint32(len(ix.keptEdges))
			ix.kept = append(ix.kept, t)
		}
		ix.keptEdges = append(ix.keptEdges, f.edges...)
	}
	slices.SortFunc(ix.kept, func(a, b keptTree) int { return cmp.Compare(a.g, b.g) })
	ix.memo, ix.state = make([]*ftree, n), make([]uint8, n)
}

// lookup returns the global index of a packed tree, or -1.
func (ix *treeIndex) lookup(id git.ID) int32 {
	pi, pos := ix.st.Owner(id)
	if pi < 0 {
		return -1
	}
	g := ix.base[pi] + int32(ix.st.Packs()[pi].Rank(pos))
	if ix.slow[g] {
		return -1
	}
	return g
}

// idOf returns the id of global index g.
func (ix *treeIndex) idOf(g int32) git.ID {
	pi := len(ix.base) - 1
	for ix.base[pi] > g {
		pi--
	}
	p := ix.st.Packs()[pi]
	return p.IDAt(int(g - ix.base[pi]))
}

// ftree returns the filtered tree of global index g: nil unless g leads
// to a target.
func (ix *treeIndex) ftree(g int32, tf *treeFilter) *ftree {
	if !ix.rel[g] {
		return nil
	}
	k, ok := slices.BinarySearchFunc(ix.kept, g, func(t keptTree, g int32) int { return cmp.Compare(t.g, g) })
	if !ok {
		return nil
	}
	if ix.state[k] != 0 {
		return ix.memo[k] // nil while being filtered: a cycle guard, as in treeFilter.tree
	}
	if tf.depth > maxTreeDepth {
		tf.missing++
		return nil // memo stays unset: a shallower path may still reach it
	}
	tf.depth++
	defer func() { tf.depth-- }()
	ix.state[k] = 1
	var ents []fent
	t := ix.kept[k]
	for _, e := range ix.keptEdges[t.start : t.start+t.n] {
		var sub *ftree
		switch c := e.child; {
		case c < 0:
			ents = append(ents, fent{name: e.name, blob: ix.targets[-1-c]})
			continue
		case ix.slow[c]:
			sub = tf.tree(ix.idOf(c))
		default:
			sub = ix.ftree(c, tf)
		}
		if sub != nil {
			ents = append(ents, fent{name: e.name, sub: sub})
		}
	}
	ft := tf.intern(ents)
	ix.memo[k], ix.state[k] = ft, 2
	return ft
}
