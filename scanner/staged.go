package scanner

import (
	"context"
	"errors"
)

// STUB: the pre-commit work replaces this file.

// StagedOptions configure a staged scan.
type StagedOptions struct {
	Excludes []string
}

// NewStagedSource returns the source of the staged changes of the
// repository that contains dir.
func NewStagedSource(dir string, opts StagedOptions) Source {
	return &stagedSource{dir: dir}
}

type stagedSource struct{ dir string }

func (s *stagedSource) Target() string { return s.dir }

func (s *stagedSource) Chunks(ctx context.Context, yield func(Chunk) error) error {
	return errors.New("staged scanning is not implemented yet")
}
