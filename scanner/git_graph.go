package scanner

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// A commitGraph loads commits on demand through an object store and walks
// them. Missing parents (the boundary of a shallow clone, objects a
// partial clone never received) end a walk like a root would.
type commitGraph struct {
	st      *gitStore
	commits map[gitID]*gitCommit
}

func newCommitGraph(st *gitStore) *commitGraph {
	return &commitGraph{st: st, commits: map[gitID]*gitCommit{}}
}

// get returns the commit id, or nil when it is missing or not a commit.
func (g *commitGraph) get(id gitID) *gitCommit {
	if c, ok := g.commits[id]; ok {
		return c
	}
	var c *gitCommit
	if typ, data, err := g.st.read(id); err == nil && typ == gitObjCommit {
		c, _ = parseGitCommit(id, data)
	}
	g.commits[id] = c
	return c
}

// peel follows annotated tags from id to the object they name.
func (g *commitGraph) peel(id gitID) (uint8, gitID, error) {
	for depth := 0; depth < 16; depth++ {
		if c, ok := g.commits[id]; ok && c != nil {
			return gitObjCommit, id, nil
		}
		typ, data, err := g.st.read(id)
		if err != nil {
			return 0, id, err
		}
		if typ != gitObjTag {
			if typ == gitObjCommit {
				if c, err := parseGitCommit(id, data); err == nil {
					g.commits[id] = c
				}
			}
			return typ, id, nil
		}
		next, ok := parseGitTag(data)
		if !ok {
			return 0, id, fmt.Errorf("%w: bad tag %s", errGitCorrupt, id)
		}
		id = next
	}
	return 0, id, fmt.Errorf("%w: tag chain too long at %s", errGitCorrupt, id)
}

// ancestors returns every commit reachable from the starts (themselves
// included), in an order where each commit comes before its parents'
// walk is finished; stop, when not nil, is not entered.
func (g *commitGraph) ancestors(ctx context.Context, starts []gitID, stop map[gitID]bool) (map[gitID]bool, error) {
	seen := map[gitID]bool{}
	stack := append([]gitID(nil), starts...)
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
		stack = append(stack, c.parents...)
	}
	return seen, nil
}

// newestFirst returns the commits of set by committer date, newest first:
// packs store recent trees whole and older ones as deltas against them,
// so in this order each commit's trees reuse the delta bases cached for
// the one before (in hash order, the provenance walk was 10x slower).
func (g *commitGraph) newestFirst(set map[gitID]bool) []gitID {
	ids := make([]gitID, 0, len(set))
	for id := range set {
		if g.get(id) != nil {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := g.commits[ids[i]], g.commits[ids[j]]
		if a.ctime != b.ctime {
			return a.ctime > b.ctime
		}
		return string(a.id[:]) < string(b.id[:])
	})
	return ids
}

// A refRoots is what a set of refs points at, tags peeled: commits to walk,
// and trees and blobs named directly (a tag on a blob).
type refRoots struct {
	commits []gitID
	trees   []gitID
	blobs   []gitID
}

func (g *commitGraph) roots(refs []gitRef) refRoots {
	var r refRoots
	for _, ref := range refs {
		typ, id, err := g.peel(ref.id)
		if err != nil {
			continue // a ref to a missing object: nothing to walk
		}
		switch typ {
		case gitObjCommit:
			r.commits = append(r.commits, id)
		case gitObjTree:
			r.trees = append(r.trees, id)
		case gitObjBlob:
			r.blobs = append(r.blobs, id)
		}
	}
	return r
}

// resolveRev turns a --ref or --range operand into a ref: a full ref name,
// a short name git would accept (refs/NAME, refs/tags/NAME,
// refs/heads/NAME, refs/remotes/NAME, refs/remotes/NAME/HEAD, in git's
// order), HEAD, or a full commit hash.
func resolveRev(refs []gitRef, rev string) (gitRef, error) {
	byName := make(map[string]gitID, len(refs))
	for _, r := range refs {
		byName[r.name] = r.id
	}
	for _, name := range []string{rev, "refs/" + rev, "refs/tags/" + rev, "refs/heads/" + rev, "refs/remotes/" + rev, "refs/remotes/" + rev + "/HEAD"} {
		if id, ok := byName[name]; ok {
			return gitRef{name, id}, nil
		}
	}
	if id, ok := parseGitID(strings.ToLower(rev)); ok {
		return gitRef{rev, id}, nil
	}
	return gitRef{}, fmt.Errorf("unknown revision %q (want a ref name or a full commit hash)", rev)
}
