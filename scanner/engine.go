package scanner

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
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
// goroutines. A source that fails to open is recorded as skipped and the
// others still run; Run returns an error only when ctx is cancelled
// (together with the partial result) or when no source could be scanned at
// all.
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
			res.Skipped = append(res.Skipped, Skip{Target: src.Target(), Reason: err.Error()})
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
	skip   string
}

// runSource scans one source into res.
func runSource(ctx context.Context, src Source, opts *Options, res *Result, prog *progress) error {
	if c, ok := src.(io.Closer); ok {
		// Sources that clone remove their temporary copy here, also when
		// ctx was cancelled.
		defer c.Close()
	}
	// found and skipped are written only by stream callbacks, which run
	// one at a time in submission order: no lock.
	var found []Finding
	var skipped []Skip
	s := stream.New().WithMaxGoroutines(opts.jobs())
	maxSize := opts.maxSize()
	var batch []Chunk
	var pending int64
	flush := func() {
		if len(batch) == 0 {
			return
		}
		b := batch
		batch, pending = nil, 0
		s.Go(func() stream.Callback {
			out := make([]chunkResult, len(b))
			for i, c := range b {
				out[i].origin = c.Origin
				if c.Skip != "" {
					out[i].skip = c.Skip
					continue
				}
				out[i].found, out[i].bytes, out[i].skip = matchChunk(ctx, opts, c, maxSize)
				if prog != nil {
					prog.add(out[i].bytes)
				}
			}
			// conc v0.3.0 calls the callback unconditionally: never nil.
			return func() {
				for _, r := range out {
					if r.skip != "" {
						skipped = append(skipped, Skip{Target: src.Target(), Path: pathOf(r.origin), Reason: r.skip})
						continue
					}
					res.Stats.Files++
					res.Stats.Bytes += r.bytes
					found = append(found, r.found...)
				}
			}
		})
	}
	err := src.Chunks(ctx, func(c Chunk) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if c.Skip == "" && c.Size > maxSize {
			c.Skip = fmt.Sprintf("larger than --max-file-size (%d > %d bytes)", c.Size, maxSize)
		}
		batch = append(batch, c)
		pending += max(c.Size, int64(len(c.Data)))
		if len(batch) >= batchChunks || pending >= batchBytes {
			flush()
		}
		return nil
	})
	flush()
	s.Wait()
	res.Skipped = append(res.Skipped, skipped...)
	if w, ok := src.(Warner); ok {
		res.Warnings = append(res.Warnings, w.Warnings()...)
	}
	if err != nil {
		return err
	}
	if r, ok := src.(Resolver); ok && len(found) > 0 {
		found, err = r.Resolve(ctx, found)
		if err != nil {
			return err
		}
	}
	for _, f := range found {
		if f.Confidence < opts.MinConfidence {
			continue
		}
		if opts.Baseline[f.Fingerprint()] {
			res.Suppressed++
			continue
		}
		res.Findings = append(res.Findings, f)
	}
	return nil
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
// the bytes read, and a skip reason when the chunk could not be matched.
func matchChunk(ctx context.Context, opts *Options, c Chunk, maxSize int64) ([]Finding, int64, string) {
	if ctx.Err() != nil {
		return nil, 0, "scan cancelled"
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
			return nil, 0, err.Error()
		}
	}
	n := int64(len(data))
	if n > maxSize {
		return nil, n, fmt.Sprintf("larger than --max-file-size (%d > %d bytes)", n, maxSize)
	}
	text, skip := rules.Text(data)
	if skip != "" {
		return nil, n, skip
	}
	ms := opts.Rules.Match(text)
	if len(ms) == 0 {
		return nil, n, ""
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
	return fs, n, ""
}

// progress prints a progress line from a ticker goroutine.
type progress struct {
	w       io.Writer
	files   atomic.Int64
	bytes   atomic.Int64
	total   atomic.Int64 // chunks expected, 0 when unknown
	started time.Time
	done    chan struct{}
	exited  chan struct{}
}

func startProgress(w io.Writer, every time.Duration) *progress {
	if every <= 0 {
		every = 200 * time.Millisecond
	}
	p := &progress{w: w, started: time.Now(), done: make(chan struct{}), exited: make(chan struct{})}
	go func() {
		defer close(p.exited)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				fmt.Fprint(p.w, "\r\033[K")
				return
			case <-t.C:
				p.print()
			}
		}
	}()
	return p
}

// setSource asks src for its total once, before Chunks runs: Totaler
// implementations need not be safe to call during Chunks. A clone URL or a
// --range scan cannot say in advance; its progress line has no ETA.
func (p *progress) setSource(src Source) {
	if t, ok := src.(Totaler); ok {
		if n, _ := t.Total(); n > 0 {
			p.total.Store(int64(n) + p.files.Load())
			return
		}
	}
	p.total.Store(0)
}

func (p *progress) add(n int64) {
	p.files.Add(1)
	p.bytes.Add(n)
}

func (p *progress) print() {
	files, bytes := p.files.Load(), p.bytes.Load()
	secs := time.Since(p.started).Seconds()
	line := fmt.Sprintf("\r\033[Kscanned %d objects, %.1f MiB, %.1f MiB/s", files, float64(bytes)/(1<<20), float64(bytes)/(1<<20)/secs)
	if total := p.total.Load(); total > 0 && files > 0 && files <= total {
		eta := time.Duration(secs*float64(total-files)/float64(files)) * time.Second
		line += fmt.Sprintf(", %d%%, ETA %s", files*100/total, eta.Round(time.Second))
	}
	fmt.Fprint(p.w, line)
}

func (p *progress) stop() {
	close(p.done)
	<-p.exited
}
