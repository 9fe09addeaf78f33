package push

import (
	"context"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
)

// An intro is a new commit that adds a blob at a path.
type intro struct {
	commit *git.Commit // nil for a tree a ref names directly
	path   string
}

// Resolve traces the blobs that hold findings to the new commits and
// paths that introduce them: one finding per (finding, commit, path), with
// the commit's author. A blob that arrived with the push but that no new
// commit introduces keeps an empty path.
func (s *Source) Resolve(ctx context.Context, findings []scanner.Finding) ([]scanner.Finding, error) {
	targets := map[git.ID]bool{}
	for i := range findings {
		if id, ok := git.ParseID(findings[i].Blob); ok {
			targets[id] = true
		}
	}
	intros := map[git.ID][]intro{}
	d := newDiff(s.all)
	for _, c := range s.commits {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// A fresh comparison memo per commit: a comparison another commit
		// made already must still credit this one.
		d.Reset()
		err := diffCommit(d, c, s.parentTrees(c), func(path string, blob git.ID) {
			if targets[blob] {
				intros[blob] = append(intros[blob], intro{commit: c, path: path})
			}
		})
		if err != nil {
			return nil, err
		}
	}
	for _, t := range s.roots {
		d.Reset()
		err := diffTree(d, t, nil, func(path string, blob git.ID) {
			if targets[blob] {
				intros[blob] = append(intros[blob], intro{path: path})
			}
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]scanner.Finding, 0, len(findings))
	for _, f := range findings {
		id, _ := git.ParseID(f.Blob)
		ins := intros[id]
		if len(ins) == 0 {
			out = append(out, f)
			continue
		}
		for _, in := range ins {
			g := f
			g.Path = in.path
			if c := in.commit; c != nil {
				g.Commit, g.Author, g.Email, g.Date = c.ID.String(), c.Author, c.Email, c.Date
				g.Reachable = true
			}
			g.Occurrences = 1
			out = append(out, g)
		}
	}
	return out, nil
}
