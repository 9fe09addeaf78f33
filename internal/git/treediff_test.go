package git

import (
	"crypto/sha1"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// objDir is a loose objects directory for a test: put writes an object
// under its real id (or under a chosen one, for a tree that lists itself).
type objDir struct {
	t   *testing.T
	dir string
}

func (o objDir) put(typ string, body []byte) ID {
	o.t.Helper()
	id := ID(sha1.Sum(append([]byte(fmt.Sprintf("%s %d\x00", typ, len(body))), body...)))
	o.putAs(id, typ, body)
	return id
}

func (o objDir) putAs(id ID, typ string, body []byte) {
	o.t.Helper()
	h := id.String()
	name := filepath.Join(o.dir, h[:2], h[2:])
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		o.t.Fatal(err)
	}
	if err := os.WriteFile(name, looseBytes(typ, body), 0o644); err != nil {
		o.t.Fatal(err)
	}
}

func treeBody(ents ...string) []byte {
	var b []byte
	for i := 0; i < len(ents); i += 2 {
		b = append(b, ents[i]...)
		b = append(b, 0)
		b = append(b, ents[i+1]...)
	}
	return b
}

func raw(id ID) string { return string(id[:]) }

// TestTreeDiff: the blobs reported are those at a path where no parent
// has the same blob; an unchanged subtree is not entered; a tree that
// lists itself ends; an unreadable parent counts as empty; an unreadable
// tree of the compared side goes to OnError, which may stop or go on.
func TestTreeDiff(t *testing.T) {
	o := objDir{t: t, dir: t.TempDir()}
	a, b, c := o.put("blob", []byte("a\n")), o.put("blob", []byte("b\n")), o.put("blob", []byte("c\n"))
	same := o.put("tree", treeBody("100644 x", raw(a)))
	oldSub := o.put("tree", treeBody("100644 f", raw(a)))
	newSub := o.put("tree", treeBody("100644 f", raw(b), "100644 g", raw(a)))
	parent := o.put("tree", treeBody("100644 top", raw(a), "40000 same", raw(same), "40000 sub", raw(oldSub)))
	// A tree that lists itself: its id is made up, as no hash could.
	var loop ID
	copy(loop[:], strings.Repeat("\x42", 20))
	o.putAs(loop, "tree", treeBody("100644 c", raw(c), "40000 again", raw(loop)))
	var missing ID
	copy(missing[:], strings.Repeat("\x17", 20))
	tree := o.put("tree", treeBody("100644 top", raw(b), "40000 loop", raw(loop), "40000 same", raw(same), "160000 mod", raw(c), "40000 sub", raw(newSub)))

	st, _ := OpenStore([]string{o.dir})
	defer st.Close()
	collect := func(d *TreeDiff, tree ID, parents ...ID) ([]string, error) {
		var got []string
		err := d.Introduced(tree, parents, func(dir string, e *TreeEntry) { got = append(got, dir+string(e.Name)) })
		sort.Strings(got)
		return got, err
	}
	got, err := collect(NewTreeDiff(st), tree, parent)
	// sub/g is new at its path though its blob is the parent's top; the
	// loop is entered once, same is unchanged, the submodule is skipped.
	if want := "loop/c sub/f sub/g top"; err != nil || strings.Join(got, " ") != want {
		t.Errorf("against the parent: %q %v, want %q", got, err, want)
	}
	// Every entry is new against an unreadable parent.
	got, err = collect(NewTreeDiff(st), newSub, missing)
	if want := "f g"; err != nil || strings.Join(got, " ") != want {
		t.Errorf("against a missing parent: %q %v, want %q", got, err, want)
	}
	// Asked again, a TreeDiff yields nothing until Reset.
	d := NewTreeDiff(st)
	collect(d, newSub, oldSub)
	if got, _ := collect(d, newSub, oldSub); len(got) != 0 {
		t.Errorf("the same comparison again: %q, want nothing", got)
	}
	d.Reset()
	if got, _ := collect(d, newSub, oldSub); strings.Join(got, " ") != "f g" {
		t.Errorf("after Reset: %q, want f g", got)
	}
	// An unreadable subtree of the compared side.
	broken := o.put("tree", treeBody("40000 gone", raw(missing), "100644 z", raw(c)))
	if _, err := collect(NewTreeDiff(st), broken); !errors.Is(err, ErrMissing) {
		t.Errorf("without OnError: %v, want ErrMissing", err)
	}
	d = NewTreeDiff(st)
	var failed []ID
	d.OnError = func(tree ID, err error) error { failed = append(failed, tree); return nil }
	if got, err := collect(d, broken); err != nil || strings.Join(got, " ") != "z" || len(failed) != 1 || failed[0] != missing {
		t.Errorf("with OnError going on: %q %v, failed %v; want z and the missing tree", got, err, failed)
	}
}
