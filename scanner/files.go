package scanner

import (
	"context"
	"path"
)

// FileOptions configure a file-tree scan.
type FileOptions struct {
	Excludes []string
	NoIgnore bool
}

// NewFileSource returns the source of the files under root.
func NewFileSource(root string, opts FileOptions) Source {
	return &fileSource{root: root, opts: opts}
}

type fileSource struct {
	root string
	opts FileOptions
}

func (s *fileSource) Target() string { return s.root }

func (s *fileSource) Chunks(ctx context.Context, yield func(Chunk) error) error {
	return nil
}

// CheckGlob reports whether g is a valid --exclude pattern.
func CheckGlob(g string) error {
	_, err := path.Match(g, "")
	return err
}
