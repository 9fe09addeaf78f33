package scanner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// The staged source answers "which keys would this commit add?" for
// pre-commit hooks, in a few milliseconds whatever the repository's size:
//
//   - What is staged: the index (git's GIT_INDEX_FILE when set) against
//     HEAD's tree, never the work tree, so partial staging (git add -p)
//     counts exactly what will be committed. The cache-tree extension of
//     the index lets a one-file change read only the HEAD trees along its
//     path (staged_tree.go); objects are read with an O(log n) .idx lookup
//     (staged_objects.go). In-process, a one-file change costs about 2 ms
//     with 5 000 tracked files, 4 ms with 50 000 and 15 ms with 200 000
//     (scripts/bench-staged.sh repositories); the growth is reading the
//     index, 88 bytes an entry, which git diff --cached reads as well.
//   - What is added: a Myers line diff against HEAD's version of the path,
//     then moved lines and copies of committed blobs are taken out
//     (staged_resolve.go).
//   - When nothing is committed (pre-commit run --all-files or --files),
//     WholeFiles scans the named files whole (staged_files.go).

// StagedOptions configure a staged scan.
type StagedOptions struct {
	// Excludes are path globs to skip (see Excluded).
	Excludes []string
	// MaxFileSize skips larger staged blobs before they are read; 0 means
	// DefaultMaxFileSize.
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

// NewStagedSource returns the source of the staged changes of the
// repository that contains dir: the stage-0 index entries whose blob
// differs from HEAD's at the same path and is not a blob that this change
// deletes or modifies elsewhere (a pure rename adds nothing). It reads the
// index (or opts.IndexFile) and the object store, never the work tree.
// Its Resolve keeps only the findings on lines the change adds; see
// [StagedOptions.WholeFiles] for the other mode.
//
// Unmerged entries (a conflict not yet resolved) are skipped with a
// warning: git refuses to commit them, and their resolution is scanned
// once it is staged. During a merge, a line or blob that one of the merged
// commits (MERGE_HEAD) already has at the same path counts as already
// committed, so merging a branch adds only what the resolution itself
// writes.
func NewStagedSource(dir string, opts StagedOptions) Source {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	return &stagedSource{dir: dir, opts: opts}
}

type stagedSource struct {
	dir  string
	opts StagedOptions

	// Set by Chunks, read by Resolve and Warnings (same goroutine).
	wt       workTree
	objs     *gitStore
	idx      *gitIndex
	diff     *indexDiff
	head     plumbing.Hash
	merges   []plumbing.Hash
	byPath   map[string]*change
	warnings []string
}

func (s *stagedSource) Target() string { return s.dir }

// Warnings implements Warner.
func (s *stagedSource) Warnings() []string { return s.warnings }

func (s *stagedSource) Chunks(ctx context.Context, yield func(Chunk) error) error {
	wt, err := findWorkTree(s.dir)
	if s.opts.WholeFiles {
		return s.fileChunks(ctx, wt, err, yield)
	}
	if err != nil {
		return fmt.Errorf("staged: %w", err)
	}
	s.wt = wt
	if err := s.load(); err != nil {
		return fmt.Errorf("staged: %w", err)
	}
	// Blobs this change removes from other paths: a staged blob equal to
	// one of them was renamed or swapped, not written.
	moved := map[plumbing.Hash]bool{}
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
		if moved[c.blob] || !sel(c.path) || Excluded(c.path, s.opts.Excludes) {
			continue
		}
		if err := yield(s.blobChunk(c)); err != nil {
			return err
		}
	}
	for _, p := range s.diff.unmerged {
		if sel(p) && !Excluded(p, s.opts.Excludes) {
			if err := yield(Chunk{Origin: s.origin(p, plumbing.ZeroHash), Skip: "unresolved merge conflict (resolve it and git add the file)"}); err != nil {
				return err
			}
		}
	}
	for _, p := range s.diff.odd {
		if sel(p.path) {
			if err := yield(Chunk{Origin: s.origin(p.path, p.blob), Skip: "sparse-index directory entry that differs from HEAD (run git sparse-checkout disable to scan it)"}); err != nil {
				return err
			}
		}
	}
	return nil
}

// load opens the repository, reads the index and diffs it with HEAD.
func (s *stagedSource) load() error {
	s.objs = openObjects(s.wt)
	indexFile := filepath.Join(s.wt.gitDir, "index")
	if f := s.opts.IndexFile; f != "" {
		indexFile = f
		if !filepath.IsAbs(f) {
			indexFile = filepath.Join(s.wt.top, f)
		}
	}
	idx, err := readIndex(indexFile)
	if errors.Is(err, os.ErrNotExist) && s.opts.IndexFile == "" {
		// A repository where nothing was ever staged has no index.
		idx, err = &gitIndex{}, nil
	}
	if err != nil {
		return err
	}
	s.idx = idx // kept mapped for Resolve; Close releases it
	if s.head, err = headTree(openRefs(s.wt), s.objs); err != nil {
		return err
	}
	if s.merges, err = mergeTrees(s.objs, s.wt.gitDir); err != nil {
		return err
	}
	s.diff = newIndexDiff(s.objs, idx)
	if err := s.diff.run(s.head); err != nil {
		return err
	}
	s.byPath = make(map[string]*change, len(s.diff.changes))
	kept := s.diff.changes[:0]
	for _, c := range s.diff.changes {
		// During a merge, a blob that a merged commit already has at
		// this path comes from that branch unchanged.
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
	for i := range s.diff.changes {
		s.byPath[s.diff.changes[i].path] = &s.diff.changes[i]
	}
	if n := len(s.diff.unmerged); n > 0 {
		s.warnings = append(s.warnings, fmt.Sprintf(
			"%d %s an unresolved merge conflict and %s not scanned (%s): git refuses to commit until they are resolved; resolve, git add, and the resolution is scanned",
			n, stagedPlural(n, "path has", "paths have"), stagedPlural(n, "was", "were"), strings.Join(stagedFirstN(s.diff.unmerged, 5), ", ")))
	}
	return nil
}

// blobChunk reads a staged blob, or records it as skipped.
func (s *stagedSource) blobChunk(c *change) Chunk {
	ch := Chunk{Origin: s.origin(c.path, c.blob)}
	_, size, err := s.objs.size(gitID(c.blob))
	if err != nil {
		ch.Skip = fmt.Sprintf("staged blob unreadable: %v", err)
		return ch
	}
	ch.Size = size
	if size > s.opts.MaxFileSize {
		ch.Skip = fmt.Sprintf("larger than --max-file-size (%d > %d bytes)", size, s.opts.MaxFileSize)
		return ch
	}
	if _, ch.Data, err = s.objs.read(gitID(c.blob)); err != nil { // size checked above
		ch.Skip = fmt.Sprintf("staged blob unreadable: %v", err)
		ch.Data = nil
	} else if ch.Data == nil {
		ch.Data = []byte{} // an empty blob is content, not "no Data"
	}
	return ch
}

func (s *stagedSource) origin(path string, blob plumbing.Hash) Origin {
	o := Origin{Kind: KindStaged, Target: s.dir, Path: path}
	if !blob.IsZero() {
		o.Blob = blob.String()
	}
	return o
}

// selector returns the filter of opts.Paths over repository paths.
func (s *stagedSource) selector() func(string) bool {
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
func (s *stagedSource) repoPath(p string) string {
	abs := p
	if !filepath.IsAbs(p) {
		d, err := filepath.Abs(s.dir)
		if err != nil {
			return filepath.ToSlash(filepath.Clean(p))
		}
		abs = filepath.Join(d, p)
	}
	if s.wt.top != "" {
		if rel, err := filepath.Rel(s.wt.top, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(filepath.Clean(p))
}

func stagedPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func stagedFirstN(ss []string, n int) []string {
	if len(ss) <= n {
		return ss
	}
	return append(append([]string(nil), ss[:n]...), "...")
}

// Close implements io.Closer: the engine calls it when the scan is over.
func (s *stagedSource) Close() error {
	if s.objs != nil {
		s.objs.close()
	}
	if s.idx != nil {
		s.idx.close()
	}
	return nil
}
