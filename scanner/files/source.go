// Package files is the source of a file-tree scan: the files under a
// directory (or one file, or standard input), with git's ignore rules
// applied inside a work tree, read on the engine's worker goroutines with a
// raw open/fstat/read/close on Unix (read_unix.go) and os.File elsewhere.
// A file's first rules.SniffLen bytes are read first, and the rest only
// when they are text (read.go).
package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/cambscan/cambscan/scanner"
)

// Options configure a file-tree scan.
type Options struct {
	// Excludes are path globs to skip (see scanner.Excluded).
	Excludes []string
	// ExcludeSet, when not nil, is used instead of Excludes: the same
	// globs compiled, counting what each matched (for a warning about a
	// glob that matched nothing).
	ExcludeSet *scanner.Excludes
	// NoIgnore scans files that .gitignore ignores, inside a work tree.
	NoIgnore bool
	// Stdin is read for the root "-", reported as the path StdinPath; when
	// nil, "-" is a path like any other.
	Stdin io.Reader
}

// StdinPath is the path findings in standard input (the root "-") report.
const StdinPath = "<stdin>"

// NewSource returns the source of the files under root (a directory or
// one file, or standard input for "-" when opts.Stdin is set). Inside a git
// work tree it yields the tracked files and the untracked ones that
// .gitignore, .git/info/exclude and core.excludesFile do not ignore. It
// never descends into a git directory (see isGitDir), never follows a
// symbolic link (a link to a file inside root is scanned at its target; one
// that leaves root is skipped with a reason), and checks sizes before
// reading. A root that is a pipe or a character device (/dev/stdin, a FIFO,
// the /dev/fd/N of a shell's <(cmd)) is read as a stream up to the size
// cap; in the walk such files are passed over, and a file swapped for one
// after the walk saw it is skipped as not a regular file without blocking.
func NewSource(root string, opts Options) scanner.Source {
	return &source{root: root, opts: opts}
}

type source struct {
	root string
	opts Options

	absRoot string
	ignore  *ignorer // nil outside a work tree or with NoIgnore
	warning string   // why the work tree's ignore rules were not applied
}

// Warnings implements scanner.Warner.
func (s *source) Warnings() []string {
	if s.warning == "" {
		return nil
	}
	return []string{s.warning}
}

func (s *source) Target() string { return s.root }

func (s *source) excluded(rel string) bool {
	if s.opts.ExcludeSet != nil {
		return s.opts.ExcludeSet.Match(rel)
	}
	return scanner.Excluded(rel, s.opts.Excludes)
}

func (s *source) Chunks(ctx context.Context, yield func(scanner.Chunk) error) error {
	if s.root == "-" && s.opts.Stdin != nil {
		r := s.opts.Stdin
		return yield(scanner.Chunk{Origin: s.origin(StdinPath), Open: func(buf []byte, limit int64) ([]byte, error) {
			return readStream(r, buf, limit)
		}})
	}
	st, err := os.Stat(s.root)
	if err != nil {
		return fmt.Errorf("scan %s: %w", s.root, pathErr(err))
	}
	if s.absRoot, err = filepath.Abs(s.root); err != nil {
		return fmt.Errorf("scan %s: %w", s.root, err)
	}
	if real, err := filepath.EvalSymlinks(s.absRoot); err == nil {
		s.absRoot = real
	}
	if !st.IsDir() {
		display := filepath.ToSlash(filepath.Clean(s.root))
		switch {
		case st.Mode().IsRegular():
			return yield(s.fileChunk(display, s.absRoot, st.Size()))
		case st.Mode()&(fs.ModeNamedPipe|fs.ModeCharDevice) != 0:
			// Named on the command line: read as a stream, the way the
			// user meant it, opened as named (/dev/stdin, /dev/fd/63).
			name := s.root
			return yield(scanner.Chunk{Origin: s.origin(display), Open: func(buf []byte, limit int64) ([]byte, error) {
				return readNamedStream(name, buf, limit)
			}})
		}
		return yield(scanner.Chunk{Origin: s.origin(s.root), Skip: &scanner.Skip{Class: scanner.SkipNotRegular}})
	}
	if !s.opts.NoIgnore {
		s.ignore, s.warning = newIgnorer(s.absRoot)
	}
	return s.walk(ctx, s.absRoot, "", s.ignore.patternsFor(""), yield)
}

func (s *source) origin(display string) scanner.Origin {
	return scanner.Origin{Kind: scanner.KindFile, Target: s.root, Path: display}
}

// display returns the path reports show for rel (slash-separated, relative
// to the root): the root as the user wrote it, joined with rel.
func (s *source) display(rel string) string {
	if s.root == "." || s.root == "" {
		return rel
	}
	return filepath.ToSlash(filepath.Join(s.root, filepath.FromSlash(rel)))
}

func (s *source) fileChunk(display, abs string, size int64) scanner.Chunk {
	return scanner.Chunk{Origin: s.origin(display), Size: size, OpenSized: func(buf []byte, limit int64, reserve func(int64) error) ([]byte, error) {
		return readFile(abs, buf, limit, reserve)
	}}
}

// walk yields the files of dir (absolute; rel is its slash path under the
// root), depth first in name order.
func (s *source) walk(ctx context.Context, dir, rel string, ps []gitignore.Pattern, yield func(scanner.Chunk) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return yield(scanner.Chunk{Origin: s.origin(s.display(rel)), Skip: &scanner.Skip{Class: scanner.SkipUnreadableDir, Detail: pathErr(err).Error()}})
	}
	if s.ignore != nil {
		ps = s.ignore.addDir(ps, dir, rel)
	}
	for _, e := range entries {
		name := e.Name()
		childRel := name
		if rel != "" {
			childRel = rel + "/" + name
		}
		typ := e.Type()
		isDir := typ.IsDir()
		if name == ".git" && (!isDir || isGitDir(filepath.Join(dir, name))) {
			// A .git file (a worktree's or a submodule's pointer) or a
			// repository's git directory; a plain directory that happens
			// to be named .git is scanned.
			continue
		}
		if s.excluded(childRel) {
			continue
		}
		if s.ignore != nil && s.ignore.ignored(ps, childRel, isDir) {
			continue
		}
		abs := filepath.Join(dir, name)
		switch {
		case isDir:
			if err := s.walk(ctx, abs, childRel, ps, yield); err != nil {
				return err
			}
		case typ&fs.ModeSymlink != 0:
			if skip := s.symlinkSkip(abs); skip != nil {
				if err := yield(scanner.Chunk{Origin: s.origin(s.display(childRel)), Skip: skip}); err != nil {
					return err
				}
			}
		case typ.IsRegular():
			// Size comes from Open's fstat: an lstat here would cost a
			// syscall per file on the single producer goroutine.
			if err := yield(s.fileChunk(s.display(childRel), abs, 0)); err != nil {
				return err
			}
		}
		// Devices, sockets and pipes are not text: passed over silently.
	}
	return nil
}

// isGitDir reports whether dir, a directory named .git, is a repository's
// git directory rather than a plain directory of that name: it holds HEAD
// and an objects or refs directory, or a commondir file (a linked
// worktree's). git's own test (is_git_directory) also wants HEAD to be a
// valid ref; a damaged repository is still not ours to scan.
func isGitDir(dir string) bool {
	if _, err := os.Lstat(filepath.Join(dir, "HEAD")); err != nil {
		return false
	}
	for _, sub := range []string{"objects", "refs"} {
		if st, err := os.Stat(filepath.Join(dir, sub)); err == nil && st.IsDir() {
			return true
		}
	}
	_, err := os.Lstat(filepath.Join(dir, "commondir"))
	return err == nil
}

// readNamedStream opens a pipe or character device named on the command
// line and reads it as a stream (see readStream). The open waits for a
// FIFO's writer, as cat would.
func readNamedStream(name string, buf []byte, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, pathErr(err)
	}
	defer f.Close()
	data, err := readStream(f, buf, limit)
	if err != nil {
		return nil, pathErr(err)
	}
	return data, nil
}

// symlinkSkip returns why the link at abs is not scanned, or nil when its
// target is a file inside the root, which the walk scans under its own
// name.
func (s *source) symlinkSkip(abs string) *scanner.Skip {
	target, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return &scanner.Skip{Class: scanner.SkipLinkBroken}
	}
	if target != s.absRoot && !strings.HasPrefix(target, s.absRoot+string(filepath.Separator)) {
		return &scanner.Skip{Class: scanner.SkipLinkOutside}
	}
	return nil
}

// pathErr drops the path from an *fs.PathError: the caller names the path.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
