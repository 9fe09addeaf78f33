// Package staged is the source of a pre-commit scan: it answers "which
// keys would this commit add?" in a few milliseconds whatever the
// repository's size.
//
//   - What is staged: the index (git's GIT_INDEX_FILE when set) against
//     HEAD's tree, never the work tree, so partial staging (git add -p)
//     counts exactly what will be committed. The cache-tree extension of
//     the index lets a one-file change read only the HEAD trees along its
//     path (indexdiff.go); objects are read with an O(log n) .idx lookup
//     (internal/git's Store). In-process, a one-file change costs about
//     2 ms with 5 000 tracked files, 4 ms with 50 000 and 15 ms with
//     200 000 (scripts/bench-staged.sh repositories); the growth is reading
//     the index, 88 bytes an entry, which git diff --cached reads as well.
//   - What is added: a Myers line diff against HEAD's version of the path
//     (linediff.go), then moved lines and copies of committed blobs are
//     taken out (resolve.go).
//   - When nothing is committed (pre-commit run --all-files or --files),
//     Options.WholeFiles scans the named files whole (files.go).
package staged
