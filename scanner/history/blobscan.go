package history

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
)

// A blobScan reads every unique blob of an object store once, pack by pack
// in storage order, and yields it as a chunk. Delta trees are resolved on
// several goroutines; yield is called from the caller's goroutine only.
type blobScan struct {
	st      *git.Store
	target  string
	maxSize int64 // blobs over it are skipped, not read
	hard    int64 // largest object inflated as a delta base
	workers int
	// want, when not nil, says which blobs to yield; dedup across packs
	// applies either way.
	want func(git.ID) bool

	prepared bool
	forests  []*git.Forest
	loose    []git.LooseObject // loose objects that no pack holds
	mu       sync.Mutex
	commits  []git.ID // every commit object seen (packed types, loose reads)
}

// prepare builds the delta forest of every pack, lists loose objects and
// collects the commits, once.
func (b *blobScan) prepare() {
	if b.forests == nil {
		for _, p := range b.st.Packs() {
			b.forests = append(b.forests, git.BuildForest(p))
			p.Release() // the forest read every entry's header
		}
	}
	if b.prepared {
		return
	}
	b.prepared = true
	b.loose = b.st.Loose()
	for i, f := range b.forests {
		p := f.Pack()
		for r := range p.Len() {
			if f.Type(r) == git.ObjCommit {
				id := p.IDAt(r)
				if j, _ := b.st.Owner(id); j == i {
					b.commits = append(b.commits, id)
				}
			}
		}
	}
}

// dropForests frees the delta forests (16 MB for a pack of a million
// objects) once provenance has read the trees; prepare builds them again
// if they are needed after all.
func (b *blobScan) dropForests() { b.forests = nil }

// wantIn is the yield filter of pack i: a blob is yielded by the first
// pack that holds it, so each is read once.
func (b *blobScan) wantIn(i int) func(pos int) bool {
	first := b.st.FirstOwner(i)
	if b.want == nil {
		return first
	}
	p := b.st.Packs()[i]
	return func(pos int) bool {
		return (first == nil || first(pos)) && b.want(p.ID(pos))
	}
}

// mark selects the blobs to yield in every pack.
func (b *blobScan) mark() {
	b.prepare()
	for i, f := range b.forests {
		f.Mark(1<<git.ObjBlob, b.wantIn(i))
	}
}

// total counts the chunks a scan of every blob will yield.
func (b *blobScan) total() (n int) {
	b.mark()
	for _, f := range b.forests {
		for r := range f.Pack().Len() {
			if f.Marked(r) {
				n++
			}
		}
	}
	return n + len(b.loose)
}

// run yields the blobs. It returns yield's error, or ctx's.
func (b *blobScan) run(ctx context.Context, yield func(scanner.Chunk) error) error {
	b.mark()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := b.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make(chan scanner.Chunk, 2*workers)
	go func() {
		defer close(out)
		for _, f := range b.forests {
			p := f.Pack()
			for _, r := range f.Bad() {
				b.send(ctx, out, scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindHistory, Target: b.target, Path: "object " + p.IDAt(r).String()}, Skip: skipOf(fmt.Errorf("%w: unreadable pack entry header", git.ErrCorrupt))})
			}
			opts := git.WalkOptions{Kinds: 1 << git.ObjBlob, MaxSize: b.maxSize, Hard: b.hard, Budget: 64 << 20, Workers: workers}
			visited := b.st.Walk(ctx, f, opts, func(int) git.Visitor {
				return git.Visitor{
					Emit: func(r int32, _ uint8, data []byte) {
						id := p.IDAt(int(r)).String()
						b.send(ctx, out, scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindHistory, Target: b.target, Blob: id}, Size: int64(len(data)), Data: data})
					},
					Skip: func(r int32, size int64, err error) {
						c := b.skip(p, r, skipOf(err))
						c.Size = size
						b.send(ctx, out, c)
					},
				}
			})
			for r, seen := range visited {
				if f.Marked(r) && !seen && ctx.Err() == nil {
					b.send(ctx, out, b.skip(p, int32(r), skipOf(fmt.Errorf("%w: delta base cycle", git.ErrCorrupt))))
				}
			}
			p.Release()
		}
		b.scanLoose(ctx, out, workers)
	}()
	for c := range out {
		if err := yield(c); err != nil {
			cancel()
			for range out {
			}
			return err
		}
	}
	return ctx.Err()
}

func (b *blobScan) send(ctx context.Context, out chan<- scanner.Chunk, c scanner.Chunk) {
	select {
	case out <- c:
	case <-ctx.Done():
	}
}

// skip is the chunk of a blob that is not read. Its path names the blob,
// so the skip record says which one.
func (b *blobScan) skip(p *git.Pack, r int32, why *scanner.Skip) scanner.Chunk {
	id := p.IDAt(int(r)).String()
	return scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindHistory, Target: b.target, Path: "blob " + id, Blob: id}, Skip: why}
}

// skipOf is the skip of an object a walk or a read could not yield.
func skipOf(err error) *scanner.Skip { return scanner.ObjectSkip(err) }

// tooLarge is the skip of a blob over the size cap.
func tooLarge(size, limit int64) *scanner.Skip {
	return &scanner.Skip{Class: scanner.SkipTooLarge, Size: size, Limit: limit}
}

// scanLoose reads the loose objects on workers goroutines.
func (b *blobScan) scanLoose(ctx context.Context, out chan<- scanner.Chunk, workers int) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= int64(len(b.loose)) {
					return
				}
				if o := b.loose[i]; b.want == nil || b.want(o.ID) {
					b.readLoose(ctx, out, o)
				}
			}
		}()
	}
	wg.Wait()
}

func (b *blobScan) readLoose(ctx context.Context, out chan<- scanner.Chunk, obj git.LooseObject) {
	o := scanner.Origin{Kind: scanner.KindHistory, Target: b.target, Blob: obj.ID.String()}
	typ, data, err := git.ReadLoose(obj.Path, b.maxSize)
	var tl *git.TooLargeError
	if errors.As(err, &tl) {
		if typ == git.ObjBlob {
			o.Path = "blob " + o.Blob
			b.send(ctx, out, scanner.Chunk{Origin: o, Size: tl.Size, Skip: tooLarge(tl.Size, b.maxSize)})
		}
		return
	}
	if err != nil {
		o.Blob, o.Path = "", "object "+obj.ID.String()
		b.send(ctx, out, scanner.Chunk{Origin: o, Skip: skipOf(err)})
		return
	}
	switch typ {
	case git.ObjBlob:
		b.send(ctx, out, scanner.Chunk{Origin: o, Size: int64(len(data)), Data: data})
	case git.ObjCommit:
		b.mu.Lock()
		b.commits = append(b.commits, obj.ID)
		b.mu.Unlock()
	}
}
