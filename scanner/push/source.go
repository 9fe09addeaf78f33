package push

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
)

// Options configure a push scan.
type Options struct {
	// Dir is where the repository is found when Env names no GIT_DIR
	// (a hook runs in the repository); "" means ".".
	Dir string
	// Env is git's environment as the hook sees it: GIT_DIR,
	// GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES and
	// GIT_QUARANTINE_PATH. Nil means an empty environment.
	Env func(string) string
	// MaxFileSize is the blob size cap; 0 means scanner.DefaultMaxFileSize.
	MaxFileSize int64
}

// Target is the name of a push source in results.
const Target = "push"

// A Source is the source of a pre-receive scan. It implements
// [scanner.Source], [scanner.Resolver], [scanner.Warner] and io.Closer.
// Chunks, Resolve and Close are called one after another, never
// concurrently.
type Source struct {
	updates []Update
	opts    Options

	repo       *git.Repo
	all        *git.Store // quarantine and repository
	own        *git.Store // the repository alone; nil without a quarantine
	quarantine string     // the quarantine directory, "" without one

	// stored, without a quarantine: the commits existing refs reach.
	stored map[git.ID]bool
	// commits are the new commits, in walk order; refOf the first pushed
	// ref that reaches each.
	commits []*git.Commit
	refOf   map[git.ID]string
	// roots are trees a pushed ref names directly (a tag on a tree).
	roots    []git.ID
	blobs    map[git.ID]bool // the blobs to scan
	warnings []string
}

// NewSource returns the source of the push that updates describe. Nothing
// is opened until Chunks runs.
func NewSource(updates []Update, opts Options) *Source {
	if opts.Dir == "" {
		opts.Dir = "."
	}
	if opts.Env == nil {
		opts.Env = func(string) string { return "" }
	}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = scanner.DefaultMaxFileSize
	}
	return &Source{updates: updates, opts: opts, refOf: map[git.ID]string{}, blobs: map[git.ID]bool{}}
}

// Target returns "push".
func (s *Source) Target() string { return Target }

// Warnings returns what the scan could not check but did not fail on.
func (s *Source) Warnings() []string { return s.warnings }

// NewCommits returns how many new commits the push brings (valid after
// Chunks).
func (s *Source) NewCommits() int { return len(s.commits) }

// Ref returns the first pushed ref (in input order) that reaches the new
// commit with hex id commit, or "".
func (s *Source) Ref(commit string) string {
	id, ok := git.ParseID(commit)
	if !ok {
		return ""
	}
	return s.refOf[id]
}

// Close releases the object stores. It is safe to call more than once.
func (s *Source) Close() error {
	if s.all != nil {
		s.all.Close()
		s.all = nil
	}
	if s.own != nil {
		s.own.Close()
		s.own = nil
	}
	return nil
}

// open finds the repository and opens its stores: the quarantine is the
// first objects directory when GIT_QUARANTINE_PATH names it, and the
// repository's own store is every other one.
func (s *Source) open() error {
	repo, err := git.Find(s.opts.Dir, git.FindOptions{Env: s.opts.Env})
	if err != nil {
		return err
	}
	s.repo = repo
	if q := s.opts.Env("GIT_QUARANTINE_PATH"); q != "" {
		abs, err := filepath.Abs(q)
		if err != nil {
			return err
		}
		if abs != repo.ObjectDirs[0] {
			return fmt.Errorf("GIT_QUARANTINE_PATH %s is not the objects directory %s: cannot tell the pushed objects apart", abs, repo.ObjectDirs[0])
		}
		s.quarantine = abs
	}
	// A push reads a few objects by id: each pack index offset is
	// checked as it is used, not all of them at open, which would cost
	// time in proportion to the repository (a bad one still fails the
	// read of its object, and so the push when the object is incoming).
	lazy := git.StoreOptions{LazyOffsets: true}
	var bad []*git.PackError
	s.all, bad = git.OpenStoreWith(repo.ObjectDirs, lazy)
	s.all.SetLimits(git.Limits{Blob: s.opts.MaxFileSize})
	for _, p := range bad {
		if s.incoming(p.Name) || s.quarantine == "" {
			return fmt.Errorf("pack %s cannot be read: %w", p.Name, p.Err)
		}
		s.warnings = append(s.warnings, fmt.Sprintf("pack %s of the repository cannot be read (%v): what it holds counts as new", p.Name, p.Err))
	}
	if s.quarantine != "" {
		s.own, _ = git.OpenStoreWith(repo.ObjectDirs[1:], lazy)
	}
	return nil
}

// incoming reports whether path is under the quarantine directory.
func (s *Source) incoming(path string) bool {
	return s.quarantine != "" && strings.HasPrefix(path, s.quarantine+string(filepath.Separator))
}

// isStored reports whether the repository already holds the commit or
// tree id (before this push).
func (s *Source) isStored(id git.ID) bool {
	if s.quarantine != "" {
		return s.own.Has(id)
	}
	return s.stored[id]
}

// Chunks selects what the push adds and yields each blob to scan once.
// An incoming object that cannot be read is an error (see the package
// documentation).
func (s *Source) Chunks(ctx context.Context, yield func(scanner.Chunk) error) error {
	if err := s.open(); err != nil {
		return err
	}
	if s.quarantine == "" {
		if err := s.loadStored(ctx); err != nil {
			return err
		}
	}
	if err := s.walkNew(ctx); err != nil {
		return err
	}
	d := newDiff(s.all)
	add := func(_ string, blob git.ID) { s.blobs[blob] = true }
	for _, c := range s.commits {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := diffCommit(d, c, s.parentTrees(c), add); err != nil {
			return err
		}
	}
	for _, t := range s.roots {
		if err := diffTree(d, t, nil, add); err != nil {
			return err
		}
	}
	if err := s.addIncoming(); err != nil {
		return err
	}
	return s.yieldBlobs(ctx, yield)
}

// loadStored marks the commits that existing refs reach, each updated ref
// at its old value: without a quarantine the refs may already point at
// the pushed commits (a hook run by hand after the push).
func (s *Source) loadStored(ctx context.Context) error {
	refs, err := s.repo.Refs()
	if err != nil {
		return fmt.Errorf("reading the repository's refs: %w", err)
	}
	old := map[string]git.ID{}
	pushed := map[git.ID]bool{}
	for _, u := range s.updates {
		old[u.Ref] = u.Old
		pushed[u.New] = true
	}
	var starts []git.ID
	for _, r := range refs {
		id := r.ID
		if o, ok := old[r.Name]; ok {
			id = o
		} else if strings.HasPrefix(r.Name, "HEAD") && pushed[id] {
			// HEAD is a symbolic ref, most likely to a ref the push
			// updates: the updated ref counts, at its old value.
			continue
		}
		if !id.IsZero() {
			starts = append(starts, id)
		}
	}
	for _, u := range s.updates {
		if _, seen := old[u.Ref]; seen && !u.Old.IsZero() {
			starts = append(starts, u.Old)
		}
	}
	s.stored = map[git.ID]bool{}
	stack := starts
	for n := 0; len(stack) > 0; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s.stored[id] {
			continue
		}
		s.stored[id] = true
		typ, data, err := s.all.Read(id)
		if err != nil {
			continue // damage in what is stored only makes more look new
		}
		switch typ {
		case git.ObjTag:
			if next, ok := git.ParseTag(data); ok {
				stack = append(stack, next)
			}
		case git.ObjCommit:
			if c, err := git.ParseCommit(id, data); err == nil {
				stack = append(stack, c.Parents...)
			}
		}
	}
	return nil
}

// maxTagChain is the longest chain of annotated tags followed to a commit.
const maxTagChain = 16

// walkNew lists the new commits: from each pushed tip (tags peeled) to
// the commits the repository already has. A new commit that cannot be
// read is an error.
func (s *Source) walkNew(ctx context.Context) error {
	shallow := map[git.ID]bool{}
	for _, h := range s.repo.Shallow() {
		if id, ok := git.ParseID(h); ok {
			shallow[id] = true
		}
	}
	seen := map[git.ID]bool{}
	for _, u := range s.updates {
		if u.New.IsZero() {
			continue // a deletion adds nothing
		}
		tip, typ, err := s.peel(u.New)
		if err != nil {
			return fmt.Errorf("%s: %w", u.Ref, err)
		}
		switch typ {
		case git.ObjTree:
			if !s.isStored(tip) {
				s.roots = append(s.roots, tip)
			}
			continue
		case git.ObjBlob:
			if !s.isStored(tip) {
				s.blobs[tip] = true
			}
			continue
		case git.ObjCommit:
		default:
			return fmt.Errorf("%s: %s is a %s", u.Ref, tip, git.TypeName(typ))
		}
		stack := []git.ID{tip}
		for n := 0; len(stack) > 0; n++ {
			if n%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			id := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[id] || s.isStored(id) {
				continue
			}
			seen[id] = true
			c, err := s.readCommit(id)
			if err != nil {
				return fmt.Errorf("%s: %w", u.Ref, err)
			}
			s.commits = append(s.commits, c)
			s.refOf[id] = u.Ref
			if !shallow[id] {
				stack = append(stack, c.Parents...)
			}
		}
	}
	return nil
}

// peel follows annotated tags from id.
func (s *Source) peel(id git.ID) (git.ID, uint8, error) {
	for range maxTagChain {
		typ, _, err := s.all.Size(id)
		if err != nil {
			return id, 0, fmt.Errorf("pushed object %s cannot be read: %w", id, err)
		}
		if typ != git.ObjTag {
			return id, typ, nil
		}
		_, data, err := s.all.Read(id)
		if err != nil {
			return id, 0, fmt.Errorf("pushed tag %s cannot be read: %w", id, err)
		}
		next, ok := git.ParseTag(data)
		if !ok {
			return id, 0, fmt.Errorf("pushed tag %s: %w: no object header", id, git.ErrCorrupt)
		}
		id = next
	}
	return id, 0, fmt.Errorf("pushed tag chain longer than %d at %s: %w", maxTagChain, id, git.ErrCorrupt)
}

// readCommit reads a new commit.
func (s *Source) readCommit(id git.ID) (*git.Commit, error) {
	typ, data, err := s.all.Read(id)
	if err == nil && typ != git.ObjCommit {
		err = fmt.Errorf("%w: a %s where a commit was expected", git.ErrCorrupt, git.TypeName(typ))
	}
	var c *git.Commit
	if err == nil {
		c, err = git.ParseCommit(id, data)
	}
	if err != nil {
		return nil, fmt.Errorf("pushed commit %s cannot be read: %w", id, err)
	}
	return c, nil
}

// parentTrees returns the trees of c's parents that can be read. A stored
// parent that cannot be read counts as empty (more is scanned); a new one
// was read by walkNew.
func (s *Source) parentTrees(c *git.Commit) []git.ID {
	var out []git.ID
	for _, p := range c.Parents {
		typ, data, err := s.all.Read(p)
		if err != nil || typ != git.ObjCommit {
			continue
		}
		if pc, err := git.ParseCommit(p, data); err == nil {
			out = append(out, pc.Tree)
		}
	}
	return out
}

// addIncoming adds the blobs of the quarantine that the repository's own
// store lacks and no new commit introduces.
func (s *Source) addIncoming() error {
	if s.quarantine == "" {
		return nil
	}
	consider := func(id git.ID) error {
		if s.blobs[id] || s.own.Has(id) {
			return nil
		}
		typ, _, err := s.all.Size(id)
		if err != nil {
			return fmt.Errorf("pushed object %s cannot be read: %w", id, err)
		}
		if typ == git.ObjBlob {
			s.blobs[id] = true
		}
		return nil
	}
	// A store of the quarantine alone lists what arrived, without
	// listing the repository's own loose objects.
	q, _ := git.OpenStoreWith([]string{s.quarantine}, git.StoreOptions{LazyOffsets: true})
	defer q.Close()
	for _, p := range q.Packs() {
		for pos := range p.Len() {
			if err := consider(p.ID(pos)); err != nil {
				return err
			}
		}
	}
	for _, o := range q.Loose() {
		if err := consider(o.ID); err != nil {
			return err
		}
	}
	return nil
}

// yieldBlobs yields the selected blobs in id order; each is read on a
// matcher goroutine.
func (s *Source) yieldBlobs(ctx context.Context, yield func(scanner.Chunk) error) error {
	ids := make([]git.ID, 0, len(s.blobs))
	for id := range s.blobs {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return string(ids[i][:]) < string(ids[j][:]) })
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		o := scanner.Origin{Kind: scanner.KindHistory, Target: Target, Blob: id.String()}
		typ, size, err := s.all.Size(id)
		if err == nil && typ != git.ObjBlob {
			err = fmt.Errorf("%w: a %s where a blob was expected", git.ErrCorrupt, git.TypeName(typ))
		}
		if err != nil {
			o.Path = "blob " + o.Blob
			if err := yield(scanner.Chunk{Origin: o, Skip: skipOf(err)}); err != nil {
				return err
			}
			continue
		}
		st, id := s.all, id
		c := scanner.Chunk{Origin: o, Size: size, Open: func(buf []byte, limit int64) ([]byte, error) {
			_, data, err := st.ReadMax(id, limit)
			if err != nil {
				var tl *git.TooLargeError
				if errors.As(err, &tl) {
					return nil, &scanner.TooLargeError{Size: tl.Size, Limit: limit}
				}
				return nil, err
			}
			// The store may share data with its cache; the engine reuses
			// the buffer it gets back.
			return append(buf[:0], data...), nil
		}}
		if err := yield(c); err != nil {
			return err
		}
	}
	return nil
}

// skipOf is the skip of a blob that cannot be read.
func skipOf(err error) *scanner.Skip { return scanner.ObjectSkip(err) }
