package scanner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/sourcegraph/conc/stream"

	"github.com/cambscan/cambscan/rules"
)

// DefaultMaxFileSize is the size cap of a file or blob (10 MiB).
const DefaultMaxFileSize = 10 << 20

// Options configure [Run]. The zero value is usable.
type Options struct {
	// Rules is the rule set; nil means rules.New().
	Rules *rules.Set
	// Jobs bounds the matching goroutines; 0 means GOMAXPROCS.
	Jobs int
	// MaxFileSize skips larger chunks before they are read; 0 means
	// DefaultMaxFileSize.
	MaxFileSize int64
	// MinConfidence drops findings below it; 0 keeps all.
	MinConfidence rules.Confidence
	// Baseline holds fingerprints of findings to suppress.
	Baseline map[string]bool
	// Progress, when not nil, receives a progress line every
	// ProgressEvery (default 200ms), overwritten in place with \r.
	Progress      io.Writer
	ProgressEvery time.Duration
	// NoArchives matches zip, tar and gzip content as it is (binary, so
	// skipped) instead of matching the members inside.
	NoArchives bool
	// Excludes, when not nil, is the --exclude set the sources match
	// with: Run warns about each glob that matched no path.
	Excludes *Excludes
	// MemberExcludes are the --exclude globs that archive members are
	// matched with (see Excludes.MatchMember) when Excludes is nil: the
	// sources of git, staged and pre-push apply globs to paths themselves.
	MemberExcludes []string
	// memberEx is the compiled set of members' globs (Run sets it).
	memberEx *Excludes
	// MemoryBudget bounds the bytes of content held by chunks in flight,
	// whatever Jobs is; 0 means max(64 MiB, 2 x MaxFileSize). Half is for
	// content sources hand over already read (Chunk.Data), half for
	// content the workers read (Chunk.Open); archive expansion adds at
	// most a fixed amount (see archiveSlots).
	MemoryBudget int64
}

func (o *Options) jobs() int {
	if o.Jobs > 0 {
		return o.Jobs
	}
	return runtime.GOMAXPROCS(0)
}

func (o *Options) maxSize() int64 {
	if o.MaxFileSize > 0 {
		return o.MaxFileSize
	}
	return DefaultMaxFileSize
}

func (o *Options) memoryBudget() int64 {
	if o.MemoryBudget > 0 {
		return o.MemoryBudget
	}
	return max(minMemoryBudget, 2*o.maxSize())
}

// maxFindingsPerChunk caps the findings one file, blob or archive member
// gives; the rest are counted in a SkipTooManyFindings. Real files hold a
// handful of keys; a generated one with 200 000 would otherwise cost a
// finding each in every report.
const maxFindingsPerChunk = 1000

// Run scans every source and returns what it found. Sources are scanned one
// after another; within a source, chunks are matched on Options.Jobs
// goroutines. A source that fails to open, or that yields inputs of which
// none could be read (see [ErrNothingReadable]), is recorded as a skip of
// class SkipFailed and the others still run; Run returns an error only
// when ctx is cancelled (together with the partial result) or when no
// source could be scanned at all.
func Run(ctx context.Context, sources []Source, opts Options) (*Result, error) {
	start := time.Now()
	if opts.Rules == nil {
		opts.Rules = rules.New()
	}
	res := &Result{}
	var prog *progress
	if opts.Progress != nil {
		prog = startProgress(opts.Progress, opts.ProgressEvery)
		defer prog.stop()
	}
	opts.memberEx = opts.memberExcludes()
	budget := opts.memoryBudget()
	lim := &limits{
		data:     newByteSem(budget / 2),
		read:     newByteSem(budget - budget/2),
		archives: make(chan struct{}, archiveSlots),
	}
	failed := 0
	var firstErr error
	for _, src := range sources {
		res.Targets = append(res.Targets, src.Target())
		if prog != nil {
			prog.setSource(src)
		}
		err := runSource(ctx, src, &opts, lim, res, prog)
		if ctx.Err() != nil {
			res.finish(start)
			return res, ctx.Err()
		}
		if err != nil {
			failed++
			if firstErr == nil {
				firstErr = err
			}
			res.Skipped = append(res.Skipped, Skip{Target: src.Target(), Class: SkipFailed, Detail: err.Error()})
		}
	}
	for _, g := range opts.Excludes.Unmatched() {
		res.Warnings = append(res.Warnings, fmt.Sprintf("--exclude %q matched no path", g))
	}
	res.finish(start)
	if failed == len(sources) && failed > 0 {
		return res, firstErr
	}
	return res, nil
}

func (r *Result) finish(start time.Time) {
	r.Stats.Duration = time.Since(start)
	r.Stats.Skipped = len(r.Skipped)
	SortFindings(r.Findings)
	sort.SliceStable(r.Skipped, func(i, j int) bool {
		a, b := r.Skipped[i], r.Skipped[j]
		if a.Target != b.Target {
			return a.Target < b.Target
		}
		return a.Path < b.Path
	})
}

// SortFindings sorts findings by target, path, line, column, rule and
// commit, the order every report uses.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		switch {
		case a.Target != b.Target:
			return a.Target < b.Target
		case a.Path != b.Path:
			return a.Path < b.Path
		case a.Line != b.Line:
			return a.Line < b.Line
		case a.Column != b.Column:
			return a.Column < b.Column
		case a.RuleID != b.RuleID:
			return a.RuleID < b.RuleID
		}
		return a.Commit < b.Commit
	})
}

// Batching: chunks go to the matchers in batches of up to batchChunks
// chunks or batchBytes bytes. One stream task per file cost about 5 µs of
// goroutine hand-offs, a sixth of a scan of the Go source tree, whose
// files average 10 KB.
const (
	batchChunks = 16
	batchBytes  = 1 << 20
)

// limits are the engine's shared bounds on memory: the bytes of chunks
// in flight, in two lanes so that neither waits on the other (data: taken
// by the producer for content a source read; read: taken by a worker
// before it reads), and the slots for archive expansion.
type limits struct {
	data, read *byteSem
	archives   chan struct{}
}

// chunkResult is what matching one chunk gave.
type chunkResult struct {
	origin Origin
	found  []Finding
	bytes  int64
	skip   *Skip
	// notes are skips inside a matched chunk (archive members, the
	// finding cap); their Path is the member path, empty for the chunk.
	notes []Skip
}

// queued is a chunk waiting in a batch, with the bytes of the data lane it
// holds.
type queued struct {
	Chunk
	weight int64
}

// runSource scans one source into res: its chunks are matched in
// batches on a conc stream (sourceRun), then the source resolves the
// findings and the filters of opts apply.
func runSource(ctx context.Context, src Source, opts *Options, lim *limits, res *Result, prog *progress) error {
	if c, ok := src.(io.Closer); ok {
		// Sources that clone remove their temporary copy here, also when
		// ctx was cancelled.
		defer c.Close()
	}
	r := &sourceRun{
		ctx: ctx, src: src, opts: opts, lim: lim, res: res, prog: prog,
		maxSize: opts.maxSize(), s: stream.New().WithMaxGoroutines(opts.jobs()),
	}
	err := src.Chunks(ctx, r.add)
	r.flush()
	r.s.Wait()
	res.Skipped = append(res.Skipped, r.skipped...)
	if w, ok := src.(Warner); ok {
		res.Warnings = append(res.Warnings, w.Warnings()...)
	}
	if err != nil {
		return err
	}
	if r.scanned == 0 && r.unreadable > 0 {
		return &nothingReadableError{target: src.Target(), n: r.unreadable, first: r.firstUnreadable}
	}
	found := r.found
	if rs, ok := src.(Resolver); ok && len(found) > 0 {
		if found, err = rs.Resolve(ctx, found); err != nil {
			return err
		}
	}
	// A finding in an archive member gets its member path, and is dropped
	// when that path is excluded: a history blob's path is known only now.
	kept := found[:0]
	for _, f := range found {
		if f.Member != "" {
			f.Path = memberPath(f.Origin, f.Member)
			f.Member = ""
			if opts.memberEx.MatchMember(f.Path) {
				continue
			}
		}
		kept = append(kept, f)
	}
	if fi, ok := src.(Finisher); ok && ctx.Err() == nil {
		var ferr error
		if kept, ferr = fi.Finish(ctx, kept); ferr != nil {
			res.Warnings = append(res.Warnings, ferr.Error())
		}
	}
	res.keep(kept, opts)
	return nil
}

// A sourceRun batches the chunks of one source to the matchers. Chunks
// go to the matchers in batches of up to batchChunks chunks or batchBytes
// bytes; the results come back through stream callbacks, which run one at
// a time in submission order, so found, skipped and res.Stats need no
// lock.
type sourceRun struct {
	ctx     context.Context
	src     Source
	opts    *Options
	lim     *limits
	res     *Result
	prog    *progress
	maxSize int64
	s       *stream.Stream

	batch   []queued
	pending int64 // bytes in batch

	found   []Finding
	skipped []Skip
	// scanned counts the chunks matched, unreadable the skips of inputs
	// that could not be read (Skip.unreadable), the first of which is
	// firstUnreadable: a source that scanned nothing and could not read
	// something failed.
	scanned, unreadable int
	firstUnreadable     Skip
}

// add takes one chunk from the source: a chunk known to be over the size
// cap is skipped unread.
func (r *sourceRun) add(c Chunk) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if c.Skip == nil && c.Size > r.maxSize {
		c.Skip = &Skip{Class: SkipTooLarge, Size: c.Size, Limit: r.maxSize}
	}
	q := queued{Chunk: c}
	if c.Skip == nil && c.Data != nil {
		// Content already in memory holds the data lane until matched;
		// the source waits here while the lane is full. The batch is
		// handed over first, so what it holds is not what we wait for.
		q.weight = r.lim.data.clamp(int64(len(c.Data)))
		if !r.lim.data.tryAcquire(q.weight) {
			r.flush()
			if err := r.lim.data.acquire(r.ctx, q.weight); err != nil {
				return err
			}
		}
	}
	r.batch = append(r.batch, q)
	r.pending += max(c.Size, int64(len(c.Data)))
	if len(r.batch) >= batchChunks || r.pending >= batchBytes {
		r.flush()
	}
	return nil
}

// flush hands the batch to a matcher.
func (r *sourceRun) flush() {
	if len(r.batch) == 0 {
		return
	}
	b := r.batch
	r.batch, r.pending = nil, 0
	r.s.Go(func() stream.Callback { return r.match(b) })
}

// match reads and matches a batch on a matcher goroutine, and returns the
// callback that records the results.
func (r *sourceRun) match(b []queued) stream.Callback {
	out := make([]chunkResult, len(b))
	for i := range b {
		c := &b[i]
		out[i].origin = c.Origin
		if c.Skip != nil {
			out[i].skip = c.Skip
			continue
		}
		out[i] = r.matchChunk(c.Chunk)
		r.lim.data.release(c.weight)
		c.Data = nil // the source may not keep it: let it go now
		if r.prog != nil {
			r.prog.add(out[i].bytes)
		}
	}
	// conc v0.3.0 calls the callback unconditionally: never nil.
	return func() { r.record(out) }
}

// record adds the results of a batch; it runs in a stream callback.
func (r *sourceRun) record(out []chunkResult) {
	for _, c := range out {
		if c.skip != nil {
			sk := *c.skip
			sk.Target, sk.Path = r.src.Target(), pathOf(c.origin)
			r.skipped = append(r.skipped, sk)
			if sk.unreadable() {
				if r.unreadable == 0 {
					r.firstUnreadable = sk
				}
				r.unreadable++
			}
			continue
		}
		for _, sk := range c.notes {
			sk.Target, sk.Path = r.src.Target(), memberPath(c.origin, sk.Path)
			r.skipped = append(r.skipped, sk)
		}
		r.scanned++
		r.res.Stats.Files++
		r.res.Stats.Bytes += c.bytes
		r.found = append(r.found, c.found...)
	}
}

// keep adds the findings that pass the confidence floor and are not in the
// baseline, and counts the suppressed ones.
func (r *Result) keep(found []Finding, opts *Options) {
	for _, f := range found {
		if f.Confidence < opts.MinConfidence {
			continue
		}
		if opts.Baseline[f.Fingerprint()] {
			r.Suppressed++
			continue
		}
		r.Findings = append(r.Findings, f)
	}
}

func pathOf(o Origin) string {
	if o.Path != "" {
		return o.Path
	}
	if o.Blob != "" {
		return "blob " + o.Blob
	}
	return ""
}

// memberPath is the path reports show for member inside the chunk of o:
// "a.zip!b.tgz!c.env"; the chunk's own path when member is empty. A
// history blob no commit names is "git-blob/<hash>", as in SARIF.
func memberPath(o Origin, member string) string {
	p := o.Path
	if p == "" && o.Blob != "" {
		p = "git-blob/" + o.Blob
	}
	if member == "" {
		return pathOf(o)
	}
	return p + "!" + member
}

// bufPool recycles file buffers: reading the Go source tree allocated
// 100 MB in 11 000 buffers without it, and GC and page faults took a fifth
// of the scan.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// maxPooled is the largest buffer kept for reuse.
const maxPooled = 1 << 20

// matchChunk reads, checks and matches one chunk on a worker, within the
// read lane of the memory budget when it reads the content itself.
func (r *sourceRun) matchChunk(c Chunk) chunkResult {
	res := chunkResult{origin: c.Origin}
	if r.ctx.Err() != nil {
		res.skip = &Skip{Class: SkipCancelled}
		return res
	}
	data := c.Data
	if data == nil && (c.Open != nil || c.OpenSized != nil) {
		// Hold the lane for the most the read can bring (the size when
		// known, else the cap; for OpenSized the size its reader found),
		// then only for what it brought.
		var w int64
		reserved := false
		defer func() { r.lim.read.release(w) }()
		reserve := func(n int64) error {
			if reserved {
				return errors.New("read budget reserved twice")
			}
			n = r.lim.read.clamp(min(n, r.maxSize))
			if err := r.lim.read.acquire(r.ctx, n); err != nil {
				return err
			}
			w, reserved = n, true
			return nil
		}
		if c.OpenSized == nil {
			n := r.maxSize
			if c.Size > 0 {
				n = c.Size
			}
			if err := reserve(n); err != nil {
				res.skip = &Skip{Class: SkipCancelled}
				return res
			}
		}
		bp := bufPool.Get().(*[]byte)
		var err error
		if c.OpenSized != nil {
			data, err = c.OpenSized((*bp)[:0], r.maxSize, reserve)
		} else {
			data, err = c.Open((*bp)[:0], r.maxSize)
		}
		defer func() {
			// Findings hold string copies of keys, never slices of data,
			// so the buffer can be reused. Very large ones are dropped to
			// keep memory bounded.
			if cap(data) <= maxPooled {
				*bp = data[:0]
				bufPool.Put(bp)
			}
		}()
		if err != nil {
			res.skip = openSkip(err)
			if ctxErr := r.ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
				res.skip = &Skip{Class: SkipCancelled}
			}
			return res
		}
		if held := r.lim.read.clamp(int64(cap(data))); held < w {
			r.lim.read.release(w - held)
			w = held
		}
	}
	res.bytes = int64(len(data))
	if res.bytes > r.maxSize {
		res.skip = &Skip{Class: SkipTooLarge, Size: res.bytes, Limit: r.maxSize}
		return res
	}
	if !r.opts.NoArchives {
		if k := kindOf(data); k != notArchive && r.expand(k, data, c.Origin, &res) {
			return res
		}
	}
	text, skip := rules.Text(data)
	if skip != "" {
		res.skip = textSkip(skip)
		return res
	}
	var over *Skip
	res.found, over = matchText(r.opts, text, c.Origin)
	if over != nil {
		res.notes = append(res.notes, *over)
	}
	return res
}

// expand matches the members of an archive chunk into res, holding an
// archive slot. It returns false when data is not an archive after all.
func (r *sourceRun) expand(k archiveKind, data []byte, o Origin, res *chunkResult) bool {
	select {
	case r.lim.archives <- struct{}{}:
	case <-r.ctx.Done():
		res.skip = &Skip{Class: SkipCancelled}
		return true
	}
	defer func() { <-r.lim.archives }()
	e := &expansion{
		ctx: r.ctx, opts: r.opts, maxSize: r.maxSize, origin: o,
		left: r.maxSize * archiveExpandFactor, members: maxArchiveMembers,
	}
	if !e.expand(k, data, "", 1) {
		return false
	}
	res.found, res.notes = e.found, e.notes
	return true
}

// matchText matches text and turns the matches into findings of origin o:
// at most maxFindingsPerChunk, with a SkipTooManyFindings for the rest.
func matchText(opts *Options, text []byte, o Origin) ([]Finding, *Skip) {
	ms := opts.Rules.Match(text)
	if len(ms) == 0 {
		return nil, nil
	}
	var over *Skip
	if len(ms) > maxFindingsPerChunk {
		over = &Skip{Class: SkipTooManyFindings, Size: int64(len(ms) - maxFindingsPerChunk), Limit: maxFindingsPerChunk}
		ms = ms[:maxFindingsPerChunk]
	}
	fs := make([]Finding, 0, len(ms))
	pos := rules.NewPositioner(text)
	for _, m := range ms {
		f := Finding{
			RuleID:     m.RuleID,
			Context:    m.Context,
			Confidence: m.Confidence,
			Secret:     m.Key(text),
			Encoding:   m.Encoding.String(),
			Origin:     o,
		}
		f.Line, f.Column = pos.At(m.Start)
		f.EndLine, f.EndColumn = pos.At(m.End)
		fs = append(fs, f)
	}
	return fs, over
}
