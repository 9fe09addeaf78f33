package history

import (
	"encoding/binary"
	"strings"

	"github.com/cambscan/cambscan/internal/git"
)

// An ftree is a tree filtered down to what leads to target blobs (the
// blobs that hold findings): each unique tree is read once, and trees that
// hold no target are remembered as nil. Filtered trees are hash-consed, so
// two trees with the same target entries are the same *ftree; most commits
// change nothing under the few paths that hold findings, and they are
// recognised by a pointer comparison with their parents.
type ftree struct {
	id   uint64 // unique, for hash-consing
	ents []fent
	flat []fpair // every (path, blob) under the tree, built on first use
}

type fent struct {
	name string
	blob git.ID // when sub is nil
	sub  *ftree // a subtree that holds targets
}

// An fpair is a target blob at a path.
type fpair struct {
	path string
	blob git.ID
}

// A treeFilter builds filtered trees through an object store.
type treeFilter struct {
	st      *git.Store
	ix      *treeIndex // packed trees, when indexed
	targets map[git.ID]bool
	memo    map[git.ID]*ftree
	cons    map[string]*ftree
	missing int // trees that could not be read
	depth   int // trees entered by the walk now running (tree and treeIndex.ftree)
}

func newTreeFilter(st *git.Store, targets map[git.ID]bool) *treeFilter {
	return &treeFilter{st: st, targets: targets, memo: map[git.ID]*ftree{}, cons: map[string]*ftree{}}
}

// tree returns the filtered tree of id, nil when it holds no target.
func (t *treeFilter) tree(id git.ID) *ftree {
	if ft, ok := t.memo[id]; ok {
		return ft
	}
	// Objects are not re-hashed, so a tree can claim itself (or an
	// ancestor) as a subtree. Marking id as empty until it is done makes
	// such a cycle end there instead of recursing until the stack runs out.
	// A chain deeper than git allows is cut there, as a missing tree (not
	// memoised: a shallower path may still reach it).
	if t.depth > maxTreeDepth {
		t.missing++
		return nil
	}
	t.memo[id] = nil
	t.depth++
	defer func() { t.depth-- }()
	if t.ix != nil {
		if g := t.ix.lookup(id); g >= 0 {
			ft := t.ix.ftree(g, t)
			t.memo[id] = ft
			return ft
		}
	}
	typ, data, err := t.st.Read(id)
	if err != nil || typ != git.ObjTree {
		t.missing++
		t.memo[id] = nil
		return nil
	}
	var ents []fent
	var subs []git.ID
	var names []string
	git.EachTreeEntry(data, func(e *git.TreeEntry) {
		switch {
		case e.IsTree():
			// Go down after parsing: data belongs to the store's cache.
			subs = append(subs, e.ID)
			names = append(names, string(e.Name))
		case e.IsBlob() && t.targets[e.ID]:
			ents = append(ents, fent{name: string(e.Name), blob: e.ID})
		}
	})
	for i, s := range subs {
		if sub := t.tree(s); sub != nil {
			ents = append(ents, fent{name: names[i], sub: sub})
		}
	}
	ft := t.intern(ents)
	t.memo[id] = ft
	return ft
}

// intern returns the canonical filtered tree with ents.
func (t *treeFilter) intern(ents []fent) *ftree {
	if len(ents) == 0 {
		return nil
	}
	var k []byte
	for _, e := range ents {
		k = append(k, e.name...)
		k = append(k, 0)
		if e.sub != nil {
			k = binary.AppendUvarint(append(k, 't'), e.sub.id)
		} else {
			k = append(append(k, 'b'), e.blob[:]...)
		}
	}
	if ft, ok := t.cons[string(k)]; ok {
		return ft
	}
	ft := &ftree{id: uint64(len(t.cons)) + 1, ents: ents}
	t.cons[string(k)] = ft
	return ft
}

// pairs returns every target blob under ft with its path.
func (ft *ftree) pairs() []fpair {
	if ft == nil {
		return nil
	}
	if ft.flat == nil {
		for _, e := range ft.ents {
			if e.sub == nil {
				ft.flat = append(ft.flat, fpair{e.name, e.blob})
				continue
			}
			for _, p := range e.sub.pairs() {
				ft.flat = append(ft.flat, fpair{e.name + "/" + p.path, p.blob})
			}
		}
	}
	return ft.flat
}

// has reports whether ft holds blob at path.
func (ft *ftree) has(path string, blob git.ID) bool {
	for ft != nil {
		name, rest, more := strings.Cut(path, "/")
		var next *ftree
		for i := range ft.ents {
			e := &ft.ents[i]
			if e.name != name {
				continue
			}
			if !more && e.sub == nil {
				return e.blob == blob
			}
			if more && e.sub != nil {
				next = e.sub
				break
			}
		}
		ft, path = next, rest
	}
	return false
}
