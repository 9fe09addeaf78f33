package history

import (
	"context"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
)

// unseen returns the blob filter of the scan: want (nil: every blob)
// without the blobs Options.Seen knows.
func (g *source) unseen(want func(git.ID) bool) func(git.ID) bool {
	seen := g.opts.Seen
	if seen == nil {
		return want
	}
	return func(id git.ID) bool {
		return (want == nil || want(id)) && !seen(id)
	}
}

// noteHits remembers the blobs that held a finding: they are not clean.
func (g *source) noteHits(findings []scanner.Finding) {
	if g.opts.Done == nil {
		return
	}
	if g.hits == nil {
		g.hits = map[git.ID]bool{}
	}
	for i := range findings {
		if id, ok := git.ParseID(findings[i].Blob); ok {
			g.hits[id] = true
		}
	}
}

// reachableOnly drops the findings no ref reaches, under ReachableOnly.
func (g *source) reachableOnly(found []scanner.Finding) []scanner.Finding {
	if !g.opts.ReachableOnly {
		return found
	}
	out := found[:0]
	for _, f := range found {
		if f.Reachable {
			out = append(out, f)
		}
	}
	return out
}

// Finish hands the blobs read clean to Options.Done: every blob yielded
// with its content that held no finding (a binary blob included: under
// one rules version it stays binary).
func (g *source) Finish(ctx context.Context, found []scanner.Finding) ([]scanner.Finding, error) {
	if g.opts.Done == nil {
		return found, nil
	}
	clean := g.yielded[:0]
	for _, id := range g.yielded {
		if !g.hits[id] {
			clean = append(clean, id)
		}
	}
	g.yielded = nil
	return found, g.opts.Done(ctx, clean)
}
