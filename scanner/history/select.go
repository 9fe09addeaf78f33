package history

import (
	"context"
	"errors"
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

// selectBlobs computes the selection of --ref, --range or Include.
func (g *source) selectBlobs(ctx context.Context) (*selection, error) {
	refs, err := g.repo.Refs()
	if err != nil {
		return nil, err
	}
	graph := newCommitGraph(g.st)
	sel := &selection{blobs: map[git.ID]bool{}}
	if g.opts.Range != "" || len(g.opts.Include) > 0 {
		if err := g.selectRange(ctx, graph, refs, sel); err != nil {
			return nil, err
		}
		g.warnEmpty(sel)
		return sel, nil
	}
	var picked []git.Ref
	for _, rev := range g.opts.Refs {
		id, err := git.ResolveRevision(g.st, refs, rev)
		if err != nil {
			return nil, fmt.Errorf("--ref: %w", err)
		}
		picked = append(picked, git.Ref{Name: rev, ID: id})
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
		g.allBlobs(graph.get(id).Tree, seen, sel, 0)
	}
	for _, t := range roots.trees {
		g.allBlobs(t, seen, sel, 0)
	}
	for _, b := range roots.blobs {
		g.addBlob(b, "", sel)
	}
	g.warnEmpty(sel)
	return sel, nil
}

// warnEmpty says so when the selection holds nothing to scan, so that a
// clean result is not mistaken for a scan of something.
func (g *source) warnEmpty(sel *selection) {
	if len(sel.blobs) > 0 {
		return
	}
	what := "--ref " + strings.Join(g.opts.Refs, ", --ref ")
	switch {
	case g.opts.Range != "":
		what = "--range " + g.opts.Range
	case len(g.opts.Include) > 0:
		what = "the pushed revisions"
	}
	if sel.strict && len(sel.commits) == 0 {
		g.warnings = append(g.warnings, fmt.Sprintf("%s: %s selected no commits: nothing was scanned", g.target, what))
		return
	}
	g.warnings = append(g.warnings, fmt.Sprintf("%s: %s selected no blobs: nothing was scanned", g.target, what))
}

// allBlobs adds every blob under tree, reading each unique tree once,
// at most maxTreeDepth trees deep.
func (g *source) allBlobs(tree git.ID, seen map[git.ID]bool, sel *selection, depth int) {
	if seen[tree] {
		return
	}
	if depth > maxTreeDepth {
		g.tooDeep(tree)
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
		g.allBlobs(s, seen, sel, depth+1)
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

// selectRange selects the blobs that the commits of a range introduce
// (each compared with all its parents): for A..B, or Include and
// Exclude, the commits reachable from B (an Include) and not from A (any
// Exclude); for A...B, those reachable from A or B and not from both.
func (g *source) selectRange(ctx context.Context, graph *commitGraph, refs []git.Ref, sel *selection) error {
	flag := "--range"
	commitOf := func(rev string) (git.ID, error) {
		id, err := git.ResolveRevision(g.st, refs, rev)
		if err != nil {
			return git.ID{}, fmt.Errorf("%s: %w", flag, err)
		}
		typ, cid, err := graph.peel(id)
		if err != nil || typ != git.ObjCommit {
			return git.ID{}, fmt.Errorf("%s: %w %q: %s is not a commit", flag, git.ErrUnknownRevision, rev, id)
		}
		return cid, nil
	}
	var include, exclude []git.ID
	symmetric := false
	if g.opts.Range != "" {
		a, b, sym, err := git.ParseRange(g.opts.Range)
		if err != nil {
			return fmt.Errorf("--range: %w", err)
		}
		from, err := commitOf(a)
		if err != nil {
			return err
		}
		to, err := commitOf(b)
		if err != nil {
			return err
		}
		include, exclude, symmetric = []git.ID{to}, []git.ID{from}, sym
		if sym {
			include = append(include, from)
		}
	} else {
		flag = "pushed revision"
		for _, rev := range g.opts.Include {
			id, err := commitOf(rev)
			if err != nil {
				return err
			}
			include = append(include, id)
		}
		var err error
		if exclude, err = g.excluded(graph, refs); err != nil {
			return err
		}
	}
	var base map[git.ID]bool
	var err error
	if symmetric {
		// Commits reachable from both sides: those of their merge bases.
		left, err := graph.ancestors(ctx, include[:1], nil)
		if err != nil {
			return err
		}
		right, err := graph.ancestors(ctx, include[1:], nil)
		if err != nil {
			return err
		}
		base = map[git.ID]bool{}
		for id := range left {
			if right[id] {
				base[id] = true
			}
		}
	} else if base, err = graph.ancestors(ctx, exclude, nil); err != nil {
		return err
	}
	if sel.commits, err = graph.ancestors(ctx, include, base); err != nil {
		return err
	}
	sel.strict = true
	// One comparison memo for the whole range: a blob two commits
	// introduce is selected once.
	diff := git.NewTreeDiff(g.st)
	diff.OnError = func(tree git.ID, err error) error {
		if errors.Is(err, git.ErrTreeTooDeep) {
			g.tooDeep(tree)
		}
		return nil // a partial clone without trees: nothing under it to scan
	}
	add := func(_ string, e *git.TreeEntry) { g.addBlob(e.ID, string(e.Name), sel) }
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
		diff.Introduced(c.Tree, parents, add) // OnError never stops it
	}
	return nil
}

// excluded resolves Options.Exclude to commits: a revision, or PREFIX/*
// for the commits of every ref under PREFIX/. A full object id that is not
// in the repository is left out (a remote's commit never fetched here);
// any other revision that does not resolve is an error.
func (g *source) excluded(graph *commitGraph, refs []git.Ref) ([]git.ID, error) {
	var out []git.ID
	add := func(id git.ID) {
		if typ, cid, err := graph.peel(id); err == nil && typ == git.ObjCommit {
			out = append(out, cid)
		}
	}
	for _, rev := range g.opts.Exclude {
		if prefix, ok := strings.CutSuffix(rev, "/*"); ok {
			for _, r := range refs {
				if strings.HasPrefix(r.Name, prefix+"/") {
					add(r.ID)
				}
			}
			continue
		}
		if id, ok := git.ParseID(strings.ToLower(rev)); ok && !g.st.Has(id) {
			continue
		}
		id, err := git.ResolveRevision(g.st, refs, rev)
		if err != nil {
			return nil, fmt.Errorf("remote revision: %w", err)
		}
		add(id)
	}
	return out, nil
}

// maxTreeDepth is the deepest tree the selection and provenance walks
// enter: git's own core.maxTreeDepth default (see git.MaxTreeDepth).
const maxTreeDepth = git.MaxTreeDepth

// tooDeep records a tree not entered because it lies deeper than
// maxTreeDepth: once as a warning, the blobs under it are not scanned.
func (g *source) tooDeep(tree git.ID) {
	if g.deepTrees++; g.deepTrees == 1 {
		g.warnings = append(g.warnings, fmt.Sprintf("%s: tree %s lies more than %d trees deep (git's core.maxTreeDepth): it and what is under it were not scanned", g.target, tree, maxTreeDepth))
	}
}
