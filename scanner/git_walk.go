package scanner

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// A packWalker resolves delta trees of one pack, depth first, on one
// goroutine. Its stack holds the bases still needed by pending deltas;
// a base whose last needed delta is being resolved is dropped first (a
// delta chain costs two objects of memory, not its depth), and when the
// stack holds more than budget bytes the oldest bases are dropped and
// rebuilt through the store if they are needed again.
type packWalker struct {
	st      *gitStore
	f       *packForest
	ctx     context.Context
	kind    uint8 // the type of the objects to hand to emit
	maxSize int64 // objects over it are skipped, not read
	hard    int64 // largest object inflated as a delta base
	emit    func(r int32, data []byte)
	skip    func(r int32, size int64, reason string)
	visited []bool
	z       packInflater
	frames  []walkFrame
	held    int64
	budget  int64
}

// walkForest resolves every marked delta tree of f on workers goroutines,
// each with a walker from mk, and returns which objects were reached.
func walkForest(ctx context.Context, f *packForest, workers int, mk func(visited []bool) *packWalker) []bool {
	var next atomic.Int64
	visited := make([]bool, f.p.n)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wk := mk(visited)
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= int64(len(f.roots)) {
					return
				}
				wk.tree(f.roots[i])
			}
		}()
	}
	wg.Wait()
	return visited
}

type walkFrame struct {
	r    int32
	typ  uint8
	data []byte // nil when dropped
	next int32  // index in f.kids of the next child to resolve
}

// tree resolves the delta tree under root.
func (w *packWalker) tree(root int32) {
	f := w.f
	typ, data, ok := w.rootObject(root)
	if !ok {
		return
	}
	w.frames = append(w.frames[:0], walkFrame{r: root, typ: typ, data: data, next: f.kidAt[root]})
	w.held = int64(len(data))
	for len(w.frames) > 0 && w.ctx.Err() == nil {
		i := len(w.frames) - 1
		k := w.nextKid(&w.frames[i])
		if k < 0 {
			w.held -= int64(len(w.frames[i].data))
			w.frames = w.frames[:i]
			continue
		}
		base := w.ensure(i)
		if base == nil {
			w.skipTree(k, "corrupt object: delta base unreadable")
			continue
		}
		typ := w.frames[i].typ
		data, err := w.deltaObject(k, typ, base)
		if err != "" {
			w.skipTree(k, err)
			continue
		}
		// The base's last needed delta is resolved: free it before going
		// down, so a chain holds two objects at a time.
		if w.peekKid(&w.frames[i]) < 0 {
			w.held -= int64(len(w.frames[i].data))
			w.frames = w.frames[:i]
		}
		if data == nil {
			continue // skipped for its size, with no deltas of its own to read
		}
		if w.hasKids(k) {
			w.frames = append(w.frames, walkFrame{r: k, typ: typ, data: data, next: f.kidAt[k]})
			w.held += int64(len(data))
			w.trim()
		}
	}
}

// rootObject reads a whole object (or one whose base is in another pack)
// and yields it. ok is false when there is nothing to go down into.
func (w *packWalker) rootObject(r int32) (uint8, []byte, bool) {
	f, b := w.f, w
	w.visited[r] = true
	if f.parent[r] == outside {
		typ, data, err := b.st.readAt(f.p, int(r))
		if err != nil {
			w.skipTree(r, gitObjectError(err))
			return 0, nil, false
		}
		if typ != w.kind {
			return 0, nil, false // nothing under it to yield
		}
		w.yield(r, typ, data)
		return typ, data, true
	}
	e, err := f.p.header(int(r))
	if err != nil {
		w.skipTree(r, gitObjectError(err))
		return 0, nil, false
	}
	kids := w.hasKids(r)
	switch {
	case e.size > b.hard:
		w.skipTree(r, fmt.Sprintf("%s (%d bytes); too large to read as a delta base", tooLargeReason(e.size, b.maxSize), e.size))
		return 0, nil, false
	case e.size > b.maxSize && !kids:
		w.yieldSkip(r, e.size, tooLargeReason(e.size, b.maxSize))
		return 0, nil, false
	}
	data, err := w.z.inflate(f.p.data.b[e.data:e.end], e.size)
	if err != nil {
		w.skipTree(r, gitObjectError(err))
		return 0, nil, false
	}
	w.yield(r, e.typ, data)
	return e.typ, data, kids
}

// deltaObject resolves delta k against base and yields it. It returns a
// nil content when k was skipped for its size and has no deltas under
// it, and a reason when it could not be resolved.
func (w *packWalker) deltaObject(k int32, typ uint8, base []byte) ([]byte, string) {
	f, b := w.f, w
	w.visited[k] = true
	e, err := f.p.header(int(k))
	if err != nil {
		return nil, gitObjectError(err)
	}
	delta, err := w.z.inflate(f.p.data.b[e.data:e.end], e.size)
	if err != nil {
		return nil, gitObjectError(err)
	}
	_, size, _, err := packDeltaSizes(delta)
	if err != nil {
		return nil, gitObjectError(err)
	}
	kids := w.hasKids(k)
	switch {
	case size > b.hard:
		return nil, fmt.Sprintf("%s; too large to read as a delta base", tooLargeReason(size, b.maxSize))
	case size > b.maxSize && !kids:
		w.yieldSkip(k, size, tooLargeReason(size, b.maxSize))
		return nil, ""
	}
	data, err := packApplyDelta(base, delta)
	if err != nil {
		return nil, gitObjectError(err)
	}
	w.yield(k, typ, data)
	return data, ""
}

func (w *packWalker) nextKid(fr *walkFrame) int32 {
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

func (w *packWalker) peekKid(fr *walkFrame) int32 {
	save := fr.next
	k := w.nextKid(fr)
	fr.next = save
	return k
}

func (w *packWalker) hasKids(r int32) bool {
	fr := walkFrame{r: r, next: w.f.kidAt[r]}
	return w.nextKid(&fr) >= 0
}

// ensure returns the content of frame i, rebuilding it if it was dropped.
func (w *packWalker) ensure(i int) []byte {
	fr := &w.frames[i]
	if fr.data == nil {
		_, data, err := w.st.readAt(w.f.p, int(fr.r))
		if err != nil {
			return nil
		}
		fr.data = data
		w.held += int64(len(data))
		w.trim()
	}
	return fr.data
}

// trim drops the oldest bases (never the top one) while the stack holds
// more than the budget.
func (w *packWalker) trim() {
	for i := 0; w.held > w.budget && i < len(w.frames)-1; i++ {
		w.held -= int64(len(w.frames[i].data))
		w.frames[i].data = nil
	}
}

// yield hands a resolved object to emit if it is one to yield.
// A base over the size cap is read for its deltas but skipped itself.
func (w *packWalker) yield(r int32, typ uint8, data []byte) {
	if !w.f.emit[r] || typ != w.kind {
		return
	}
	if n := int64(len(data)); n > w.maxSize {
		w.skip(r, n, tooLargeReason(n, w.maxSize))
		return
	}
	w.emit(r, data)
}

func (w *packWalker) yieldSkip(r int32, size int64, reason string) {
	if w.f.emit[r] {
		w.skip(r, size, reason)
	}
}

// skipTree records r and every needed object under it as skipped.
func (w *packWalker) skipTree(r int32, reason string) {
	f := w.f
	under := "delta base skipped: " + reason
	stack := []int32{r}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		w.visited[x] = true
		if f.emit[x] && (f.typ[x] == w.kind || f.typ[x] == 0) {
			w.skip(x, 0, reason)
		}
		reason = under
		for _, k := range f.kids[f.kidAt[x]:f.kidAt[x+1]] {
			if f.need[k] {
				stack = append(stack, k)
			}
		}
	}
}
