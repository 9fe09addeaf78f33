package git

import (
	"context"
	"sync"
)

// A walkTask is a delta tree to resolve: a root, or a delta whose base
// another walker has in memory.
type walkTask struct {
	r     int32
	depth int32 // delta links under the root of its tree
	typ   uint8
	base  []byte // nil for a root
}

// A walkQueue hands out the roots in storage order, and the delta subtrees
// that busy walkers give away while others are idle: one file edited in
// thousands of commits is one delta tree, and without sharing it the last
// worker would resolve it alone (the tree index of a 19 000-commit
// repository spent as much wall time as CPU time).
type walkQueue struct {
	mu         sync.Mutex
	cond       *sync.Cond
	roots      []int32
	next       int
	spill      []walkTask
	limit      int // spilled tasks waiting at most: each holds a base
	busy, idle int
}

func newWalkQueue(roots []int32, limit int) *walkQueue {
	q := &walkQueue{roots: roots, limit: limit}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *walkQueue) get(ctx context.Context) (walkTask, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for ctx.Err() == nil {
		if n := len(q.spill); n > 0 {
			t := q.spill[n-1]
			q.spill = q.spill[:n-1]
			q.busy++
			return t, true
		}
		if q.next < len(q.roots) {
			q.next++
			q.busy++
			return walkTask{r: q.roots[q.next-1]}, true
		}
		if q.busy == 0 {
			break
		}
		q.idle++
		q.cond.Wait()
		q.idle--
	}
	q.cond.Broadcast()
	return walkTask{}, false
}

func (q *walkQueue) done() {
	q.mu.Lock()
	q.busy--
	if q.busy == 0 {
		q.cond.Broadcast()
	}
	q.mu.Unlock()
}

// offer gives t to an idle walker, if there is one.
func (q *walkQueue) offer(t walkTask) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.idle == 0 || len(q.spill) >= q.limit || q.next < len(q.roots) {
		return false
	}
	q.spill = append(q.spill, t)
	q.cond.Signal()
	return true
}
