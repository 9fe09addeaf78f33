package history

import (
	"context"
	"fmt"
	"sort"

	"github.com/cambscan/cambscan/internal/git"
)

// A commitGraph loads commits on demand through an object store and walks
// them. Missing parents (the boundary of a shallow clone, objects a
// partial clone never received) end a walk like a root would.
type commitGraph struct {
	st      *git.Store
	commits map[git.ID]*git.Commit
}

func newCommitGraph(st *git.Store) *commitGraph {
	return &commitGraph{st: st, commits: map[git.ID]*git.Commit{}}
}

// get returns the commit id, or nil when it is missing or not a commit.
func (g *commitGraph) get(id git.ID) *git.Commit {
	if c, ok := g.commits[id]; ok {
		return c
	}
	var c *git.Commit
	if typ, data, err := g.st.Read(id); err == nil && typ == git.ObjCommit {
		c, _ = git.ParseCommit(id, data)
	}
	g.commits[id] = c
	return c
}

// peel follows annotated tags from id to the object they name.
func (g *commitGraph) peel(id git.ID) (uint8, git.ID, error) {
	for depth := 0; depth < 16; depth++ {
		if c, ok := g.commits[id]; ok && c != nil {
			return git.ObjCommit, id, nil
		}
		typ, data, err := g.st.Read(id)
		if err != nil {
			return 0, id, err
		}
		if typ != git.ObjTag {
			if typ == git.ObjCommit {
				if c, err := git.ParseCommit(id, data); err == nil {
					g.commits[id] = c
				}
			}
			return typ, id, nil
		}
		next, ok := git.ParseTag(data)
		if !ok {
			return 0, id, fmt.Errorf("%w: bad tag %s", git.ErrCorrupt, id)
		}
		id = next
	}
	return 0, id, fmt.Errorf("%w: tag chain too long at %s", git.ErrCorrupt, id)
}

// ancestors returns every commit reachable from the starts (themselves
// included), in an order where each commit comes before its parents'
// walk is finished; stop, when not nil, is not entered.
func (g *commitGraph) ancestors(ctx context.Context, starts []git.ID, stop map[git.ID]bool) (map[git.ID]bool, error) {
	seen := map[git.ID]bool{}
	stack := append([]git.ID(nil), starts...)
	for n := 0; len(stack) > 0; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[id] || stop[id] {
			continue
		}
		c := g.get(id)
		if c == nil {
			continue
		}
		seen[id] = true
		stack = append(stack, c.Parents...)
	}
	return seen, nil
}

// newestFirst returns the commits of set by committer date, newest first:
// packs store recent trees whole and older ones as deltas against them,
// so in this order each commit's trees reuse the delta bases cached for
// the one before (in hash order, the provenance walk was 10x slower).
func (g *commitGraph) newestFirst(set map[git.ID]bool) []git.ID {
	ids := make([]git.ID, 0, len(set))
	for id := range set {
		if g.get(id) != nil {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := g.commits[ids[i]], g.commits[ids[j]]
		if a.CTime != b.CTime {
			return a.CTime > b.CTime
		}
		return string(a.ID[:]) < string(b.ID[:])
	})
	return ids
}

// A refRoots is what a set of refs points at, tags peeled: commits to walk,
// and trees and blobs named directly (a tag on a blob).
type refRoots struct {
	commits []git.ID
	trees   []git.ID
	blobs   []git.ID
}

func (g *commitGraph) roots(refs []git.Ref) refRoots {
	var r refRoots
	for _, ref := range refs {
		typ, id, err := g.peel(ref.ID)
		if err != nil {
			continue // a ref to a missing object: nothing to walk
		}
		switch typ {
		case git.ObjCommit:
			r.commits = append(r.commits, id)
		case git.ObjTree:
			r.trees = append(r.trees, id)
		case git.ObjBlob:
			r.blobs = append(r.blobs, id)
		}
	}
	return r
}
