package push

import (
	"errors"
	"fmt"

	"github.com/cambscan/cambscan/internal/git"
)

// newDiff returns the comparison of pushed trees with their parents'
// (see git.TreeDiff), failing closed: a tree of the push that cannot be
// read, or that lies deeper than git.MaxTreeDepth, is an error (the push
// cannot be checked); a parent's that cannot be read counts as empty.
func newDiff(st *git.Store) *git.TreeDiff {
	d := git.NewTreeDiff(st)
	d.OnError = func(tree git.ID, err error) error {
		if errors.Is(err, git.ErrTreeTooDeep) {
			return err
		}
		return fmt.Errorf("tree %s cannot be read: %w", tree, err)
	}
	return d
}

// diffCommit calls fn with the path of every blob c introduces: at a path
// where no parent tree (parents) has the same blob.
func diffCommit(d *git.TreeDiff, c *git.Commit, parents []git.ID, fn func(path string, blob git.ID)) error {
	if err := diffTree(d, c.Tree, parents, fn); err != nil {
		return fmt.Errorf("pushed commit %s: %w", c.ID, err)
	}
	return nil
}

// diffTree is diffCommit for a tree and its parents' trees.
func diffTree(d *git.TreeDiff, tree git.ID, parents []git.ID, fn func(path string, blob git.ID)) error {
	return d.Introduced(tree, parents, func(dir string, e *git.TreeEntry) { fn(dir+string(e.Name), e.ID) })
}
