package scanner

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// A SkipClass says why an input was not scanned. The classes are those the
// sources and the engine report; [Skip.Reason] makes each one's text.
type SkipClass uint8

const (
	// SkipTooLarge: over the size cap (Size, Limit).
	SkipTooLarge SkipClass = iota + 1
	// SkipBinary: a NUL byte in the first 8000 bytes.
	SkipBinary
	// SkipUndecodable: UTF-16 or UTF-32 whose length does not fit the
	// encoding; Detail is the decoder's reason.
	SkipUndecodable
	// SkipNotRegular: a device, socket or pipe where a file was named.
	SkipNotRegular
	// SkipSymlink: a symbolic link named as a file, not followed.
	SkipSymlink
	// SkipLinkOutside: a symbolic link to a path outside the scanned root.
	SkipLinkOutside
	// SkipLinkBroken: a symbolic link to nothing, or a link loop.
	SkipLinkBroken
	// SkipUnreadable: reading the content failed; Detail is the error.
	SkipUnreadable
	// SkipUnreadablePath: the named path could not be examined; Detail is
	// the error.
	SkipUnreadablePath
	// SkipUnreadableDir: a directory could not be listed; Detail is the
	// error.
	SkipUnreadableDir
	// SkipUnreadableBlob: a staged blob could not be read; Detail is the
	// error.
	SkipUnreadableBlob
	// SkipUnreadableObject: a git object could not be read for another
	// reason than corruption; Detail is the error.
	SkipUnreadableObject
	// SkipUnreadablePack: a pack or its index could not be opened; Detail
	// is the error.
	SkipUnreadablePack
	// SkipCorrupt: a git object that does not parse; Detail is the error,
	// which starts with "corrupt object".
	SkipCorrupt
	// SkipMissing: a git object that is not in the repository; Detail is
	// the error when it says which, empty for a selected blob that a
	// partial or shallow clone does not have.
	SkipMissing
	// SkipDeltaBase: a git object stored as a delta on a base that was
	// skipped; Base says why.
	SkipDeltaBase
	// SkipConflict: an unresolved merge conflict in the index.
	SkipConflict
	// SkipSparse: a sparse-index directory entry that differs from HEAD.
	SkipSparse
	// SkipCancelled: the scan was cancelled before the input was read.
	SkipCancelled
	// SkipFailed: the whole source could not be scanned; Detail is its
	// error.
	SkipFailed
	// SkipTooManyFindings: a file or member with more findings than the
	// per-file cap; Size is how many were not listed, Limit the cap.
	SkipTooManyFindings
	// SkipArchiveDepth: an archive nested deeper than the depth limit
	// (Limit), not expanded.
	SkipArchiveDepth
	// SkipArchiveBomb: an archive that expands past its total budget
	// (Limit bytes) or member count (Detail says which); the members after
	// that point are not scanned.
	SkipArchiveBomb
	// SkipArchiveCorrupt: an archive or member that does not decode;
	// Detail is the error. Members before it were scanned.
	SkipArchiveCorrupt
)

// A Skip is an input that was not scanned, and why. Sources put one in
// Chunk.Skip with the class and its details; the engine sets Target and
// Path. Reports read its text from Reason, never from the fields.
type Skip struct {
	Target string
	Path   string
	Class  SkipClass
	// Size and Limit are the input's size and the cap it exceeds
	// (SkipTooLarge); Size is 0 when the read stopped at the cap before the
	// size was known.
	Size, Limit int64
	// DeltaBase says a SkipTooLarge object was needed as the base of other
	// objects' deltas and is too large to inflate for them.
	DeltaBase bool
	// Detail is the error text or note the class's text includes (see the
	// classes); for SkipTooLarge a note put in parentheses after the sizes.
	Detail string
	// Base is why the delta base of a SkipDeltaBase object was skipped.
	Base *Skip
}

// Reason returns the skip's text, as reports show it: the only place that
// text is made.
func (s *Skip) Reason() string {
	switch s.Class {
	case SkipTooLarge:
		r := fmt.Sprintf("larger than --max-file-size (%d > %d bytes)", s.Size, s.Limit)
		if s.Size == 0 {
			r = fmt.Sprintf("larger than --max-file-size (more than %d bytes)", s.Limit)
		}
		if s.Detail != "" {
			r += " (" + s.Detail + ")"
		}
		if s.DeltaBase {
			r += "; too large to read as a delta base"
		}
		return r
	case SkipBinary:
		return "binary"
	case SkipNotRegular:
		return "not a regular file"
	case SkipSymlink:
		return "symbolic link (not followed)"
	case SkipLinkOutside:
		return "symbolic link to a path outside the scanned root, not followed"
	case SkipLinkBroken:
		return "broken symbolic link or link loop"
	case SkipUnreadablePath:
		return "unreadable: " + s.Detail
	case SkipUnreadableDir:
		return "unreadable directory: " + s.Detail
	case SkipUnreadableBlob:
		return "staged blob unreadable: " + s.Detail
	case SkipUnreadableObject:
		return "unreadable object: " + s.Detail
	case SkipUnreadablePack:
		return "unreadable pack: " + s.Detail
	case SkipMissing:
		if s.Detail == "" {
			return "missing object (not in this clone; cambscan never fetches)"
		}
		return s.Detail
	case SkipDeltaBase:
		if s.Base == nil {
			return "delta base skipped"
		}
		return "delta base skipped: " + s.Base.Reason()
	case SkipConflict:
		return "unresolved merge conflict (resolve it and git add the file)"
	case SkipSparse:
		return "sparse-index directory entry that differs from HEAD (run git sparse-checkout disable to scan it)"
	case SkipCancelled:
		return "scan cancelled"
	case SkipTooManyFindings:
		return fmt.Sprintf("%d more findings not listed (at most %d per file)", s.Size, s.Limit)
	case SkipArchiveDepth:
		return fmt.Sprintf("archive nested deeper than %d levels, not expanded", s.Limit)
	case SkipArchiveBomb:
		return fmt.Sprintf("archive expands past %s (possible zip bomb); the rest is not scanned", s.Detail)
	case SkipArchiveCorrupt:
		return "corrupt archive: " + s.Detail
	}
	// SkipUndecodable, SkipUnreadable, SkipCorrupt, SkipFailed: the
	// decoder's or the error's own text.
	return s.Detail
}

// Label is the short name a summary counts the skip under. Classes whose
// text is an error of the system, of the source or of package rules are
// counted under its first clause (a failed source's names its target).
func (s *Skip) Label() string {
	switch s.Class {
	case SkipTooLarge:
		return "too large"
	case SkipBinary:
		return "binary"
	case SkipNotRegular:
		return "not a regular file"
	case SkipSymlink:
		return "symbolic link"
	case SkipLinkOutside, SkipLinkBroken:
		return s.Reason()
	case SkipUnreadablePath:
		return "unreadable"
	case SkipUnreadableDir:
		return "unreadable directory"
	case SkipUnreadableBlob:
		return "staged blob unreadable"
	case SkipUnreadableObject:
		return "unreadable object"
	case SkipUnreadablePack:
		return "unreadable pack"
	case SkipCorrupt:
		return "corrupt object"
	case SkipMissing:
		return "missing object"
	case SkipDeltaBase:
		return "delta base skipped"
	case SkipConflict:
		return "unresolved merge conflict"
	case SkipSparse:
		return "sparse-index directory entry that differs from HEAD"
	case SkipCancelled:
		return "scan cancelled"
	case SkipTooManyFindings:
		return "too many findings"
	case SkipArchiveDepth:
		return "archive nested too deep"
	case SkipArchiveBomb:
		return "archive bomb"
	case SkipArchiveCorrupt:
		return "corrupt archive"
	}
	// SkipUndecodable, SkipUnreadable, SkipFailed.
	r := s.Reason()
	if i := strings.IndexAny(r, ":("); i > 0 {
		return strings.TrimSpace(r[:i])
	}
	return r
}

// MarshalJSON writes the skip as reports show it: target, path and reason.
func (s Skip) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	// The encoder that calls MarshalJSON escapes HTML or not, as set.
	enc.SetEscapeHTML(false)
	err := enc.Encode(struct {
		Target string `json:"target"`
		Path   string `json:"path"`
		Reason string `json:"reason"`
	}{s.Target, s.Path, s.Reason()})
	return bytes.TrimSuffix(b.Bytes(), []byte{'\n'}), err
}

// ErrNotRegular is wrapped by Chunk.Open errors for a path that is not a
// regular file when it is opened.
var ErrNotRegular = errors.New("not a regular file")

// A TooLargeError is a Chunk.Open error for content over the limit it was
// given; Size is 0 when the read stopped at the limit before the size was
// known. errors.Is(err, ErrTooLarge) holds for it.
type TooLargeError struct{ Size, Limit int64 }

func (e *TooLargeError) Error() string {
	s := Skip{Class: SkipTooLarge, Size: e.Size, Limit: e.Limit}
	return s.Reason()
}

// Is makes errors.Is(err, ErrTooLarge) true.
func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// openSkip is the skip of a chunk whose Open failed.
func openSkip(err error) *Skip {
	var tl *TooLargeError
	switch {
	case errors.As(err, &tl):
		return &Skip{Class: SkipTooLarge, Size: tl.Size, Limit: tl.Limit}
	case errors.Is(err, ErrNotRegular):
		return &Skip{Class: SkipNotRegular}
	}
	return &Skip{Class: SkipUnreadable, Detail: err.Error()}
}

// textSkip is the skip of content that rules.Text refused.
func textSkip(reason string) *Skip {
	if reason == "binary" {
		return &Skip{Class: SkipBinary}
	}
	return &Skip{Class: SkipUndecodable, Detail: reason}
}
