package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cambscan/cambscan/internal/cache"
	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/internal/redact"
	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/scanner/history"
)

// A gitCache runs the sources of `cambscan git --cache-dir`: each
// repository is scanned from its mirror in the cache (URLs) or in place
// (paths), reading only the blobs no earlier run scanned clean under this
// rules version, and its findings are dated from the cache's record.
// Mirrors are fetched ahead of the scan, at most cloneJobs at a time and
// at most 2 x cloneJobs repositories ahead of the one being scanned; a
// repository's lock is held from its fetch to the end of its scan.
type gitCache struct {
	c     *cache.Cache
	seen  *cache.Seen
	now   time.Time
	jobs  chan struct{} // fetches running
	ahead chan struct{} // repositories fetched (or fetching) and not yet scanned
	srcs  []*cachedSource
	once  sync.Once
	// version is the seen store's name (seenVersion). walked and
	// unchanged count the repositories walked and those skipped because
	// their refs did not move (tests read them).
	version           string
	walked, unchanged atomic.Int64
}

// seenVersion is the seen store's name for a scan: the rules version
// (rules.Version when version is ""; only tests set another), and whether
// archives are opened (they are matched differently). With archives
// opened, the options that keep members from being read (--exclude
// globs, a --max-file-size other than the default) add a hash of
// themselves: a blob whose members such a run skipped is not clean for a
// run that reads them.
func seenVersion(version string, noArchives bool, maxSize int64, excludes []string) string {
	if version == "" {
		version = rules.Version
	}
	v := "rules-" + version
	if noArchives {
		return v + "-noarchives"
	}
	if len(excludes) == 0 && (maxSize <= 0 || maxSize == scanner.DefaultMaxFileSize) {
		return v
	}
	globs := slices.Clone(excludes)
	slices.Sort(globs)
	h := sha256.New()
	fmt.Fprintf(h, "max-file-size %d\n", maxSize)
	for _, g := range slices.Compact(globs) {
		fmt.Fprintf(h, "exclude %q\n", g)
	}
	return v + "-members-" + hex.EncodeToString(h.Sum(nil)[:6])
}

// newGitCache opens the cache of --cache-dir with the seen store of
// version (seenVersion), and removes what killed runs left in it (a
// failure to is no reason not to scan).
func newGitCache(dir string, cloneJobs int, version string) (*gitCache, error) {
	c, err := cache.Open(dir)
	if err != nil {
		return nil, err
	}
	c.Sweep()
	seen, err := c.Seen(version)
	if err != nil {
		return nil, fmt.Errorf("cache directory: %w", err)
	}
	return &gitCache{
		c: c, seen: seen, now: time.Now().UTC().Truncate(time.Second), version: version,
		jobs: make(chan struct{}, cloneJobs), ahead: make(chan struct{}, 2*cloneJobs),
	}, nil
}

// source returns the cached source of target.
func (gc *gitCache) source(target string, opts history.Options) scanner.Source {
	s := &cachedSource{gc: gc, target: target, opts: opts, ready: make(chan struct{})}
	gc.srcs = append(gc.srcs, s)
	return s
}

// start fetches the mirrors in list order, bounded as the type says.
func (gc *gitCache) start(ctx context.Context) {
	gc.once.Do(func() {
		go func() {
			for _, s := range gc.srcs {
				select {
				case gc.ahead <- struct{}{}:
				case <-ctx.Done():
					return
				}
				select {
				case gc.jobs <- struct{}{}:
				case <-ctx.Done():
					<-gc.ahead
					return
				}
				go func() {
					defer func() { <-gc.jobs }()
					s.prepare(ctx)
				}()
			}
		}()
	})
}

// close releases what the sources still hold (a run cut short).
func (gc *gitCache) close() {
	for _, s := range gc.srcs {
		s.release()
	}
	gc.seen.Close()
}

// A cachedSource is one repository of a cached run. It implements the
// optional interfaces of the history source by handing them on.
type cachedSource struct {
	gc     *gitCache
	target string
	opts   history.Options

	ready    chan struct{} // closed once prepare ran
	lock     *cache.Lock
	err      error
	warnings []string
	inner    scanner.Source
	released bool
	mu       sync.Mutex

	// The walk's shortcut (gitcache_fast.go): prepared are the options
	// of the history source, refs and settings the digests of this scan
	// ("" refs: not to be replayed), fast the scan of an unchanged
	// repository (nil: walked). skips, hitBlobs and resolved are what the
	// walk yielded, read and resolved; noReplay says the next run must
	// walk anyway.
	prepared       history.Options
	refs, settings string
	fast           *unchangedRepo
	skips          []replaySkip
	hitBlobs       []string
	resolved       int
	noReplay       bool
}

func (s *cachedSource) Target() string { return s.target }

// prepare takes the repository's lock and brings its mirror up to date.
func (s *cachedSource) prepare(ctx context.Context) {
	defer close(s.ready)
	lock, err := s.gc.c.LockRepo(ctx, s.target)
	if err != nil {
		s.err = err
		return
	}
	s.mu.Lock()
	s.lock = lock
	s.mu.Unlock()
	opts := s.opts
	opts.Seen = func(id git.ID) bool { return s.gc.seen.Has(cache.ID(id)) }
	opts.Done = func(ctx context.Context, clean []git.ID) error {
		ids := make([]cache.ID, len(clean))
		for i, id := range clean {
			ids[i] = cache.ID(id)
		}
		return s.gc.seen.Add(ctx, ids)
	}
	opts.ReachableOnly = true
	if history.IsCloneURL(s.target) {
		dir := s.gc.c.MirrorDir(s.target)
		res, err := history.UpdateMirror(ctx, s.target, dir, history.MirrorOptions{Idle: opts.CloneIdle, Auth: opts.CloneAuth})
		if err != nil {
			s.err = err
			return
		}
		if res.Damaged != "" {
			s.warnings = append(s.warnings, fmt.Sprintf("%s: the cached mirror was damaged and was cloned again (%s)", cache.StripUserinfo(s.target), res.Damaged))
		}
		opts.Dir = dir
	}
	s.prepared = opts
	if len(opts.Refs) == 0 && opts.Range == "" && len(opts.Include) == 0 { // every ref: a walk to skip
		dir := opts.Dir
		if dir == "" {
			dir = s.target
		}
		s.settings = settingsDigest(s.gc.version, &opts)
		if refs, err := refsDigest(dir); err == nil {
			s.refs = refs
			s.fast = planUnchanged(s.target, dir, &opts, refs, s.settings, s.gc.c.ReadRecord(s.target))
		}
	}
	if s.fast == nil {
		s.inner = history.NewSource(s.target, opts)
	}
}

func (s *cachedSource) Chunks(ctx context.Context, yield func(scanner.Chunk) error) error {
	s.gc.start(ctx)
	select {
	case <-s.ready:
	case <-ctx.Done():
		return ctx.Err()
	}
	if s.err != nil {
		return s.err
	}
	if s.fast != nil {
		err := s.fast.chunks(ctx, yield)
		if !errors.Is(err, errWalk) {
			if err == nil {
				s.gc.unchanged.Add(1)
			} else if ctx.Err() == nil {
				s.forget()
			}
			return err
		}
		s.fast.close()
		s.fast = nil
		s.inner = history.NewSource(s.target, s.prepared)
	}
	s.gc.walked.Add(1)
	return s.inner.Chunks(ctx, s.watch(yield))
}

func (s *cachedSource) Resolve(ctx context.Context, found []scanner.Finding) ([]scanner.Finding, error) {
	var err error
	if s.fast != nil {
		if found, err = s.fast.resolve(found); err != nil {
			s.forget()
			return nil, err
		}
	} else {
		s.noteBlobs(found)
		if r, ok := s.inner.(scanner.Resolver); ok {
			if found, err = r.Resolve(ctx, found); err != nil {
				return nil, err
			}
		}
	}
	s.resolved = len(found)
	return found, nil
}

func (s *cachedSource) Warnings() []string {
	ws := s.warnings
	if w, ok := s.inner.(scanner.Warner); ok {
		ws = append(ws, w.Warnings()...)
	}
	return ws
}

func (s *cachedSource) Total() (int, int64) {
	select {
	case <-s.ready:
		if s.fast != nil {
			return len(s.fast.blobs), 0
		}
		if t, ok := s.inner.(scanner.Totaler); ok {
			return t.Total()
		}
	default:
	}
	return 0, 0
}

// Finish records the blobs read clean, dates the findings from the
// repository's record and writes the record anew: a finding that is no
// longer found leaves it.
func (s *cachedSource) Finish(ctx context.Context, found []scanner.Finding) ([]scanner.Finding, error) {
	var err error
	if f, ok := s.inner.(scanner.Finisher); ok {
		found, err = f.Finish(ctx, found)
	}
	old := s.gc.c.ReadRecord(s.target)
	rec := &cache.Record{Target: old.Target, Scanned: s.gc.now, Findings: map[string]*cache.Seenings{}}
	keys := make([]string, len(found))
	for i := range found {
		keys[i] = found[i].Secret
	}
	hide := redact.New(keys, false) // a path may hold a key: the record never does
	exact := true                   // every path is in the record as it is
	for i := range found {
		f := &found[i]
		fp := f.Fingerprint()
		e := rec.Findings[fp]
		if e == nil {
			e = &cache.Seenings{Rule: f.RuleID, Path: hide.Text(f.Path), SecretSHA256: f.SecretSHA256(), Secret: redact.Key(f.Secret), Commit: f.Commit, Blob: f.Blob, FirstSeen: s.gc.now,
				Author: f.Author, Email: f.Email, Date: f.Date, Occurrences: f.Occurrences}
			exact = exact && e.Path == f.Path
			if o := old.Findings[fp]; o != nil && !o.FirstSeen.IsZero() && o.FirstSeen.Before(e.FirstSeen) {
				e.FirstSeen = o.FirstSeen
			}
			e.LastSeen = s.gc.now
			rec.Findings[fp] = e
		}
		f.FirstSeen, f.LastSeen = e.FirstSeen, e.LastSeen
	}
	if s.fast != nil {
		s.skips, s.hitBlobs = s.fast.skips, s.fast.rec.Blobs
		if !s.fast.resolved && len(s.fast.rec.Findings) > 0 {
			// The record's blobs matched nothing: it does not describe
			// the mirror. It stays as it was, and the next run walks.
			s.forget()
			return found, fmt.Errorf("%s: the cache record's blobs hold none of its %d finding(s); the next run scans the repository whole", cache.StripUserinfo(s.target), len(s.fast.rec.Findings))
		}
	}
	s.replay(rec, found, exact)
	if werr := s.gc.c.WriteRecord(s.target, rec); err == nil {
		err = werr
	}
	return found, err
}

// Close closes the repository and releases its lock.
func (s *cachedSource) Close() error {
	var err error
	if c, ok := s.inner.(interface{ Close() error }); ok {
		err = c.Close()
	}
	if s.fast != nil {
		s.fast.close()
	}
	s.release()
	return err
}

// release drops the lock and the place ahead, once.
func (s *cachedSource) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.released {
		return
	}
	select {
	case <-s.ready:
	default:
		return // never prepared (or still fetching: the process exits)
	}
	s.released = true
	s.lock.Unlock()
	<-s.gc.ahead
}
