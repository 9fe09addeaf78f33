package scanner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// FileOptions configure a file-tree scan.
type FileOptions struct {
	// Excludes are path globs to skip (see Excluded).
	Excludes []string
	// NoIgnore scans files that .gitignore ignores, inside a work tree.
	NoIgnore bool
}

// NewFileSource returns the source of the files under root (a directory or
// one file). Inside a git work tree it yields the tracked files and the
// untracked ones that .gitignore, .git/info/exclude and core.excludesFile
// do not ignore. It never descends into .git, never follows a symbolic
// link (a link to a file inside root is scanned at its target; one that
// leaves root is skipped with a reason), and checks sizes before reading.
func NewFileSource(root string, opts FileOptions) Source {
	return &fileSource{root: root, opts: opts}
}

type fileSource struct {
	root string
	opts FileOptions

	absRoot string
	ignore  *ignorer // nil outside a work tree or with NoIgnore
}

func (s *fileSource) Target() string { return s.root }

// ErrTooLarge is wrapped by Chunk.Open errors for inputs over the size cap.
var ErrTooLarge = errors.New("larger than --max-file-size")

func (s *fileSource) Chunks(ctx context.Context, yield func(Chunk) error) error {
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
		if st.Mode().IsRegular() {
			return yield(s.fileChunk(filepath.ToSlash(filepath.Clean(s.root)), s.absRoot, st.Size()))
		}
		return yield(Chunk{Origin: s.origin(s.root), Skip: "not a regular file"})
	}
	if !s.opts.NoIgnore {
		s.ignore = newIgnorer(s.absRoot)
	}
	return s.walk(ctx, s.absRoot, "", s.ignore.patternsFor(""), yield)
}

func (s *fileSource) origin(display string) Origin {
	return Origin{Kind: KindFile, Target: s.root, Path: display}
}

// display returns the path reports show for rel (slash-separated, relative
// to the root): the root as the user wrote it, joined with rel.
func (s *fileSource) display(rel string) string {
	if s.root == "." || s.root == "" {
		return rel
	}
	return filepath.ToSlash(filepath.Join(s.root, filepath.FromSlash(rel)))
}

func (s *fileSource) fileChunk(display, abs string, size int64) Chunk {
	return Chunk{Origin: s.origin(display), Size: size, Open: func(buf []byte, limit int64) ([]byte, error) { return readFile(abs, buf, limit) }}
}

// walk yields the files of dir (absolute; rel is its slash path under the
// root), depth first in name order.
func (s *fileSource) walk(ctx context.Context, dir, rel string, ps []gitignore.Pattern, yield func(Chunk) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return yield(Chunk{Origin: s.origin(s.display(rel)), Skip: "unreadable directory: " + pathErr(err).Error()})
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
		if name == ".git" {
			continue
		}
		isDir := typ.IsDir()
		if Excluded(childRel, s.opts.Excludes) {
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
			if reason := s.symlinkSkip(abs); reason != "" {
				if err := yield(Chunk{Origin: s.origin(s.display(childRel)), Skip: reason}); err != nil {
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

// symlinkSkip returns why the link at abs is not scanned, or "" when its
// target is a file inside the root, which the walk scans under its own
// name.
func (s *fileSource) symlinkSkip(abs string) string {
	target, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "broken symbolic link or link loop"
	}
	if target != s.absRoot && !strings.HasPrefix(target, s.absRoot+string(filepath.Separator)) {
		return "symbolic link to a path outside the scanned root, not followed"
	}
	return ""
}

// readFileOS reads a regular file of at most limit bytes, into buf when
// it is large enough. It reads the size the open file's fstat reports, so a
// file that grows while read is cut there, never read past limit.
func readFileOS(name string, buf []byte, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, pathErr(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, pathErr(err)
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%w (%d > %d bytes)", ErrTooLarge, st.Size(), limit)
	}
	buf = grow(buf, int(st.Size()))
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, pathErr(err)
	}
	return buf[:n], nil
}

// grow returns buf resized to n bytes, reallocated when too small.
func grow(buf []byte, n int) []byte {
	if cap(buf) < n {
		return make([]byte, n)
	}
	return buf[:n]
}

// pathErr drops the path from an *fs.PathError: the caller names the path.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// CheckGlob reports whether g is a valid --exclude pattern.
func CheckGlob(g string) error {
	_, err := path.Match(strings.TrimSuffix(g, "/**"), "")
	return err
}

// Excluded reports whether the slash path p matches one of globs. A glob
// matches when path.Match accepts it against any run of whole components
// of p ("*.min.js" matches "web/app.min.js", "vendor" matches
// "vendor/x.go" and "a/vendor/x.go", "docs/*.md" matches "docs/a.md");
// "dir/**" matches everything under a run ending in dir.
func Excluded(p string, globs []string) bool {
	if len(globs) == 0 {
		return false
	}
	parts := strings.Split(p, "/")
	for _, g := range globs {
		g = strings.TrimSuffix(g, "/**")
		n := strings.Count(g, "/") + 1
		for i := 0; i+n <= len(parts); i++ {
			if ok, _ := path.Match(g, strings.Join(parts[i:i+n], "/")); ok {
				return true
			}
		}
	}
	return false
}
