package git

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
)

// WalkOptions configure [Store.Walk].
type WalkOptions struct {
	// Kinds are the types of the objects to hand to Emit, as bits
	// 1<<type; the forest's Mark must have selected the same kinds.
	Kinds uint8
	// MaxSize: larger objects are reported to Skip with a
	// [*TooLargeError] and not inflated. It is the walk's blob cap (from
	// --max-file-size); trees, commits and tags are held to the smaller of
	// MaxSize and the store's caps for them (see [Limits]). An object over
	// its cap that other objects' deltas need as a base is not read
	// either: it and every object under it are skipped, each with its
	// declared size (a base over the cap could only be read by inflating
	// it, and a small pack can make every blob depend on a 64 MiB base).
	// 0 means the store's caps.
	MaxSize int64
	// Hard is ignored: it was a separate, larger cap for delta bases, and
	// a base over MaxSize is no longer inflated.
	//
	// Deprecated: bases are held to MaxSize.
	Hard int64
	// Budget bounds the bytes of delta bases one walker holds; past it the
	// oldest are dropped and rebuilt through the store when needed again.
	Budget int64
	// Recycle says Emit keeps nothing of the data it is given, so buffers
	// are reused once no delta needs them (it cut the allocations that
	// made garbage collection a tenth of a pass over every tree).
	Recycle bool
	// Workers is the number of walking goroutines; 0 means GOMAXPROCS.
	Workers int
}

// A Visitor receives the objects of a walk, on one walking goroutine.
type Visitor struct {
	// Emit gets a resolved object of rank r. Unless Recycle is set it may
	// keep data.
	Emit func(r int32, typ uint8, data []byte)
	// Skip gets a marked object that was not read, with its size when
	// known and why: a [*TooLargeError], a [*BaseSkippedError], or the
	// read error (wrapping ErrCorrupt or ErrMissing, or an I/O error).
	Skip func(r int32, size int64, err error)
}

// Walk resolves every delta tree that f's last Mark selected, in storage
// order, on opts.Workers goroutines, each with the visitor that visit
// returns for its worker number (called on that goroutine), and returns
// which objects (by rank) were reached. A marked object that was not
// reached sits on a delta cycle of a corrupt pack. Walk returns early,
// with objects unreached, when ctx ends.
func (s *Store) Walk(ctx context.Context, f *Forest, opts WalkOptions, visit func(worker int) Visitor) []bool {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	visited := make([]bool, f.p.n)
	q := newWalkQueue(f.roots, 2*workers)
	lim := s.limits.capped(opts.MaxSize)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := visit(w)
			wk := &walker{st: s, f: f, ctx: ctx, opts: opts, lim: lim, emit: v.Emit, skip: v.Skip, visited: visited, queue: q}
			for {
				t, ok := q.get(ctx)
				if !ok {
					return
				}
				wk.run(t)
				q.done()
			}
		}()
	}
	wg.Wait()
	return visited
}

// A walker resolves delta trees of one pack, depth first, on one
// goroutine. Its stack holds the bases still needed by pending deltas;
// a base whose last needed delta is being resolved is dropped first (a
// delta chain costs two objects of memory, not its depth), and when the
// stack holds more than the budget the oldest bases are dropped and
// rebuilt through the store if they are needed again.
type walker struct {
	st      *Store
	f       *Forest
	ctx     context.Context
	opts    WalkOptions
	lim     Limits // the store's, capped by opts.MaxSize
	emit    func(r int32, typ uint8, data []byte)
	skip    func(r int32, size int64, err error)
	visited []bool
	z       inflater
	frames  []walkFrame
	held    int64
	queue   *walkQueue
	scratch []byte // the inflated delta being applied
	free    [][]byte
}

// alloc returns a free buffer of at least n bytes, or nil.
func (w *walker) alloc(n int64) []byte {
	for i, b := range w.free {
		if int64(cap(b)) >= n {
			w.free[i] = w.free[len(w.free)-1]
			w.free = w.free[:len(w.free)-1]
			return b
		}
	}
	return nil
}

// give returns a buffer this walker owns to the free list.
func (w *walker) give(b []byte) {
	if w.opts.Recycle && cap(b) > 0 && len(w.free) < 8 {
		w.free = append(w.free, b)
	}
}

type walkFrame struct {
	r     int32
	depth int32 // delta links from the root of the tree
	typ   uint8
	own   bool   // data is this walker's to recycle
	data  []byte // nil when dropped
	next  int32  // index in f.kids of the next child to resolve
}

// pop removes the top frame.
func (w *walker) pop() {
	fr := &w.frames[len(w.frames)-1]
	w.held -= int64(len(fr.data))
	if fr.own {
		w.give(fr.data)
	}
	w.frames = w.frames[:len(w.frames)-1]
}

// run resolves the delta tree of t.
func (w *walker) run(t walkTask) {
	f := w.f
	var typ uint8
	var data []byte
	own := true
	if t.base == nil {
		var kids bool
		typ, data, own, kids = w.rootObject(t.r)
		if !kids {
			if own {
				w.give(data)
			}
			return
		}
	} else {
		var err error
		typ = t.typ
		if data, err = w.deltaObject(t.r, typ, t.base, t.depth); err != nil {
			w.skipTree(t.r, err)
			return
		}
		if data == nil || !w.hasKids(t.r) {
			w.give(data)
			return
		}
	}
	w.frames = append(w.frames[:0], walkFrame{r: t.r, depth: t.depth, typ: typ, own: own, data: data, next: f.kidAt[t.r]})
	w.held = int64(len(data))
	for len(w.frames) > 0 && w.ctx.Err() == nil {
		i := len(w.frames) - 1
		k := w.nextKid(&w.frames[i])
		if k < 0 {
			w.pop()
			continue
		}
		base := w.ensure(i)
		if base == nil {
			w.skipTree(k, fmt.Errorf("%w: delta base unreadable", ErrCorrupt))
			continue
		}
		typ, depth := w.frames[i].typ, w.frames[i].depth+1
		more := w.peekKid(&w.frames[i]) >= 0
		if more && w.queue != nil && w.queue.offer(walkTask{r: k, depth: depth, typ: typ, base: base}) {
			w.frames[i].own = false // shared with another walker now
			continue
		}
		data, err := w.deltaObject(k, typ, base, depth)
		if err != nil {
			w.skipTree(k, err)
			continue
		}
		// The base's last needed delta is resolved: free it before going
		// down, so a chain holds two objects at a time.
		if !more {
			w.pop()
		}
		if data == nil {
			continue // skipped for its size, with no deltas of its own to read
		}
		if !w.hasKids(k) {
			w.give(data)
			continue
		}
		w.frames = append(w.frames, walkFrame{r: k, depth: depth, typ: typ, own: true, data: data, next: f.kidAt[k]})
		w.held += int64(len(data))
		w.trim()
	}
}

// rootObject reads a whole object (or one whose base is in another pack)
// and yields it. own says whether the content is the walker's to
// recycle (not the store's cache); kids whether there are deltas under it
// to resolve.
func (w *walker) rootObject(r int32) (typ uint8, data []byte, own, kids bool) {
	f := w.f
	w.visited[r] = true
	if f.parent[r] == outside {
		typ, data, err := w.st.readAt(f.p, int(r), w.lim)
		if err != nil {
			w.skipTree(r, err)
			return 0, nil, false, false
		}
		if w.opts.Kinds&(1<<typ) == 0 {
			return 0, nil, false, false // nothing under it to yield
		}
		w.yield(r, typ, data)
		return typ, data, false, true
	}
	e, err := f.p.header(int(r))
	if err != nil {
		w.skipTree(r, err)
		return 0, nil, false, false
	}
	kids = w.hasKids(r)
	if c := w.lim.Max(e.typ); e.size > c {
		if kids {
			w.skipTree(r, &TooLargeError{Size: e.size, Limit: c, Whole: true})
		} else {
			w.yieldSkip(r, e.size, &TooLargeError{Size: e.size, Limit: c})
		}
		return 0, nil, false, false
	}
	f.p.data.touched(e.end - e.data)
	data, err = w.z.inflateInto(w.alloc(e.size), f.p.data.b[e.data:e.end], e.size)
	if err != nil {
		w.skipTree(r, err)
		return 0, nil, false, false
	}
	w.yield(r, e.typ, data)
	return e.typ, data, true, kids
}

// deltaObject resolves delta k, depth links under its tree's root,
// against base and yields it. It returns a nil content and no error when k
// was skipped for its size and has no deltas under it, and an error when
// it could not be resolved or is a base over the cap (its deltas are then
// skipped with it). Neither the delta's data nor its result is inflated
// past the cap of its type.
func (w *walker) deltaObject(k int32, typ uint8, base []byte, depth int32) ([]byte, error) {
	f := w.f
	w.visited[k] = true
	if int(depth) >= w.lim.DeltaDepth {
		return nil, fmt.Errorf("%w: delta chain longer than %d", ErrCorrupt, w.lim.DeltaDepth)
	}
	e, err := f.p.header(int(k))
	if err != nil {
		return nil, err
	}
	c := w.lim.Max(typ)
	kids := w.hasKids(k)
	if e.size > c {
		size := max(e.size, w.declared(e))
		if kids {
			return nil, &TooLargeError{Size: size, Limit: c}
		}
		w.yieldSkip(k, size, &TooLargeError{Size: size, Limit: c})
		return nil, nil
	}
	f.p.data.touched(e.end - e.data)
	delta, err := w.z.inflateInto(w.scratch, f.p.data.b[e.data:e.end], e.size)
	if err != nil {
		return nil, err
	}
	if cap(delta) <= 1<<20 {
		w.scratch = delta // reused for the next delta; larger ones are let go
	}
	_, size, _, err := deltaSizes(delta)
	if err != nil {
		return nil, err
	}
	if size > c {
		if kids {
			return nil, &TooLargeError{Size: size, Limit: c}
		}
		w.yieldSkip(k, size, &TooLargeError{Size: size, Limit: c})
		return nil, nil
	}
	data, err := applyDeltaInto(w.alloc(size), base, delta)
	if err != nil {
		return nil, err
	}
	w.yield(k, typ, data)
	return data, nil
}

// declared returns the size an object says it has without inflating it:
// a whole object's from its header, a delta's result from the first bytes
// of its data; 0 when they cannot be read.
func (w *walker) declared(e packEntry) int64 {
	if !e.delta() {
		return e.size
	}
	head, err := w.z.head(w.f.p.data.b[e.data:e.end], 20)
	if err != nil {
		return 0
	}
	_, size, _, err := deltaSizes(head)
	if err != nil {
		return 0
	}
	return size
}

func (w *walker) nextKid(fr *walkFrame) int32 {
	f := w.f
	for end := f.kidAt[fr.r+1]; fr.next < end; {
		k := f.kids[fr.next]
		fr.next++
		if f.need[k] {
			return k
		}
	}
	return -1
}

func (w *walker) peekKid(fr *walkFrame) int32 {
	save := fr.next
	k := w.nextKid(fr)
	fr.next = save
	return k
}

func (w *walker) hasKids(r int32) bool {
	fr := walkFrame{r: r, next: w.f.kidAt[r]}
	return w.nextKid(&fr) >= 0
}

// ensure returns the content of frame i, rebuilding it if it was dropped.
func (w *walker) ensure(i int) []byte {
	fr := &w.frames[i]
	if fr.data == nil {
		_, data, err := w.st.readAt(w.f.p, int(fr.r), w.lim)
		if err != nil {
			return nil
		}
		fr.data, fr.own = data, false // the store's cache holds it too
		w.held += int64(len(data))
		w.trim()
	}
	return fr.data
}

// trim drops the oldest bases (never the top one) while the stack holds
// more than the budget.
func (w *walker) trim() {
	for i := 0; w.held > w.opts.Budget && i < len(w.frames)-1; i++ {
		fr := &w.frames[i]
		w.held -= int64(len(fr.data))
		if fr.own {
			w.give(fr.data)
		}
		fr.data = nil
	}
}

// yield hands a resolved object to emit if it is one to yield.
// A base over the size cap is read for its deltas but skipped itself.
func (w *walker) yield(r int32, typ uint8, data []byte) {
	if !w.f.emit[r] || w.opts.Kinds&(1<<typ) == 0 {
		return
	}
	if n, c := int64(len(data)), w.lim.Max(typ); n > c {
		w.skip(r, n, &TooLargeError{Size: n, Limit: c})
		return
	}
	w.emit(r, typ, data)
}

func (w *walker) yieldSkip(r int32, size int64, err error) {
	if w.f.emit[r] {
		w.skip(r, size, err)
	}
}

// skipTree reports r and every needed object under it as skipped, each
// with its declared size (read from headers, nothing inflated): r with
// err, and the objects under it as too large when they are over their cap
// themselves, else with a [*BaseSkippedError] around err (a
// [*TooLargeError] there says DeltaBase).
func (w *walker) skipTree(r int32, err error) {
	f := w.f
	var under error = &BaseSkippedError{Err: err}
	if tl, ok := err.(*TooLargeError); ok {
		base := *tl
		base.DeltaBase = true
		under = &BaseSkippedError{Err: &base}
	}
	stack := []int32{r}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		w.visited[x] = true
		if f.emit[x] && (w.opts.Kinds&(1<<f.typ[x]) != 0 || f.typ[x] == 0) {
			var size int64
			why := err
			var tl *TooLargeError
			if x == r && errors.As(err, &tl) {
				size = tl.Size
			} else if e, herr := f.p.header(int(x)); herr == nil {
				size = w.declared(e)
				if c := w.lim.Max(f.typ[x]); x != r && size > c {
					why = &TooLargeError{Size: size, Limit: c}
				}
			}
			w.skip(x, size, why)
		}
		err = under
		for _, k := range f.kids[f.kidAt[x]:f.kidAt[x+1]] {
			if f.need[k] {
				stack = append(stack, k)
			}
		}
	}
}
