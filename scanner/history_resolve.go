package scanner

import (
	"context"
)

// Resolve traces the blobs that hold findings to the commits and paths
// that brought them, and returns one finding per (rule, key, path): the
// oldest introducing commit (reachable ones first), with Occurrences
// counting the commits that carry the key at that path. A blob no commit
// names keeps an empty path. Findings under an excluded path are dropped.
func (g *gitSource) Resolve(ctx context.Context, findings []Finding) ([]Finding, error) {
	if g.st == nil {
		return findings, nil
	}
	targets := map[gitID]bool{}
	for i := range findings {
		if id, ok := parseGitID(findings[i].Blob); ok {
			targets[id] = true
		}
	}
	g.scan.prepare()
	ix := buildTreeIndex(ctx, g.st, g.scan.forests, targets, g.opts.Jobs)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	graph := newCommitGraph(g.st)
	graph.commits = ix.commits
	set, err := g.selectCommits(ctx, graph)
	if err != nil {
		return nil, err
	}
	tf := newTreeFilter(g.st, targets)
	tf.ix = ix
	prov := newHistProvenance(tf, graph)
	if err := prov.walk(ctx, set); err != nil {
		return nil, err
	}
	return prov.findings(findings, g.opts.Excludes, g.sel != nil && g.sel.strict), nil
}

// A histCommitSet is the commits whose trees provenance looks at.
type histCommitSet struct {
	graph       *commitGraph
	reachable   map[gitID]bool // commits that refs reach (walked first)
	unreachable []gitID        // commits no ref reaches (full scans only)
	// trees and blobs that refs name directly (a tag on a tree or a blob)
	trees, blobs []gitID
}

// selectCommits selects the commits of the scan: those the refs reach, plus
// every other commit object of the repository for a full scan; those
// --ref reaches; or those of --range.
func (g *gitSource) selectCommits(ctx context.Context, graph *commitGraph) (*histCommitSet, error) {
	set := &histCommitSet{graph: graph}
	if g.sel != nil {
		set.reachable, set.trees, set.blobs = g.sel.commits, g.sel.trees, g.sel.refBlobs
		return set, nil
	}
	refs, err := g.repo.refs()
	if err != nil {
		return nil, err
	}
	roots := graph.roots(refs)
	set.trees, set.blobs = roots.trees, roots.blobs
	if set.reachable, err = graph.ancestors(ctx, roots.commits, nil); err != nil {
		return nil, err
	}
	for _, id := range g.allCommits() {
		if !set.reachable[id] {
			set.unreachable = append(set.unreachable, id)
		}
	}
	return set, nil
}

// allCommits lists the commit objects the scan saw.
func (g *gitSource) allCommits() []gitID {
	if g.execCommits != nil {
		return g.execCommits
	}
	g.scan.mu.Lock()
	defer g.scan.mu.Unlock()
	return append([]gitID(nil), g.scan.commits...)
}

// histPairStat is what the walk learns about one target blob at one path.
type histPairStat struct {
	occ   int        // commits carrying it
	reach bool       // one of them is reachable
	intro *gitCommit // the oldest commit that introduced it; nil: named by a ref directly
	found bool       // intro is set (or the pair is named by a ref)
	// introReach says whether intro is reachable.
	introReach bool
}

type histProvenance struct {
	tf    *treeFilter
	graph *commitGraph
	pairs map[fpair]*histPairStat
	gen   map[gitID]int32 // generation numbers, for ties in dates
}

func newHistProvenance(tf *treeFilter, graph *commitGraph) *histProvenance {
	return &histProvenance{tf: tf, graph: graph, pairs: map[fpair]*histPairStat{}, gen: map[gitID]int32{}}
}

// walk visits every commit of set: each target (path, blob) in its tree
// counts one occurrence, and is introduced by the commit when no parent
// has the same blob at the same path. All parents, not only the first:
// a merge introduces only what differs from every side, which is exactly
// a conflict resolution or an "evil merge" edit. Commits whose filtered
// tree equals a parent's introduce nothing and are counted in bulk.
func (p *histProvenance) walk(ctx context.Context, set *histCommitSet) error {
	ids := p.graph.newestFirst(set.reachable)
	n := 0
	visit := func(id gitID, reach bool) error {
		if n++; n%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		c := p.graph.get(id)
		if c == nil {
			return nil
		}
		ft := p.tf.tree(c.tree)
		if ft == nil {
			return nil
		}
		var parents []*ftree
		same := false
		for _, pid := range c.parents {
			pc := p.graph.get(pid)
			if pc == nil {
				continue // missing: the shallow boundary, or a partial clone
			}
			pt := p.tf.tree(pc.tree)
			same = same || pt == ft
			parents = append(parents, pt)
		}
		for _, pr := range ft.pairs() {
			s := p.stat(pr)
			s.occ++
			s.reach = s.reach || reach
			if same {
				continue
			}
			introduced := true
			for _, pt := range parents {
				if pt.has(pr.path, pr.blob) {
					introduced = false
					break
				}
			}
			if introduced {
				p.consider(s, c, reach)
			}
		}
		return nil
	}
	for _, id := range ids {
		if err := visit(id, true); err != nil {
			return err
		}
	}
	for _, id := range set.unreachable {
		if err := visit(id, false); err != nil {
			return err
		}
	}
	// Trees a ref names directly: paths relative to the tree, no commit.
	for _, t := range set.trees {
		for _, pr := range p.tf.tree(t).pairs() {
			s := p.stat(pr)
			s.reach, s.found = true, true
		}
	}
	for _, b := range set.blobs {
		s := p.stat(fpair{"", b})
		s.reach, s.found = true, true
	}
	return nil
}

func (p *histProvenance) stat(pr fpair) *histPairStat {
	s := p.pairs[pr]
	if s == nil {
		s = &histPairStat{}
		p.pairs[pr] = s
	}
	return s
}

// consider makes c the pair's introducing commit if it is older than the
// current one; a reachable commit always wins over an unreachable one.
func (p *histProvenance) consider(s *histPairStat, c *gitCommit, reach bool) {
	if s.intro == nil || (reach && !s.introReach) || (reach == s.introReach && p.older(c, s.intro)) {
		s.intro, s.introReach, s.found = c, reach, true
	}
}

// older orders commits by author date, then committer date, then
// generation (an ancestor before its descendants), then hash.
func (p *histProvenance) older(a, b *gitCommit) bool {
	if !a.date.Equal(b.date) {
		return a.date.Before(b.date)
	}
	if a.ctime != b.ctime {
		return a.ctime < b.ctime
	}
	if ga, gb := p.generation(a.id), p.generation(b.id); ga != gb {
		return ga < gb
	}
	return string(a.id[:]) < string(b.id[:])
}

// generation returns 1 + the longest path from c to a root.
func (p *histProvenance) generation(id gitID) int32 {
	if g, ok := p.gen[id]; ok {
		return g
	}
	// Any parent can be claimed, so commits can form a cycle: a parent
	// already on the stack is ignored, which keeps the walk finite.
	stack := []gitID{id}
	onStack := map[gitID]bool{id: true}
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		if _, ok := p.gen[top]; ok {
			stack = stack[:len(stack)-1]
			delete(onStack, top)
			continue
		}
		c := p.graph.get(top)
		g, pending := int32(1), false
		if c != nil {
			for _, pid := range c.parents {
				if pg, ok := p.gen[pid]; ok {
					g = max(g, pg+1)
				} else if p.graph.get(pid) != nil && !onStack[pid] {
					stack = append(stack, pid)
					onStack[pid] = true
					pending = true
				}
			}
		}
		if !pending {
			p.gen[top] = g
			stack = stack[:len(stack)-1]
			delete(onStack, top)
		}
	}
	return p.gen[id]
}
