package staged

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/cambscan/cambscan/internal/git"
)

// A change is an index path whose staged blob differs from HEAD's.
type change struct {
	path  string
	blob  git.ID // the staged blob
	head  git.ID // HEAD's blob at path; zero for a new path
	merge []git.ID
}

// A pathBlob is a blob of HEAD at a path that the index deletes.
type pathBlob struct {
	path string
	blob git.ID
}

// A treeEntry is an entry of a HEAD tree that owns its name.
type treeEntry struct {
	name string
	mode uint32
	id   git.ID
}

// isBlobMode reports whether mode is one git writes for a file or a
// symbolic link.
func isBlobMode(mode uint32) bool {
	switch mode {
	case git.ModeRegular, git.ModeExecutable, git.ModeSymlink, git.ModeDeprecated:
		return true
	}
	return false
}

// An indexDiff compares the stage-0 entries of an index with HEAD's tree,
// like `git diff-index --cached HEAD` without rename detection.
//
// Cost: the index's cache-tree extension records, for every directory that
// no staged change touched since the last commit, the tree it would be
// written as. When that equals HEAD's tree for the directory the whole
// directory is skipped unread, so a one-file change reads only the HEAD
// trees along its path, whatever the size of the repository. Directories
// without a valid cache-tree node (an index written by another tool, or
// many changes) fall back to reading HEAD's tree for that directory.
type indexDiff struct {
	objs  *git.Store
	idx   *git.Index
	trees map[git.ID][]treeEntry
	// cacheTree is the index's cache tree; nil reads HEAD's trees along
	// every path instead.
	cacheTree *git.CacheTree

	changes  []change
	deleted  []pathBlob
	unmerged []string
	odd      []pathBlob // sparse-directory entries that differ from HEAD
	// differs holds the positions of the index entries that are not
	// exactly HEAD's entry at their path; every other stage-0 entry is.
	differs map[int]bool
}

func newIndexDiff(objs *git.Store, idx *git.Index) *indexDiff {
	return &indexDiff{objs: objs, idx: idx, trees: map[git.ID][]treeEntry{}, cacheTree: idx.Tree(), differs: map[int]bool{}}
}

// run diffs the whole index against the tree head (zero: no HEAD). The
// paths it records are copies: the index can be closed afterwards.
func (d *indexDiff) run(head git.ID) error {
	return d.dir(nil, 0, d.idx.Len(), d.cacheTree, head)
}

// tree returns the entries of the tree id, read once.
func (d *indexDiff) tree(id git.ID) ([]treeEntry, error) {
	if es, ok := d.trees[id]; ok {
		return es, nil
	}
	es, err := readTree(d.objs, id)
	if err != nil {
		return nil, err
	}
	d.trees[id] = es
	return es, nil
}

// readTree reads and parses the tree id.
func readTree(objs *git.Store, id git.ID) ([]treeEntry, error) {
	typ, data, err := objs.Read(id)
	if err == nil && typ != git.ObjTree {
		err = fmt.Errorf("a %s, not a tree", git.TypeName(typ))
	}
	if err != nil {
		return nil, fmt.Errorf("read tree %s: %w", id, err)
	}
	var es []treeEntry
	if err := git.EachTreeEntry(data, func(e *git.TreeEntry) {
		es = append(es, treeEntry{name: string(e.Name), mode: e.Mode, id: e.ID})
	}); err != nil {
		return nil, fmt.Errorf("read tree %s: malformed", id)
	}
	return es, nil
}

// A headDir is what is left of one HEAD directory while the index entries
// under it are compared: entries the index has are taken out, and what
// remains at the end is deleted.
type headDir map[string]treeEntry

// take removes and returns the entry called name.
func (h headDir) take(name []byte) (treeEntry, bool) {
	e, ok := h[string(name)]
	if ok {
		delete(h, e.name)
	}
	return e, ok
}

// dir diffs the index entries [lo, hi), all under prefix (empty or
// "a/b/"), against the HEAD tree head (zero when HEAD has no such
// directory); ct is the directory's cache-tree node, nil when unknown.
func (d *indexDiff) dir(prefix []byte, lo, hi int, ct *git.CacheTree, head git.ID) error {
	if ct != nil && ct.Count >= 0 && !head.IsZero() && ct.ID == head {
		return nil // the cache tree says the directory is HEAD's
	}
	inHead := headDir{}
	if !head.IsZero() {
		es, err := d.tree(head)
		if err != nil {
			return err
		}
		for _, e := range es {
			inHead[e.name] = e
		}
	}
	for i := lo; i < hi; {
		full := d.idx.Name(i)
		rest := full[len(prefix):]
		var err error
		if slash := bytes.IndexByte(rest, '/'); slash >= 0 && slash < len(rest)-1 {
			i, err = d.subdir(prefix, rest[:slash], i, hi, ct, inHead)
		} else {
			i, err = d.entry(prefix, bytes.TrimSuffix(rest, []byte{'/'}), i, hi, inHead)
		}
		if err != nil {
			return err
		}
	}
	return d.goneAll(string(prefix), inHead)
}

// subdir diffs the run of entries from i under the subdirectory name of
// prefix, and returns where the run ends.
func (d *indexDiff) subdir(prefix, name []byte, i, hi int, ct *git.CacheTree, inHead headDir) (int, error) {
	sub := d.idx.Name(i)[: len(prefix)+len(name)+1 : len(prefix)+len(name)+1]
	j := i + sort.Search(hi-i, func(k int) bool { return !bytes.HasPrefix(d.idx.Name(i+k), sub) })
	var subHead git.ID
	if he, ok := inHead.take(name); ok {
		if he.mode == git.ModeTree {
			subHead = he.id
		} else if err := d.gone(string(prefix)+string(name), he); err != nil {
			return 0, err // a file in HEAD became a directory
		}
	}
	return j, d.dir(sub, i, j, ct.Child(name), subHead)
}

// entry diffs the entries from i at the path prefix+name (one, or the
// stages of a conflict) with HEAD's entry there, and returns where they
// end.
func (d *indexDiff) entry(prefix, name []byte, i, hi int, inHead headDir) (int, error) {
	full := d.idx.Name(i)
	e := d.idx.Entry(i)
	j := i + 1
	conflict := e.Stage != 0
	for j < hi && bytes.Equal(d.idx.Name(j), full) {
		conflict = conflict || d.idx.Entry(j).Stage != 0
		j++
	}
	path := string(prefix) + string(name)
	he, inH := inHead.take(name)
	switch {
	case conflict:
		d.unmerged = append(d.unmerged, path)
	case e.IntentToAdd, e.Mode == git.ModeGitlink:
		// git add -N stages no content; a gitlink is another
		// repository's commit, scanned by running there.
	case e.Mode == git.ModeTree:
		// A sparse-index directory entry: the tree itself.
		if !inH || he.id != e.ID {
			d.odd = append(d.odd, pathBlob{path, e.ID})
		}
	case inH && isBlobMode(he.mode) && he.id == e.ID:
		return j, nil // unchanged content (a mode change adds no line)
	default:
		c := change{path: path, blob: e.ID}
		if inH {
			if isBlobMode(he.mode) {
				c.head = he.id
			} else if err := d.gone(c.path, he); err != nil {
				return 0, err
			}
		}
		d.changes = append(d.changes, c)
	}
	for k := i; k < j; k++ {
		d.differs[k] = true
	}
	return j, nil
}

// goneAll records what is left of HEAD's directory prefix as deleted by
// the index, in name order.
func (d *indexDiff) goneAll(prefix string, left headDir) error {
	names := make([]string, 0, len(left))
	for n := range left {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := d.gone(prefix+n, left[n]); err != nil {
			return err
		}
	}
	return nil
}

// gone records a HEAD entry that the index no longer has at its path: a
// blob, or every blob of a subtree (so that a directory rename is known to
// add nothing). Its cost is proportional to what was deleted.
func (d *indexDiff) gone(path string, e treeEntry) error {
	switch {
	case isBlobMode(e.mode):
		d.deleted = append(d.deleted, pathBlob{path, e.id})
	case e.mode == git.ModeTree:
		es, err := d.tree(e.id)
		if err != nil {
			return err
		}
		for _, c := range es {
			if err := d.gone(path+"/"+c.name, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// blobAt returns the blob at path in the tree root, or the zero id.
func (d *indexDiff) blobAt(root git.ID, path string) (git.ID, error) {
	id := root
	for {
		name, rest, more := strings.Cut(path, "/")
		es, err := d.tree(id)
		if err != nil {
			return git.ID{}, err
		}
		i := sort.Search(len(es), func(k int) bool { return treeNameGE(es[k], name) })
		found := false
		for ; i < len(es) && !found; i++ {
			// Git sorts a directory as if its name ended in "/", so the
			// entry can sit a little after the plain-name position.
			if es[i].name == name {
				id, found = es[i].id, true
				if more != (es[i].mode == git.ModeTree) || (!more && !isBlobMode(es[i].mode)) {
					return git.ID{}, nil
				}
			} else if !strings.HasPrefix(es[i].name, name) {
				break
			}
		}
		if !found {
			return git.ID{}, nil
		}
		if !more {
			return id, nil
		}
		path = rest
	}
}

// treeNameGE reports whether e sorts at or after name in git's tree order.
func treeNameGE(e treeEntry, name string) bool {
	n := e.name
	if e.mode == git.ModeTree {
		n += "/"
	}
	return n >= name
}

// unchangedBlobs reports which of want the index holds at a path where it
// is exactly HEAD's entry: together with the HEAD blobs of the changed and
// deleted paths, that is every blob of HEAD's tree, found by reading the
// index (a few milliseconds for 200 000 entries) instead of HEAD's trees
// (over a second). The index must still be open.
func (d *indexDiff) unchangedBlobs(want map[git.ID]bool) map[git.ID]bool {
	found := map[git.ID]bool{}
	for i := range d.idx.Len() {
		if d.differs[i] {
			continue
		}
		if id := d.idx.ID(i); want[id] {
			found[id] = true
		}
	}
	return found
}

// blobsIn reports which of want occur anywhere in the trees roots. It walks
// every tree once and stops as soon as all are found; the staged source
// calls it only for blobs that still hold findings.
func (d *indexDiff) blobsIn(roots []git.ID, want map[git.ID]bool) (map[git.ID]bool, error) {
	found := map[git.ID]bool{}
	seen := map[git.ID]bool{}
	var walk func(id git.ID) error
	walk = func(id git.ID) error {
		if seen[id] || len(found) == len(want) {
			return nil
		}
		seen[id] = true
		es, err := readTree(d.objs, id) // not kept: the walk can be large
		if err != nil {
			return err
		}
		for _, e := range es {
			switch {
			case e.mode == git.ModeTree:
				if err := walk(e.id); err != nil {
					return err
				}
			case want[e.id]:
				found[e.id] = true
			}
		}
		return nil
	}
	for _, r := range roots {
		if !r.IsZero() {
			if err := walk(r); err != nil {
				return nil, err
			}
		}
	}
	return found, nil
}
