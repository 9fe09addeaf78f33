package history

import (
	"context"
	"sort"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
)

// Resolve traces the blobs that hold findings to the commits and paths
// that brought them, and returns one finding per (rule, key, path): the
// oldest introducing commit (reachable ones first), with Occurrences
// counting the commits that carry the key at that path. A blob no commit
// names keeps an empty path. Findings under an excluded path are dropped.
func (g *source) Resolve(ctx context.Context, findings []scanner.Finding) ([]scanner.Finding, error) {
	g.noteHits(findings)
	if g.st == nil {
		return findings, nil
	}
	targets := map[git.ID]bool{}
	for i := range findings {
		if id, ok := git.ParseID(findings[i].Blob); ok {
			targets[id] = true
		}
	}
	g.scan.prepare()
	ix := buildTreeIndex(ctx, g.st, g.scan.forests, targets, g.opts.Jobs)
	g.scan.dropForests()
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
	prov := newProvenance(tf, graph)
	if err := prov.walk(ctx, set); err != nil {
		return nil, err
	}
	return g.reachableOnly(prov.findings(findings, g.opts.Excludes, g.sel != nil && g.sel.strict)), nil
}

// A commitSet is the commits whose trees provenance looks at.
type commitSet struct {
	graph       *commitGraph
	reachable   map[git.ID]bool // commits that refs reach (walked first)
	unreachable []git.ID        // commits no ref reaches (full scans only)
	// trees and blobs that refs name directly (a tag on a tree or a blob)
	trees, blobs []git.ID
}

// selectCommits selects the commits of the scan: those the refs reach, plus
// every other commit object of the repository for a full scan; those
// --ref reaches; or those of --range.
func (g *source) selectCommits(ctx context.Context, graph *commitGraph) (*commitSet, error) {
	set := &commitSet{graph: graph}
	if g.sel != nil {
		set.reachable, set.trees, set.blobs = g.sel.commits, g.sel.trees, g.sel.refBlobs
		return set, nil
	}
	refs, err := g.repo.Refs()
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
func (g *source) allCommits() []git.ID {
	if g.execCommits != nil {
		return g.execCommits
	}
	g.scan.mu.Lock()
	defer g.scan.mu.Unlock()
	return append([]git.ID(nil), g.scan.commits...)
}

// pairStat is what the walk learns about one target blob at one path.
type pairStat struct {
	occ   int         // commits carrying it
	reach bool        // one of them is reachable
	intro *git.Commit // the oldest commit that introduced it; nil: named by a ref directly
	found bool        // intro is set (or the pair is named by a ref)
	// introReach says whether intro is reachable.
	introReach bool
}

type provenance struct {
	tf    *treeFilter
	graph *commitGraph
	pairs map[fpair]*pairStat
	gen   map[git.ID]int32 // generation numbers, for ties in dates
}

func newProvenance(tf *treeFilter, graph *commitGraph) *provenance {
	return &provenance{tf: tf, graph: graph, pairs: map[fpair]*pairStat{}, gen: map[git.ID]int32{}}
}

// walk visits every commit of set: each target (path, blob) in its tree
// counts one occurrence, and is introduced by the commit when no parent
// has the same blob at the same path. All parents, not only the first:
// a merge introduces only what differs from every side, which is exactly
// a conflict resolution or an "evil merge" edit. Commits whose filtered
// tree equals a parent's introduce nothing and are counted in bulk.
func (p *provenance) walk(ctx context.Context, set *commitSet) error {
	ids := p.graph.newestFirst(set.reachable)
	n := 0
	visit := func(id git.ID, reach bool) error {
		if n++; n%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		c := p.graph.get(id)
		if c == nil {
			return nil
		}
		ft := p.tf.tree(c.Tree)
		if ft == nil {
			return nil
		}
		var parents []*ftree
		same := false
		for _, pid := range c.Parents {
			pc := p.graph.get(pid)
			if pc == nil {
				continue // missing: the shallow boundary, or a partial clone
			}
			pt := p.tf.tree(pc.Tree)
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

func (p *provenance) stat(pr fpair) *pairStat {
	s := p.pairs[pr]
	if s == nil {
		s = &pairStat{}
		p.pairs[pr] = s
	}
	return s
}

// consider makes c the pair's introducing commit if it is older than the
// current one; a reachable commit always wins over an unreachable one.
func (p *provenance) consider(s *pairStat, c *git.Commit, reach bool) {
	if s.intro == nil || (reach && !s.introReach) || (reach == s.introReach && p.older(c, s.intro)) {
		s.intro, s.introReach, s.found = c, reach, true
	}
}

// older orders commits by author date, then committer date, then
// generation (an ancestor before its descendants), then hash.
func (p *provenance) older(a, b *git.Commit) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.Before(b.Date)
	}
	if a.CTime != b.CTime {
		return a.CTime < b.CTime
	}
	if ga, gb := p.generation(a.ID), p.generation(b.ID); ga != gb {
		return ga < gb
	}
	return string(a.ID[:]) < string(b.ID[:])
}

// generation returns 1 + the longest path from c to a root.
func (p *provenance) generation(id git.ID) int32 {
	if g, ok := p.gen[id]; ok {
		return g
	}
	// Any parent can be claimed, so commits can form a cycle: a parent
	// already on the stack is ignored, which keeps the walk finite.
	stack := []git.ID{id}
	onStack := map[git.ID]bool{id: true}
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
			for _, pid := range c.Parents {
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

// findingKey identifies a reported history finding.
type findingKey struct {
	rule, secret, path string
}

// A aggregate collects the pairs that carry one finding key.
type aggregate struct {
	tmpl       *scanner.Finding // the finding in the blob of the best introduction
	occ        int
	reach      bool
	found      bool
	intro      *git.Commit
	introReach bool
}

// findings turns the matches of target blobs into one finding per (rule,
// key, path). strict drops keys at paths no commit of the set introduced
// (a --range scan: they were already there before the range).
func (p *provenance) findings(in []scanner.Finding, excludes []string, strict bool) []scanner.Finding {
	byBlob := map[git.ID][]*scanner.Finding{}
	var blobs []git.ID
	for i := range in {
		id, _ := git.ParseID(in[i].Blob)
		if byBlob[id] == nil {
			blobs = append(blobs, id)
		}
		byBlob[id] = append(byBlob[id], &in[i])
	}
	sort.Slice(blobs, func(i, j int) bool { return string(blobs[i][:]) < string(blobs[j][:]) })
	pathsOf := map[git.ID][]string{}
	for pr := range p.pairs {
		pathsOf[pr.blob] = append(pathsOf[pr.blob], pr.path)
	}
	aggs := map[findingKey]*aggregate{}
	var keys []findingKey
	for _, blob := range blobs {
		first := firstPerKey(byBlob[blob])
		paths := pathsOf[blob]
		sort.Strings(paths)
		if len(paths) == 0 {
			paths = []string{""} // a blob no commit or ref names
		}
		for _, path := range paths {
			st := p.pairs[fpair{path, blob}]
			if st == nil {
				st = &pairStat{}
			}
			for _, f := range first {
				k := findingKey{f.RuleID, f.Secret, path}
				a := aggs[k]
				if a == nil {
					a = &aggregate{tmpl: f}
					aggs[k] = a
					keys = append(keys, k)
				}
				a.occ += st.occ
				a.reach = a.reach || st.reach
				if st.found && p.better(st, a) {
					a.tmpl, a.found, a.intro, a.introReach = f, true, st.intro, st.introReach
				}
			}
		}
	}
	out := make([]scanner.Finding, 0, len(keys))
	for _, k := range keys {
		a := aggs[k]
		if (strict && !a.found) || (k.path != "" && scanner.Excluded(k.path, excludes)) {
			continue
		}
		f := *a.tmpl
		f.Path = k.path
		f.Reachable = a.reach
		f.Occurrences = a.occ
		if c := a.intro; c != nil {
			f.Commit, f.Author, f.Email, f.Date = c.ID.String(), c.Author, c.Email, c.Date
		}
		out = append(out, f)
	}
	return out
}

// better reports whether st's introduction beats a's: any over none, a
// commit over a ref naming the blob directly, reachable over unreachable,
// then older.
func (p *provenance) better(st *pairStat, a *aggregate) bool {
	switch {
	case !a.found:
		return true
	case st.intro == nil:
		return false
	case a.intro == nil:
		return true
	case st.introReach != a.introReach:
		return st.introReach
	}
	return p.older(st.intro, a.intro)
}

// firstPerKey keeps, for each (rule, key) of one blob, its first match.
func firstPerKey(fs []*scanner.Finding) []*scanner.Finding {
	type rk struct{ rule, secret string }
	idx := map[rk]int{}
	var out []*scanner.Finding
	for _, f := range fs {
		k := rk{f.RuleID, f.Secret}
		i, ok := idx[k]
		if !ok {
			idx[k] = len(out)
			out = append(out, f)
			continue
		}
		if g := out[i]; f.Line < g.Line || (f.Line == g.Line && f.Column < g.Column) {
			out[i] = f
		}
	}
	return out
}
