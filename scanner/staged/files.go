package staged

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
)

// fileChunks yields the whole content of opts.Paths from the work tree:
// the WholeFiles mode, used when pre-commit runs with --all-files or
// --files and nothing is being committed. Paths are reported relative to
// the top of the work tree (repo, when it was found: wtErr nil).
// Each file is read on a worker goroutine; directories and symbolic links
// are skipped with a reason (pre-commit passes regular files only).
func (s *source) fileChunks(ctx context.Context, repo *git.Repo, wtErr error, yield func(scanner.Chunk) error) error {
	if len(s.opts.Paths) == 0 {
		return nil
	}
	if wtErr == nil {
		s.repo = repo
	}
	base, err := filepath.Abs(s.dir)
	if err != nil {
		return fmt.Errorf("staged: %w", err)
	}
	seen := map[string]bool{}
	for _, p := range s.opts.Paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		rel := s.repoPath(p)
		if seen[rel] || scanner.Excluded(rel, s.opts.Excludes) {
			continue
		}
		seen[rel] = true
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(base, p)
		}
		c := scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindFile, Target: s.dir, Path: rel}}
		st, err := os.Lstat(abs)
		switch {
		case err != nil:
			c.Skip = &scanner.Skip{Class: scanner.SkipUnreadablePath, Detail: unwrapPath(err).Error()}
		case st.Mode()&os.ModeSymlink != 0:
			c.Skip = &scanner.Skip{Class: scanner.SkipSymlink}
		case !st.Mode().IsRegular():
			c.Skip = &scanner.Skip{Class: scanner.SkipNotRegular}
		default:
			c.Size = st.Size()
			c.Open = func(buf []byte, limit int64) ([]byte, error) { return readWhole(abs, buf, limit) }
		}
		if err := yield(c); err != nil {
			return err
		}
	}
	return nil
}

// unwrapPath drops the path from an *os.PathError: the report already
// shows it.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// readWhole reads the file name into buf, failing with a
// [*scanner.TooLargeError] when it holds more than limit bytes (it may have
// grown since it was listed).
func readWhole(name string, buf []byte, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer f.Close()
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, &scanner.TooLargeError{Limit: limit}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, unwrapPath(err)
		}
	}
}
