package scanner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
)

// A blobScan reads every unique blob of an object store once, pack by pack
// in storage order, and yields it as a chunk. Delta trees are resolved on
// several goroutines; yield is called from the caller's goroutine only.
type blobScan struct {
	st      *gitStore
	target  string
	maxSize int64 // blobs over it are skipped, not read
	hard    int64 // largest object inflated as a delta base
	workers int
	// want, when not nil, says which blobs to yield; dedup across packs
	// applies either way.
	want func(gitID) bool

	prepared bool
	forests  []*packForest
	loose    []string // loose objects that no pack holds
	mu       sync.Mutex
	commits  []gitID // every commit object seen (packed types, loose reads)
}

// prepare builds the delta forest of every pack, lists loose objects and
// collects the commits, once.
func (b *blobScan) prepare() {
	if b.prepared {
		return
	}
	b.prepared = true
	for _, p := range b.st.packs {
		b.forests = append(b.forests, buildForest(p))
	}
	seen := map[gitID]bool{}
	for _, d := range b.st.dirs {
		for x := 0; x < 256; x++ {
			sub := filepath.Join(d, fmt.Sprintf("%02x", x))
			names, err := os.ReadDir(sub)
			if err != nil {
				continue
			}
			for _, n := range names {
				id, ok := parseGitID(fmt.Sprintf("%02x", x) + n.Name())
				if !ok || n.IsDir() || seen[id] {
					continue
				}
				seen[id] = true
				if i, _ := b.st.owner(id); i >= 0 {
					continue
				}
				b.loose = append(b.loose, filepath.Join(sub, n.Name()))
			}
		}
	}
	for i, f := range b.forests {
		for r, t := range f.typ {
			if t == gitObjCommit {
				id := f.p.hash(int(f.p.order[r]))
				if j, _ := b.st.owner(id); j == i {
					b.commits = append(b.commits, id)
				}
			}
		}
	}
}

// wantIn is the yield filter of pack i: a blob is yielded by the first
// pack that holds it, so each is read once.
func (b *blobScan) wantIn(i int) func(pos int) bool {
	p := b.st.packs[i]
	if i == 0 && b.want == nil {
		return nil
	}
	return func(pos int) bool {
		id := p.hash(pos)
		for _, q := range b.st.packs[:i] {
			if q.find(id) >= 0 {
				return false
			}
		}
		return b.want == nil || b.want(id)
	}
}

// mark selects the blobs to yield in every pack.
func (b *blobScan) mark() {
	b.prepare()
	for i, f := range b.forests {
		f.mark(1<<gitObjBlob, b.wantIn(i))
	}
}

// total counts the chunks a scan of every blob will yield.
func (b *blobScan) total() (n int) {
	b.mark()
	for _, f := range b.forests {
		for _, e := range f.emit {
			if e {
				n++
			}
		}
	}
	return n + len(b.loose)
}

// run yields the blobs. It returns yield's error, or ctx's.
func (b *blobScan) run(ctx context.Context, yield func(Chunk) error) error {
	b.mark()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := b.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make(chan Chunk, 2*workers)
	go func() {
		defer close(out)
		for _, f := range b.forests {
			for _, r := range f.bad {
				b.send(ctx, out, Chunk{Origin: Origin{Kind: KindHistory, Target: b.target, Path: "object " + f.p.hash(int(f.p.order[r])).String()}, Skip: "corrupt object: unreadable pack entry header"})
			}
			visited := walkForest(ctx, f, workers, func(_ int, visited []bool) *packWalker {
				return &packWalker{
					st: b.st, f: f, ctx: ctx, kinds: 1 << gitObjBlob, maxSize: b.maxSize, hard: b.hard,
					visited: visited, budget: 64 << 20,
					emit: func(r int32, _ uint8, data []byte) {
						id := f.p.hash(int(f.p.order[r])).String()
						b.send(ctx, out, Chunk{Origin: Origin{Kind: KindHistory, Target: b.target, Blob: id}, Size: int64(len(data)), Data: data})
					},
					skip: func(r int32, size int64, reason string) {
						c := b.skip(f, r, reason)
						c.Size = size
						b.send(ctx, out, c)
					},
				}
			})
			for r, e := range f.emit {
				if e && !visited[r] && ctx.Err() == nil {
					b.send(ctx, out, b.skip(f, int32(r), "corrupt object: delta base cycle"))
				}
			}
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

func (b *blobScan) send(ctx context.Context, out chan<- Chunk, c Chunk) {
	select {
	case out <- c:
	case <-ctx.Done():
	}
}

// skip is the chunk of a blob that is not read. Its path names the blob,
// so the skip record says which one.
func (b *blobScan) skip(f *packForest, r int32, reason string) Chunk {
	id := f.p.hash(int(f.p.order[r])).String()
	return Chunk{Origin: Origin{Kind: KindHistory, Target: b.target, Path: "blob " + id, Blob: id}, Skip: reason}
}

// gitObjectError turns a read error into a skip reason that starts with its
// class ("corrupt object: ...", "unreadable object: ...").
func gitObjectError(err error) string {
	if errors.Is(err, errGitCorrupt) || errors.Is(err, errGitMissing) {
		return err.Error()
	}
	return "unreadable object: " + err.Error()
}

func tooLargeReason(size, max int64) string {
	return fmt.Sprintf("larger than --max-file-size (%d > %d bytes)", size, max)
}

// scanLoose reads the loose objects on workers goroutines.
func (b *blobScan) scanLoose(ctx context.Context, out chan<- Chunk, workers int) {
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
				name := b.loose[i]
				if id, _ := parseGitID(filepath.Base(filepath.Dir(name)) + filepath.Base(name)); b.want != nil && !b.want(id) {
					continue
				}
				b.readLooseObject(ctx, out, name)
			}
		}()
	}
	wg.Wait()
}

func (b *blobScan) readLooseObject(ctx context.Context, out chan<- Chunk, name string) {
	id, _ := parseGitID(filepath.Base(filepath.Dir(name)) + filepath.Base(name))
	o := Origin{Kind: KindHistory, Target: b.target, Blob: id.String()}
	typ, data, err := readLooseObject(name, b.maxSize)
	if tl, ok := err.(*looseTooLarge); ok {
		if typ == gitObjBlob {
			o.Path = "blob " + o.Blob
			b.send(ctx, out, Chunk{Origin: o, Size: tl.size, Skip: tooLargeReason(tl.size, b.maxSize)})
		}
		return
	}
	if err != nil {
		o.Blob, o.Path = "", "object "+id.String()
		b.send(ctx, out, Chunk{Origin: o, Skip: gitObjectError(err)})
		return
	}
	switch typ {
	case gitObjBlob:
		b.send(ctx, out, Chunk{Origin: o, Size: int64(len(data)), Data: data})
	case gitObjCommit:
		b.mu.Lock()
		b.commits = append(b.commits, id)
		b.mu.Unlock()
	}
}
