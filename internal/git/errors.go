package git

import (
	"errors"
	"fmt"
)

var (
	// ErrCorrupt is wrapped by errors for objects or files that do not
	// parse.
	ErrCorrupt = errors.New("corrupt object")
	// ErrMissing is wrapped by errors for objects that are not on disk
	// (a shallow boundary, a partial clone, a damaged repository).
	ErrMissing = errors.New("missing object")
	// ErrTooLarge is matched (errors.Is) by every [*TooLargeError].
	ErrTooLarge = errors.New("object too large")
	// ErrNotARepository is wrapped by [Find] for a path that is not in a
	// git repository.
	ErrNotARepository = errors.New("not a git repository")
	// ErrNotAWorkTree is returned by [Find] with FindOptions.WorkTree
	// outside a git work tree.
	ErrNotAWorkTree = errors.New("not inside a git work tree (no .git found here or in any parent directory)")
	// ErrBadIndex is wrapped by the errors of a malformed index file.
	ErrBadIndex = errors.New("malformed index")
)

// A TooLargeError is an object that was not read because it is larger than
// a limit. errors.Is(err, ErrTooLarge) holds for it.
type TooLargeError struct {
	Size  int64 // the object's size in bytes
	Limit int64 // the limit it exceeds
	// DeltaBase says the object is needed as the base of other objects'
	// deltas and is over the walk's hard limit for bases (WalkOptions.Hard),
	// so neither it nor the deltas under it were read. Limit is then the
	// walk's MaxSize. Whole says its size came from a whole object's
	// header rather than from a delta.
	DeltaBase, Whole bool
}

func (e *TooLargeError) Error() string {
	if e.DeltaBase {
		return fmt.Sprintf("%d bytes, over the %d byte limit; too large to read as a delta base", e.Size, e.Limit)
	}
	return fmt.Sprintf("%d bytes, over the %d byte limit", e.Size, e.Limit)
}

// Is makes errors.Is(err, ErrTooLarge) true.
func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// A BaseSkippedError is the error of an object that a walk did not read
// because the delta base it is built on could not be read: Err is that
// base's error.
type BaseSkippedError struct{ Err error }

func (e *BaseSkippedError) Error() string { return "delta base skipped: " + e.Err.Error() }

func (e *BaseSkippedError) Unwrap() error { return e.Err }

// A PackError is a pack (or its index) that could not be opened: its
// objects are missing for the store.
type PackError struct {
	Name string // the .pack file
	Err  error
}

func (e *PackError) Error() string { return e.Name + ": " + e.Err.Error() }

func (e *PackError) Unwrap() error { return e.Err }

// A DirError is an objects directory (the repository's, or an alternate
// it borrows from) that could not be used: its objects are missing for the
// store. Err wraps ErrMissing when the directory does not exist.
type DirError struct {
	Dir string
	Err error
}

func (e *DirError) Error() string { return "objects directory " + e.Dir + ": " + e.Err.Error() }

func (e *DirError) Unwrap() error { return e.Err }
