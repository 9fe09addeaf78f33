package history

import (
	"context"
	"fmt"
	"strings"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
)

// A selection is what --ref or --range picked: the blobs to scan and the
// commits provenance looks at.
type selection struct {
	blobs   map[git.ID]bool
	commits map[git.ID]bool
	// trees and blobs that the selected refs name directly
	trees, refBlobs []git.ID
	// strict: only report keys at paths the commits introduced (--range)
	strict  bool
	missing []scanner.Chunk
}

func (s *selection) wants(id git.ID) bool { return s.blobs[id] }

// selectBlobs computes the selection of --ref or --range.
func (g *source) selectBlobs(ctx context.Context) (*selection, error) {
	refs, err := g.repo.Refs()
	if err != nil {
		return nil, err
	}
	graph := newCommitGraph(g.st)
	sel := &selection{blobs: map[git.ID]bool{}}
	if g.opts.Range != "" {
		if err := g.selectRange(ctx, graph, refs, sel); err != nil {
			return nil, err
		}
		return sel, nil
	}
	var picked []git.Ref
	for _, rev := range g.opts.Refs {
		r, err := git.ResolveRev(refs, rev)
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
	seen := map[git.ID]bool{}
	for _, id := range graph.newestFirst(sel.commits) {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		g.allBlobs(graph.get(id).Tree, seen, sel)
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
func (g *source) allBlobs(tree git.ID, seen map[git.ID]bool, sel *selection) {
	if seen[tree] {
		return
	}
	seen[tree] = true
	typ, data, err := g.st.Read(tree)
	if err != nil || typ != git.ObjTree {
		return // a partial clone without trees: nothing under it to scan
	}
	var subs []git.ID
	git.EachTreeEntry(data, func(e *git.TreeEntry) {
		switch {
		case e.IsTree():
			subs = append(subs, e.ID)
		case e.IsBlob():
			g.addBlob(e.ID, string(e.Name), sel)
		}
	})
	for _, s := range subs {
		g.allBlobs(s, seen, sel)
	}
}

// addBlob selects a blob, or records it as skipped when it is not on disk.
func (g *source) addBlob(id git.ID, name string, sel *selection) {
	if _, ok := sel.blobs[id]; ok {
		return
	}
	if !g.st.Has(id) {
		sel.blobs[id] = false
		sel.missing = append(sel.missing, scanner.Chunk{
			Origin: scanner.Origin{Kind: scanner.KindHistory, Target: g.target, Path: "blob " + id.String(), Blob: id.String()},
			Skip:   &scanner.Skip{Class: scanner.SkipMissing},
		})
		return
	}
	sel.blobs[id] = true
}

// selectRange selects the blobs that the commits of A..B introduce: those
// reachable from B and not from A, each compared with all its parents.
func (g *source) selectRange(ctx context.Context, graph *commitGraph, refs []git.Ref, sel *selection) error {
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
	commitOf := func(rev string) (git.ID, error) {
		r, err := git.ResolveRev(refs, rev)
		if err != nil {
			return git.ID{}, fmt.Errorf("--range: %w", err)
		}
		typ, id, err := graph.peel(r.ID)
		if err != nil || typ != git.ObjCommit {
			return git.ID{}, fmt.Errorf("--range: %s is not a commit in this repository", rev)
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
	base, err := graph.ancestors(ctx, []git.ID{from}, nil)
	if err != nil {
		return err
	}
	if sel.commits, err = graph.ancestors(ctx, []git.ID{to}, base); err != nil {
		return err
	}
	sel.strict = true
	done := map[string]bool{}
	for _, id := range graph.newestFirst(sel.commits) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		c := graph.get(id)
		var parents []git.ID
		for _, p := range c.Parents {
			if pc := graph.get(p); pc != nil {
				parents = append(parents, pc.Tree)
			}
		}
		g.introduced(c.Tree, parents, sel, done)
	}
	return nil
}

// introduced selects the blobs of tree that differ from the same path in
// every parent tree; subtrees equal to a parent's are not entered. done
// holds the (tree, parent trees) comparisons already made: making one
// again selects nothing new, and skipping it is the cycle guard (objects
// are not re-hashed, so a tree can list itself or an ancestor) and keeps a
// tree that names the same subtree many times, level after level, from
// costing 2^depth visits.
func (g *source) introduced(tree git.ID, parents []git.ID, sel *selection, done map[string]bool) {
	key := make([]byte, 0, 20*(1+len(parents)))
	key = append(key, tree[:]...)
	for _, p := range parents {
		key = append(key, p[:]...)
	}
	if done[string(key)] {
		return
	}
	done[string(key)] = true
	ents, ok := g.treeEntries(tree)
	if !ok {
		return
	}
	pents := make([]map[string]git.TreeEntry, 0, len(parents))
	for _, p := range parents {
		m := map[string]git.TreeEntry{}
		if es, ok := g.treeEntries(p); ok {
			for _, e := range es {
				m[string(e.Name)] = e
			}
		}
		pents = append(pents, m)
	}
next:
	for _, e := range ents {
		if !e.IsTree() && !e.IsBlob() {
			continue
		}
		var sub []git.ID
		for _, m := range pents {
			pe, ok := m[string(e.Name)]
			if ok && pe.ID == e.ID {
				continue next // unchanged on that side
			}
			if ok && pe.IsTree() {
				sub = append(sub, pe.ID)
			}
		}
		if e.IsTree() {
			g.introduced(e.ID, sub, sel, done)
		} else {
			g.addBlob(e.ID, string(e.Name), sel)
		}
	}
}

// treeEntries reads a tree into entries that own their names.
func (g *source) treeEntries(id git.ID) ([]git.TreeEntry, bool) {
	typ, data, err := g.st.Read(id)
	if err != nil || typ != git.ObjTree {
		return nil, false
	}
	var out []git.TreeEntry
	git.EachTreeEntry(data, func(e *git.TreeEntry) {
		c := *e
		c.Name = append([]byte(nil), e.Name...)
		out = append(out, c)
	})
	return out, true
}
