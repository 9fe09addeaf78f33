package history

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
)

// TestIndexStreamRoundTrip codes random edge lists, each mostly an edit
// of the one before as consecutive versions of a directory are, and in
// any order (a crafted tree need not be sorted), and reads them back.
func TestIndexStreamRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pt := &indexPart{names: map[string]uint32{}}
	for _, n := range []string{"a", "a.b", "a0", "b", "bb", "c", "d", "e", "f", "g"} {
		pt.name([]byte(n), new(int))
		pt.prevIDs = nil
	}
	var want [][]indexEdge
	var prev []indexEdge
	for g := range 3000 {
		var cur []indexEdge
		switch rng.IntN(6) {
		case 0: // unrelated
			for range rng.IntN(12) {
				cur = append(cur, indexEdge{child: rng.Int32N(2000) - 20, name: rng.Uint32N(uint32(len(pt.list)))})
			}
		default: // an edit: keep, drop, change or add entries
			for _, e := range prev {
				switch rng.IntN(10) {
				case 0:
				case 1:
					cur = append(cur, indexEdge{child: e.child + 1, name: e.name})
				case 2:
					cur = append(cur, indexEdge{child: rng.Int32N(1 << 30), name: rng.Uint32N(uint32(len(pt.list)))}, e)
				default:
					cur = append(cur, e)
				}
			}
		}
		pt.cur = append(pt.cur[:0], cur...)
		pt.curIDs = make([]git.ID, len(cur))
		pt.encode(int32(g))
		want = append(want, cur)
		prev = cur
	}
	var n int
	pt.decode(func(g int32, edges []indexEdge) {
		if int(g) != n {
			t.Fatalf("record %d has tree %d", n, g)
		}
		if !slices.Equal(edges, want[n]) && (len(edges) != 0 || len(want[n]) != 0) {
			t.Fatalf("tree %d: decoded %v, want %v", g, edges, want[n])
		}
		n++
	})
	if n != len(want) {
		t.Fatalf("decoded %d trees, want %d", n, len(want))
	}
}

// TestTreeIndexCost builds the index of a generated history, checks
// that every tree's stream record decodes to the tree's own subtrees and
// target entries, and reports the bytes the streams cost per edge. A
// plain list cost 8 bytes per edge (322 MB for the 40 million edges of an
// 82 000-commit repository); coded as edits of the previous tree, an edge
// costs 0.4 bytes there and about 2.6 here, where trees are small and the
// few bytes each tree costs weigh more. The bound, half a plain list, is
// loose; it fails if the coding regresses to a list.
func TestTreeIndexCost(t *testing.T) {
	repo := generated(t)
	res := scanGit(t, repo.Dir, Options{}, scanner.Options{})
	targets := map[git.ID]bool{}
	for _, f := range res.Findings {
		id, ok := git.ParseID(f.Blob)
		if !ok {
			t.Fatalf("finding without a blob: %+v", f)
		}
		targets[id] = true
	}
	src := NewSource(repo.Dir, Options{}).(*source)
	defer src.Close()
	ctx := context.Background()
	if err := src.open(ctx); err != nil {
		t.Fatal(err)
	}
	src.scan.prepare()
	ix := readTrees(ctx, src.st, src.scan.forests, targets, 2)
	tindex := map[git.ID]int32{}
	for i, id := range ix.targets {
		tindex[id] = int32(i)
	}
	seen := 0
	var mu sync.Mutex // sweep calls back from one goroutine per worker
	ix.sweep(func(w int, g int32, edges []indexEdge) {
		mu.Lock()
		defer mu.Unlock()
		seen++
		id := ix.idOf(g)
		typ, data, err := src.st.Read(id)
		if err != nil || typ != git.ObjTree {
			t.Errorf("tree %s: type %d, %v", id, typ, err)
			return
		}
		var want []keptEdge
		git.EachTreeEntry(data, func(e *git.TreeEntry) {
			switch {
			case e.IsTree():
				want = append(want, keptEdge{ix.lookup(e.ID), string(e.Name)})
			case e.IsBlob() && targets[e.ID]:
				want = append(want, keptEdge{-1 - tindex[e.ID], string(e.Name)})
			}
		})
		var got []keptEdge
		for _, e := range edges {
			got = append(got, keptEdge{e.child, ix.parts[w].list[e.name]})
		}
		if !slices.Equal(got, want) {
			t.Errorf("tree %s: index has %v, want %v", id, got, want)
		}
	})
	if int64(seen) != ix.cost.trees || seen == 0 {
		t.Fatalf("swept %d trees, the index counted %d", seen, ix.cost.trees)
	}
	per := float64(ix.cost.bytes) / float64(ix.cost.edges)
	t.Logf("%d trees, %d edges, %d bytes: %.3f bytes per edge", ix.cost.trees, ix.cost.edges, ix.cost.bytes, per)
	if per > 4 {
		t.Errorf("the tree index costs %.2f bytes per edge, want at most 4", per)
	}
}
