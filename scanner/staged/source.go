package staged

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
)

// Options configure a staged scan.
type Options struct {
	// Excludes are path globs to skip (see scanner.Excluded).
	Excludes []string
	// MaxFileSize skips larger staged blobs before they are read; 0 means
	// scanner.DefaultMaxFileSize.
	MaxFileSize int64
	// IndexFile is the index to read, relative to the top of the work tree
	// when not absolute. Empty means the repository's own index. Git
	// points hooks at the index being committed with GIT_INDEX_FILE (a
	// temporary one for `git commit -a` and `git commit PATH`), so the
	// command line passes that variable here.
	IndexFile string
	// Paths, when not empty, limits the scan to these files or
	// directories (relative to the source's directory or absolute).
	Paths []string
	// WholeFiles scans the whole content of Paths as they are in the work
	// tree instead of the lines the staged change adds: what
	// `pre-commit run --all-files` and `--files X` ask for, where nothing
	// is being committed and a key that is already committed must still be
	// found.
	WholeFiles bool
}

// ErrNotAWorkTree is returned (wrapped) by the source's Chunks outside a
// git work tree.
var ErrNotAWorkTree = git.ErrNotAWorkTree

// NewSource returns the source of the staged changes of the repository
// that contains dir: the stage-0 index entries whose blob differs from
// HEAD's at the same path and is not a blob that this change deletes or
// modifies elsewhere (a pure rename adds nothing). It reads the index (or
// opts.IndexFile) and the object store, never the work tree. Its Resolve
// keeps only the findings on lines the change adds; see
// [Options.WholeFiles] for the other mode.
//
// Unmerged entries (a conflict not yet resolved) are skipped with a
// warning: git refuses to commit them, and their resolution is scanned
// once it is staged. During a merge, a line or blob that one of the merged
// commits (MERGE_HEAD) already has at the same path counts as already
// committed, so merging a branch adds only what the resolution itself
// writes.
func NewSource(dir string, opts Options) scanner.Source {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = scanner.DefaultMaxFileSize
	}
	return &source{dir: dir, opts: opts}
}

type source struct {
	dir  string
	opts Options

	// Set by Chunks, read by Resolve and Warnings (same goroutine).
	repo     *git.Repo // nil until found
	objs     *git.Store
	idx      *git.Index
	diff     *indexDiff
	head     git.ID   // HEAD's root tree; zero when HEAD is unborn
	merges   []git.ID // the root trees of MERGE_HEAD's commits
	byPath   map[string]*change
	warnings []string
	// unreadable lists the staged blobs that could not be read, as
	// "path: reason": Chunks fails when it is not empty.
	unreadable []string
}

func (s *source) Target() string { return s.dir }

// Warnings implements scanner.Warner.
func (s *source) Warnings() []string { return s.warnings }

func (s *source) Chunks(ctx context.Context, yield func(scanner.Chunk) error) error {
	repo, err := git.Find(s.dir, git.FindOptions{WorkTree: true})
	var dub *git.DubiousOwnershipError
	if errors.As(err, &dub) {
		// git refuses the repository (safe.directory): so does the hook,
		// also for whole files, rather than pass a commit git would not
		// make.
		return fmt.Errorf("staged: %w", err)
	}
	if s.opts.WholeFiles {
		return s.fileChunks(ctx, repo, err, yield)
	}
	if err != nil {
		return fmt.Errorf("staged: %w", err)
	}
	s.repo = repo
	if err := s.load(); err != nil {
		return fmt.Errorf("staged: %w", err)
	}
	// Blobs this change removes from other paths: a staged blob equal to
	// one of them was renamed or swapped, not written.
	moved := map[git.ID]bool{}
	for _, c := range s.diff.changes {
		if !c.head.IsZero() {
			moved[c.head] = true
		}
	}
	for _, d := range s.diff.deleted {
		moved[d.blob] = true
	}
	sel := s.selector()
	for i := range s.diff.changes {
		c := &s.diff.changes[i]
		if err := ctx.Err(); err != nil {
			return err
		}
		if moved[c.blob] || !sel(c.path) || scanner.Excluded(c.path, s.opts.Excludes) {
			continue
		}
		ch := s.blobChunk(c)
		if ch.Skip != nil && ch.Skip.Class == scanner.SkipUnreadableBlob {
			s.unreadable = append(s.unreadable, c.path+": "+ch.Skip.Detail)
		}
		if err := yield(ch); err != nil {
			return err
		}
	}
	for _, p := range s.diff.unmerged {
		if sel(p) && !scanner.Excluded(p, s.opts.Excludes) {
			if err := yield(scanner.Chunk{Origin: s.origin(p, git.ID{}), Skip: &scanner.Skip{Class: scanner.SkipConflict}}); err != nil {
				return err
			}
		}
	}
	for _, p := range s.diff.odd {
		if sel(p.path) {
			if err := yield(scanner.Chunk{Origin: s.origin(p.path, p.blob), Skip: &scanner.Skip{Class: scanner.SkipSparse}}); err != nil {
				return err
			}
		}
	}
	return s.unreadableErr()
}

// unreadableErr fails closed: a staged blob that cannot be read may hold
// a key, so the scan fails (exit 2, which blocks the commit in a hook)
// instead of passing with a skip.
func (s *source) unreadableErr() error {
	n := len(s.unreadable)
	if n == 0 {
		return nil
	}
	return fmt.Errorf("staged: cannot read %d staged %s, so the change cannot be checked and the commit is blocked (%s); 'git fsck' shows what is damaged",
		n, plural(n, "file", "files"), strings.Join(firstN(s.unreadable, 3), "; "))
}

// load opens the object store, reads the index and diffs it with HEAD.
//
// go-git's object storage is not used because its first read from a pack
// decodes the whole .idx and then builds a map from offset to id of every
// object: 63 ms of the 225 ms a staged scan took in a repository of
// 200 000 files, growing with the repository.
func (s *source) load() error {
	// An unreadable pack: its objects are missing, and reads say so.
	s.objs, _ = git.OpenStore(s.repo.ObjectDirs)
	s.objs.SetLimits(git.Limits{Blob: s.opts.MaxFileSize}) // trees, commits and tags keep their own caps
	indexFile := s.repo.IndexFile
	if f := s.opts.IndexFile; f != "" {
		indexFile = f
		if !filepath.IsAbs(f) {
			indexFile = filepath.Join(s.repo.Top, f)
		}
	}
	// A split index's shared part is in the git directory, also for a
	// temporary index that GIT_INDEX_FILE names.
	idx, err := git.ReadIndexIn(indexFile, s.repo.GitDir)
	if errors.Is(err, os.ErrNotExist) && s.opts.IndexFile == "" {
		// A repository where nothing was ever staged has no index.
		idx, err = &git.Index{}, nil
	}
	if err != nil {
		return err
	}
	s.idx = idx // kept mapped for Resolve; Close releases it
	if s.head, err = headTree(s.repo, s.objs); err != nil {
		return err
	}
	if s.merges, err = s.mergeTrees(); err != nil {
		return err
	}
	s.diff = newIndexDiff(s.objs, idx)
	if err := s.diff.run(s.head); err != nil {
		return err
	}
	if err := s.dropMerged(); err != nil {
		return err
	}
	s.byPath = make(map[string]*change, len(s.diff.changes))
	for i := range s.diff.changes {
		s.byPath[s.diff.changes[i].path] = &s.diff.changes[i]
	}
	if n := len(s.diff.unmerged); n > 0 {
		s.warnings = append(s.warnings, fmt.Sprintf(
			"%d %s an unresolved merge conflict and %s not scanned (%s): git refuses to commit until they are resolved; resolve, git add, and the resolution is scanned",
			n, plural(n, "path has", "paths have"), plural(n, "was", "were"), strings.Join(firstN(s.diff.unmerged, 5), ", ")))
	}
	return nil
}

// dropMerged takes out of the changes the blobs that a merged commit
// already has at the same path: during a merge they come from that branch
// unchanged. The merged commits' blobs at the other changed paths are
// kept for the line diff.
func (s *source) dropMerged() error {
	kept := s.diff.changes[:0]
	for _, c := range s.diff.changes {
		fromMerge := false
		for _, m := range s.merges {
			mb, err := s.diff.blobAt(m, c.path)
			if err != nil {
				return err
			}
			fromMerge = fromMerge || mb == c.blob
			if !mb.IsZero() {
				c.merge = append(c.merge, mb)
			}
		}
		if !fromMerge {
			kept = append(kept, c)
		}
	}
	s.diff.changes = kept
	return nil
}

// headTree returns the root tree of HEAD's commit, or the zero id when
// HEAD is unborn (the first commit of a repository).
func headTree(repo *git.Repo, objs *git.Store) (git.ID, error) {
	id, ok, err := repo.Head()
	if err != nil {
		return git.ID{}, fmt.Errorf("resolve HEAD: %w", err)
	}
	if !ok {
		return git.ID{}, nil
	}
	return commitTree(objs, id)
}

// commitTree returns the tree of commit id.
func commitTree(objs *git.Store, id git.ID) (git.ID, error) {
	typ, data, err := objs.Read(id)
	if err == nil && typ != git.ObjCommit {
		err = fmt.Errorf("a %s, not a commit", git.TypeName(typ))
	}
	if err != nil {
		return git.ID{}, fmt.Errorf("read commit %s: %w", id, err)
	}
	c, err := git.ParseCommit(id, data)
	if err != nil {
		return git.ID{}, fmt.Errorf("read commit %s: no tree header", id)
	}
	return c.Tree, nil
}

// mergeTrees returns the root trees of the commits in MERGE_HEAD (one per
// merged branch), or nil outside a merge.
func (s *source) mergeTrees() ([]git.ID, error) {
	f, err := os.Open(filepath.Join(s.repo.GitDir, "MERGE_HEAD"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var trees []git.ID
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		id, ok := git.ParseID(strings.TrimSpace(sc.Text()))
		if !ok {
			continue
		}
		t, err := commitTree(s.objs, id)
		if err != nil {
			return nil, fmt.Errorf("MERGE_HEAD: %w", err)
		}
		trees = append(trees, t)
	}
	return trees, sc.Err()
}

// blobChunk reads a staged blob, or records it as skipped.
func (s *source) blobChunk(c *change) scanner.Chunk {
	ch := scanner.Chunk{Origin: s.origin(c.path, c.blob)}
	_, size, err := s.objs.Size(c.blob)
	if err != nil {
		ch.Skip = &scanner.Skip{Class: scanner.SkipUnreadableBlob, Detail: err.Error()}
		return ch
	}
	ch.Size = size
	if size > s.opts.MaxFileSize {
		ch.Skip = &scanner.Skip{Class: scanner.SkipTooLarge, Size: size, Limit: s.opts.MaxFileSize}
		return ch
	}
	if _, ch.Data, err = s.objs.Read(c.blob); err != nil { // size checked above
		ch.Skip = &scanner.Skip{Class: scanner.SkipUnreadableBlob, Detail: err.Error()}
		ch.Data = nil
	} else if ch.Data == nil {
		ch.Data = []byte{} // an empty blob is content, not "no Data"
	}
	return ch
}

func (s *source) origin(path string, blob git.ID) scanner.Origin {
	o := scanner.Origin{Kind: scanner.KindStaged, Target: s.dir, Path: path}
	if !blob.IsZero() {
		o.Blob = blob.String()
	}
	return o
}

// selector returns the filter of opts.Paths over repository paths.
func (s *source) selector() func(string) bool {
	if len(s.opts.Paths) == 0 {
		return func(string) bool { return true }
	}
	want := map[string]bool{}
	for _, p := range s.opts.Paths {
		want[s.repoPath(p)] = true
	}
	return func(p string) bool {
		for q := p; ; {
			if want[q] {
				return true
			}
			i := strings.LastIndexByte(q, '/')
			if i < 0 {
				return want[""] || want["."]
			}
			q = q[:i]
		}
	}
}

// repoPath turns a path given relative to the source's directory (or
// absolute) into a slash path from the top of the work tree; a path
// outside it is returned cleaned, as given.
func (s *source) repoPath(p string) string {
	abs := p
	if !filepath.IsAbs(p) {
		d, err := filepath.Abs(s.dir)
		if err != nil {
			return filepath.ToSlash(filepath.Clean(p))
		}
		abs = filepath.Join(d, p)
	}
	if s.repo != nil {
		if rel, err := filepath.Rel(s.repo.Top, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(filepath.Clean(p))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func firstN(ss []string, n int) []string {
	if len(ss) <= n {
		return ss
	}
	return append(append([]string(nil), ss[:n]...), "...")
}

// Close implements io.Closer: the engine calls it when the scan is over.
func (s *source) Close() error {
	if s.objs != nil {
		s.objs.Close()
	}
	if s.idx != nil {
		s.idx.Close()
	}
	return nil
}
