// Package push is the source of a pre-receive scan: the blobs that a push
// adds to a repository, read through git's quarantine, and the pushed
// commits and paths that bring each key (see [NewSource]).
//
// # What is new
//
// git's receive-pack keeps the objects of a push in a quarantine directory
// (GIT_OBJECT_DIRECTORY, also in GIT_QUARANTINE_PATH) until the
// pre-receive hook accepts it; the repository's own objects are its
// alternates (GIT_ALTERNATE_OBJECT_DIRECTORIES). A commit is new when the
// repository's own store does not hold it. From each pushed tip (tags
// peeled) the walk follows parents until it reaches commits the
// repository already has, so its cost follows the push, not the
// repository. Without a quarantine (git before 2.11, or the command run
// by hand) a commit is new when no existing ref reaches it; a ref the
// input updates counts at its old value.
//
// # What is scanned
//
// The blobs that the new commits introduce: a blob at a path where none of
// the commit's parents has it (the same rule as `cambscan git --range`),
// whether the blob itself arrived with the push or was already stored (a
// rewritten or cherry-picked commit that still adds a key adds it again).
// A merge introduces only what differs from every side, so merging a
// branch the server already has adds nothing. Also every incoming blob
// that no new commit introduces (an object sent but not referenced):
// objects under the quarantine that the repository's own store lacks,
// which excludes the bases index-pack copies in to complete a thin pack.
//
// # Provenance
//
// Resolve walks the new commits again and gives one finding per commit
// and path that introduces a key, with the commit's author and the first
// pushed ref (in input order) that reaches it ([Source.Ref]).
//
// # Failing closed
//
// An incoming commit or tree that cannot be read, an unreadable pack in
// the quarantine, or a parent that is neither incoming nor stored is an
// error: the push cannot be checked, and the caller rejects it. Blobs that
// cannot be read are yielded as skips that the caller treats the same way.
// Nothing is written and nothing is fetched.
package push
