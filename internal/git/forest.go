package git

// A Forest is the delta structure of one pack, built from object headers
// alone (nothing is inflated): each delta points at its base, and each
// object lists the deltas based on it. Objects are numbered by rank
// (storage order). Reading a pack root by root, each root and then its
// deltas depth first, inflates every object once and holds only the bases
// on the current path (git index-pack does the same); different roots are
// independent, so [Store.Walk] reads them in parallel.
type Forest struct {
	p      *Pack
	typ    []uint8 // by rank: the object's type with deltas resolved; 0 unknown
	parent []int32 // by rank: the base's rank; noBase, outside or broken
	kidAt  []int32 // kids of rank r: kids[kidAt[r]:kidAt[r+1]]
	kids   []int32
	need   []bool // by rank: read this object (it is yielded or a base of one)
	emit   []bool // by rank: hand this object to the walk's Emit
	roots  []int32
	bad    []int // ranks whose header could not be parsed
}

const (
	noBase  = -1
	outside = -2 // ref-delta whose base is not in this pack
	broken  = -3 // header unreadable
)

// BuildForest parses every object header of p, a pack of a store after
// SortPacks.
func BuildForest(p *Pack) *Forest {
	n := p.n
	f := &Forest{p: p, typ: make([]uint8, n), parent: make([]int32, n)}
	counts := make([]int32, n+1)
	for r := 0; r < n; r++ {
		e, err := p.header(r)
		switch {
		case err != nil:
			f.parent[r] = broken
			f.bad = append(f.bad, r)
			continue
		case e.typ == ObjOfsDelta:
			b := p.rankAt(e.baseOff)
			if b < 0 {
				f.parent[r] = broken
				f.bad = append(f.bad, r)
				continue
			}
			f.parent[r] = int32(b)
		case e.typ == ObjRefDelta:
			pos := p.Find(e.baseID)
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

// Pack returns the pack of f.
func (f *Forest) Pack() *Pack { return f.p }

// Type returns the type of the object of rank r, deltas resolved; 0 when
// it is not known from the pack alone (a delta on a base in another pack,
// or an unreadable header).
func (f *Forest) Type(r int) uint8 { return f.typ[r] }

// Bad returns the ranks of the objects whose header could not be parsed.
func (f *Forest) Bad() []int { return f.bad }

// Marked reports whether the last Mark selected the object of rank r.
func (f *Forest) Marked(r int) bool { return f.emit[r] }

// Mark selects the objects whose type is in kinds (bits 1<<type) for the
// next walk to hand to Emit (want, when not nil, filters them by
// position), and the bases they need, and lists the roots of the delta
// trees to walk.
func (f *Forest) Mark(kinds uint8, want func(pos int) bool) {
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
