package scanner

import (
	"context"
	"fmt"
	"strings"
)

// A gitSelection is what --ref or --range picked: the blobs to scan and the
// commits provenance looks at.
type gitSelection struct {
	blobs   map[gitID]bool
	commits map[gitID]bool
	// trees and blobs that the selected refs name directly
	trees, refBlobs []gitID
	// strict: only report keys at paths the commits introduced (--range)
	strict  bool
	missing []Chunk
}

func (s *gitSelection) wants(id gitID) bool { return s.blobs[id] }

// selectBlobs computes the selection of --ref or --range.
func (g *gitSource) selectBlobs(ctx context.Context) (*gitSelection, error) {
	refs, err := g.repo.refs()
	if err != nil {
		return nil, err
	}
	graph := newCommitGraph(g.st)
	sel := &gitSelection{blobs: map[gitID]bool{}}
	if g.opts.Range != "" {
		if err := g.selectRange(ctx, graph, refs, sel); err != nil {
			return nil, err
		}
		return sel, nil
	}
	var picked []gitRef
	for _, rev := range g.opts.Refs {
		r, err := resolveRev(refs, rev)
		if err != nil {
			return nil, fmt.Errorf("--ref: %w", err)
		}
		picked = append(picked, r)
	}
	roots := graph.roots(picked)
	sel.trees, sel.refBlobs = roots.trees, roots.blobs
	if sel.commits, err = graph.ancestors(ctx, roots.commits, nil); err != nil {
		return nil, err
	}
	seen := map[gitID]bool{}
	for _, id := range graph.newestFirst(sel.commits) {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		g.allBlobs(graph.get(id).tree, seen, sel)
	}
	for _, t := range roots.trees {
		g.allBlobs(t, seen, sel)
	}
	for _, b := range roots.blobs {
		g.addBlob(b, "", sel)
	}
	return sel, nil
}

// allBlobs adds every blob under tree, reading each unique tree once.
func (g *gitSource) allBlobs(tree gitID, seen map[gitID]bool, sel *gitSelection) {
	if seen[tree] {
		return
	}
	seen[tree] = true
	typ, data, err := g.st.read(tree)
	if err != nil || typ != gitObjTree {
		return // a partial clone without trees: nothing under it to scan
	}
	var subs []gitID
	eachTreeEntry(data, func(e *gitTreeEntry) {
		switch {
		case e.isTree():
			subs = append(subs, e.id)
		case e.isBlob():
			g.addBlob(e.id, string(e.name), sel)
		}
	})
	for _, s := range subs {
		g.allBlobs(s, seen, sel)
	}
}

// addBlob selects a blob, or records it as skipped when it is not on disk.
func (g *gitSource) addBlob(id gitID, name string, sel *gitSelection) {
	if _, ok := sel.blobs[id]; ok {
		return
	}
	if !g.st.has(id) {
		sel.blobs[id] = false
		sel.missing = append(sel.missing, Chunk{
			Origin: Origin{Kind: KindHistory, Target: g.target, Path: "blob " + id.String(), Blob: id.String()},
			Skip:   "missing object (not in this clone; cambscan never fetches)",
		})
		return
	}
	sel.blobs[id] = true
}

// selectRange selects the blobs that the commits of A..B introduce: those
// reachable from B and not from A, each compared with all its parents.
func (g *gitSource) selectRange(ctx context.Context, graph *commitGraph, refs []gitRef, sel *gitSelection) error {
	a, b, ok := strings.Cut(g.opts.Range, "..")
	if !ok || strings.HasPrefix(b, ".") {
		return fmt.Errorf("--range %q: want A..B", g.opts.Range)
	}
	if a == "" {
		a = "HEAD"
	}
	if b == "" {
		b = "HEAD"
	}
	commitOf := func(rev string) (gitID, error) {
		r, err := resolveRev(refs, rev)
		if err != nil {
			return gitID{}, fmt.Errorf("--range: %w", err)
		}
		typ, id, err := graph.peel(r.id)
		if err != nil || typ != gitObjCommit {
			return gitID{}, fmt.Errorf("--range: %s is not a commit in this repository", rev)
		}
		return id, nil
	}
	from, err := commitOf(a)
	if err != nil {
		return err
	}
	to, err := commitOf(b)
	if err != nil {
		return err
	}
	base, err := graph.ancestors(ctx, []gitID{from}, nil)
	if err != nil {
		return err
	}
	if sel.commits, err = graph.ancestors(ctx, []gitID{to}, base); err != nil {
		return err
	}
	sel.strict = true
	for _, id := range graph.newestFirst(sel.commits) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		c := graph.get(id)
		var parents []gitID
		for _, p := range c.parents {
			if pc := graph.get(p); pc != nil {
				parents = append(parents, pc.tree)
			}
		}
		g.introduced(c.tree, parents, sel)
	}
	return nil
}

// introduced selects the blobs of tree that differ from the same path in
// every parent tree; subtrees equal to a parent's are not entered.
func (g *gitSource) introduced(tree gitID, parents []gitID, sel *gitSelection) {
	ents, ok := g.treeEntries(tree)
	if !ok {
		return
	}
	pents := make([]map[string]gitTreeEntry, 0, len(parents))
	for _, p := range parents {
		m := map[string]gitTreeEntry{}
		if es, ok := g.treeEntries(p); ok {
			for _, e := range es {
				m[string(e.name)] = e
			}
		}
		pents = append(pents, m)
	}
next:
	for _, e := range ents {
		if !e.isTree() && !e.isBlob() {
			continue
		}
		var sub []gitID
		for _, m := range pents {
			pe, ok := m[string(e.name)]
			if ok && pe.id == e.id {
				continue next // unchanged on that side
			}
			if ok && pe.isTree() {
				sub = append(sub, pe.id)
			}
		}
		if e.isTree() {
			g.introduced(e.id, sub, sel)
		} else {
			g.addBlob(e.id, string(e.name), sel)
		}
	}
}

// treeEntries reads a tree into entries that own their names.
func (g *gitSource) treeEntries(id gitID) ([]gitTreeEntry, bool) {
	typ, data, err := g.st.read(id)
	if err != nil || typ != gitObjTree {
		return nil, false
	}
	var out []gitTreeEntry
	eachTreeEntry(data, func(e *gitTreeEntry) {
		c := *e
		c.name = append([]byte(nil), e.name...)
		out = append(out, c)
	})
	return out, true
}
