package scanner

import (
	"context"
	"fmt"
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
	kinds   uint8 // the types of the objects to hand to emit, as bits 1<<type
	maxSize int64 // objects over it are skipped, not read
	hard    int64 // largest object inflated as a delta base
	emit    func(r int32, typ uint8, data []byte)
	skip    func(r int32, size int64, reason string)
	visited []bool
	z       packInflater
	frames  []walkFrame
	held    int64
	budget  int64
	queue   *walkQueue
	scratch []byte // the inflated delta being applied
	// recycle says emit keeps nothing: the buffers of resolved objects
	// are reused once no delta needs them (trees and commits: the blob
	// scan hands its buffers to the engine). It cuts the allocations that
	// made garbage collection a tenth of the tree pass.
	recycle bool
	free    [][]byte
}

// alloc returns a free buffer of at least n bytes, or nil.
func (w *packWalker) alloc(n int64) []byte {
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
func (w *packWalker) give(b []byte) {
	if w.recycle && cap(b) > 0 && len(w.free) < 8 {
		w.free = append(w.free, b)
	}
}

type walkFrame struct {
	r    int32
	typ  uint8
	own  bool   // data is this walker's to recycle
	data []byte // nil when dropped
	next int32  // index in f.kids of the next child to resolve
}

// pop removes the top frame.
func (w *packWalker) pop() {
	fr := &w.frames[len(w.frames)-1]
	w.held -= int64(len(fr.data))
	if fr.own {
		w.give(fr.data)
	}
	w.frames = w.frames[:len(w.frames)-1]
}

// run resolves the delta tree of t.
func (w *packWalker) run(t walkTask) {
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
		var err string
		typ = t.typ
		if data, err = w.deltaObject(t.r, typ, t.base); err != "" {
			w.skipTree(t.r, err)
			return
		}
		if data == nil || !w.hasKids(t.r) {
			w.give(data)
			return
		}
	}
	w.frames = append(w.frames[:0], walkFrame{r: t.r, typ: typ, own: own, data: data, next: f.kidAt[t.r]})
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
			w.skipTree(k, "corrupt object: delta base unreadable")
			continue
		}
		typ := w.frames[i].typ
		more := w.peekKid(&w.frames[i]) >= 0
		if more && w.queue != nil && w.queue.offer(walkTask{r: k, typ: typ, base: base}) {
			w.frames[i].own = false // shared with another walker now
			continue
		}
		data, err := w.deltaObject(k, typ, base)
		if err != "" {
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
		w.frames = append(w.frames, walkFrame{r: k, typ: typ, own: true, data: data, next: f.kidAt[k]})
		w.held += int64(len(data))
		w.trim()
	}
}

// rootObject reads a whole object (or one whose base is in another pack)
// and yields it. own says whether the content is the walker's to
// recycle (not the store's cache); kids whether there are deltas under it
// to resolve.
func (w *packWalker) rootObject(r int32) (typ uint8, data []byte, own, kids bool) {
	f, b := w.f, w
	w.visited[r] = true
	if f.parent[r] == outside {
		typ, data, err := b.st.readAt(f.p, int(r))
		if err != nil {
			w.skipTree(r, gitObjectError(err))
			return 0, nil, false, false
		}
		if w.kinds&(1<<typ) == 0 {
			return 0, nil, false, false // nothing under it to yield
		}
		w.yield(r, typ, data)
		return typ, data, false, true
	}
	e, err := f.p.header(int(r))
	if err != nil {
		w.skipTree(r, gitObjectError(err))
		return 0, nil, false, false
	}
	kids = w.hasKids(r)
	switch {
	case e.size > b.hard:
		w.skipTree(r, fmt.Sprintf("%s (%d bytes); too large to read as a delta base", tooLargeReason(e.size, b.maxSize), e.size))
		return 0, nil, false, false
	case e.size > b.maxSize && !kids:
		w.yieldSkip(r, e.size, tooLargeReason(e.size, b.maxSize))
		return 0, nil, false, false
	}
	f.p.data.touched(e.end - e.data)
	data, err = w.z.inflateInto(w.alloc(e.size), f.p.data.b[e.data:e.end], e.size)
	if err != nil {
		w.skipTree(r, gitObjectError(err))
		return 0, nil, false, false
	}
	w.yield(r, e.typ, data)
	return e.typ, data, true, kids
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
	f.p.data.touched(e.end - e.data)
	delta, err := w.z.inflateInto(w.scratch, f.p.data.b[e.data:e.end], e.size)
	if err != nil {
		return nil, gitObjectError(err)
	}
	if cap(delta) <= 1<<20 {
		w.scratch = delta // reused for the next delta; larger ones are let go
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
	data, err := packApplyDeltaInto(w.alloc(size), base, delta)
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
		fr.data, fr.own = data, false // the store's cache holds it too
		w.held += int64(len(data))
		w.trim()
	}
	return fr.data
}

// trim drops the oldest bases (never the top one) while the stack holds
// more than the budget.
func (w *packWalker) trim() {
	for i := 0; w.held > w.budget && i < len(w.frames)-1; i++ {
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
func (w *packWalker) yield(r int32, typ uint8, data []byte) {
	if !w.f.emit[r] || w.kinds&(1<<typ) == 0 {
		return
	}
	if n := int64(len(data)); n > w.maxSize {
		w.skip(r, n, tooLargeReason(n, w.maxSize))
		return
	}
	w.emit(r, typ, data)
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
		if f.emit[x] && (w.kinds&(1<<f.typ[x]) != 0 || f.typ[x] == 0) {
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
