package git

import (
	"errors"
	"fmt"
)

// MaxTreeDepth is the deepest tree a [TreeDiff] enters: git's own
// core.maxTreeDepth default. Real trees are a few dozen levels deep; a
// crafted chain of millions of nested trees would otherwise recurse until
// Go's 1 GB stack limit kills the process.
const MaxTreeDepth = 4096

// ErrTreeTooDeep is matched (errors.Is) by every [*TreeDepthError].
var ErrTreeTooDeep = errors.New("tree too deep")

// A TreeDepthError is a tree a [TreeDiff] did not enter because it lies
// more than Limit trees below the tree the comparison started at.
type TreeDepthError struct {
	Tree  ID
	Limit int
}

func (e *TreeDepthError) Error() string {
	return fmt.Sprintf("tree %s lies more than %d trees deep (git's core.maxTreeDepth)", e.Tree, e.Limit)
}

// Is makes errors.Is(err, ErrTreeTooDeep) true.
func (e *TreeDepthError) Is(target error) bool { return target == ErrTreeTooDeep }

// A TreeDiff finds the blobs a commit introduces: those of its tree at a
// path where no parent tree has the same blob. Subtrees equal to a
// parent's at the same path are not entered, so the cost follows what the
// commit changes, not the size of the tree.
//
// A TreeDiff remembers the (tree, parent trees) comparisons it has made:
// making one again yields nothing new. That memo is the cycle guard
// (objects are not re-hashed, so a tree can list itself or an ancestor)
// and keeps a tree that names the same subtree many times, level after
// level, from costing 2^depth visits. Use a new TreeDiff (or Reset) where
// a comparison must yield again, for another commit that needs its own
// credit. Not safe for concurrent use.
type TreeDiff struct {
	st   *Store
	done map[string]bool
	// OnError is called for a tree of the compared side (not a parent's)
	// that cannot be read or parsed, and for one deeper than MaxTreeDepth
	// (a [*TreeDepthError]): with the error it returns (nil to go on),
	// the comparison stops. Going on, the entries parsed before a
	// malformed one count; an unreadable or too-deep tree yields nothing.
	// Nil stops at the first such error.
	OnError func(tree ID, err error) error
}

// NewTreeDiff returns a TreeDiff reading from st.
func NewTreeDiff(st *Store) *TreeDiff {
	return &TreeDiff{st: st, done: map[string]bool{}}
}

// Reset forgets the comparisons made.
func (d *TreeDiff) Reset() { clear(d.done) }

// Introduced calls fn for every blob (file or symlink; submodule commits
// are not followed) under tree at a path where none of parents (the trees
// of the commit's parents) has the same blob id: dir is the entry's
// directory ("" at the top, else ending in "/"), e the entry, valid only
// during the call. A parent tree that cannot be read or parsed counts as
// empty, so that more is compared rather than less.
func (d *TreeDiff) Introduced(tree ID, parents []ID, fn func(dir string, e *TreeEntry)) error {
	return d.walk("", tree, parents, fn, 0)
}

func (d *TreeDiff) walk(dir string, tree ID, parents []ID, fn func(string, *TreeEntry), depth int) error {
	if depth > MaxTreeDepth {
		return d.fail(tree, &TreeDepthError{Tree: tree, Limit: MaxTreeDepth})
	}
	key := make([]byte, 0, 20*(1+len(parents)))
	key = append(key, tree[:]...)
	for _, p := range parents {
		key = append(key, p[:]...)
	}
	if d.done[string(key)] {
		return nil
	}
	d.done[string(key)] = true
	ents, err := d.entries(tree)
	if err != nil {
		if err := d.fail(tree, err); err != nil {
			return err
		}
	}
	pents := make([]map[string]TreeEntry, 0, len(parents))
	for _, p := range parents {
		m := map[string]TreeEntry{}
		if es, err := d.entries(p); err == nil {
			for _, e := range es {
				m[string(e.Name)] = e
			}
		}
		pents = append(pents, m)
	}
next:
	for i := range ents {
		e := &ents[i]
		if !e.IsTree() && !e.IsBlob() {
			continue // a submodule's commit
		}
		var sub []ID
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
			if err := d.walk(dir+string(e.Name)+"/", e.ID, sub, fn, depth+1); err != nil {
				return err
			}
			continue
		}
		fn(dir, e)
	}
	return nil
}

// fail is OnError, or err without one.
func (d *TreeDiff) fail(tree ID, err error) error {
	if d.OnError == nil {
		return err
	}
	return d.OnError(tree, err)
}

// entries reads a tree into entries that own their names; with a
// malformed entry, the entries before it and an error wrapping
// ErrCorrupt.
func (d *TreeDiff) entries(id ID) ([]TreeEntry, error) {
	typ, data, err := d.st.Read(id)
	if err != nil {
		return nil, err
	}
	if typ != ObjTree {
		return nil, fmt.Errorf("%w: a %s where a tree was expected", ErrCorrupt, TypeName(typ))
	}
	var out []TreeEntry
	err = EachTreeEntry(data, func(e *TreeEntry) {
		c := *e
		c.Name = append([]byte(nil), e.Name...)
		out = append(out, c)
	})
	return out, err
}
