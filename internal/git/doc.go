// Package git reads git repositories from disk: object ids and the commit,
// tag and tree formats (id.go, object.go), the repository layout and refs
// (find.go, refs.go), pack indexes, packs, deltas and loose objects (idx.go,
// pack.go, delta.go, loose.go), the index file (index.go), one object store
// over all of them (store.go) and a storage-order walk of a pack's delta
// trees (forest.go, walk.go, queue.go).
//
// It is a library of git's formats and knows nothing of keys, findings or
// command-line flags: a problem with one object is returned as a typed
// error ([ErrCorrupt], [ErrMissing], [*TooLargeError]) that callers test
// with errors.Is and errors.As and turn into whatever they report.
//
// Everything here reads; nothing writes to a repository or fetches
// objects. Packs and index files are mapped read-only where the system
// can (mmap_unix.go) and read whole elsewhere (mmap_other.go). Every
// parser of repository bytes treats them as hostile: sizes are checked
// against what the input can hold before anything is allocated for them.
package git
