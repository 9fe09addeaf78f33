package git

// Limits is the one policy on what this package inflates: no object, whole
// or built from a delta, is decompressed past the cap of its type, and a
// delta is not applied when its base or its declared result is over that
// cap. A [Store] applies its Limits (see [Store.SetLimits]) to every read
// and to every walk, whatever a caller's WalkOptions say; [ReadLoose]
// applies the default caps to trees, commits and tags.
//
// Trees, commits and tags have caps of their own that do not follow the
// blob cap (--max-file-size): they must be read whole for a history scan
// to find paths and provenance, and git's largest real ones are small. A
// tree entry is 28 bytes plus its name, so 8 MiB holds some 200 000
// entries of 16-byte names, far over the largest directories of big
// monorepos (thousands of entries, well under 1 MiB); real commits and
// annotated tags are a few KiB, the largest generated messages (a
// shortlog of a big merge, a signature block) a few hundred KiB. A tree,
// commit or tag over its cap is reported as too large, never inflated: a
// 1 MB pack can declare a 1 GiB tree (deflate expands up to 1032 to 1).
//
// A zero field means the default.
type Limits struct {
	// Blob is the largest blob inflated, whole or as a delta base; callers
	// set it from --max-file-size. A delta tree whose base is over it is
	// skipped whole: it could only be built by inflating that base.
	Blob int64
	// Tree, Commit and Tag are the caps of those types.
	Tree, Commit, Tag int64
	// DeltaDepth is the longest delta chain followed, counting chains
	// that continue in another pack or loose object; a longer one is
	// reported as corrupt (git's own packs stop at 4095, pack.depth's
	// maximum, and write 50 by default). It is also what stops a chain of
	// ref-deltas that name each other.
	DeltaDepth int
}

// The default limits.
const (
	DefaultBlobLimit   = 64 << 20
	DefaultTreeLimit   = 8 << 20
	DefaultCommitLimit = 4 << 20
	DefaultTagLimit    = 4 << 20
	DefaultDeltaDepth  = 10000
)

// DefaultLimits returns the limits with every field at its default.
func DefaultLimits() Limits { return Limits{}.withDefaults() }

// withDefaults fills the zero (or negative) fields of l.
func (l Limits) withDefaults() Limits {
	if l.Blob <= 0 {
		l.Blob = DefaultBlobLimit
	}
	if l.Tree <= 0 {
		l.Tree = DefaultTreeLimit
	}
	if l.Commit <= 0 {
		l.Commit = DefaultCommitLimit
	}
	if l.Tag <= 0 {
		l.Tag = DefaultTagLimit
	}
	if l.DeltaDepth <= 0 {
		l.DeltaDepth = DefaultDeltaDepth
	}
	return l
}

// Max returns the cap for objects of type typ; for a type not known yet
// (0, a delta whose chain was not followed) the largest of the caps.
func (l Limits) Max(typ uint8) int64 {
	l = l.withDefaults()
	switch typ {
	case ObjBlob:
		return l.Blob
	case ObjTree:
		return l.Tree
	case ObjCommit:
		return l.Commit
	case ObjTag:
		return l.Tag
	}
	return max(l.Blob, l.Tree, l.Commit, l.Tag)
}

// capped returns l for a read or walk asked for objects of at most limit
// bytes (limit <= 0: no such request): the blob cap is limit, which comes
// from --max-file-size, and the other caps are at most limit.
func (l Limits) capped(limit int64) Limits {
	l = l.withDefaults()
	if limit > 0 {
		l.Blob, l.Tree, l.Commit, l.Tag = limit, min(l.Tree, limit), min(l.Commit, limit), min(l.Tag, limit)
	}
	return l
}
