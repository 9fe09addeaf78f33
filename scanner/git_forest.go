package scanner

// A packForest is the delta structure of one pack, built from object
// headers alone (nothing is inflated): each delta points at its base, and
// each object lists the deltas based on it. Reading a pack root by root,
// each root and then its deltas depth first, inflates every object once
// and holds only the bases on the current path (git index-pack does the
// same); different roots are independent, so they are read in parallel.
type packForest struct {
	p      *packFile
	typ    []uint8 // by rank: the object's type with deltas resolved; 0 unknown
	parent []int32 // by rank: the base's rank; noBase, or outside for ref-deltas to other packs
	kidAt  []int32 // kids of rank r: kids[kidAt[r]:kidAt[r+1]]
	kids   []int32
	need   []bool // by rank: read this object (it is yielded or a base of one)
	emit   []bool // by rank: yield this object if it is a blob
	roots  []int32
	// bad lists objects whose header could not be parsed.
	bad []int
}

const (
	noBase  = -1
	outside = -2 // ref-delta whose base is not in this pack
	broken  = -3 // header unreadable
)

// buildForest parses every object header of p.
func buildForest(p *packFile) *packForest {
	n := p.n
	f := &packForest{p: p, typ: make([]uint8, n), parent: make([]int32, n)}
	counts := make([]int32, n+1)
	for r := 0; r < n; r++ {
		e, err := p.header(r)
		switch {
		case err != nil:
			f.parent[r] = broken
			f.bad = append(f.bad, r)
			continue
		case e.typ == gitObjOfsDelta:
			b := p.rankAt(e.baseOff)
			if b < 0 {
				f.parent[r] = broken
				f.bad = append(f.bad, r)
				continue
			}
			f.parent[r] = int32(b)
		case e.typ == gitObjRefDelta:
			pos := p.find(e.baseID)
			if pos < 0 {
				f.parent[r] = outside
				continue
			}
			f.parent[r] = int32(p.rank[pos])
		default:
			f.parent[r] = noBase
			f.typ[r] = e.typ
			continue
		}
		counts[f.parent[r]]++
	}
	// Children in compressed rows, in storage order.
	f.kidAt = make([]int32, n+1)
	for r := 0; r < n; r++ {
		f.kidAt[r+1] = f.kidAt[r] + counts[r]
	}
	f.kids = make([]int32, f.kidAt[n])
	fill := append([]int32(nil), f.kidAt[:n]...)
	for r := 0; r < n; r++ {
		if b := f.parent[r]; b >= 0 {
			f.kids[fill[b]] = int32(r)
			fill[b]++
		}
	}
	// Types flow from whole objects down their delta trees. A ref-delta
	// cycle (a corrupt pack) is never reached and stays unknown.
	var stack []int32
	for r := 0; r < n; r++ {
		if f.parent[r] != noBase {
			continue
		}
		stack = append(stack[:0], int32(r))
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, k := range f.kids[f.kidAt[x]:f.kidAt[x+1]] {
				f.typ[k] = f.typ[x]
				stack = append(stack, k)
			}
		}
	}
	return f
}

// mark selects the objects whose type is in kinds (bits 1<<type) to
// yield (want, when not nil, filters them by position) and the bases they
// need, and lists the roots of the delta trees to walk.
func (f *packForest) mark(kinds uint8, want func(pos int) bool) {
	p, n := f.p, f.p.n
	f.need = make([]bool, n)
	f.emit = make([]bool, n)
	f.roots = f.roots[:0]
	for r := 0; r < n; r++ {
		// Unknown types sit under a base in another pack: read them, and
		// the walker drops what turns out not to be of kinds.
		if f.parent[r] == broken || (kinds&(1<<f.typ[r]) == 0 && f.typ[r] != 0) {
			continue
		}
		if want != nil && !want(int(p.order[r])) {
			continue
		}
		f.emit[r] = true
		// Mark r and its bases up to one already marked.
		for x := int32(r); x >= 0 && !f.need[x]; x = f.parent[x] {
			f.need[x] = true
		}
	}
	for r := 0; r < n; r++ {
		if f.need[r] && f.parent[r] < 0 {
			f.roots = append(f.roots, int32(r))
		}
	}
}
