package scanner

import (
	"context"
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
	failed := 0
	var firstErr error
	for _, src := range sources {
		res.Targets = append(res.Targets, src.Target())
		if prog != nil {
			prog.setSource(src)
		}
		err := runSource(ctx, src, &opts, res, prog)
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

// chunkResult is what matching one chunk gave.
type chunkResult struct {
	origin Origin
	found  []Finding
	bytes  int64
	skip   *Skip
}

// runSource scans one source into res: its chunks are matched in
// batches on a conc stream (sourceRun), then the source resolves the
// findings and the filters of opts apply.
func runSource(ctx context.Context, src Source, opts *Options, res *Result, prog *progress) error {
	if c, ok := src.(io.Closer); ok {
		// Sources that clone remove their temporary copy here, also when
		// ctx was cancelled.
		defer c.Close()
	}
	r := &sourceRun{
		ctx: ctx, src: src, opts: opts, res: res, prog: prog,
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
	res.keep(found, opts)
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
	res     *Result
	prog    *progress
	maxSize int64
	s       *stream.Stream

	batch   []Chunk
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
	r.batch = append(r.batch, c)
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
func (r *sourceRun) match(b []Chunk) stream.Callback {
	out := make([]chunkResult, len(b))
	for i, c := range b {
		out[i].origin = c.Origin
		if c.Skip != nil {
			out[i].skip = c.Skip
			continue
		}
		out[i].found, out[i].bytes, out[i].skip = matchChunk(r.ctx, r.opts, c, r.maxSize)
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

// bufPool recycles file buffers: reading the Go source tree allocated
// 100 MB in 11 000 buffers without it, and GC and page faults took a fifth
// of the scan.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// maxPooled is the largest buffer kept for reuse.
const maxPooled = 1 << 20

// matchChunk reads, checks and matches one chunk. It returns the findings,
// the bytes read, and why the chunk could not be matched.
func matchChunk(ctx context.Context, opts *Options, c Chunk, maxSize int64) ([]Finding, int64, *Skip) {
	if ctx.Err() != nil {
		return nil, 0, &Skip{Class: SkipCancelled}
	}
	data := c.Data
	if data == nil && c.Open != nil {
		bp := bufPool.Get().(*[]byte)
		var err error
		data, err = c.Open((*bp)[:0], maxSize)
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
			return nil, 0, openSkip(err)
		}
	}
	n := int64(len(data))
	if n > maxSize {
		return nil, n, &Skip{Class: SkipTooLarge, Size: n, Limit: maxSize}
	}
	text, skip := rules.Text(data)
	if skip != "" {
		return nil, n, textSkip(skip)
	}
	ms := opts.Rules.Match(text)
	if len(ms) == 0 {
		return nil, n, nil
	}
	fs := make([]Finding, 0, len(ms))
	pos := rules.NewPositioner(text)
	for _, m := range ms {
		f := Finding{
			RuleID:     m.RuleID,
			Context:    m.Context,
			Confidence: m.Confidence,
			Secret:     string(text[m.Start:m.End]),
			Origin:     c.Origin,
		}
		f.Line, f.Column = pos.At(m.Start)
		f.EndLine, f.EndColumn = pos.At(m.End)
		fs = append(fs, f)
	}
	return fs, n, nil
}
