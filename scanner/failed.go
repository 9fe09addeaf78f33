package scanner

import (
	"errors"
	"fmt"
)

// ErrNothingReadable is matched (errors.Is) by a source's error when the
// source yielded inputs but could read none of them: every one was skipped
// as unreadable, corrupt or missing. Run records such a source as failed,
// like one that could not be opened (DESIGN section 8: a target that
// yields nothing readable exits 2).
var ErrNothingReadable = errors.New("nothing could be read")

// nothingReadableError is the error of a source that read nothing: n
// unreadable inputs, the first of which is first.
type nothingReadableError struct {
	target string
	n      int
	first  Skip
}

func (e *nothingReadableError) Error() string {
	what := "input was"
	if e.n != 1 {
		what = "inputs were"
	}
	where := e.first.Path
	if where == "" {
		where = e.first.Target
	}
	return fmt.Sprintf("%s: %s: %d %s skipped as unreadable and none was scanned (%s: %s)",
		e.target, ErrNothingReadable, e.n, what, where, e.first.Reason())
}

func (e *nothingReadableError) Is(target error) bool { return target == ErrNothingReadable }

// unreadable reports whether a skip means the input could not be read:
// a read or open failed, or a git object is corrupt or missing. Binary,
// too large, excluded, not a regular file, links, conflicts and sparse
// entries are decisions taken on what was read, and cancellation is not a
// failure of the input.
func (s *Skip) unreadable() bool {
	switch s.Class {
	case SkipUnreadable, SkipUnreadablePath, SkipUnreadableDir, SkipUnreadableBlob,
		SkipUnreadableObject, SkipUnreadablePack, SkipCorrupt, SkipMissing:
		return true
	case SkipDeltaBase:
		return s.Base != nil && s.Base.unreadable()
	}
	return false
}

// IsFailed reports whether the skip is a whole target that could not be
// scanned (Class SkipFailed): it failed to open or yielded nothing
// readable. The command exits 2 when any target failed.
func (s *Skip) IsFailed() bool { return s.Class == SkipFailed }

// IsUnreadable reports whether the skip is an input that could not be read
// (see unreadable): a caller that must fail closed on any unread input,
// such as a pre-receive hook, rejects on it.
func (s *Skip) IsUnreadable() bool { return s.unreadable() }
