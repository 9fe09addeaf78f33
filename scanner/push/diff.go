package push

import (
	"fmt"

	"github.com/cambscan/cambscan/internal/git"
)

// A differ finds the blobs a commit introduces: those at a path where no
// parent tree has the same blob. Subtrees equal to a parent's are not
// entered, so the cost follows what the commit changes.
type differ struct {
	st *git.Store
	// done holds the (tree, parent trees) comparisons already made:
	// making one again finds nothing new. It is also the cycle guard
	// (objects are not re-hashed, so a tree can list itself) and keeps a
	// tree that names one subtree many times, level after level, from
	// costing 2^depth visits.
	done map[string]bool
	emit func(path string, blob git.ID)
}

// commit diffs c's tree against parents (the trees of its parents).
func (d *differ) commit(c *git.Commit, parents []git.ID) error {
	if err := d.tree("", c.Tree, parents); err != nil {
		return fmt.Errorf("pushed commit %s: %w", c.ID, err)
	}
	return nil
}

// tree emits the blobs under tree (at path prefix) that differ from the
// same path in every parent tree. A tree of the push that cannot be read
// is an error; a parent's that cannot be read counts as empty.
func (d *differ) tree(prefix string, tree git.ID, parents []git.ID) error {
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
		return fmt.Errorf("tree %s cannot be read: %w", tree, err)
	}
	pents := make([]map[string]git.TreeEntry, 0, len(parents))
	for _, p := range parents {
		m := map[string]git.TreeEntry{}
		if es, err := d.entries(p); err == nil {
			for _, e := range es {
				m[string(e.Name)] = e
			}
		}
		pents = append(pents, m)
	}
next:
	for _, e := range ents {
		if !e.IsTree() && !e.IsBlob() {
			continue // a submodule's commit
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
		path := prefix + string(e.Name)
		if e.IsTree() {
			if err := d.tree(path+"/", e.ID, sub); err != nil {
				return err
			}
			continue
		}
		d.emit(path, e.ID)
	}
	return nil
}

// entries reads a tree into entries that own their names.
func (d *differ) entries(id git.ID) ([]git.TreeEntry, error) {
	typ, data, err := d.st.Read(id)
	if err != nil {
		return nil, err
	}
	if typ != git.ObjTree {
		return nil, fmt.Errorf("%w: a %s where a tree was expected", git.ErrCorrupt, git.TypeName(typ))
	}
	var out []git.TreeEntry
	err = git.EachTreeEntry(data, func(e *git.TreeEntry) {
		c := *e
		c.Name = append([]byte(nil), e.Name...)
		out = append(out, c)
	})
	return out, err
}
