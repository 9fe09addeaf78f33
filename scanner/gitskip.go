package scanner

import (
	"errors"
	"fmt"

	"github.com/cambscan/cambscan/internal/git"
)

// ObjectSkip is the skip of a git object that a walk or a read could not
// yield, from the typed errors of internal/git: the one place where those
// errors become skip classes, for every source that reads a repository.
func ObjectSkip(err error) *Skip {
	var under *git.BaseSkippedError
	if errors.As(err, &under) {
		return &Skip{Class: SkipDeltaBase, Base: ObjectSkip(under.Err)}
	}
	var tl *git.TooLargeError
	if errors.As(err, &tl) {
		s := &Skip{Class: SkipTooLarge, Size: tl.Size, Limit: tl.Limit, DeltaBase: tl.DeltaBase}
		if tl.DeltaBase && tl.Whole {
			s.Detail = fmt.Sprintf("%d bytes", tl.Size)
		}
		return s
	}
	switch {
	case errors.Is(err, git.ErrCorrupt):
		return &Skip{Class: SkipCorrupt, Detail: err.Error()}
	case errors.Is(err, git.ErrMissing):
		return &Skip{Class: SkipMissing, Detail: err.Error()}
	}
	return &Skip{Class: SkipUnreadableObject, Detail: err.Error()}
}
